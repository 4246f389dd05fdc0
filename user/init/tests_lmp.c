/*
 * In-system tests of message passing (docs/ipc.md): sending on EndPoints,
 * the buffer ring and its hostile header, capability transfer and each of
 * its refusals, blocking yields without lost wake-ups, directed yields,
 * and dispatchers that die while blocked.  init receives in its own LMP
 * frame; helper dispatchers (helper.h) send, block and are woken.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <lmp_chan.h>
#include <paging.h>
#include <slot_alloc.h>

#include "helper.h"
#include "proc.h"
#include "tests.h"

#define WAIT_YIELDS 200 /* init's turns a helper gets to reach the state a test waits for */

/* init's LMP frame exists before a test's snapshot: it stays for good once made. */
static void lmp_frame_ready(void)
{
	errval_t err = lmp_frame_init(LMP_FRAME_DEFAULT_BYTES);

	if (err_is_fail(err) && err != LIB_ERR_LMP_FRAME_SET)
		DEBUG_ERR(err, "init's LMP frame");
}

static errval_t send_words(struct capref ep, uint32_t flags, uint32_t n, uint32_t first)
{
	uint32_t w[LMP_MSG_WORDS];

	for (uint32_t i = 0; i < n && i < LMP_MSG_WORDS; i++)
		w[i] = first + i;
	return lmp_ep_send(ep, flags, NULL_CAP, n, w);
}

/* The next message is n words from `first` up, with `badge`. */
static bool got_words(struct lmp_endpoint *ep, uint32_t badge, uint32_t n, uint32_t first)
{
	struct lmp_recv_msg msg;

	if (lmp_endpoint_recv(ep, &msg, NULL) != SYS_ERR_OK || msg.badge != badge ||
	    msg.length != n)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (msg.words[i] != first + i)
			return false;
	return true;
}

static void test_lmp_send_receive(void)
{
	struct lmp_endpoint ep;
	struct capref cap;
	struct sched_counters before, after;

	lmp_frame_ready();
	EXPECT_OK(lmp_endpoint_create(&ep, LMP_CHAN_BUFLEN, 42, &cap));
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &before));
	EXPECT(!lmp_endpoint_can_recv(&ep));
	EXPECT_OK(send_words(cap, 0, 3, 100));
	EXPECT_OK(send_words(cap, 0, 0, 0));
	EXPECT_OK(send_words(cap, 0, LMP_MSG_WORDS, 200));
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &after));
	EXPECT(after.delivered == before.delivered + 3);
	EXPECT(disp_frame()->generic.lmp_delivered == after.delivered);
	EXPECT(got_words(&ep, 42, 3, 100));
	EXPECT(got_words(&ep, 42, 0, 0));
	EXPECT(got_words(&ep, 42, LMP_MSG_WORDS, 200));
	EXPECT(!lmp_endpoint_can_recv(&ep));
	EXPECT_ERR(lmp_endpoint_recv(&ep, &(struct lmp_recv_msg){ 0 }, NULL),
		   LIB_ERR_LMP_NO_MESSAGE);
	/* Flags the kernel does not know, and a payload longer than LMP_MSG_WORDS. */
	EXPECT_ERR(lmp_ep_send(cap, 1u << 30, NULL_CAP, 0, NULL), SYS_ERR_LMP_FLAGS_INVALID);
	/* A length in the flags (the length is an argument of its own): refused by libcap,
	 * which would otherwise send whatever the registers after the words held. */
	EXPECT_ERR(lmp_ep_send(cap, LMP_SEND_LENGTH(3), NULL_CAP, 0, NULL),
		   SYS_ERR_LMP_FLAGS_INVALID);
	EXPECT(!lmp_endpoint_can_recv(&ep));
	EXPECT_ERR(syscall_invoke(CAPADDR(CAPADDR_L1(cap.cnode.cnode), cap.slot), CAPADDR_LEVEL_L2,
				  EndPointCmd_Send, LMP_MSG_WORDS + 1, 0, 0, 0, 0, 0, 0, 0)
		       .error,
		   SYS_ERR_LMP_FLAGS_INVALID);
	EXPECT_ERR(lmp_ep_send(cap, LMP_SEND_MOVE, NULL_CAP, 0, NULL), SYS_ERR_LMP_FLAGS_INVALID);
	EXPECT(!lmp_endpoint_can_recv(&ep));
	/* SELFEP names no buffer. */
	EXPECT_ERR(send_words(cap_selfep, 0, 1, 0), SYS_ERR_LMP_NO_BUFFER);
	EXPECT_OK(cap_delete(cap));
	slot_free(cap);
	lmp_endpoint_destroy(&ep);
}

/* The one message waiting, if any, as (badge, length, words); (0, ~0) if none. */
static struct lmp_recv_msg take_message(struct lmp_endpoint *ep)
{
	struct lmp_recv_msg msg = { .length = ~0u };

	if (lmp_endpoint_recv(ep, &msg, NULL) != SYS_ERR_OK)
		msg = (struct lmp_recv_msg){ .length = ~0u };
	return msg;
}

/*
 * A send through an lmp_ep_ref gives what lmp_ep_send with NULL_CAP gives,
 * for every flag and length, good or bad; the ref names the slot, not what it
 * held when it was made.
 */
