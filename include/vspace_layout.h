/*
 * Where the kernel puts things in init's VSpace (docs/memory.md).  Programs
 * are linked at USER_IMAGE_BASE; page 0 and the first 4 MiB stay unmapped.
 */
#ifndef VSPACE_LAYOUT_H
#define VSPACE_LAYOUT_H

#include <bits.h>

#define USER_IMAGE_BASE	      U32(0x00400000)
#define INIT_STACK_TOP	      U32(0x7fd00000) /* a guard page lies below the stack */
#define INIT_STACK_SIZE	      U32(0x10000)    /* 64 KiB */
#define INIT_DISPFRAME_VADDR  U32(0x7fe00000)
#define INIT_BOOTINFO_VADDR   U32(0x7fe01000) /* read-only */
#define INIT_ARGS_VADDR	      U32(0x7fe02000)
#define INIT_FIRST_FREE_VADDR U32(0x10000000) /* init's paging may use from here */

/*
 * A spawned child's VSpace: its spawner and then its own paging library
 * manage [CHILD_VSPACE_START, CHILD_VSPACE_END); the program image lies in
 * it, at USER_IMAGE_BASE.
 */
#define CHILD_VSPACE_START U32(0x00100000)
#define CHILD_VSPACE_END   U32(0x7ff00000)
/*
 * A child's stack, with a guard page below it: the size its ELF file asks
 * for (PT_GNU_STACK, `ld -z stack-size=N`: docs/programs.md), rounded up to
 * pages, or the default; more than the maximum is refused.
 */
#define CHILD_STACK_DEFAULT U32(0x4000)	  /* 16 KiB */
#define CHILD_STACK_MAX	    U32(0x100000) /* 1 MiB */

#endif
