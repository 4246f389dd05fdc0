/*
 * In-system tests of calls through the kernel (include/lmp.h, docs/ipc.md,
 * "Calls"): EndPointCmd_Call to a helper dispatcher waiting in
 * SYS_REPLY_WAIT and its reply, each refusal, a server or a caller that goes
 * in the middle of a call, a wait that a message or its wake-up time ends,
 * and the same calls through the fast paths (kernel/arch/armv7/call_fast.S)
 * and the C path (kernel/lmp_call.c), compared.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <lmp_chan.h>
#include <paging.h>
#include <slot_alloc.h>

#include "helper.h"
#include "tests.h"

#define CALL_BADGE	0x5au
#define CALL_QUIT	0x71756974u /* "quit": the server stops without replying */
#define CALL_HOLD	0x686f6c64u /* "hold": it keeps the call until init lets go */
#define CALL_BUFLEN	LMP_BUF_MIN_WORDS
#define CALL_ROUNDS	100
#define WAIT_YIELDS	200 /* init's turns a helper gets to reach the state a test waits for */
#define WAKEUP_TICKS	2
#define TICKS_IN_A_LOOP 3 /* ticks that may end a turn during CALL_ROUNDS calls */

/* A helper that serves calls: each reply is the call's four words reversed, each + 1. */
struct call_server {
	struct helper h;
	struct capref selfep, ep; /* ep: SELFEP minted with CALL_BADGE and a buffer */
	struct capref lmp_frame;
	volatile uint32_t *buf; /* its buffer, in init's mapping */
	struct lmp_ep_ref ref;
	volatile uint32_t go, calls, woken, badge, length, released, wakeup_ticks;
};

/* A helper that makes one call (on a server's ref) and keeps what came back. */
struct call_client {
	struct helper h;
	const struct lmp_ep_ref *to;
	volatile uint32_t started, done, err;
	uint32_t reply[LMP_CALL_WORDS];
};

static int serve_calls(uint32_t arg)
{
	struct call_server *cs = (struct call_server *)arg;
	struct dispatcher_frame *f = disp_frame();
	uint32_t out[LMP_CALL_WORDS] = { 0, 0, 0, 0 };
	struct lmp_wait in;

	while (!cs->go)
		sys_yield();
	/* As init's server_wait: it looks at its ring once, then serves calls until woken. */
	f->generic.lmp_seen = f->generic.lmp_delivered;
	for (;;) {
		if (cs->wakeup_ticks)
			f->wakeup = (uint32_t)sys_ticks().ticks + cs->wakeup_ticks;
		if (sys_reply_wait(out, &in) != SYS_ERR_OK)
			return 1;
		f->wakeup = 0;
		if (!(in.what & LMP_WAIT_CALL)) {
			cs->woken++;
			f->generic.lmp_seen = f->generic.lmp_delivered;
			continue;
		}
		cs->calls++;
		cs->badge = in.badge;
		cs->length = LMP_WAIT_GET_LENGTH(in.what);
		if (in.words[0] == CALL_QUIT)
			return 0; /* holding the call: its caller hears SYS_ERR_LMP_SERVER_GONE */
		if (in.words[0] == CALL_HOLD) {
			while (!cs->released)
				sys_yield();
			cs->released = 0;
		}
		for (int i = 0; i < LMP_CALL_WORDS; i++)
			out[i] = in.words[LMP_CALL_WORDS - 1 - i] + 1;
	}
}

static int make_one_call(uint32_t arg)
{
	struct call_client *cc = (struct call_client *)arg;
	const uint32_t w[LMP_CALL_WORDS] = { CALL_HOLD, 1, 2, 3 };

	cc->started = 1;
	cc->err = lmp_ep_ref_call(cc->to, LMP_CALL_WORDS, w, cc->reply);
	cc->done = 1;
	return 0;
}

static bool wait_until(const struct helper *h, uint32_t state)
{
	for (int i = 0; i < WAIT_YIELDS; i++) {
		if (helper_state(h) == state)
			return true;
		sys_yield();
	}
	return helper_state(h) == state;
}