static void test_lmp_ep_ref_sends_as_ep_send(void)
{
	/* To itself: a directed yield to init is a yield to the caller, seen nowhere. */
	const uint32_t flags[] = {
		0,	  LMP_SEND_YIELD,    LMP_SEND_MOVE, LMP_SEND_YIELD | LMP_SEND_MOVE,
		1u << 30, LMP_SEND_LENGTH(3)
	};
	const uint32_t lengths[] = { 0, 1, 4, LMP_MSG_WORDS, LMP_MSG_WORDS + 1 };
	uint32_t w[LMP_MSG_WORDS + 1];
	struct lmp_endpoint ep, other;
	struct capref cap, other_cap;
	const struct capref root_slot = { cnode_root, ROOTCN_SLOT_TASKCN };
	struct lmp_ep_ref ref, unmade;

	lmp_frame_ready();
	for (uint32_t i = 0; i < LMP_MSG_WORDS + 1; i++)
		w[i] = 0x5e0d0000u + i;
	EXPECT_OK(lmp_endpoint_create(&ep, LMP_CHAN_BUFLEN, 7, &cap));
	EXPECT_OK(lmp_ep_ref_make(cap, &ref));
	for (uint32_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		for (uint32_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++) {
			errval_t by_cap = lmp_ep_send(cap, flags[f], NULL_CAP, lengths[l], w);
			struct lmp_recv_msg a = take_message(&ep);
			errval_t by_ref = lmp_ep_ref_send(&ref, flags[f], lengths[l], w);
			struct lmp_recv_msg b = take_message(&ep);

			EXPECT(by_cap == by_ref);
			EXPECT(a.length == b.length && a.badge == b.badge);
			EXPECT(a.length == ~0u ||
			       memcmp(a.words, b.words, a.length * sizeof(uint32_t)) == 0);
		}
	}
	/* A capref that cannot be invoked makes no ref (even over a good one), and an unmade
	 * ref sends nothing, before it looks at flags and length as lmp_ep_send does. */
	unmade = ref;
	EXPECT_ERR(lmp_ep_ref_make(NULL_CAP, &unmade), LIB_ERR_CAP_NOT_ADDRESSABLE);
	EXPECT_ERR(lmp_ep_ref_send(&unmade, 0, 1, w), LIB_ERR_CAP_NOT_ADDRESSABLE);
	EXPECT_ERR(lmp_ep_ref_send(&unmade, 1u << 30, LMP_MSG_WORDS + 1, w),
		   LIB_ERR_CAP_NOT_ADDRESSABLE);
	EXPECT_ERR(lmp_ep_send(NULL_CAP, 1u << 30, NULL_CAP, LMP_MSG_WORDS + 1, w),
		   LIB_ERR_CAP_NOT_ADDRESSABLE);
	/* A slot of the root CNode is invoked at level 1: the same answer both ways (it holds
	 * an L2 CNode, not an EndPoint). */
	EXPECT_OK(lmp_ep_ref_make(root_slot, &unmade));
	EXPECT(lmp_ep_ref_send(&unmade, 0, 1, w) == lmp_ep_send(root_slot, 0, NULL_CAP, 1, w));
	EXPECT(lmp_ep_ref_send(&unmade, 0, 1, w) != SYS_ERR_OK);
	/* The slot emptied: the kernel says so, as it does to lmp_ep_send. */
	EXPECT_OK(cap_delete(cap));
	EXPECT_ERR(lmp_ep_ref_send(&ref, 0, 1, w), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(lmp_ep_send(cap, 0, NULL_CAP, 1, w), SYS_ERR_CAP_NOT_FOUND);
	/* Another EndPoint in the same slot: the ref sends to it, with its badge. */
	EXPECT_OK(lmp_endpoint_create(&other, LMP_CHAN_BUFLEN, 8, &other_cap));
	EXPECT_OK(cap_copy(cap, other_cap));
	EXPECT_OK(lmp_ep_ref_send(&ref, 0, 2, w));
	EXPECT(!lmp_endpoint_can_recv(&ep));
	EXPECT(got_words(&other, 8, 2, w[0]));
	EXPECT_OK(cap_delete(cap));
	slot_free(cap);
	EXPECT_OK(cap_delete(other_cap));
	slot_free(other_cap);
	lmp_endpoint_destroy(&ep);
	lmp_endpoint_destroy(&other);
}

/* A full ring refuses the message whole; the ring wraps word by word. */
static void test_lmp_buffer_full_and_wrap(void)
{
	struct lmp_endpoint ep;
	struct capref cap;
	uint32_t ring = LMP_BUF_MIN_WORDS - LMP_BUF_HEADER_WORDS, msg = LMP_MSG_HEADER_WORDS + 8;
	uint32_t fits = (ring - 1) / msg;

	lmp_frame_ready();
	EXPECT_OK(lmp_endpoint_create(&ep, LMP_BUF_MIN_WORDS, 7, &cap));
	for (uint32_t i = 0; i < fits; i++)
		EXPECT_OK(send_words(cap, 0, 8, i * 8));
	EXPECT_ERR(send_words(cap, 0, 8, 999), SYS_ERR_LMP_BUFFER_FULL);
	for (uint32_t i = 0; i < fits; i++)
		EXPECT(got_words(&ep, 7, 8, i * 8));
	EXPECT(!lmp_endpoint_can_recv(&ep));
	/* Messages of every length, 1000 times round the ring. */
	for (uint32_t i = 0; i < 1000; i++) {
		EXPECT_OK(send_words(cap, 0, i % (LMP_MSG_WORDS + 1), i));
		EXPECT_OK(send_words(cap, 0, (i + 3) % (LMP_MSG_WORDS + 1), i + 1));
		EXPECT(got_words(&ep, 7, i % (LMP_MSG_WORDS + 1), i));
		EXPECT(got_words(&ep, 7, (i + 3) % (LMP_MSG_WORDS + 1), i + 1));
	}
	EXPECT_OK(cap_delete(cap));
	slot_free(cap);
	lmp_endpoint_destroy(&ep);
}

/* The receiver may scribble over its header: the kernel never writes outside the buffer. */
static void test_lmp_hostile_header(void)
{
	struct lmp_endpoint ep, next;
	struct capref cap, next_cap;
	const uint32_t ring = LMP_BUF_MIN_WORDS - LMP_BUF_HEADER_WORDS;
	const uint32_t bad[][2] = {
		{ ring, 0 }, { 0, ring }, { 0xffffffffu, 0 }, { 0, 0x80000000u }
	};

	lmp_frame_ready();
	EXPECT_OK(lmp_endpoint_create(&ep, LMP_BUF_MIN_WORDS, 1, &cap));
	EXPECT_OK(lmp_endpoint_create(&next, LMP_BUF_MIN_WORDS, 2, &next_cap));
	EXPECT(next.offset == ep.offset + LMP_BUF_MIN_WORDS * sizeof(uint32_t)); /* right after */
	/* Its chunk may hold an earlier buffer's words: zero, so a stray write would show. */
	for (uint32_t i = 0; i < LMP_BUF_MIN_WORDS; i++)
		next.buf[i] = 0;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ep.buf[LMP_BUF_DELIVERED] = bad[i][0];
		ep.buf[LMP_BUF_CONSUMED] = bad[i][1];
		EXPECT_ERR(send_words(cap, 0, 1, 5), SYS_ERR_LMP_BUFFER_CORRUPT);
	}
	/* Indices just inside the ring work, and the message wraps from the last word. */
	ep.buf[LMP_BUF_DELIVERED] = ring - 1;
	ep.buf[LMP_BUF_CONSUMED] = ring - 1;
	EXPECT_OK(send_words(cap, 0, 4, 50));
	EXPECT(ep.buf[LMP_BUF_DELIVERED] == (ring - 1 + LMP_MSG_HEADER_WORDS + 4) % ring);
	EXPECT(got_words(&ep, 1, 4, 50));
	/* The buffer after it was never touched. */
	for (uint32_t i = 0; i < LMP_BUF_MIN_WORDS; i++)
		EXPECT(next.buf[i] == 0);
	EXPECT_OK(cap_delete(cap));
	EXPECT_OK(cap_delete(next_cap));
	slot_free(cap);
	slot_free(next_cap);
	lmp_endpoint_destroy(&ep);
	lmp_endpoint_destroy(&next);
}

