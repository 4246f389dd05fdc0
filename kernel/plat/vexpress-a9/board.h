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
 * each.  The window slot of a device is its index here.
 */
#define BOARD_DEV_SYSREGS_SECTION U32(0x10000000) /* system registers, UARTs */
#define BOARD_DEV_MPCORE_SECTION  U32(0x1e000000) /* SCU, GIC, private timers */
#define BOARD_DEVICE_SECTIONS                                       \
	{                                                           \
		BOARD_DEV_SYSREGS_SECTION, BOARD_DEV_MPCORE_SECTION \
	}

/* Console: PL011 UART0. */
#define BOARD_UART_PHYS	       U32(0x10009000)
#define BOARD_UART_WINDOW_SLOT 0

/* Versatile Express system register block: a 24 MHz free-running counter. */
#define BOARD_SYS_24MHZ_PHYS	    U32(0x1000005c)
#define BOARD_SYS_24MHZ_WINDOW_SLOT 0
#define BOARD_SYS_24MHZ_HZ	    U32(24000000)

/* Cortex-A9 MPCore private memory region (PERIPHBASE). */
#define BOARD_PERIPHBASE_PHYS	     U32(0x1e000000)
#define BOARD_PERIPHBASE_WINDOW_SLOT 1
#define BOARD_GIC_WINDOW_SLOT	     1
#define BOARD_GICC_PHYS		     (BOARD_PERIPHBASE_PHYS + U32(0x100))
#define BOARD_PTIMER_PHYS	     (BOARD_PERIPHBASE_PHYS + U32(0x600))
#define BOARD_GICD_PHYS		     (BOARD_PERIPHBASE_PHYS + U32(0x1000))

/* The A9 private timer counts PERIPHCLK; QEMU clocks it at 100 MHz. */
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
#include <stdint.h>
#include <drivers/pl011.h>

/* Write one character with the MMU off: only the boot stub uses this. */
static inline __attribute__((always_inline)) void board_boot_putc(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)BOARD_UART_PHYS;

	while (uart[PL011_FR / 4] & PL011_FR_TXFF)
		;
	uart[PL011_DR / 4] = (uint8_t)c;
}
#endif

#endif
