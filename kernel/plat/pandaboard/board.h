/*
 * Board facts for the PandaBoard ES (TI OMAP4460).  Everything the kernel
 * needs to know about this board lives here.  docs/pandaboard.md.
 */
#ifndef PLAT_BOARD_H
#define PLAT_BOARD_H

#include <bits.h>

#define BOARD_NAME "pandaboard"

/*
 * RAM base, size and the load address are in board.mk, which the linker
 * needs too; the build passes them as BOARD_RAM_BASE, BOARD_RAM_MB and
 * BOARD_LOAD_ADDR.
 */

/*
 * Device memory the kernel maps into its device window, one 1 MiB section
 * each, in slot order; every device below names its slot, and the checks at
 * the end of this file make sure its registers lie in that slot's section.
 */
#define BOARD_SLOT_L4_PER	0
#define BOARD_SLOT_L4_PER_PHYS	U32(0x48000000) /* UART3 */
#define BOARD_SLOT_MPCORE	1
#define BOARD_SLOT_MPCORE_PHYS	U32(0x48200000) /* SCU, GIC, timers */
#define BOARD_SLOT_L4_WKUP	2
#define BOARD_SLOT_L4_WKUP_PHYS U32(0x4a300000) /* the 32 kHz sync timer */
#define BOARD_DEVICE_SECTIONS                                                           \
	{                                                                               \
		BOARD_SLOT_L4_PER_PHYS, BOARD_SLOT_MPCORE_PHYS, BOARD_SLOT_L4_WKUP_PHYS \
	}

/* Console: UART3 (the board's DB-9 connector), 16550-compatible at a 4-byte stride. */
#define BOARD_UART_PHYS	       U32(0x48020000)
#define BOARD_UART_WINDOW_SLOT BOARD_SLOT_L4_PER
#define BOARD_UART_IRQ	       106u	     /* SPI 74: typed input */
#define BOARD_UART_CLOCK_HZ    U32(48000000) /* its functional clock */
#define BOARD_UART_BAUD	       U32(115200)
#define BOARD_UART_HAS_MDR1    1 /* OMAP: mode select; 0 = UART, 16x oversampling */

/* Cortex-A9 MPCore private memory region (PERIPHBASE). */
#define BOARD_PERIPHBASE_PHYS	 U32(0x48240000)
#define BOARD_GIC_WINDOW_SLOT	 BOARD_SLOT_MPCORE
#define BOARD_GICC_PHYS		 (BOARD_PERIPHBASE_PHYS + U32(0x100))
#define BOARD_GICD_PHYS		 (BOARD_PERIPHBASE_PHYS + U32(0x1000))
#define BOARD_PTIMER_PHYS	 (BOARD_PERIPHBASE_PHYS + U32(0x600))
#define BOARD_PTIMER_WINDOW_SLOT BOARD_SLOT_MPCORE

/* The tick: the A9 private timer (PPI 13).  Its clock (PERIPHCLK, half the MPU clock U-Boot
 * chose) is not assumed: the kernel measures it against the 32 kHz sync timer at boot. */
#define BOARD_TIMER_IRQ		      29u
#define BOARD_PRIVATE_TIMER_CALIBRATE 1

/* The board clock: the 32 kHz sync timer's counter (OMAP4 COUNTER_32K, CR). */
#define BOARD_SYNC_32K_PHYS	   U32(0x4a304010)
#define BOARD_SYNC_32K_WINDOW_SLOT BOARD_SLOT_L4_WKUP
#define BOARD_SYNC_32K_HZ	   U32(32768)

/*
 * Devices init gets as DevFrame capabilities (in PACN, listed in bootinfo):
 * never one the kernel uses itself.  { physical address, bytes, name }.
 */
/* clang-format off */
#define BOARD_INIT_DEVICES                                   \
	{                                                    \
		{ U32(0x4806a000), U32(0x1000), "serial1" }, \
		{ U32(0x4806c000), U32(0x1000), "serial2" }, \
		{ U32(0x4806e000), U32(0x1000), "serial4" }, \
	}
/* clang-format on */

#ifndef __ASSEMBLER__
#include <devwindow.h>
#include <drivers/ns16550.h>

_Static_assert(DEVICE_IN_SECTION(BOARD_UART_PHYS, BOARD_SLOT_L4_PER_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GICC_PHYS, BOARD_SLOT_MPCORE_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GICD_PHYS, BOARD_SLOT_MPCORE_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_PTIMER_PHYS, BOARD_SLOT_MPCORE_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_SYNC_32K_PHYS, BOARD_SLOT_L4_WKUP_PHYS),
	       "every device lies in the window slot it names");

/* Write one character with the MMU off: only the boot stub uses this. */
#define board_boot_putc(c) ns16550_boot_putc(BOARD_UART_PHYS, (c))
#endif

#endif
