/* Arm PrimeCell PL011 UART registers (byte offsets). */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#define PL011_DR	 0x00
#define PL011_FR	 0x18
#define PL011_FR_RXFE	 (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF	 (1u << 5) /* transmit FIFO full */
#define PL011_LCRH	 0x2c
#define PL011_LCRH_FEN	 (1u << 4)
#define PL011_LCRH_WLEN8 (3u << 5)
#define PL011_CR	 0x30
#define PL011_CR_UARTEN	 (1u << 0)
#define PL011_CR_TXE	 (1u << 8)
#define PL011_CR_RXE	 (1u << 9)
#define PL011_IMSC	 0x38
#define PL011_ICR	 0x44
#define PL011_INT_RX	 (1u << 4) /* receive FIFO reached its trigger level */
#define PL011_INT_RT	 (1u << 6) /* receive timeout: bytes wait below the trigger level */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Write one character to the PL011 at physical address base, polled, with the MMU off. */
static inline __attribute__((always_inline)) void pl011_boot_putc(uint32_t base, char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)base;

	while (uart[PL011_FR / 4] & PL011_FR_TXFF)
		;
	uart[PL011_DR / 4] = (uint8_t)c;
}
#endif

#endif
