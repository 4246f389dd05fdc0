/*
 * Local message passing (docs/ipc.md, include/lmp.h): EndPointCmd_Send
 * appends a message, and perhaps a capability, to a buffer of the receiving
 * dispatcher.  The decode step checks everything (the receiver, its buffer's
 * header, the capability and the receive slot) before anything changes; so a
 * send that fails has no effect on either side.
 */
#include <stddef.h>
#include <stdint.h>

#include <cap.h>
#include <dispatch.h>
#include <invocations.h>
#include <invoke.h>
#include <lmp.h>
#include <lmp_kernel.h>
#include <mmu.h>
#include <objtype.h>
#include <syscalls.h>
#include <trap.h>

struct send_request {
	struct dcb *receiver;
	volatile uint32_t *buf; /* the buffer: header, then the ring */
	uint32_t ring_words;
	uint32_t at;	       /* the ring index the message starts at */
	uint32_t length;       /* payload words */
	uint32_t badge;	       /* read before a move could empty the EndPoint's own slot */
	struct cte *cap;       /* the capability to transfer, or NULL */
	struct cte *recv_slot; /* where it goes */
	bool move;
};

/* The receiver's buffer named by ep, as the kernel sees it. */
static errval_t find_buffer(const struct capability *ep, struct dcb *receiver,
			    struct send_request *r)
{
	const struct cte *frame = &receiver->slots[DCB_SLOT_LMPFRAME];
	/* Mint bounds both (LMP_FRAME_MAX_OFFSET, LMP_BUF_MAX_WORDS): no overflow in 32 bits. */
	uint32_t end = ep->u.endpoint.offset + ep->u.endpoint.buflen * sizeof(uint32_t);

	if (ep->u.endpoint.buflen == 0)
		return SYS_ERR_LMP_NO_BUFFER;
	if (cte_is_empty(frame))
		return SYS_ERR_LMP_NO_FRAME;
	/* The frame may have been replaced by a smaller one since the EndPoint was minted. */
	if (end > frame->cap.bytes)
		return SYS_ERR_LMP_BUFFER_OUTSIDE;
	r->buf =
	    (volatile uint32_t *)((uint8_t *)phys_to_virt(frame->cap.base) + ep->u.endpoint.offset);
	r->ring_words = ep->u.endpoint.buflen - LMP_BUF_HEADER_WORDS;
	return SYS_ERR_OK;
}

/* Room for `words` in the ring?  Both indices are the receiver's to write: check them. */
static errval_t check_room(struct send_request *r, uint32_t words)
{
	uint32_t delivered = r->buf[LMP_BUF_DELIVERED], consumed = r->buf[LMP_BUF_CONSUMED];
	uint32_t used;

	if (delivered >= r->ring_words || consumed >= r->ring_words)
		return SYS_ERR_LMP_BUFFER_CORRUPT;
	used = delivered >= consumed ? delivered - consumed : r->ring_words - consumed + delivered;
	/* One word stays free, so that a full ring is not mistaken for an empty one. */
	if (used + words >= r->ring_words)
		return SYS_ERR_LMP_BUFFER_FULL;
	r->at = delivered;
	return SYS_ERR_OK;
}

/* The capability to send (a1, at the level in the flags) and the receiver's slot for it. */
static errval_t decode_cap(const struct cte *ep, uint32_t flags, uint32_t addr,
			   struct send_request *r)
{
	uint32_t level = LMP_SEND_GET_CAP_LEVEL(flags);
	struct cte *root = &r->receiver->slots[DCB_SLOT_CSPACE];
	errval_t err;

