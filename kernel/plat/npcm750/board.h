/*
 * Board facts for QEMU's Nuvoton NPCM750 evaluation board (QEMU -M
 * npcm750-evb), a board for running the 16550 console in emulation.
 * Everything the kernel needs to know about this board lives here.
 */
#ifndef PLAT_BOARD_H
#define PLAT_BOARD_H

#include <bits.h>

#define BOARD_NAME "npcm750"

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
#define BOARD_SLOT_APB	       0
#define BOARD_SLOT_APB_PHYS    U32(0xf0000000) /* UARTs */
#define BOARD_SLOT_MPCORE      1
#define BOARD_SLOT_MPCORE_PHYS U32(0xf0300000) /* SCU, GIC, timers */
#define BOARD_DEVICE_SECTIONS                               \
	{                                                   \
		BOARD_SLOT_APB_PHYS, BOARD_SLOT_MPCORE_PHYS \
	}

/* Console: UART0, a 16550 at a 4-byte stride, clocked at 24 MHz. */
#define BOARD_UART_PHYS	       U32(0xf0001000)
#define BOARD_UART_WINDOW_SLOT BOARD_SLOT_APB
#define BOARD_UART_IRQ	       34u /* SPI 2: typed input */
#define BOARD_UART_CLOCK_HZ    U32(24000000)
#define BOARD_UART_BAUD	       U32(115200)

/* Cortex-A9 MPCore private memory region (PERIPHBASE). */
#define BOARD_PERIPHBASE_PHYS	 U32(0xf03fe000)
#define BOARD_GIC_WINDOW_SLOT	 BOARD_SLOT_MPCORE
#define BOARD_GICC_PHYS		 (BOARD_PERIPHBASE_PHYS + U32(0x100))
#define BOARD_GICD_PHYS		 (BOARD_PERIPHBASE_PHYS + U32(0x1000))
#define BOARD_GTIMER_PHYS	 (BOARD_PERIPHBASE_PHYS + U32(0x200))
#define BOARD_GTIMER_WINDOW_SLOT BOARD_SLOT_MPCORE
#define BOARD_PTIMER_PHYS	 (BOARD_PERIPHBASE_PHYS + U32(0x600))
#define BOARD_PTIMER_WINDOW_SLOT BOARD_SLOT_MPCORE

/* The tick: the A9 private timer (PPI 13), and the global timer as the board clock;
 * both count PERIPHCLK, which QEMU clocks at 100 MHz.  The private timer's rate is
 * measured at boot, as on the PandaBoard, so that the measurement runs in emulation. */
#define BOARD_TIMER_IRQ		      29u
#define BOARD_PRIVATE_TIMER_HZ	      U32(100000000)
#define BOARD_PRIVATE_TIMER_CALIBRATE 1

/*
 * Devices init gets as DevFrame capabilities (in PACN, listed in bootinfo):
 * never one the kernel uses itself.  { physical address, bytes, name }.
 */
/* clang-format off */
#define BOARD_INIT_DEVICES                                 \
	{                                                  \
		{ U32(0xf0002000), U32(0x1000), "serial1" }, \
	}
/* clang-format on */

#ifndef __ASSEMBLER__
#include <devwindow.h>
#include <drivers/ns16550.h>

_Static_assert(DEVICE_IN_SECTION(BOARD_UART_PHYS, BOARD_SLOT_APB_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GICC_PHYS, BOARD_SLOT_MPCORE_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GICD_PHYS, BOARD_SLOT_MPCORE_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GTIMER_PHYS, BOARD_SLOT_MPCORE_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_PTIMER_PHYS, BOARD_SLOT_MPCORE_PHYS),
	       "every device lies in the window slot it names");

/* Write one character with the MMU off: only the boot stub uses this. */
#define board_boot_putc(c) ns16550_boot_putc(BOARD_UART_PHYS, (c))
#endif

#endif
