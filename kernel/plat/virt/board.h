/*
 * Board facts for QEMU's virt machine with a Cortex-A15 (QEMU -M virt -cpu
 * cortex-a15).  Everything the kernel needs to know about this board lives here.
 */
#ifndef PLAT_BOARD_H
#define PLAT_BOARD_H

#include <bits.h>

#define BOARD_NAME "virt"

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
#define BOARD_SLOT_GIC		0
#define BOARD_SLOT_GIC_PHYS	U32(0x08000000) /* GICv2 distributor and CPU interface */
#define BOARD_SLOT_DEVICES	1
#define BOARD_SLOT_DEVICES_PHYS U32(0x09000000) /* UART, RTC, GPIO */
#define BOARD_DEVICE_SECTIONS                                \
	{                                                    \
		BOARD_SLOT_GIC_PHYS, BOARD_SLOT_DEVICES_PHYS \
	}

/* Console: PL011 UART0. */
#define BOARD_UART_PHYS	       U32(0x09000000)
#define BOARD_UART_WINDOW_SLOT BOARD_SLOT_DEVICES
#define BOARD_UART_IRQ	       33u /* SPI 1: typed input */

/* GICv2. */
#define BOARD_GIC_WINDOW_SLOT BOARD_SLOT_GIC
#define BOARD_GICD_PHYS	      U32(0x08000000)
#define BOARD_GICC_PHYS	      U32(0x08010000)

/* The tick: the generic timer's virtual timer, a per-core interrupt (PPI 11). */
#define BOARD_TIMER_IRQ 27u

/*
 * Devices init gets as DevFrame capabilities (in PACN, listed in bootinfo):
 * never one the kernel uses itself.  { physical address, bytes, name }.
 */
/* clang-format off */
#define BOARD_INIT_DEVICES                                 \
	{                                                  \
		{ U32(0x09010000), U32(0x1000), "rtc" },   \
		{ U32(0x09030000), U32(0x1000), "gpio" },  \
	}
/* clang-format on */

#ifndef __ASSEMBLER__
#include <drivers/pl011.h>
#include <devwindow.h>

_Static_assert(DEVICE_IN_SECTION(BOARD_UART_PHYS, BOARD_SLOT_DEVICES_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GICC_PHYS, BOARD_SLOT_GIC_PHYS) &&
		   DEVICE_IN_SECTION(BOARD_GICD_PHYS, BOARD_SLOT_GIC_PHYS),
	       "every device lies in the window slot it names");

/* Write one character with the MMU off: only the boot stub uses this. */
#define board_boot_putc(c) pl011_boot_putc(BOARD_UART_PHYS, (c))
#endif

#endif