static errval_t server_start(struct call_server *cs, const char *name, helper_fn fn)
{
	struct paging_state *st = get_current_paging_state();
	errval_t err;

	memset((void *)cs, 0, sizeof(*cs));
	cs->selfep = cs->ep = cs->lmp_frame = NULL_CAP;
	if ((err = frame_alloc(&cs->lmp_frame, BASE_PAGE_SIZE, NULL)) ||
	    (err = paging_map_frame(st, (void **)&cs->buf, BASE_PAGE_SIZE, cs->lmp_frame)))
		return err;
	memset((void *)cs->buf, 0, BASE_PAGE_SIZE);
	if ((err = helper_start(&cs->h, name, fn, (uint32_t)cs)))
		return err;
	if ((err = slot_alloc(&cs->selfep)) || (err = slot_alloc(&cs->ep)) ||
	    (err = cap_retype(cs->selfep, cs->h.disp, 0, ObjType_EndPoint, 0, 1)) ||
	    (err = cap_mint_endpoint(cs->ep, cs->selfep, CAPRIGHTS_ALLRIGHTS, CALL_BADGE, 0,
				     CALL_BUFLEN)) ||
	    (err = invoke_dispatcher_lmp_frame(cs->h.disp, cs->lmp_frame)) ||
	    (err = lmp_ep_ref_make(cs->ep, &cs->ref)))
		return err;
	cs->go = 1;
	return SYS_ERR_OK;
}

static void server_destroy(struct call_server *cs)
{
	cap_delete(cs->ep); /* gone already if the dispatcher went first */
	slot_free(cs->ep);
	cap_delete(cs->selfep);
	slot_free(cs->selfep);
	helper_destroy(&cs->h);
	paging_unmap(get_current_paging_state(), (void *)cs->buf);
	frame_free(cs->lmp_frame);
}

/* cc calls cs, which holds the call (CALL_HOLD) until released: true once cc waits for it. */
static bool start_held_call(struct call_client *cc, struct call_server *cs)
{
	memset(cc, 0, sizeof(*cc));
	cc->to = &cs->ref;
	return err_is_ok(helper_start(&cc->h, "caller", make_one_call, (uint32_t)cc)) &&
	       wait_until(&cc->h, DISPATCHER_STATE_CALLING);
}

/* Call cs with the words from `first` up: its reply must be theirs, reversed, each + 1. */
static bool call_ok(struct call_server *cs, uint32_t length, uint32_t first)
{
	const uint32_t w[LMP_CALL_WORDS] = { first, first + 1, first + 2, first + 3 };
	uint32_t r[LMP_CALL_WORDS], calls = cs->calls;
	errval_t err = lmp_ep_ref_call(&cs->ref, length, w, r);

	if (err != SYS_ERR_OK || cs->calls != calls + 1 || cs->badge != CALL_BADGE ||
	    cs->length != length) {
		printf("  call of %u words: %s, %u calls served (was %u), badge 0x%x, length %u\n",
		       (unsigned)length, err_getname(err), (unsigned)cs->calls, (unsigned)calls,
		       (unsigned)cs->badge, (unsigned)cs->length);
		return false;
	}
	for (int i = 0; i < LMP_CALL_WORDS; i++)
		if (r[i] != w[LMP_CALL_WORDS - 1 - i] + 1)
			return false;
	return true;
}

/* Calls of every length, the reply in registers; a server that stops; nothing left. */
static void test_call_and_reply(void)
{
	static struct call_server cs;
	struct sched_counters before_c, after_c;
	struct snapshot before, after;
	uint32_t r[LMP_CALL_WORDS], state;
	int32_t status;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(server_start(&cs, "callsrv", serve_calls));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT_OK(invoke_kernel_sched_counters(cs.h.disp, &before_c));
	for (uint32_t i = 0; i < CALL_ROUNDS; i++)
		EXPECT(call_ok(&cs, i % (LMP_CALL_WORDS + 1), i * 4));
	/*
	 * Each call ran the server once (a tick that ends the turn while it
	 * serves one gives it another), and it waits again, taking calls.
	 */
	EXPECT_OK(invoke_kernel_sched_counters(cs.h.disp, &after_c));
	EXPECT(after_c.runs - before_c.runs >= CALL_ROUNDS);
	EXPECT(after_c.runs - before_c.runs <= CALL_ROUNDS + TICKS_IN_A_LOOP);
	EXPECT(after_c.delivered == 0);
	EXPECT(helper_state(&cs.h) == DISPATCHER_STATE_BLOCKED && cs.woken == 0);
	EXPECT_OK(invoke_kernel_check_invariants());
	/* It stops holding a call: the call fails, and so does the next. */
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 1, (const uint32_t[4]){ CALL_QUIT }, r),
		   SYS_ERR_LMP_SERVER_GONE);
	EXPECT_OK(invoke_dispatcher_status(cs.h.disp, &state, &status));
	EXPECT(state == DISPATCHER_STATE_EXITED && status == 0);
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 0, r, r), SYS_ERR_LMP_TARGET_EXITED);
	EXPECT_OK(invoke_kernel_check_invariants());
	server_destroy(&cs);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  call and reply: ") == 0);
}