/* Badge and buffer are set once; identify shows them (the host test has every case). */
static void test_lmp_mint_rules(void)
{
	struct capref a = NULL_CAP, b = NULL_CAP;
	struct endpoint_identity id;

	EXPECT_OK(slot_alloc(&a));
	EXPECT_OK(slot_alloc(&b));
	EXPECT_ERR(cap_mint_endpoint(a, cap_selfep, CAPRIGHTS_ALLRIGHTS, 0, 2, 64),
		   SYS_ERR_ENDPOINT_BUFFER_INVALID);
	EXPECT_ERR(cap_mint_endpoint(a, cap_selfep, CAPRIGHTS_ALLRIGHTS, 0, 0, 5),
		   SYS_ERR_ENDPOINT_BUFFER_INVALID);
	EXPECT_OK(cap_mint_endpoint(a, cap_selfep, CAPRIGHTS_ALLRIGHTS, 5, 4096, 64));
	EXPECT_OK(endpoint_identify(a, &id));
	EXPECT(id.badge == 5 && id.offset == 4096 && id.buflen == 64);
	EXPECT(id.rights & CAPRIGHTS_GRANT);
	EXPECT_ERR(cap_mint_endpoint(b, a, CAPRIGHTS_ALLRIGHTS, 6, 0, 0),
		   SYS_ERR_ENDPOINT_BADGE_SET);
	EXPECT_ERR(cap_mint_endpoint(b, a, CAPRIGHTS_ALLRIGHTS, 0, 0, 128),
		   SYS_ERR_ENDPOINT_BUFFER_SET);
	EXPECT_ERR(cap_mint(b, a, CAPRIGHTS_ALLRIGHTS, 6), SYS_ERR_ENDPOINT_BADGE_SET);
	EXPECT_OK(cap_mint(b, a, CAPRIGHTS_REVOKE, 0));
	EXPECT_OK(endpoint_identify(b, &id));
	EXPECT(id.badge == 5 && id.offset == 4096 && id.buflen == 64 &&
	       id.rights == CAPRIGHTS_REVOKE);
	EXPECT_OK(cap_delete(a));
	EXPECT_OK(cap_delete(b));
	slot_free(a);
	slot_free(b);
}

/* The receive slot's states and the GRANT right: each refusal leaves both sides as they were. */
static void test_lmp_cap_transfer_refusals(void)
{
	struct lmp_endpoint ep;
	struct capref cap, nogrant = NULL_CAP, frame, slot = NULL_CAP, empty = NULL_CAP;
	struct snapshot before, after;
	uint32_t delivered;

	lmp_frame_ready();
	EXPECT_OK(lmp_endpoint_create(&ep, LMP_CHAN_BUFLEN, 3, &cap));
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(slot_alloc(&nogrant));
	EXPECT_OK(slot_alloc(&slot));
	EXPECT_OK(slot_alloc(&empty));
	EXPECT_OK(cap_mint(nogrant, cap, CAPRIGHTS_REVOKE, 0));
	EXPECT_OK(take_snapshot(&before));
	delivered = ep.buf[LMP_BUF_DELIVERED];
	EXPECT_ERR(lmp_ep_send(nogrant, 0, frame, 0, NULL), SYS_ERR_LMP_GRANT);
	EXPECT_ERR(lmp_ep_send(cap, 0, frame, 0, NULL), SYS_ERR_LMP_RECV_SLOT_NONE);
	/* A receive slot in a CNode that does not exist, and one that is full. */
	ep.buf[LMP_BUF_RECV_CPTR] = CAPADDR(200, 0);
	ep.buf[LMP_BUF_RECV_LEVEL] = CAPADDR_LEVEL_L2;
	EXPECT_ERR(lmp_ep_send(cap, 0, frame, 0, NULL), SYS_ERR_LMP_RECV_SLOT_INVALID);
	ep.buf[LMP_BUF_RECV_LEVEL] = 3;
	EXPECT_ERR(lmp_ep_send(cap, LMP_SEND_MOVE, frame, 0, NULL), SYS_ERR_LMP_RECV_SLOT_INVALID);
	lmp_endpoint_set_recv_slot(&ep, cap_dispframe);
	EXPECT_ERR(lmp_ep_send(cap, LMP_SEND_MOVE, frame, 0, NULL), SYS_ERR_LMP_RECV_SLOT_OCCUPIED);
	/* No capability at the address given, and one that cannot be copied. */
	lmp_endpoint_set_recv_slot(&ep, slot);
	EXPECT_ERR(lmp_ep_send(cap, 0, empty, 0, NULL), SYS_ERR_CAP_NOT_FOUND);
	EXPECT(ep.buf[LMP_BUF_DELIVERED] == delivered);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  refused transfer: ") == 0);
	EXPECT_OK(cap_delete(nogrant));
	slot_free(nogrant);
	lmp_endpoint_set_recv_slot(&ep, NULL_CAP);
	slot_free(slot);
	slot_free(empty);
	EXPECT_OK(cap_delete(cap));
	slot_free(cap);
	lmp_endpoint_destroy(&ep);
	frame_free(frame);
}

