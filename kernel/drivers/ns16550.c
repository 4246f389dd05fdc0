/*
 * Console driver for a 16550-compatible UART at a 4-byte register stride
 * (polled output, input by interrupt).  It sets the line up itself rather
 * than trusting what a boot loader left: 8N1 at BOARD_UART_BAUD from
 * BOARD_UART_CLOCK_HZ, FIFOs on, no interrupts until input is wanted, and
 * on an OMAP UART the 16x UART mode (MDR1 = 0).
 */
#include <stdint.h>

#include <board.h>
#include <console.h>
#include <devwindow.h>
#include <drivers/ns16550.h>

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
	uint32_t divisor = BOARD_UART_CLOCK_HZ / (16u * BOARD_UART_BAUD);

	/* Let the last characters of the boot loader and the boot stub go out first. */
	while (!(reg_read(NS16550_LSR) & NS16550_LSR_THRE))
		;
	reg_write(NS16550_IER, 0);
#ifdef BOARD_UART_HAS_MDR1
	reg_write(NS16550_MDR1, 0);
#endif
	reg_write(NS16550_LCR, NS16550_LCR_DLAB);
	reg_write(NS16550_DLL, divisor & 0xff);
	reg_write(NS16550_DLM, (divisor >> 8) & 0xff);
	reg_write(NS16550_LCR, NS16550_LCR_8N1);
	reg_write(NS16550_FCR, NS16550_FCR_FIFO);
	reg_write(NS16550_MCR, NS16550_MCR_DTR_RTS);
}

void console_putc(char c)
{
	if (c == '\n')
		console_putc('\r');
	while (!(reg_read(NS16550_LSR) & NS16550_LSR_THRE))
		;
	reg_write(NS16550_THR, (uint8_t)c);
}

int console_getc(void)
{
	if (!(reg_read(NS16550_LSR) & NS16550_LSR_DR))
		return -1;
	return (int)(reg_read(NS16550_RBR) & 0xff);
}

unsigned console_rx_interrupts_on(void)
{
	reg_write(NS16550_IER, NS16550_IER_RDI);
	return BOARD_UART_IRQ;
}