static int spin_yielding(uint32_t arg)
{
	struct call_server *cs = (struct call_server *)arg;

	while (!cs->released)
		sys_yield();
	return 0;
}

static int block_plainly(uint32_t arg)
{
	struct dispatcher_frame *f = disp_frame();

	(void)arg;
	f->generic.lmp_seen = f->generic.lmp_delivered;
	sys_yield_block(); /* a message ends it, not a call */
	return 0;
}

/* Each refusal, with nothing changed: a server that does not wait, bad flags, no EndPoint. */
static void test_call_refusals(void)
{
	static struct call_server cs;
	const uint32_t w[LMP_CALL_WORDS] = { 1, 2, 3, 4 };
	uint32_t r[LMP_CALL_WORDS];
	struct lmp_wait in;
	struct lmp_ep_ref frame_ref;
	struct capref frame, disp, selfep;
	struct dispatcher_frame *f = disp_frame();
	uint32_t word;

	/* Runnable, not waiting: refused, and it never saw a call. */
	EXPECT_OK(server_start(&cs, "spinner", spin_yielding));
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 4, w, r), SYS_ERR_LMP_NOT_WAITING);
	cs.released = 1;
	EXPECT(helper_wait(&cs.h) == 0);
	server_destroy(&cs);
	/* Blocked in a plain blocking yield: not waiting for a call either. */
	EXPECT_OK(server_start(&cs, "blocker", block_plainly));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 4, w, r), SYS_ERR_LMP_NOT_WAITING);
	EXPECT(helper_state(&cs.h) == DISPATCHER_STATE_BLOCKED);
	EXPECT_OK(lmp_ep_send(cs.ep, 0, NULL_CAP, 0, NULL)); /* ends its yield */
	EXPECT(helper_wait(&cs.h) == 0);
	server_destroy(&cs);
	/* Waiting: too many words, or any flag, is refused before anything happens. */
	EXPECT_OK(server_start(&cs, "callsrv", serve_calls));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, LMP_CALL_WORDS + 1, w, r), SYS_ERR_LMP_CALL_FLAGS);
	word = INVOKE_WORD(INVOKE_WORD_LEVEL(cs.ref.word), EndPointCmd_Call);
	EXPECT_ERR((errval_t)syscall_regs(SYS_INVOKE, cs.ref.addr, word, LMP_SEND_YIELD | 1, 0, 1,
					  0, 0, 0, 0, 0)
		       .error,
		   SYS_ERR_LMP_CALL_FLAGS);
	EXPECT(cs.calls == 0 && helper_state(&cs.h) == DISPATCHER_STATE_BLOCKED);
	/* A dispatcher not yet set up takes no call. */
	EXPECT_OK(slot_alloc(&disp));
	EXPECT_OK(slot_alloc(&selfep));
	EXPECT_OK(dispatcher_create(disp));
	EXPECT_OK(cap_retype(selfep, disp, 0, ObjType_EndPoint, 0, 1));
	EXPECT_OK(lmp_ep_ref_make(selfep, &frame_ref));
	EXPECT_ERR(lmp_ep_ref_call(&frame_ref, 1, w, r), SYS_ERR_DISP_NOT_SETUP);
	EXPECT_OK(cap_delete(selfep));
	EXPECT_OK(ram_free(disp));
	slot_free(selfep);
	slot_free(disp);
	/* A call on a Frame is no invocation of it. */
	EXPECT_OK(frame_alloc(&frame, BASE_PAGE_SIZE, NULL));
	EXPECT_OK(lmp_ep_ref_make(frame, &frame_ref));
	EXPECT_ERR(lmp_ep_ref_call(&frame_ref, 1, w, r), SYS_ERR_ILLEGAL_INVOCATION);
	EXPECT_OK(frame_free(frame));
	/* Our own wait with nothing held and a message unseen: back at once, woken. */
	f->generic.lmp_seen = f->generic.lmp_delivered - 1;
	EXPECT_OK(sys_reply_wait(w, &in));
	f->generic.lmp_seen = f->generic.lmp_delivered;
	EXPECT(in.what == LMP_WAIT_WOKEN);
	EXPECT(call_ok(&cs, 2, 7));
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 1, (const uint32_t[4]){ CALL_QUIT }, r),
		   SYS_ERR_LMP_SERVER_GONE);
	server_destroy(&cs);
	EXPECT_OK(invoke_kernel_check_invariants());
}

