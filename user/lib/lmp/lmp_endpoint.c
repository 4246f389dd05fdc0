/*
 * Receive buffers in this dispatcher's LMP frame (docs/ipc.md).  The frame
 * is made and handed to the kernel (DispatcherCmd_LmpFrame) on first use;
 * buffers are carved from it in chunks of LMP_CHUNK_WORDS, tracked in a
 * bitmap.  Reading a message is the receiver's half of include/lmp.h's ring.
 */
#include <stdint.h>

#include <capabilities.h>
#include <lmp.h>
#include <paging.h>
#include <slot_alloc.h>

#include "lmp_chan.h"

#define CHUNK_BYTES (LMP_CHUNK_WORDS * sizeof(uint32_t))
#define MAX_CHUNKS  1024u /* a 128 KiB frame at most */

static struct {
	uint32_t bytes; /* 0: not made yet */
	uint8_t *base;	/* our mapping */
	struct capref frame;
	uint32_t used[MAX_CHUNKS / 32]; /* a bit per chunk */
} lmp_frame;

errval_t lmp_frame_init(uint32_t bytes)
{
	size_t got;
	errval_t err;

	if (lmp_frame.bytes)
		return LIB_ERR_LMP_FRAME_SET;
	if (bytes == 0 || bytes > MAX_CHUNKS * CHUNK_BYTES)
		return LIB_ERR_LMP_FRAME_SIZE;
	if ((err = frame_alloc(&lmp_frame.frame, bytes, &got)))
		return err;
	err = paging_map_frame(get_current_paging_state(), (void **)&lmp_frame.base, got,
			       lmp_frame.frame);
	if (err_is_ok(err) && (err = invoke_dispatcher_lmp_frame(cap_dispatcher, lmp_frame.frame)))
		paging_unmap(get_current_paging_state(), lmp_frame.base);
	if (err_is_fail(err)) {
		frame_free(lmp_frame.frame);
		return err;
	}
	lmp_frame.bytes = got > MAX_CHUNKS * CHUNK_BYTES ? MAX_CHUNKS * CHUNK_BYTES : (uint32_t)got;
	return SYS_ERR_OK;
}

static bool chunk_used(uint32_t i)
{
	return (lmp_frame.used[i / 32] >> (i % 32)) & 1u;
}

static void mark_chunks(uint32_t first, uint32_t n, bool used)
{
	for (uint32_t i = first; i < first + n; i++) {
		if (used)
			lmp_frame.used[i / 32] |= 1u << (i % 32);
		else
			lmp_frame.used[i / 32] &= ~(1u << (i % 32));
	}
}

/* First fit: n free chunks in a row. */
static errval_t chunks_alloc(uint32_t n, uint32_t *first)
{
	uint32_t chunks = lmp_frame.bytes / CHUNK_BYTES, run = 0;

	for (uint32_t i = 0; i < chunks; i++) {
		run = chunk_used(i) ? 0 : run + 1;
		if (run == n) {
			*first = i + 1 - n;
			mark_chunks(*first, n, true);
			return SYS_ERR_OK;
		}
	}
	return LIB_ERR_LMP_FRAME_FULL;
}

errval_t lmp_frame_cap(struct capref *frame)
{
	errval_t err = lmp_frame.bytes ? SYS_ERR_OK : lmp_frame_init(LMP_FRAME_DEFAULT_BYTES);

	*frame = lmp_frame.frame;
	return err;
}

errval_t lmp_endpoint_create(struct lmp_endpoint *ep, uint32_t buflen, uint32_t badge,
			     struct capref *ep_cap)
{
	return lmp_endpoint_create_on(ep, buflen, badge, cap_selfep, ep_cap);
}

errval_t lmp_endpoint_create_on(struct lmp_endpoint *ep, uint32_t buflen, uint32_t badge,
				struct capref selfep, struct capref *ep_cap)
{
	uint32_t chunks = (buflen + LMP_CHUNK_WORDS - 1) / LMP_CHUNK_WORDS, first;
	errval_t err = SYS_ERR_OK;