	r->move = (flags & LMP_SEND_MOVE) != 0;
	if (level == 0)
		return r->move ? SYS_ERR_LMP_FLAGS_INVALID : SYS_ERR_OK;
	if (!cap_has_rights(ep, CAPRIGHTS_GRANT))
		return SYS_ERR_LMP_GRANT;
	/* A move empties the sender's slot: it needs the write right on the path. */
	err = lookup_cap(addr, level, r->move ? CAPRIGHTS_WRITE : CAPRIGHTS_READ, &r->cap);
	if (err_is_fail(err))
		return err;
	if (r->buf[LMP_BUF_RECV_LEVEL] == 0)
		return SYS_ERR_LMP_RECV_SLOT_NONE;
	if (cspace_lookup_slot(root, r->buf[LMP_BUF_RECV_CPTR], r->buf[LMP_BUF_RECV_LEVEL],
			       CAPRIGHTS_WRITE, &r->recv_slot))
		return SYS_ERR_LMP_RECV_SLOT_INVALID;
	if (!cte_is_empty(r->recv_slot))
		return SYS_ERR_LMP_RECV_SLOT_OCCUPIED;
	return caps_copy_check(r->cap, r->recv_slot);
}

static errval_t send_decode(const struct cte *ep, const uint32_t *a, struct send_request *r)
{
	uint32_t flags = a[0];
	errval_t err;

	r->cap = NULL;
	r->badge = ep->cap.u.endpoint.badge;
	r->length = LMP_SEND_GET_LENGTH(flags);
	if ((flags & ~LMP_SEND_FLAGS_VALID) || r->length > LMP_MSG_WORDS)
		return SYS_ERR_LMP_FLAGS_INVALID;
	r->receiver = dcb_of(&ep->cap);
	dispatch_exit_if_broken(r->receiver); /* it may have lost its frame to a revoke */
	if (r->receiver->state == DISPATCHER_STATE_EXITED)
		return SYS_ERR_LMP_TARGET_EXITED;
	if (!dcb_is_whole(r->receiver))
		return SYS_ERR_DISP_NOT_SETUP;
	if ((err = find_buffer(&ep->cap, r->receiver, r)))
		return err;
	if ((err = check_room(r, LMP_MSG_HEADER_WORDS + r->length)))
		return err;
	return decode_cap(ep, flags, a[1], r);
}

/* Write one word at ring index *at and advance it. */
static void ring_put(const struct send_request *r, uint32_t *at, uint32_t word)
{
	r->buf[LMP_BUF_HEADER_WORDS + *at] = word;
	if (++*at == r->ring_words)
		*at = 0;
}

/* Write the message at r->at, then let the receiver see it. */
static void write_message(const struct send_request *r, uint32_t header, const uint32_t *words)
{
	volatile uint32_t *ring = r->buf + LMP_BUF_HEADER_WORDS;
	uint32_t at = r->at, length = r->length;

	if (at + LMP_MSG_HEADER_WORDS + length < r->ring_words) {
		/* The usual case: the message does not wrap around the ring's end. */
		ring[at] = header;
		ring[at + 1] = r->badge;
		for (uint32_t i = 0; i < length; i++)
			ring[at + LMP_MSG_HEADER_WORDS + i] = words[i];
		at += LMP_MSG_HEADER_WORDS + length;
	} else {
		ring_put(r, &at, header);
		ring_put(r, &at, r->badge);
		for (uint32_t i = 0; i < r->length; i++)
			ring_put(r, &at, words[i]);
	}
	r->buf[LMP_BUF_DELIVERED] = at; /* the message is whole before the receiver can see it */
	dispatch_message_delivered(r->receiver);
}

static void send_invoke(const uint32_t *a, struct send_request *r)
{
	uint32_t header = r->length;

	if (r->cap) {
		/* Copy first: the object never loses its last capability part-way. */
		caps_copy(r->cap, r->recv_slot);
		if (r->move)
			caps_delete(r->cap);
		header |= LMP_MSG_HAS_CAP;
	}
	write_message(r, header, a + 2);
	if ((a[0] & LMP_SEND_YIELD) && r->receiver != dispatch_current())
		dispatch_request_yield_to(r->receiver);
}

errval_t lmp_send_kernel(const struct cte *ep, const uint32_t *words, uint32_t length,
			 struct dcb **receiver)
{
	struct send_request r = { .length = length };
	errval_t err;

