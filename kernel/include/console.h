/* The kernel console: one UART chosen by the board. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include <core.h>
#include <syscalls.h>

/* The UART driver (kernel/drivers/). */
void console_init(void);
void console_putc(char c);
/* Returns the next received character, or -1 when there is none. */
int console_getc(void);
/* Interrupt on received characters; returns the UART's interrupt ID. */
unsigned console_rx_interrupts_on(void);

/*
 * Typed input (kernel/console_in.c, docs/console.md): the UART's receive
 * interrupt fills a ring that the kernel empties into the one EndPoint
 * bound to the console, as messages from the kernel.
 */
void console_in_start(void);
void console_in_interrupt(void);
/* Deliver what fits now (after an interrupt, a bind, or when the receiver waits). */
void console_in_deliver(void);
/* Is typed input waiting in the ring?  (Cheap: the blocking yield asks on every call.) */
static inline bool console_in_waiting(void)
{
	return this_core()->console_in.count != 0;
}
/* KernelCmd_ConsoleBind: a0 EndPoint, a1 its level (0: unbind). */
struct sysret console_in_bind(uint32_t addr, uint32_t level);
/* The console's interrupt ID (0 before console_in_start). */
unsigned console_in_irq(void);

#endif