/* A caller deleted while it waits for its reply: the server's reply goes nowhere. */
static void test_call_caller_dies(void)
{
	static struct call_server cs;
	static struct call_client cc;
	struct snapshot before, after;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(server_start(&cs, "callsrv", serve_calls));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	/* The server holds the call (it yields); the caller waits, off the run queue. */
	EXPECT(start_held_call(&cc, &cs));
	EXPECT(cs.calls == 1 && !cc.done);
	EXPECT_OK(invoke_kernel_check_invariants());
	helper_destroy(&cc.h);
	EXPECT_OK(invoke_kernel_check_invariants());
	/* Let go: its reply finds nobody, and it waits again and serves us. */
	cs.released = 1;
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT(call_ok(&cs, 4, 100));
	EXPECT(!cc.done);
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 1, (const uint32_t[4]){ CALL_QUIT }, cc.reply),
		   SYS_ERR_LMP_SERVER_GONE);
	server_destroy(&cs);
	EXPECT_OK(invoke_kernel_check_invariants());
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  caller dies: ") == 0);
}

/* A server deleted while it holds a call: its caller runs again, told so. */
static void test_call_server_dies(void)
{
	static struct call_server cs;
	static struct call_client cc;
	struct snapshot before, after;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(server_start(&cs, "callsrv", serve_calls));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT(start_held_call(&cc, &cs));
	/* Its frame revoked away: the server exits, and the caller with it hears of it. */
	EXPECT_OK(cap_revoke(cs.h.frame));
	EXPECT(wait_until(&cc.h, DISPATCHER_STATE_EXITED));
	EXPECT(cc.done && cc.err == SYS_ERR_LMP_SERVER_GONE);
	EXPECT(helper_state(&cs.h) == DISPATCHER_STATE_EXITED);
	EXPECT_OK(invoke_kernel_check_invariants());
	helper_destroy(&cc.h);
	server_destroy(&cs);
	EXPECT_OK(invoke_kernel_check_invariants());
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  server dies: ") == 0);
}

#define MARK 0x6d61726bu /* "mark": what a save area holds where the kernel must not write */

/* Mark registers first..last of h's disabled area (through init's mapping of its frame). */
static void mark_area(const struct helper *h, int first, int last)
{
	for (int i = first; i <= last; i++)
		h->frame_va->disabled_area.r[i] = MARK + (uint32_t)i;
}

/* Are they still marked?  h's frame was revoked (init's mapping with it): map it again. */
static bool area_still_marked(const struct helper *h, int first, int last)
{
	struct paging_state *st = get_current_paging_state();
	struct dispatcher_frame *f;
	bool marked = true;

	if (err_is_fail(paging_map_frame(st, (void **)&f, BASE_PAGE_SIZE, h->frame)))
		return false;
	for (int i = first; i <= last; i++)
		marked &= f->disabled_area.r[i] == MARK + (uint32_t)i;
	paging_unmap(st, f);
	return marked;
}

