/*
 * Typed input (docs/console.md).  The UART's receive interrupt moves every
 * received byte into a ring in struct core; the kernel empties the ring into
 * the EndPoint bound to the console (KernelCmd_ConsoleBind, init's), as
 * messages only the kernel can send: LMP_CONSOLE_WORD, a count, the bytes.
 * A message that finds the receiver's buffer full waits in the ring and is
 * tried again when the receiver next waits for messages; a byte that finds
 * the ring full is dropped and counted.  The kernel itself never reads the
 * console: every typed byte goes to its receiver.
 */
#include <stdint.h>

#include <cap.h>
#include <console.h>
#include <core.h>
#include <dispatch.h>
#include <invoke.h>
#include <irq.h>
#include <lmp.h>
#include <lmp_kernel.h>
#include <objtype.h>

static struct console_in_state *cin(void)
{
	return &this_core()->console_in;
}

void console_in_start(void)
{
	cin()->irq = console_rx_interrupts_on();
	irq_unmask(cin()->irq);
}

unsigned console_in_irq(void)
{
	return cin()->irq;
}

void console_in_interrupt(void)
{
	struct console_in_state *c = cin();
	int ch;

	/* Reading the UART empty is what clears its interrupt. */
	while ((ch = console_getc()) >= 0) {
		if (c->count == CONSOLE_IN_RING_BYTES) {
			c->dropped++;
			continue;
		}
		c->ring[(c->head + c->count++) % CONSOLE_IN_RING_BYTES] = (uint8_t)ch;
	}
	console_in_deliver();
}

/* The oldest bytes of the ring (at most LMP_CONSOLE_BYTES) as one message; their count. */
static uint32_t pack_message(const struct console_in_state *c, uint32_t words[LMP_MSG_WORDS])
{
	uint32_t n = c->count < LMP_CONSOLE_BYTES ? c->count : LMP_CONSOLE_BYTES;

	for (uint32_t i = 0; i < LMP_MSG_WORDS; i++)
		words[i] = 0;
	words[0] = LMP_CONSOLE_WORD;
	words[1] = n;
	for (uint32_t i = 0; i < n; i++)
		words[LMP_CONSOLE_HEADER + i / 4] |=
		    (uint32_t)c->ring[(c->head + i) % CONSOLE_IN_RING_BYTES] << (8 * (i % 4));
	return n;
}

void console_in_deliver(void)
{
	struct console_in_state *c = cin();
	uint32_t words[LMP_MSG_WORDS], n;
	struct dcb *receiver;

	while (c->count && !cte_is_empty(&c->ep)) {
		n = pack_message(c, words);
		if (err_is_fail(lmp_send_kernel(&c->ep, words, LMP_CONSOLE_HEADER + (n + 3) / 4,
						&receiver)))
			return; /* no room (or no receiver yet): the bytes wait */
		c->head = (c->head + n) % CONSOLE_IN_RING_BYTES;
		c->count -= n;
	}
}

/* Decode: an EndPoint with a buffer, or level 0 for none. */
static errval_t bind_decode(uint32_t addr, uint32_t level, struct cte **ep)
{
	errval_t err;

	*ep = NULL;
	if (level == 0)
		return SYS_ERR_OK;
	if ((err = lookup_cap(addr, level, CAPRIGHTS_READ, ep)))
		return err;
	if ((*ep)->cap.type != ObjType_EndPoint || (*ep)->cap.u.endpoint.buflen == 0)
		return SYS_ERR_CONSOLE_EP_INVALID;
	return SYS_ERR_OK;
}

struct sysret console_in_bind(uint32_t addr, uint32_t level)
{
	struct console_in_state *c = cin();
	struct cte *ep;
	errval_t err;

	if ((err = bind_decode(addr, level, &ep)))
		return sysret_error(err);
	/* The kernel's own copy: it lives as long as the EndPoint's dispatcher, or a new bind. */
	if (!cte_is_empty(&c->ep))
		caps_delete(&c->ep);
	if (ep) {
		caps_copy(ep, &c->ep);
		console_in_deliver(); /* what was typed before */
	}
	return sysret_error(SYS_ERR_OK);
}
