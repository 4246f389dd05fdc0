/* Console driver for the Arm PL011 UART: polled output, input by interrupt. */
#include <stdint.h>

#include <board.h>
#include <console.h>
#include <devwindow.h>
#include <drivers/pl011.h>

static volatile uint32_t *const uart =
    (volatile uint32_t *)DEVICE_VADDR(BOARD_UART_WINDOW_SLOT, BOARD_UART_PHYS);

static inline uint32_t reg_read(unsigned off)
{
	return uart[off / 4];
}

static inline void reg_write(unsigned off, uint32_t v)
{
	uart[off / 4] = v;
}

void console_init(void)
{
	/*
	 * Keep the baud rate the firmware (or QEMU) set; enable FIFOs, 8N1,
	 * transmit and receive, and no interrupts until input is wanted.
	 */
	reg_write(PL011_IMSC, 0);
	reg_write(PL011_LCRH, PL011_LCRH_FEN | PL011_LCRH_WLEN8);
	reg_write(PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void console_putc(char c)
{
	if (c == '\n')
		console_putc('\r');
	while (reg_read(PL011_FR) & PL011_FR_TXFF)
		;
	reg_write(PL011_DR, (uint8_t)c);
}

int console_getc(void)
{
	if (reg_read(PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(reg_read(PL011_DR) & 0xff);
}

unsigned console_rx_interrupts_on(void)
{
	/* Both: the timeout catches bytes that stay below the FIFO's trigger level. */
	reg_write(PL011_ICR, PL011_INT_RX | PL011_INT_RT);
	reg_write(PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	return BOARD_UART_IRQ;
}