/* A copy leaves the sender's capability; a move takes it; an EndPoint may send itself. */
static void test_lmp_cap_transfer(void)
{
	struct lmp_endpoint ep;
	struct capref cap, frame, got, copy = NULL_CAP, slot = NULL_CAP;
	struct capability_identity id, gid;
	struct lmp_recv_msg msg;
	uint32_t frames, eps;

	lmp_frame_ready();
	frames = count_of(ObjType_Frame);
	EXPECT_OK(lmp_endpoint_create(&ep, LMP_CHAN_BUFLEN, 9, &cap));
	EXPECT_OK(slot_alloc(&slot));
	lmp_endpoint_set_recv_slot(&ep, slot);
	EXPECT_OK(frame_alloc(&frame, 8 * KiB, NULL));
	EXPECT_OK(cap_identify(frame, &id));
	EXPECT_OK(lmp_ep_send(cap, 0, frame, 1, (const uint32_t[]){ 77 }));
	EXPECT(count_of(ObjType_Frame) == frames + 2);
	EXPECT_OK(lmp_endpoint_recv(&ep, &msg, &got));
	EXPECT(msg.badge == 9 && msg.length == 1 && msg.words[0] == 77);
	EXPECT(capref_equal(got, slot));
	EXPECT_OK(cap_identify(got, &gid));
	EXPECT(gid.type == ObjType_Frame && gid.base == id.base && gid.bytes == id.bytes);
	/* A move: the copy just received goes back into the next receive slot. */
	EXPECT_OK(lmp_ep_send(cap, LMP_SEND_MOVE, got, 0, NULL));
	EXPECT_ERR(cap_identify(got, &gid), SYS_ERR_CAP_NOT_FOUND);
	EXPECT(count_of(ObjType_Frame) == frames + 2);
	EXPECT_OK(lmp_endpoint_recv(&ep, &msg, &copy));
	EXPECT(msg.length == 0 && !capref_equal(copy, got));
	EXPECT_OK(cap_identify(copy, &gid));
	EXPECT(gid.base == id.base);
	EXPECT_OK(cap_delete(copy));
	slot_free(copy);
	slot_free(got);
	/* The EndPoint moves itself: the message still carries its badge. */
	eps = count_of(ObjType_EndPoint);
	EXPECT_OK(lmp_ep_send(cap, LMP_SEND_MOVE, cap, 0, NULL));
	EXPECT(count_of(ObjType_EndPoint) == eps);
	EXPECT_OK(lmp_endpoint_recv(&ep, &msg, &copy));
	EXPECT(msg.badge == 9);
	EXPECT_ERR(cap_identify(cap, &gid), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_OK(cap_delete(copy));
	slot_free(copy);
	slot_free(cap);
	lmp_endpoint_destroy(&ep);
	EXPECT_OK(frame_free(frame));
	EXPECT(count_of(ObjType_Frame) == frames);
}

/* --- helpers that block ------------------------------------------------------------------- */

/* A helper with an LMP frame and an EndPoint to its own buffer, which init can read too. */
struct lmp_helper {
	struct helper h;
	struct capref selfep, ep, lmp_frame;
	volatile uint32_t *buf; /* its buffer, in init's mapping */
	volatile uint32_t go;	/* set up: the helper may start */
	volatile uint32_t step; /* how far the helper got */
};

/* Helpers wait until init has made their EndPoint and LMP frame. */
static struct lmp_helper *helper_ready(uint32_t arg)
{
	struct lmp_helper *lh = (struct lmp_helper *)arg;

	while (!lh->go)
		sys_yield();
	return lh;
}

static errval_t lmp_helper_start(struct lmp_helper *lh, const char *name, helper_fn fn)
{
	errval_t err;

	lh->step = 0;
	lh->go = 0;
	lh->selfep = lh->ep = NULL_CAP;
	if ((err = frame_alloc(&lh->lmp_frame, 4 * KiB, NULL)))
		return err;
	if ((err = paging_map_frame(get_current_paging_state(), (void **)&lh->buf, 4 * KiB,
				    lh->lmp_frame)))
		return err;
	memset((void *)lh->buf, 0, 4 * KiB);
	if ((err = helper_start(&lh->h, name, fn, (uint32_t)lh)))
		return err;
	/* Its SELFEP, retyped from its dispatcher, and a buffer at the start of its frame. */
	if ((err = slot_alloc(&lh->selfep)) || (err = slot_alloc(&lh->ep)))
		return err;
	if ((err = cap_retype(lh->selfep, lh->h.disp, 0, ObjType_EndPoint, 0, 1)))
		return err;
	err = cap_mint_endpoint(lh->ep, lh->selfep, CAPRIGHTS_ALLRIGHTS, 1, 0, LMP_BUF_MIN_WORDS);
	if (err_is_ok(err))
		err = invoke_dispatcher_lmp_frame(lh->h.disp, lh->lmp_frame);
	lh->go = 1;
	return err;
}

static void lmp_helper_destroy(struct lmp_helper *lh)
{
	cap_delete(lh->ep); /* gone already if the dispatcher died first */
	slot_free(lh->ep);
	cap_delete(lh->selfep);
	slot_free(lh->selfep);
	helper_destroy(&lh->h);
	paging_unmap(get_current_paging_state(), (void *)lh->buf);
	frame_free(lh->lmp_frame);
}

/* Yield until the helper is in `state` (or a while has passed). */
static bool wait_for_state(const struct lmp_helper *lh, uint32_t state)
{
	struct sched_counters c = { 0 };

	for (int i = 0; i < WAIT_YIELDS; i++) {
		if (helper_state(&lh->h) == state)
			return true;
		sys_yield();
	}
	if (helper_state(&lh->h) == state)
		return true;
	invoke_kernel_sched_counters(lh->h.disp, &c);
	printf("  helper '%s' is in state %u, not %u: step %u, %u runs, %u blocks, %u delivered\n",
	       lh->h.frame_va->shared.name, (unsigned)helper_state(&lh->h), (unsigned)state,
	       (unsigned)lh->step, (unsigned)c.runs, (unsigned)c.blocks, (unsigned)c.delivered);
	return false;
}

static bool buffer_has_message(const struct lmp_helper *lh)
{
	return lh->buf[LMP_BUF_DELIVERED] != lh->buf[LMP_BUF_CONSUMED];
}

/* Looks, sends itself a message, then yields blocking: the yield must return at once. */
static int look_send_block(uint32_t arg)
{
	struct lmp_helper *lh = helper_ready(arg);
	struct dispatcher_frame *f = disp_frame();

	f->generic.lmp_seen = f->generic.lmp_delivered;
	if (lmp_ep_send(lh->ep, 0, NULL_CAP, 0, NULL))
		return 2;
	lh->step = 1;
	sys_yield_block();
	lh->step = 2;
	return buffer_has_message(lh) ? 0 : 3;
}

static void test_lmp_block_no_lost_wakeup(void)
{
	struct lmp_helper lh;
	struct sched_counters c;

	EXPECT_OK(lmp_helper_start(&lh, "lookblock", look_send_block));
	EXPECT(wait_for_state(&lh, DISPATCHER_STATE_EXITED));
	EXPECT(lh.step == 2);
	EXPECT(helper_wait(&lh.h) == 0);
	EXPECT_OK(invoke_kernel_sched_counters(lh.h.disp, &c));
	EXPECT(c.blocks == 0 && c.delivered == 1);
	lmp_helper_destroy(&lh);
}

/* Blocks until init sends; then records that it ran and exits. */
static int block_until_message(uint32_t arg)
{
	struct lmp_helper *lh = helper_ready(arg);
	struct dispatcher_frame *f = disp_frame();

	lh->step = 1;
	for (;;) {
		f->generic.lmp_seen = f->generic.lmp_delivered;
		if (buffer_has_message(lh))
			break;
		sys_yield_block();
	}
	lh->step = 2;
	return 0;
}

/* A blocked helper, off the run queue, woken by a send that hands it the turn: through
 * lmp_ep_send or through an lmp_ep_ref (init's replies and RPC calls go that way). */
static void block_and_wake(bool by_ref, const char *prefix)
{
	struct lmp_helper lh;
	struct sched_counters c0, c1, c2;
	struct snapshot before, after;
	struct lmp_ep_ref ref;
	const uint32_t one = 1;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(lmp_helper_start(&lh, "blocker", block_until_message));
	EXPECT(wait_for_state(&lh, DISPATCHER_STATE_BLOCKED));
	EXPECT(lh.step == 1);
	EXPECT_OK(invoke_kernel_sched_counters(lh.h.disp, &c0));
	EXPECT(c0.blocks == 1);
	/* Off the run queue: it gets no turns however often init yields. */
	for (int i = 0; i < 20; i++)
		sys_yield();
	EXPECT_OK(invoke_kernel_sched_counters(lh.h.disp, &c1));
	EXPECT(c1.runs == c0.runs && helper_state(&lh.h) == DISPATCHER_STATE_BLOCKED);
	/* A send that hands over the turn: the helper has run before the send returns. */
	EXPECT_OK(lmp_ep_ref_make(lh.ep, &ref));
	EXPECT_OK(by_ref ? lmp_ep_ref_send(&ref, LMP_SEND_YIELD, 1, &one)
			 : lmp_ep_send(lh.ep, LMP_SEND_YIELD, NULL_CAP, 1, &one));
	EXPECT(lh.step == 2);
	EXPECT_OK(invoke_kernel_sched_counters(lh.h.disp, &c2));
	EXPECT(c2.runs == c1.runs + 1 && c2.delivered == 1);
	EXPECT(helper_wait(&lh.h) == 0);
	lmp_helper_destroy(&lh);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, prefix) == 0);
}

