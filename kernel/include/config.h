/* Kernel settings that are policy, not board facts. */
#ifndef CONFIG_H
#define CONFIG_H

#ifndef TICK_HZ
#define TICK_HZ 100 /* scheduler tick frequency (test images use 1000) */
#endif
#define TICK_REPORT_SECONDS 3 /* print the tick count once a second, this many times */
#ifndef KERNEL_QUIET
#define KERNEL_QUIET 0 /* 1 (make QUIET=1): no tick reports */
#endif
/* Typed bytes the kernel holds while the console's receiver has no room (more are dropped). */
#define CONSOLE_IN_RING_BYTES 256
#define KERNEL_STACK_SIZE     16384
#define KERNEL_MAX_CORES      1	 /* struct cores (core.h); only the boot core runs today */
#define CACHE_LINE_SIZE	      32 /* smallest data cache line of the supported cores */

#endif
