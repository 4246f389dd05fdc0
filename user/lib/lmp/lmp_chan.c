/*
 * LMP channels and waitsets (docs/ipc.md): a channel is our receive
 * endpoint and the remote's EndPoint; a waitset runs the handler of a
 * channel that has a message, serving channels in turn, and blocks in the
 * kernel while none has one.
 */
#include <stddef.h>
#include <stdint.h>

#include <runtime.h>
#include <slot_alloc.h>

#include "lmp_chan.h"

errval_t lmp_chan_accept(struct lmp_chan *lc, uint32_t buflen, struct capref remote_cap)
{
	struct capref slot;
	errval_t err = lmp_endpoint_create(&lc->endpoint, buflen, 0, &lc->local_cap);

	if (err_is_fail(err))
		return err;
	lmp_chan_set_remote(lc, remote_cap); /* not addressable: every send says so */
	lc->waitset = NULL;
	lc->next = NULL;
	if ((err = slot_alloc(&slot))) {
		lmp_chan_destroy(lc);
		return err;
	}
	lmp_endpoint_set_recv_slot(&lc->endpoint, slot);
	return SYS_ERR_OK;
}

errval_t lmp_chan_connect(struct lmp_chan *lc, uint32_t buflen, struct capref remote_cap)
{
	errval_t err = lmp_chan_accept(lc, buflen, remote_cap);

	if (err_is_ok(err) && (err = lmp_chan_sendv(lc, 0, lc->local_cap, LMP_CHAN_BIND)))
		lmp_chan_destroy(lc);
	return err;
}

errval_t lmp_chan_set_remote(struct lmp_chan *lc, struct capref remote_cap)
{
	lc->remote_cap = remote_cap;
	return lmp_ep_ref_make(remote_cap, &lc->remote_ref);
}

void lmp_chan_destroy(struct lmp_chan *lc)
{
	lmp_chan_deregister_recv(lc);
	cap_delete(lc->local_cap);
	slot_free(lc->local_cap);
	lmp_endpoint_destroy(&lc->endpoint);
}

errval_t lmp_chan_recv_blocking(struct lmp_chan *lc, struct lmp_recv_msg *msg, struct capref *cap)
{
	errval_t err;

	for (;;) {
		lmp_note_seen();
		if ((err = lmp_chan_recv(lc, msg, cap)) != LIB_ERR_LMP_NO_MESSAGE)
			return err;
		sys_yield_block();
	}
}

bool lmp_chan_can_recv(const struct lmp_chan *lc)
{
	return lmp_endpoint_can_recv(&lc->endpoint);
}

/* --- waitsets -------------------------------------------------------------------------- */

void waitset_init(struct waitset *ws)
{
	ws->head = ws->tail = NULL;
}

struct waitset *get_default_waitset(void)
{
	static struct waitset ws;

	return &ws;
}

errval_t lmp_chan_register_recv(struct lmp_chan *lc, struct waitset *ws,
				struct event_closure closure)
{
	if (lc->waitset)
		return LIB_ERR_LMP_CHAN_REGISTERED;
	lc->closure = closure;
	lc->waitset = ws;
	lc->next = NULL;
	if (ws->tail)
		ws->tail->next = lc;
	else
		ws->head = lc;
	ws->tail = lc;
	return SYS_ERR_OK;
}

void lmp_chan_deregister_recv(struct lmp_chan *lc)
{
	struct waitset *ws = lc->waitset;
	struct lmp_chan *prev = NULL;

	if (!ws)
		return;
	for (struct lmp_chan *c = ws->head; c; prev = c, c = c->next) {
		if (c != lc)
			continue;
		if (prev)
			prev->next = c->next;
		else
			ws->head = c->next;
		if (ws->tail == c)
			ws->tail = prev;
		break;
	}
	lc->waitset = NULL;
	lc->next = NULL;
}

/* The first channel with a message leaves the waitset and its handler runs. */
static bool dispatch_one(struct waitset *ws)
{
	for (struct lmp_chan *c = ws->head; c; c = c->next) {
		if (!lmp_chan_can_recv(c))
			continue;
		lmp_chan_deregister_recv(c); /* registering again puts it at the back */
		c->closure.handler(c->closure.arg);
		return true;
	}
	return false;
}

errval_t event_dispatch_non_block(struct waitset *ws)
{
	return dispatch_one(ws) ? SYS_ERR_OK : LIB_ERR_LMP_NO_MESSAGE;
}

void lmp_note_seen(void)
{
	struct dispatcher_frame *f = disp_frame();

	f->generic.lmp_seen = *(volatile uint32_t *)&f->generic.lmp_delivered;
	__asm__ volatile("" ::: "memory"); /* before the buffers are read */
}

errval_t event_dispatch(struct waitset *ws)
{
	for (;;) {
		lmp_note_seen();
		if (dispatch_one(ws))
			return SYS_ERR_OK;
		if (!ws->head)
			return LIB_ERR_WAITSET_EMPTY;
		sys_yield_block();
	}
}