/* A caller whose frame is revoked while it waits: its reply is not written there; it exits. */
static void test_call_caller_loses_frame(void)
{
	static struct call_server cs;
	static struct call_client cc;
	uint32_t state;
	int32_t status;

	EXPECT_OK(server_start(&cs, "callsrv", serve_calls));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT(start_held_call(&cc, &cs));
	/* Where its results go, marked; then its frame goes (no Status on it until the reply). */
	mark_area(&cc.h, 0, 4);
	EXPECT_OK(cap_revoke(cc.h.frame));
	cs.released = 1;
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT(area_still_marked(&cc.h, 0, 4));
	EXPECT(wait_until(&cc.h, DISPATCHER_STATE_EXITED));
	EXPECT_OK(invoke_dispatcher_status(cc.h.disp, &state, &status));
	EXPECT(status == EXIT_STATUS_FAULT && !cc.done);
	EXPECT_OK(invoke_kernel_check_invariants());
	EXPECT(call_ok(&cs, 4, 50));
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 1, (const uint32_t[4]){ CALL_QUIT }, cc.reply),
		   SYS_ERR_LMP_SERVER_GONE);
	helper_destroy(&cc.h);
	server_destroy(&cs);
	EXPECT_OK(invoke_kernel_check_invariants());
}

/* A server that loses its frame while it waits: a call finds it gone, and writes nothing. */
static void test_call_server_loses_frame(void)
{
	static struct call_server cs;
	const uint32_t w[LMP_CALL_WORDS] = { 1, 2, 3, 4 };
	uint32_t r[LMP_CALL_WORDS], state;
	int32_t status;

	EXPECT_OK(server_start(&cs, "callsrv", serve_calls));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	mark_area(&cs.h, 0, 6); /* where a call's badge and words would go */
	EXPECT_OK(cap_revoke(cs.h.frame));
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 4, w, r), SYS_ERR_LMP_TARGET_EXITED);
	EXPECT(area_still_marked(&cs.h, 0, 6));
	EXPECT_OK(invoke_dispatcher_status(cs.h.disp, &state, &status));
	EXPECT(state == DISPATCHER_STATE_EXITED && status == EXIT_STATUS_FAULT && cs.calls == 0);
	server_destroy(&cs);
	EXPECT_OK(invoke_kernel_check_invariants());
}

/* A message, or the wake-up time, ends the wait without a call; calls still come after. */
static void test_reply_wait_woken(void)
{
	static struct call_server cs;
	static struct call_client cc;
	uint32_t r[LMP_CALL_WORDS];
	uint64_t deadline;

	EXPECT_OK(server_start(&cs, "callsrv", serve_calls));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT_OK(lmp_ep_send(cs.ep, LMP_SEND_YIELD, NULL_CAP, 1, (const uint32_t[1]){ 9 }));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT(cs.woken == 1 && cs.calls == 0);
	EXPECT(cs.buf[LMP_BUF_DELIVERED] != cs.buf[LMP_BUF_CONSUMED]); /* it is still there */
	EXPECT(call_ok(&cs, 3, 20));
	/* A message while it holds a call: its reply still goes, and its wait ends at once. */
	EXPECT(start_held_call(&cc, &cs));
	EXPECT_OK(lmp_ep_send(cs.ep, 0, NULL_CAP, 1, (const uint32_t[1]){ 10 }));
	cs.released = 1;
	EXPECT(wait_until(&cc.h, DISPATCHER_STATE_EXITED));
	EXPECT(cc.done && cc.err == SYS_ERR_OK && cc.reply[0] == 3 + 1);
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	EXPECT(cs.woken == 2);
	helper_destroy(&cc.h);
	/* With a wake-up time: it wakes by itself, and takes a call after. */
	cs.wakeup_ticks = WAKEUP_TICKS;
	EXPECT(call_ok(&cs, 1, 30)); /* its next wait has the time */
	deadline = sys_ticks().ticks + 10 * WAKEUP_TICKS;
	while (cs.woken < 4 && sys_ticks().ticks < deadline)
		sys_yield();
	EXPECT(cs.woken >= 4);
	cs.wakeup_ticks = 0;
	EXPECT(call_ok(&cs, 4, 40));
	EXPECT_ERR(lmp_ep_ref_call(&cs.ref, 1, (const uint32_t[4]){ CALL_QUIT }, r),
		   SYS_ERR_LMP_SERVER_GONE);
	server_destroy(&cs);
	EXPECT_OK(invoke_kernel_check_invariants());
}

/* --- the fast paths against the C path -------------------------------------------------- */