	*receiver = NULL;
	if (cte_is_empty(ep))
		return SYS_ERR_LMP_NO_BUFFER;
	r.receiver = *receiver = dcb_of(&ep->cap);
	r.badge = ep->cap.u.endpoint.badge;
	/* No exit_if_broken here: exits must not set off a chain of further exits. */
	if (r.receiver->state == DISPATCHER_STATE_EXITED)
		return SYS_ERR_LMP_TARGET_EXITED;
	if (!dcb_is_whole(r.receiver))
		return SYS_ERR_DISP_NOT_SETUP;
	if ((err = find_buffer(&ep->cap, r.receiver, &r)) ||
	    (err = check_room(&r, LMP_MSG_HEADER_WORDS + length)))
		return err;
	write_message(&r, length | LMP_MSG_FROM_KERNEL, words);
	return SYS_ERR_OK;
}

errval_t lmp_send_exit(struct dcb *dcb, struct dcb **receiver)
{
	const uint32_t words[LMP_EXIT_WORDS] = { LMP_EXIT_WORD, (uint32_t)dcb->exit_status };

	return lmp_send_kernel(&dcb->slots[DCB_SLOT_EXITEP], words, LMP_EXIT_WORDS, receiver);
}

/*
 * The fast path (seL4's idea): a send of words alone, to a receiver that
 * can take it, is done in one straight run through the same checks and the
 * same message writing as the general path below, and switches to the
 * receiver at once if asked to.  It changes nothing until every check has
 * passed; when one does not, it returns false and the general path takes
 * the call, so every error comes from one place.
 */
bool lmp_fastpath_send(const struct cte *ep, struct trap_frame *tf)
{
	struct dcb *sender = dispatch_current();
	uint32_t flags = tf->r[SYS_INVOKE_REG_ARGS];
	struct send_request r; /* not zeroed as a whole: that would cost a memset */

	/* The caller checked that ep is an EndPoint. */
	if (INVOKE_WORD_CMD(tf->r[SYS_INVOKE_REG_WORD]) != EndPointCmd_Send ||
	    (flags & ~(LMP_SEND_LENGTH(~0u) | LMP_SEND_YIELD)) ||
	    LMP_SEND_GET_LENGTH(flags) > LMP_MSG_WORDS || dispatch_reschedule_pending())
		return false;
	r.receiver = dcb_of(&ep->cap);
	if ((r.receiver->state != DISPATCHER_STATE_RUNNABLE &&
	     r.receiver->state != DISPATCHER_STATE_BLOCKED) ||
	    !dcb_is_whole(r.receiver) || find_buffer(&ep->cap, r.receiver, &r) ||
	    check_room(&r, LMP_MSG_HEADER_WORDS + LMP_SEND_GET_LENGTH(flags)))
		return false;
	r.cap = NULL;
	r.length = LMP_SEND_GET_LENGTH(flags);
	r.badge = ep->cap.u.endpoint.badge;
	write_message(&r, r.length, &tf->r[SYS_INVOKE_REG_ARGS + 2]);
	for (int i = 0; i < SYS_RET_REGS; i++)
		tf->r[i] = 0; /* SYS_ERR_OK, and no values */
	if ((flags & LMP_SEND_YIELD) && r.receiver != sender)
		dispatch_switch_to(r.receiver, tf);
	return true;
}

struct sysret invoke_endpoint(struct cte *ep, uint32_t cmd, const uint32_t *args)
{
	struct sysret ret = { SYS_ERR_OK, { 0, 0, 0, 0 } };
	struct send_request req;
	errval_t err;

	switch (cmd) {
	case EndPointCmd_Send:
		if ((err = send_decode(ep, args, &req)))
			return sysret_error(err);
		send_invoke(args, &req);
		return ret;
	case EndPointCmd_Identify:
		ret.value[0] = ep->cap.u.endpoint.badge;
		ret.value[1] = ep->cap.u.endpoint.offset;
		ret.value[2] = ep->cap.u.endpoint.buflen;
		ret.value[3] = ep->cap.rights;
		return ret;
	default: return sysret_error(SYS_ERR_ILLEGAL_INVOCATION); /* Call: syscall.c */
	}
}