	if (buflen < LMP_BUF_MIN_WORDS || buflen > LMP_BUF_MAX_WORDS)
		return SYS_ERR_ENDPOINT_BUFFER_INVALID;
	if (!lmp_frame.bytes && (err = lmp_frame_init(LMP_FRAME_DEFAULT_BYTES)))
		return err;
	if ((err = chunks_alloc(chunks, &first)))
		return err;
	ep->offset = first * CHUNK_BYTES;
	ep->buflen = buflen;
	ep->buf = (volatile uint32_t *)(lmp_frame.base + ep->offset);
	for (uint32_t i = 0; i < LMP_BUF_HEADER_WORDS; i++)
		ep->buf[i] = 0;
	ep->recv_slot = NULL_CAP;
	if ((err = slot_alloc(ep_cap)))
		goto fail;
	err = cap_mint_endpoint(*ep_cap, selfep, CAPRIGHTS_ALLRIGHTS, badge, ep->offset, buflen);
	if (err_is_fail(err)) {
		slot_free(*ep_cap);
		goto fail;
	}
	return SYS_ERR_OK;
fail:
	mark_chunks(first, chunks, false);
	return err;
}

void lmp_endpoint_destroy(struct lmp_endpoint *ep)
{
	if (!capref_is_null(ep->recv_slot)) {
		cap_delete(ep->recv_slot);
		slot_free(ep->recv_slot);
	}
	mark_chunks(ep->offset / CHUNK_BYTES, (ep->buflen + LMP_CHUNK_WORDS - 1) / LMP_CHUNK_WORDS,
		    false);
	ep->buf = NULL;
}

bool lmp_endpoint_can_recv(const struct lmp_endpoint *ep)
{
	return ep->buf[LMP_BUF_DELIVERED] != ep->buf[LMP_BUF_CONSUMED];
}

void lmp_endpoint_set_recv_slot(struct lmp_endpoint *ep, struct capref slot)
{
	capaddr_t addr = 0;
	uint8_t level = 0;

	if (!capref_is_null(slot) && err_is_fail(capref_addr(slot, &addr, &level)))
		level = 0;
	ep->recv_slot = slot;
	ep->buf[LMP_BUF_RECV_CPTR] = addr;
	ep->buf[LMP_BUF_RECV_LEVEL] = level;
}

/* The word at ring index *at, which moves on. */
static uint32_t ring_get(const struct lmp_endpoint *ep, uint32_t *at)
{
	uint32_t w = ep->buf[LMP_BUF_HEADER_WORDS + *at];

	if (++*at == ep->buflen - LMP_BUF_HEADER_WORDS)
		*at = 0;
	return w;
}

errval_t lmp_endpoint_recv(struct lmp_endpoint *ep, struct lmp_recv_msg *msg, struct capref *cap)
{
	uint32_t at = ep->buf[LMP_BUF_CONSUMED], header;
	struct capref fresh;

	if (!lmp_endpoint_can_recv(ep))
		return LIB_ERR_LMP_NO_MESSAGE;
	if (at + LMP_MSG_HEADER_WORDS + LMP_MSG_WORDS < ep->buflen - LMP_BUF_HEADER_WORDS) {
		/* The usual case: even the longest message does not wrap from here. */
		const volatile uint32_t *m = ep->buf + LMP_BUF_HEADER_WORDS + at;
		uint32_t n;

		header = m[0];
		msg->badge = m[1];
		n = LMP_MSG_LENGTH(header) < LMP_MSG_WORDS ? LMP_MSG_LENGTH(header) : LMP_MSG_WORDS;
		for (uint32_t i = 0; i < n; i++)
			msg->words[i] = m[LMP_MSG_HEADER_WORDS + i];
		at += LMP_MSG_HEADER_WORDS + n;
	} else {
		header = ring_get(ep, &at);
		msg->badge = ring_get(ep, &at);
		for (uint32_t i = 0; i < LMP_MSG_LENGTH(header) && i < LMP_MSG_WORDS; i++)
			msg->words[i] = ring_get(ep, &at);
	}
	msg->length = LMP_MSG_LENGTH(header);
	msg->from_kernel = (header & LMP_MSG_FROM_KERNEL) != 0;
	ep->buf[LMP_BUF_CONSUMED] = at;
	if (cap)
		*cap = NULL_CAP;
	if (!(header & LMP_MSG_HAS_CAP))
		return SYS_ERR_OK;
	if (!cap) { /* the caller does not want it: the slot serves again */
		cap_delete(ep->recv_slot);
		return SYS_ERR_OK;
	}
	*cap = ep->recv_slot;
	/* The next capability needs a slot of its own. */
	if (err_is_fail(slot_alloc(&fresh)))
		fresh = NULL_CAP;
	lmp_endpoint_set_recv_slot(ep, fresh);
	return SYS_ERR_OK;
}