static void test_lmp_block_and_wake(void)
{
	block_and_wake(false, "  block and wake: ");
}

static void test_lmp_ref_send_hands_over_the_turn(void)
{
	block_and_wake(true, "  block and wake by ref: ");
}

/* A send with a capability takes the general path: it hands over the turn all the same. */
static void test_lmp_cap_send_hands_over_the_turn(void)
{
	struct snapshot before, after;
	struct lmp_helper lh;
	struct capref frame, slot;
	capaddr_t addr;
	uint8_t level;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(frame_alloc(&frame, BASE_PAGE_SIZE, NULL));
	EXPECT_OK(slot_alloc(&slot));
	EXPECT_OK(capref_addr(slot, &addr, &level));
	EXPECT_OK(lmp_helper_start(&lh, "capwake", block_until_message));
	EXPECT(wait_for_state(&lh, DISPATCHER_STATE_BLOCKED));
	lh.buf[LMP_BUF_RECV_CPTR] = addr; /* the helper shares our CSpace */
	lh.buf[LMP_BUF_RECV_LEVEL] = level;
	EXPECT_OK(lmp_ep_send(lh.ep, LMP_SEND_YIELD, frame, 1, (const uint32_t[]){ 1 }));
	EXPECT(lh.step == 2);
	EXPECT(helper_wait(&lh.h) == 0);
	lmp_helper_destroy(&lh);
	EXPECT_OK(cap_delete(slot));
	slot_free(slot);
	EXPECT_OK(frame_free(frame));
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  cap send yields: ") == 0);
}

