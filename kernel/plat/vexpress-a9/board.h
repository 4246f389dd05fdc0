/*
 * Board facts for the Arm Versatile Express A9 (QEMU -M vexpress-a9).
 * Everything the kernel needs to know about this board lives here.
 */
#ifndef PLAT_BOARD_H
#define PLAT_BOARD_H

#include <bits.h>

#define BOARD_NAME "vexpress-a9"

/*
 * RAM base, size and the load address are in board.mk, which the linker and
 * QEMU need too; the build passes them as BOARD_RAM_BASE, BOARD_RAM_MB and
 * BOARD_LOAD_ADDR.
 */

/*
 * Device memory the kernel maps into its device window, one 1 MiB section
 * each, in slot order; every device below names its slot, and the checks at
 * the end of this file make sure its registers lie in that slot's section.
 */
#define BOARD_SLOT_MOTHERBOARD	    0
#define BOARD_SLOT_MOTHERBOARD_PHYS U32(0x10000000) /* system registers, UARTs */
#define BOARD_SLOT_MPCORE	    1
#define BOARD_SLOT_MPCORE_PHYS	    U32(0x1e000000) /* SCU, GIC, private timers */
#define BOARD_DEVICE_SECTIONS                                       \
	{                                                           \
		BOARD_SLOT_MOTHERBOARD_PHYS, BOARD_SLOT_MPCORE_PHYS \
	}

/* Console: PL011 UART0. */
#define BOARD_UART_PHYS	       U32(0x10009000)
#define BOARD_UART_WINDOW_SLOT BOARD_SLOT_MOTHERBOARD
#define BOARD_UART_IRQ	       37u /* SPI 5: typed input */

/* Versatile Express system register block: a 24 MHz free-running counter. */
#define BOARD_SYS_24MHZ_PHYS	    U32(0x1000005c)
#define BOARD_SYS_24MHZ_WINDOW_SLOT BOARD_SLOT_MOTHERBOARD
#define BOARD_SYS_24MHZ_HZ	    U32(24000000)

/* Cortex-A9 MPCore private memory region (PERIPHBASE): the GIC and the private timer. */
#define BOARD_PERIPHBASE_PHYS	 U32(0x1e000000)
#define BOARD_GIC_WINDOW_SLOT	 BOARD_SLOT_MPCORE
#define BOARD_GICC_PHYS		 (BOARD_PERIPHBASE_PHYS + U32(0x100))
#define BOARD_GICD_PHYS		 (BOARD_PERIPHBASE_PHYS + U32(0x1000))
#define BOARD_PTIMER_PHYS	 (BOARD_PERIPHBASE_PHYS + U32(0x600))
#define BOARD_PTIMER_WINDOW_SLOT BOARD_SLOT_MPCORE

/* The tick: the A9 private timer (a per-core interrupt, PPI 13); it counts PERIPHCLK,
 * which QEMU clocks at 100 MHz. */
#define BOARD_TIMER_IRQ	       29u
#define BOARD_PRIVATE_TIMER_HZ U32(100000000)

/*
 * Devices init gets as DevFrame capabilities (in PACN, listed in bootinfo):
 * never one the kernel uses itself (UART0, the system registers, the GIC,
 * the SCU, the timers).  { physical address, bytes, name }.
 */
/* clang-format off */
#define BOARD_INIT_DEVICES                                 \
	{                                                  \
		{ U32(0x1000a000), U32(0x1000), "uart1" }, \
		{ U32(0x1000b000), U32(0x1000), "uart2" }, \
		{ U32(0x1000c000), U32(0x1000), "uart3" }, \
		{ U32(0x10017000), U32(0x1000), "rtc" },   \
	}
/* clang-format on */

#ifndef __ASSEMBLER__
#include <drivers/pl011.h>
#include <devwindow.h>

_Static_assert(DEVICE_IN_SECTION(BOARD_UART_PHYS, BOARD_SLOT_MOTHERBOARD_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_SYS_24MHZ_PHYS, BOARD_SLOT_MOTHERBOARD_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GICC_PHYS, BOARD_SLOT_MPCORE_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GICD_PHYS, BOARD_SLOT_MPCORE_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_PTIMER_PHYS, BOARD_SLOT_MPCORE_PHYS),
	       "every device lies in the window slot it names");

/* Write one character with the MMU off: only the boot stub uses this. */
#define board_boot_putc(c) pl011_boot_putc(BOARD_UART_PHYS, (c))
#endif

#endif