/* What one run of the sequence saw: every call's error and reply, and the server's view. */
struct call_trace {
	uint32_t err[CALL_ROUNDS + 2];
	uint32_t reply[CALL_ROUNDS + 2][LMP_CALL_WORDS];
	uint32_t calls, woken, badge, length;
	uint32_t runs; /* the server's turns: not compared (a tick may add one) */
};

static void trace_calls(struct call_server *cs, struct call_trace *t)
{
	struct sched_counters c0, c1;
	uint32_t w[LMP_CALL_WORDS];

	memset(t, 0, sizeof(*t));
	invoke_kernel_sched_counters(cs->h.disp, &c0);
	for (uint32_t i = 0; i < CALL_ROUNDS; i++) {
		for (uint32_t k = 0; k < LMP_CALL_WORDS; k++)
			w[k] = i * 8 + k;
		/* Every length, and now and then flags the kernel refuses. */
		t->err[i] = lmp_ep_ref_call(&cs->ref, i % 7, w, t->reply[i]);
	}
	invoke_kernel_sched_counters(cs->h.disp, &c1);
	t->calls = cs->calls;
	t->woken = cs->woken;
	t->badge = cs->badge;
	t->length = cs->length;
	t->runs = c1.runs - c0.runs;
	t->err[CALL_ROUNDS] =
	    lmp_ep_ref_call(&cs->ref, 1, (const uint32_t[4]){ CALL_QUIT }, t->reply[CALL_ROUNDS]);
	t->err[CALL_ROUNDS + 1] = lmp_ep_ref_call(&cs->ref, 0, w, t->reply[CALL_ROUNDS + 1]);
}

static void test_call_fast_and_c_paths_agree(void)
{
	static struct call_server cs;
	static struct call_trace fast, full;
	bool was_on = false;

	EXPECT_OK(server_start(&cs, "callsrv", serve_calls));
	EXPECT(wait_until(&cs.h, DISPATCHER_STATE_BLOCKED));
	trace_calls(&cs, &fast);
	server_destroy(&cs);
	EXPECT_OK(invoke_kernel_syscall_fastpath(false, &was_on));
	EXPECT(was_on);
	if (err_is_ok(server_start(&cs, "callsrv", serve_calls)) &&
	    wait_until(&cs.h, DISPATCHER_STATE_BLOCKED))
		trace_calls(&cs, &full);
	server_destroy(&cs);
	invoke_kernel_syscall_fastpath(true, NULL);
	/* Both ran the sequence: answers, refusals and the end (lengths 5 and 6 are refused). */
	EXPECT(full.err[4] == SYS_ERR_OK && full.err[5] == SYS_ERR_LMP_CALL_FLAGS);
	EXPECT(full.err[CALL_ROUNDS] == SYS_ERR_LMP_SERVER_GONE);
	EXPECT(full.err[CALL_ROUNDS + 1] == SYS_ERR_LMP_TARGET_EXITED);
	EXPECT(full.runs >= full.calls && full.runs <= full.calls + TICKS_IN_A_LOOP);
	EXPECT(fast.runs >= fast.calls && fast.runs <= fast.calls + TICKS_IN_A_LOOP);
	fast.runs = full.runs = 0;
	for (uint32_t i = 0; i < CALL_ROUNDS + 2; i++) {
		if (fast.err[i] != full.err[i] ||
		    memcmp(fast.reply[i], full.reply[i], sizeof(fast.reply[i])) != 0) {
			printf("  call %u: fast path %s, C path %s\n", (unsigned)i,
			       err_getname((errval_t)fast.err[i]),
			       err_getname((errval_t)full.err[i]));
			EXPECT(false);
		}
	}
	EXPECT(memcmp(&fast, &full, sizeof(fast)) == 0);
	EXPECT_OK(invoke_kernel_check_invariants());
}

const struct test call_tests[] = {
	{ "call_and_reply", test_call_and_reply },
	{ "call_refusals", test_call_refusals },
	{ "call_caller_dies", test_call_caller_dies },
	{ "call_server_dies", test_call_server_dies },
	{ "call_caller_loses_frame", test_call_caller_loses_frame },
	{ "call_server_loses_frame", test_call_server_loses_frame },
	{ "reply_wait_woken", test_reply_wait_woken },
	{ "call_fast_and_c_paths_agree", test_call_fast_and_c_paths_agree },
};
const unsigned call_test_count = sizeof(call_tests) / sizeof(call_tests[0]);