/*
 * Two helpers that hand the CPU to each other with every message
 * (LMP_SEND_YIELD), on turns of several ticks: a directed yield lends the
 * rest of a turn, so the pair still gets one turn in each round and init
 * gets its own.  If a yield gave the receiver a turn of its own, the pair
 * would keep init from running until it stopped by itself.
 */
static struct lmp_helper pair[2];
static volatile uint32_t pair_messages, pair_stop;
enum { PAIR_MESSAGE_LIMIT = 1000000, PAIR_TIMESLICE_TICKS = 5 };

static int pass_back_and_forth(uint32_t arg)
{
	struct lmp_helper *lh = helper_ready(arg), *peer = &pair[lh == &pair[0]];
	struct dispatcher_frame *f = disp_frame();

	while (!peer->go)
		sys_yield();
	if (lh == &pair[0] && lmp_ep_send(peer->ep, LMP_SEND_YIELD, NULL_CAP, 0, NULL))
		return 2;
	for (;;) {
		f->generic.lmp_seen = f->generic.lmp_delivered;
		if (!buffer_has_message(lh)) {
			sys_yield_block();
			continue;
		}
		lh->buf[LMP_BUF_CONSUMED] = lh->buf[LMP_BUF_DELIVERED];
		if (pair_stop || ++pair_messages >= PAIR_MESSAGE_LIMIT)
			return 0;
		if (lmp_ep_send(peer->ep, LMP_SEND_YIELD, NULL_CAP, 0, NULL))
			return 3;
	}
}

static void test_lmp_yield_pair_cannot_starve(void)
{
	struct snapshot before, after;
	uint32_t seen;

	EXPECT_OK(take_snapshot(&before));
	pair_messages = pair_stop = 0;
	EXPECT_OK(lmp_helper_start(&pair[0], "pair-a", pass_back_and_forth));
	EXPECT_OK(lmp_helper_start(&pair[1], "pair-b", pass_back_and_forth));
	for (int i = 0; i < 2; i++)
		EXPECT_OK(invoke_kernel_dispatcher_timeslice(pair[i].h.disp, PAIR_TIMESLICE_TICKS));
	for (int i = 0; i < 3; i++)
		sys_yield();
	seen = pair_messages;
	EXPECT(seen > 0 && seen < PAIR_MESSAGE_LIMIT);
	if (seen >= PAIR_MESSAGE_LIMIT)
		printf("  init ran again only after the pair stopped by itself (%u messages)\n",
		       (unsigned)seen);
	pair_stop = 1;
	for (int i = 0; i < 2; i++)
		lmp_helper_destroy(&pair[i]);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  yield pair: ") == 0);
}

/* Exits as soon as init has set it up. */
static int exit_when_ready(uint32_t arg)
{
	helper_ready(arg);
	return 0;
}

/* A dispatcher that exited takes no messages, though it is whole: nothing arrives. */
static void test_lmp_send_to_exited(void)
{
	struct lmp_helper lh;

	EXPECT_OK(lmp_helper_start(&lh, "exited", exit_when_ready));
	EXPECT(wait_for_state(&lh, DISPATCHER_STATE_EXITED));
	EXPECT_ERR(send_words(lh.ep, 0, 1, 0), SYS_ERR_LMP_TARGET_EXITED);
	EXPECT_ERR(send_words(lh.ep, LMP_SEND_YIELD, 1, 0), SYS_ERR_LMP_TARGET_EXITED);
	EXPECT(!buffer_has_message(&lh));
	lmp_helper_destroy(&lh);
}

/* A blocked dispatcher deleted, or revoked out of its frame: nothing dangles. */
static void test_lmp_blocked_dispatcher_dies(void)
{
	struct lmp_helper lh;
	struct capref ep_copy = NULL_CAP;
	uint32_t state;
	int32_t status;
	struct snapshot before, after;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(lmp_helper_start(&lh, "blocked1", block_until_message));
	EXPECT(wait_for_state(&lh, DISPATCHER_STATE_BLOCKED));
	EXPECT_OK(slot_alloc(&ep_copy));
	EXPECT_OK(cap_copy(ep_copy, lh.ep));
	/* Its frame revoked away: it exits with the fault status, never to run again. */
	EXPECT_OK(cap_revoke(lh.h.frame));
	EXPECT_OK(invoke_dispatcher_status(lh.h.disp, &state, &status));
	EXPECT(state == DISPATCHER_STATE_EXITED && status == EXIT_STATUS_FAULT);
	EXPECT_ERR(send_words(ep_copy, 0, 1, 0), SYS_ERR_LMP_TARGET_EXITED);
	/* Deleted (and its memory given back): its EndPoints die with it, so nothing can send
	 * to it any more. */
	EXPECT_OK(ram_free(lh.h.disp));
	EXPECT_ERR(send_words(ep_copy, 0, 1, 0), SYS_ERR_CAP_NOT_FOUND);
	slot_free(ep_copy);
	lmp_helper_destroy(&lh);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  blocked dispatcher dies: ") == 0);
}

