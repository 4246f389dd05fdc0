/*
 * 16550-compatible UART registers (byte offsets at a 4-byte stride, as on the
 * OMAP4's UARTs and the NPCM750's), and the boot stub's polled output.
 */
#ifndef DRIVERS_NS16550_H
#define DRIVERS_NS16550_H

#define NS16550_RBR	    0x00 /* receive buffer (read, DLAB = 0) */
#define NS16550_THR	    0x00 /* transmit holding (write, DLAB = 0) */
#define NS16550_DLL	    0x00 /* divisor latch, low (DLAB = 1) */
#define NS16550_IER	    0x04 /* interrupt enable (DLAB = 0) */
#define NS16550_DLM	    0x04 /* divisor latch, high (DLAB = 1) */
#define NS16550_FCR	    0x08 /* FIFO control (write) */
#define NS16550_LCR	    0x0c
#define NS16550_MCR	    0x10
#define NS16550_LSR	    0x14
#define NS16550_MDR1	    0x20 /* OMAP only: mode select, 0 = UART 16x */
#define NS16550_LCR_8N1	    0x03
#define NS16550_LCR_DLAB    0x80
#define NS16550_FCR_FIFO    0x07 /* enable, clear receive and transmit */
#define NS16550_MCR_DTR_RTS 0x03
#define NS16550_IER_RDI	    0x01 /* interrupt when received data is available */
#define NS16550_LSR_DR	    0x01 /* a character was received */
#define NS16550_LSR_THRE    0x20 /* the transmit holding register is empty */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Write one character to the 16550 at physical address base, polled, with the MMU off. */
static inline __attribute__((always_inline)) void ns16550_boot_putc(uint32_t base, char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)base;

	while (!(uart[NS16550_LSR / 4] & NS16550_LSR_THRE))
		;
	uart[NS16550_THR / 4] = (uint8_t)c;
}
#endif

#endif
