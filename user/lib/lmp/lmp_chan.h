/*
 * Message passing in user space (docs/ipc.md), after Barrelfish's
 * lmp_endpoint, lmp_chan and waitset:
 *
 *  - an lmp_endpoint is one receive buffer in this dispatcher's LMP frame
 *    (a Frame the kernel writes messages into, set up on first use), with
 *    an EndPoint capability minted for it that others send on;
 *  - an lmp_chan is a pair: our endpoint and the remote's EndPoint;
 *  - a waitset holds channels with a handler each; event_dispatch() runs
 *    the handler of one channel that has a message, and blocks in the
 *    kernel while none has (a blocking yield that cannot miss a message).
 */
#ifndef LMP_CHAN_H
#define LMP_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include <capabilities.h>
#include <lmp.h>

#define LMP_FRAME_DEFAULT_BYTES (4u * 1024u) /* the LMP frame, unless set before first use */
#define LMP_CHUNK_WORDS		32u	     /* buffers are made of chunks of this many words */
#define LMP_CHAN_BUFLEN		256u	     /* the words of a channel's buffer by default */

/* Make the LMP frame `bytes` big (before anything uses it; init makes it larger). */
errval_t lmp_frame_init(uint32_t bytes);

struct lmp_endpoint {
	volatile uint32_t *buf;	 /* header and ring, in our mapping of the LMP frame */
	uint32_t offset;	 /* in the frame, bytes */
	uint32_t buflen;	 /* words */
	struct capref recv_slot; /* where a capability arrives (NULL_CAP: nowhere) */
};

struct lmp_recv_msg {
	uint32_t length;  /* payload words */
	uint32_t badge;	  /* of the EndPoint the sender used */
	bool from_kernel; /* the kernel sent it (an exit: LMP_EXIT_WORD, status) */
	uint32_t words[LMP_MSG_WORDS];
};

/* A buffer of buflen words, and in *ep_cap (a fresh slot) an EndPoint to it with `badge`. */
errval_t lmp_endpoint_create(struct lmp_endpoint *ep, uint32_t buflen, uint32_t badge,
			     struct capref *ep_cap);
/*
 * The same for another dispatcher of this process, whose SELFEP is `selfep`:
 * the buffer is in our LMP frame, which must be that dispatcher's LMP frame
 * too (invoke_dispatcher_lmp_frame with lmp_frame_cap()).
 */
errval_t lmp_endpoint_create_on(struct lmp_endpoint *ep, uint32_t buflen, uint32_t badge,
				struct capref selfep, struct capref *ep_cap);
/* Our LMP frame (made on first use). */
errval_t lmp_frame_cap(struct capref *frame);
/* Give the buffer back (the EndPoint capabilities to it must be gone first). */
void lmp_endpoint_destroy(struct lmp_endpoint *ep);
bool lmp_endpoint_can_recv(const struct lmp_endpoint *ep);
/* Name the slot the next transferred capability goes to (NULL_CAP: none). */
void lmp_endpoint_set_recv_slot(struct lmp_endpoint *ep, struct capref slot);
/*
 * Take the oldest message.  If it carried a capability, *cap (if not NULL)
 * is the slot it is in, and a fresh receive slot is named for the next one;
 * else *cap is NULL_CAP.  LIB_ERR_LMP_NO_MESSAGE if there is none.
 */
errval_t lmp_endpoint_recv(struct lmp_endpoint *ep, struct lmp_recv_msg *msg, struct capref *cap);

struct waitset;

struct event_closure {
	void (*handler)(void *arg);
	void *arg;
};

struct lmp_chan {
	struct lmp_endpoint endpoint; /* we receive here */
	struct capref local_cap;      /* an EndPoint to it, for the remote */
	struct capref remote_cap;     /* the remote's EndPoint: we send on it */
	struct lmp_ep_ref remote_ref; /* its address, for words alone (lmp_chan_set_remote) */
	struct waitset *waitset;      /* where it is registered, or NULL */
	struct event_closure closure;
	struct lmp_chan *next; /* in the waitset */
};

/* A channel with a fresh buffer of buflen words whose remote end is remote_cap. */
errval_t lmp_chan_accept(struct lmp_chan *lc, uint32_t buflen, struct capref remote_cap);
/* lmp_chan_accept, then send our EndPoint on remote_cap (message LMP_CHAN_BIND): the
 * remote answers on it. */
errval_t lmp_chan_connect(struct lmp_chan *lc, uint32_t buflen, struct capref remote_cap);
#define LMP_CHAN_BIND 0x62696e64u /* "bind": the first word of lmp_chan_connect's message */
/* Send on remote_cap from now on (the remote's EndPoint came in a message). */
errval_t lmp_chan_set_remote(struct lmp_chan *lc, struct capref remote_cap);
/* Delete our EndPoint, free the buffer, leave the waitset (remote_cap stays the caller's). */
void lmp_chan_destroy(struct lmp_chan *lc);

/* Words alone, through the remote's lmp_ep_ref: no address to work out again. */
static inline errval_t lmp_chan_send_words(struct lmp_chan *lc, uint32_t flags, uint32_t length,
					   const uint32_t *words)
{
	return lmp_ep_ref_send(&lc->remote_ref, flags, length, words);
}
/* Inline, so that a send of words alone costs no more than the system call (NULL_CAP is an
 * object, not a constant: a caller that knows it sends no capability says so with
 * lmp_chan_send_words). */
static inline errval_t lmp_chan_send(struct lmp_chan *lc, uint32_t flags, struct capref cap,
				     uint32_t length, const uint32_t *words)
{
	if (capref_is_null(cap))
		return lmp_chan_send_words(lc, flags, length, words);
	return lmp_ep_send(lc->remote_cap, flags, cap, length, words);
}
#define lmp_chan_sendv(lc, flags, cap, ...)                                                   \
	lmp_chan_send(lc, flags, cap, sizeof((uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t), \
		      (const uint32_t[]){ __VA_ARGS__ })
static inline errval_t lmp_chan_recv(struct lmp_chan *lc, struct lmp_recv_msg *msg,
				     struct capref *cap)
{
	return lmp_endpoint_recv(&lc->endpoint, msg, cap);
}
/* Wait (blocking) for a message on lc, and take it. */
errval_t lmp_chan_recv_blocking(struct lmp_chan *lc, struct lmp_recv_msg *msg, struct capref *cap);
bool lmp_chan_can_recv(const struct lmp_chan *lc);

/* --- waitsets ------------------------------------------------------------------------------- */

struct waitset {
	struct lmp_chan *head, *tail; /* channels waiting for a message, served in turn */
};

void waitset_init(struct waitset *ws);
struct waitset *get_default_waitset(void);
/* Run closure once when lc has a message (register again to hear of the next one). */
errval_t lmp_chan_register_recv(struct lmp_chan *lc, struct waitset *ws,
				struct event_closure closure);
void lmp_chan_deregister_recv(struct lmp_chan *lc);
/*
 * Before looking at the buffers, note the deliveries seen so far: a message
 * that comes after this makes the next blocking yield return at once.
 */
void lmp_note_seen(void);
/* Run one handler, blocking until a registered channel has a message. */
errval_t event_dispatch(struct waitset *ws);
/* Run one handler if a message is there; LIB_ERR_LMP_NO_MESSAGE if none. */
errval_t event_dispatch_non_block(struct waitset *ws);

#endif