/* The receiver's LMP frame: none, one too small for a buffer, replaced, given back. */
static void test_lmp_frame_rules(void)
{
	struct lmp_helper lh;
	struct capref big, ep_far = NULL_CAP;
	struct snapshot before, after;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(lmp_helper_start(&lh, "framerules", block_until_message));
	EXPECT(wait_for_state(&lh, DISPATCHER_STATE_BLOCKED));
	EXPECT_OK(invoke_dispatcher_lmp_frame(lh.h.disp, NULL_CAP));
	EXPECT_ERR(send_words(lh.ep, 0, 1, 0), SYS_ERR_LMP_NO_FRAME);
	EXPECT_ERR(invoke_dispatcher_lmp_frame(lh.h.disp, cap_selfep),
		   SYS_ERR_DISP_LMP_FRAME_INVALID);
	/* A buffer across the end of the 4 KiB frame is refused; in an 8 KiB one it works. */
	EXPECT_OK(slot_alloc(&ep_far));
	EXPECT_OK(cap_mint_endpoint(ep_far, lh.selfep, CAPRIGHTS_ALLRIGHTS, 0, 4 * KiB - 64, 64));
	EXPECT_OK(invoke_dispatcher_lmp_frame(lh.h.disp, lh.lmp_frame));
	EXPECT_ERR(send_words(ep_far, 0, 1, 0), SYS_ERR_LMP_BUFFER_OUTSIDE);
	EXPECT_OK(frame_alloc(&big, 8 * KiB, NULL));
	EXPECT_OK(invoke_dispatcher_lmp_frame(lh.h.disp, big));
	EXPECT_OK(send_words(ep_far, 0, 1, 0));
	/* That woke it, but its own buffer is empty: it blocks again. */
	EXPECT(wait_for_state(&lh, DISPATCHER_STATE_BLOCKED));
	/* Given back, the frame's copies are revoked, the DCB's too: no buffer any more. */
	EXPECT_OK(frame_free(big));
	EXPECT_ERR(send_words(ep_far, 0, 1, 0), SYS_ERR_LMP_NO_FRAME);
	EXPECT_OK(invoke_dispatcher_lmp_frame(lh.h.disp, lh.lmp_frame));
	EXPECT_ERR(send_words(ep_far, 0, 1, 0), SYS_ERR_LMP_BUFFER_OUTSIDE);
	EXPECT_OK(send_words(lh.ep, 0, 1, 0));
	EXPECT(helper_wait(&lh.h) == 0);
	EXPECT_ERR(invoke_dispatcher_lmp_frame(lh.h.disp, lh.lmp_frame), SYS_ERR_DISP_EXITED);
	EXPECT_OK(cap_delete(ep_far));
	slot_free(ep_far);
	lmp_helper_destroy(&lh);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  LMP frame rules: ") == 0);
}

/* Exits with the status it is given (a fault for EXIT_STATUS_FAULT). */
/*
 * The exit tests' helper exits only once init has set its exit EndPoint
 * (exit_armed): a tick between helper_start and the set would otherwise let
 * it exit first, and the set would find it gone.
 */
static volatile bool exit_armed;

static int exit_with(uint32_t status)
{
	while (!exit_armed)
		sys_yield();
	if ((int32_t)status == EXIT_STATUS_FAULT)
		*(volatile uint32_t *)0 = 0;
	return (int)status;
}

/* The next message is the kernel's report of an exit with `status`, badged `badge`. */
static bool got_exit(struct lmp_endpoint *ep, uint32_t badge, int32_t status)
{
	struct lmp_recv_msg m;

	return lmp_endpoint_recv(ep, &m, NULL) == SYS_ERR_OK && m.from_kernel && m.badge == badge &&
	       m.length == LMP_EXIT_WORDS && m.words[0] == LMP_EXIT_WORD &&
	       (int32_t)m.words[1] == status;
}

/* The kernel reports an exit (and a fault) on the exit EndPoint; no process can fake one. */
static void test_lmp_exit_message(void)
{
	struct lmp_endpoint ep;
	struct capref cap;
	struct helper h;
	const int32_t statuses[] = { 7, EXIT_STATUS_FAULT };

	lmp_frame_ready();
	EXPECT_OK(lmp_endpoint_create(&ep, LMP_CHAN_BUFLEN, 5, &cap));
	for (unsigned i = 0; i < 2; i++) {
		exit_armed = false;
		EXPECT_OK(helper_start(&h, "exiter", exit_with, (uint32_t)statuses[i]));
		EXPECT_OK(invoke_dispatcher_exit_endpoint(h.disp, cap));
		exit_armed = true;
		EXPECT(helper_wait(&h) == statuses[i]);
		EXPECT(got_exit(&ep, 5, statuses[i]));
		EXPECT_ERR(invoke_dispatcher_exit_endpoint(h.disp, cap), SYS_ERR_DISP_EXITED);
		helper_destroy(&h);
	}
	exit_armed = false;
	EXPECT_OK(helper_start(&h, "exiter", exit_with, 0));
	EXPECT_ERR(invoke_dispatcher_exit_endpoint(h.disp, cap_dispframe),
		   SYS_ERR_DISP_EXITEP_INVALID);
	exit_armed = true;
	EXPECT(helper_wait(&h) == 0);
	helper_destroy(&h);
	/* The same words from a process are not marked as the kernel's. */
	EXPECT_OK(
	    lmp_ep_send(cap, 0, NULL_CAP, LMP_EXIT_WORDS, (const uint32_t[]){ LMP_EXIT_WORD, 7 }));
	EXPECT(!got_exit(&ep, 5, 7));
	EXPECT(!lmp_endpoint_can_recv(&ep));
	EXPECT_OK(cap_delete(cap));
	slot_free(cap);
	lmp_endpoint_destroy(&ep);
}

/* An exit that finds the buffer full waits, and is delivered once there is room. */
static void test_lmp_exit_waits_for_room(void)
{
	struct lmp_endpoint ep;
	struct capref cap;
	struct helper h;
	struct sched_counters c0, c1;
	struct dispatcher_frame *f = disp_frame();

	lmp_frame_ready();
	EXPECT_OK(lmp_endpoint_create(&ep, LMP_BUF_MIN_WORDS, 6, &cap));
	/* 28 ring words: 10 + 10 + 6 used leaves too little for an exit (4). */
	EXPECT_OK(send_words(cap, 0, 8, 0));
	EXPECT_OK(send_words(cap, 0, 8, 8));
	EXPECT_OK(send_words(cap, 0, 4, 16));
	exit_armed = false;
	EXPECT_OK(helper_start(&h, "exit-full", exit_with, 3));
	EXPECT_OK(invoke_dispatcher_exit_endpoint(h.disp, cap));
	exit_armed = true;
	EXPECT(helper_wait(&h) == 3);
	EXPECT(got_words(&ep, 6, 8, 0) && got_words(&ep, 6, 8, 8) && got_words(&ep, 6, 4, 16));
	EXPECT(!lmp_endpoint_can_recv(&ep)); /* it is waiting, not lost, not written over */
	/* Room now: the next blocking yield delivers it first, and so returns at once. */
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &c0));
	f->generic.lmp_seen = f->generic.lmp_delivered;
	EXPECT_OK(sys_yield_block());
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &c1));
	EXPECT(c1.delivered == c0.delivered + 1 && c1.blocks == c0.blocks);
	EXPECT(got_exit(&ep, 6, 3));
	helper_destroy(&h);
	EXPECT_OK(cap_delete(cap));
	slot_free(cap);
	lmp_endpoint_destroy(&ep);
}

/* --- waitsets ----------------------------------------------------------------------- */

struct counted_chan {
	struct lmp_chan chan;
	struct waitset *ws;
	uint32_t handled, id;
};

static uint32_t handled_order[8], handled_count; /* channel ids in the order served */

/* Take one message and register again (at the back of the waitset). */
static void count_handler(void *arg)
{
	struct counted_chan *cc = arg;
	struct lmp_recv_msg m;

	if (err_is_ok(lmp_chan_recv(&cc->chan, &m, NULL)) && handled_count < 8)
		handled_order[handled_count++] = cc->id;
	cc->handled++;
	lmp_chan_register_recv(&cc->chan, cc->ws, (struct event_closure){ count_handler, cc });
}

/* Sends one message to the channel whose EndPoint it is given, after init has blocked. */
static int send_later(uint32_t arg)
{
	struct capref *ep = (struct capref *)arg;

	for (int i = 0; i < 5; i++)
		sys_yield();
	return (int)lmp_ep_send(*ep, LMP_SEND_YIELD, NULL_CAP, 1, (const uint32_t[]){ 9 });
}

/* event_dispatch runs the handlers of channels with messages in turn, and blocks while none has. */
static void test_waitset_event_dispatch(void)
{
	static struct counted_chan a, b;
	struct waitset ws;
	struct helper h;
	struct sched_counters c0, c1;

	lmp_frame_ready();
	waitset_init(&ws);
	EXPECT_ERR(event_dispatch(&ws), LIB_ERR_WAITSET_EMPTY);
	EXPECT_ERR(event_dispatch_non_block(&ws), LIB_ERR_LMP_NO_MESSAGE);
	handled_count = 0;
	a = (struct counted_chan){ .ws = &ws, .id = 1 };
	b = (struct counted_chan){ .ws = &ws, .id = 2 };
	EXPECT_OK(lmp_chan_accept(&a.chan, LMP_CHAN_BUFLEN, NULL_CAP));
	EXPECT_OK(lmp_chan_accept(&b.chan, LMP_CHAN_BUFLEN, NULL_CAP));
	EXPECT_OK(
	    lmp_chan_register_recv(&a.chan, &ws, (struct event_closure){ count_handler, &a }));
	EXPECT_OK(
	    lmp_chan_register_recv(&b.chan, &ws, (struct event_closure){ count_handler, &b }));
	EXPECT_ERR(
	    lmp_chan_register_recv(&b.chan, &ws, (struct event_closure){ count_handler, &b }),
	    LIB_ERR_LMP_CHAN_REGISTERED);
	/* Two messages for a, one for b: served a, b, a (a went to the back after its turn). */
	EXPECT_OK(send_words(a.chan.local_cap, 0, 1, 0));
	EXPECT_OK(send_words(a.chan.local_cap, 0, 1, 1));
	EXPECT_OK(send_words(b.chan.local_cap, 0, 1, 2));
	for (int i = 0; i < 3; i++)
		EXPECT_OK(event_dispatch(&ws));
	EXPECT(handled_count == 3 && handled_order[0] == 1 && handled_order[1] == 2 &&
	       handled_order[2] == 1);
	EXPECT_ERR(event_dispatch_non_block(&ws), LIB_ERR_LMP_NO_MESSAGE);
	/* Nothing waiting: it blocks until a helper sends. */
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &c0));
	EXPECT_OK(helper_start(&h, "sendlater", send_later, (uint32_t)&b.chan.local_cap));
	EXPECT_OK(event_dispatch(&ws));
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &c1));
	EXPECT(handled_count == 4 && handled_order[3] == 2 && c1.blocks > c0.blocks);
	EXPECT(helper_wait(&h) == 0);
	helper_destroy(&h);
	lmp_chan_destroy(&a.chan);
	lmp_chan_destroy(&b.chan);
	EXPECT(ws.head == NULL);
}

const struct test lmp_tests[] = {
	{ "lmp_send_receive", test_lmp_send_receive },
	{ "lmp_ep_ref_sends_as_ep_send", test_lmp_ep_ref_sends_as_ep_send },
	{ "lmp_buffer_full_and_wrap", test_lmp_buffer_full_and_wrap },
	{ "lmp_hostile_header", test_lmp_hostile_header },
	{ "lmp_mint_rules", test_lmp_mint_rules },
	{ "lmp_cap_transfer_refusals", test_lmp_cap_transfer_refusals },
	{ "lmp_cap_transfer", test_lmp_cap_transfer },
	{ "lmp_block_no_lost_wakeup", test_lmp_block_no_lost_wakeup },
	{ "lmp_block_and_wake", test_lmp_block_and_wake },
	{ "lmp_ref_send_hands_over_the_turn", test_lmp_ref_send_hands_over_the_turn },
	{ "lmp_cap_send_hands_over_the_turn", test_lmp_cap_send_hands_over_the_turn },
	{ "lmp_yield_pair_cannot_starve", test_lmp_yield_pair_cannot_starve },
	{ "lmp_send_to_exited", test_lmp_send_to_exited },
	{ "lmp_blocked_dispatcher_dies", test_lmp_blocked_dispatcher_dies },
	{ "lmp_frame_rules", test_lmp_frame_rules },
	{ "waitset_event_dispatch", test_waitset_event_dispatch },
	{ "lmp_exit_message", test_lmp_exit_message },
	{ "lmp_exit_waits_for_room", test_lmp_exit_waits_for_room },
};
const unsigned lmp_test_count = sizeof(lmp_tests) / sizeof(lmp_tests[0]);
