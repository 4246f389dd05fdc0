/*
 * Benchmarks, run by init in the benchmark image (make bench).  Each times
 * many repetitions with the board's free-running clock (SYS_CLOCK).  Under
 * QEMU with -icount shift=0 guest time advances one nanosecond per guest
 * instruction, so clock time converts to guest instructions: the figures
 * are instruction counts of this system under emulation, not the speed of
 * real hardware (docs/benchmarks.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <capabilities.h>
#include <paging.h>
#include <spawn.h>
#include <syscalls.h>

#include <lmp_chan.h>
#include <runtime.h>
#include <slot_alloc.h>

#include "bench.h"
#include "helper.h"
#include "proc.h"

#define NS_PER_SEC 1000000000ull

static uint64_t start;

static void begin(void)
{
	uint32_t hz;

	start = sys_clock(&hz);
}

/* Guest instructions since begin(), per run (1 ns per instruction). */
static void report(const char *name, uint32_t runs, const char *unit)
{
	uint32_t hz;
	uint64_t ticks = sys_clock(&hz) - start;
	uint64_t instructions = ticks * NS_PER_SEC / hz;

	printf("bench: %s: %llu instructions per %s (%u runs)\n", name,
	       (unsigned long long)(instructions / runs), unit, (unsigned)runs);
}

static void bench_invocation(void)
{
	struct capref frame;
	struct frame_identity fi;
	enum { RUNS = 10000 };

	if (err_is_fail(frame_alloc(&frame, BASE_PAGE_SIZE, NULL)))
		return;
	begin();
	for (int i = 0; i < RUNS; i++)
		frame_identify(frame, &fi);
	report("invocation round trip (frame_identify)", RUNS, "call");
	frame_free(frame);
}

static void bench_yield(void)
{
	enum { RUNS = 10000 };

	begin();
	for (int i = 0; i < RUNS; i++)
		sys_yield();
	report("yield, nothing else runnable", RUNS, "call");
}

static void bench_frame_alloc_free(void)
{
	struct capref frame;
	enum { RUNS = 2000 };

	begin();
	for (int i = 0; i < RUNS; i++) {
		frame_alloc(&frame, BASE_PAGE_SIZE, NULL);
		frame_free(frame);
	}
	report("frame_alloc + frame_free, 4 KiB", RUNS, "pair");
}

static void bench_map_unmap(void)
{
	struct paging_state *st = get_current_paging_state();
	struct capref frame;
	void *buf;
	enum { RUNS = 2000 };

	/* At the start of a free MiB, where no L2 table is: each map makes one, each unmap
	 * frees it. */
	if (err_is_fail(frame_alloc(&frame, BASE_PAGE_SIZE, NULL)) ||
	    err_is_fail(paging_alloc(st, &buf, MiB, MiB)) || err_is_fail(paging_unmap(st, buf)))
		return;
	begin();
	for (int i = 0; i < RUNS; i++) {
		paging_map_fixed_attr(st, (lvaddr_t)buf, frame, BASE_PAGE_SIZE,
				      VREGION_FLAGS_READ_WRITE);
		paging_unmap(st, buf);
	}
	report("paging_map_frame + paging_unmap, 4 KiB (with its L2 table)", RUNS, "pair");
	frame_free(frame);
}

/* A 16 MiB frame: allocate, map, touch each page, unmap, free. */
static void bench_map_16_mib(void)
{
	struct paging_state *st = get_current_paging_state();
	struct capref frame;
	volatile uint8_t *buf;

	begin();
	if (err_is_fail(frame_alloc(&frame, 16 * MiB, NULL)))
		return;
	if (err_is_ok(paging_map_frame(st, (void **)&buf, 16 * MiB, frame))) {
		for (uint32_t off = 0; off < 16 * MiB; off += BASE_PAGE_SIZE)
			buf[off] = 1;
		paging_unmap(st, (void *)buf);
	}
	frame_free(frame);
	report("16 MiB frame: alloc + map + touch each page + unmap + free",
	       16 * MiB / BASE_PAGE_SIZE, "page");
}

static void bench_malloc_16_mib(void)
{
	volatile uint8_t *buf;

	begin();
	if (!(buf = malloc(16 * MiB)))
		return;
	for (uint32_t off = 0; off < 16 * MiB; off += BASE_PAGE_SIZE)
		buf[off] = 1;
	free((void *)buf);
	report("malloc 16 MiB + touch each page + free", 16 * MiB / BASE_PAGE_SIZE, "page");
}

/*
 * Message passing between two helper dispatchers, A and B, whose `run`
 * upcall is bounce_run (bounce.S): a handful of instructions between being
 * upcalled and the next system call, so the time per message is the
 * kernel's path from the sender's `svc` to the receiver's first instruction
 * at `run`, plus those few.  init blocks meanwhile; A's exit message wakes it.
 *
 * BOUNCE_PINGPONG: A and B each send to the other with LMP_SEND_YIELD
 * (lmp_oneway; with `with_cap`, each message moves a frame across:
 * lmp_cap_transfer).  BOUNCE_WAKE: A sends to B, which is blocked, and B
 * makes a blocking yield that hands the CPU back to A (lmp_wake_blocked,
 * per round: a send that wakes and runs a blocked receiver, and its wait).
 */
enum bounce_kind { BOUNCE_PINGPONG, BOUNCE_WAKE };

struct bouncer {
	struct helper h;
	struct capref selfep, to_it; /* its first EndPoint, and one with its buffer */
	struct lmp_endpoint ep;	     /* its buffer */
	struct bounce *block;	     /* in its dispatcher frame */
	volatile uint32_t ready;     /* set by init: its block is filled in */
	bool starts;		     /* A: it makes the first call */
	uint64_t start;
};

/* A bouncer's first code (a helper, enabled): from now on it runs bounce_run. */
static int bouncer_main(uint32_t arg)
{
	struct bouncer *bo = (struct bouncer *)arg;
	struct dispatcher_frame *f = disp_frame();
	uint32_t hz;

	while (!bo->ready)
		sys_yield();
	f->shared.run = (uint32_t)bounce_run;
	if (!bo->starts) {
		for (;;)
			sys_yield_block(); /* the first message upcalls bounce_run */
	}
	bo->start = sys_clock(&hz);
	f->shared.disabled = 1; /* bounce_run is entered disabled */
	bounce_start(f);
}

/* The registers of a send of one word to `to` (moving the capability at cap, if not NULL). */
static errval_t bounce_send_regs(struct bounce *block, struct capref to, struct capref cap)
{
	uint32_t args[SYS_ARGS_WORDS];
	errval_t err =
	    lmp_ep_send_args(to, LMP_SEND_YIELD | (capref_is_null(cap) ? 0 : LMP_SEND_MOVE), cap, 1,
			     (const uint32_t[]){ 0 }, args);

	for (uint32_t i = 0; i < sizeof(block->regs) / sizeof(block->regs[0]); i++)
		block->regs[i] = args[i];
	return err;
}

/* Start bo (a helper) with its own SELFEP and a buffer in our LMP frame. */
static errval_t bouncer_start(struct bouncer *bo, const char *name, uint32_t badge)
{
	struct capref lmp_frame;
	errval_t err;

	if ((err = helper_start(&bo->h, name, bouncer_main, (uint32_t)bo)))
		return err;
	bo->block = (struct bounce *)((uint8_t *)bo->h.frame_va + BOUNCE_OFFSET);
	if ((err = slot_alloc(&bo->selfep)) ||
	    (err = cap_retype(bo->selfep, bo->h.disp, 0, ObjType_EndPoint, 0, 1)) ||
	    (err = lmp_frame_cap(&lmp_frame)) ||
	    (err = invoke_dispatcher_lmp_frame(bo->h.disp, lmp_frame)) ||
	    (err = lmp_endpoint_create_on(&bo->ep, LMP_CHAN_BUFLEN, badge, bo->selfep, &bo->to_it)))
		return err;
	bo->block->buf = bo->ep.buf;
	return SYS_ERR_OK;
}

static void bouncer_destroy(struct bouncer *bo)
{
	helper_destroy(&bo->h); /* its EndPoints go with its dispatcher */
	cap_delete(bo->selfep);
	slot_free(bo->selfep);
	lmp_endpoint_destroy(&bo->ep);
}

/* Wait (blocked) until ep has a message. */
static void await(struct lmp_endpoint *ep)
{
	for (;;) {
		lmp_note_seen();
		if (lmp_endpoint_can_recv(ep))
			return;
		sys_yield_block();
	}
}

static void bench_bounce(enum bounce_kind kind, bool with_cap, const char *name)
{
	static struct bouncer a, b;
	struct lmp_endpoint init_ep;
	struct capref to_init, frame = NULL_CAP, slot_a = NULL_CAP, slot_b = NULL_CAP, cap;
	struct lmp_recv_msg msg = { .length = 0 };
	uint32_t state, hz, messages;
	int32_t status;
	uint64_t end;
	enum { ROUNDS = 5000 };

	a = (struct bouncer){ .starts = true };
	b = (struct bouncer){ .starts = false };
	if (bouncer_start(&b, "bounce-b", 2) || bouncer_start(&a, "bounce-a", 1) ||
	    lmp_endpoint_create(&init_ep, LMP_CHAN_BUFLEN, 3, &to_init) ||
	    invoke_dispatcher_exit_endpoint(a.h.disp, to_init)) {
		printf("bench: %s: cannot set up its dispatchers\n", name);
		return;
	}
	if (with_cap) {
		/* The frame starts in A's receive slot; each send moves it to the other's. */
		if (frame_alloc(&frame, BASE_PAGE_SIZE, NULL) || slot_alloc(&slot_b))
			return;
		slot_a = frame;
		lmp_endpoint_set_recv_slot(&a.ep, slot_a);
		lmp_endpoint_set_recv_slot(&b.ep, slot_b);
	}
	if (bounce_send_regs(a.block, b.to_it, slot_a) ||
	    (kind == BOUNCE_PINGPONG && bounce_send_regs(b.block, a.to_it, slot_b)))
		return;
	a.block->left = ROUNDS;
	if (kind == BOUNCE_PINGPONG) {
		b.block->left = INT32_MAX;
		a.block->wait = b.block->wait = 1; /* each sends only when the other did */
		messages = 2 * ROUNDS;
	} else {
		b.block->regs[0] = SYS_YIELD;
		b.block->regs[1] = SYS_YIELD_BLOCK;
		b.block->left = INT32_MAX;
		messages = ROUNDS;
	}
	b.ready = 1;
	do /* B waits, blocked, before A starts */
		sys_yield();
	while (!invoke_dispatcher_status(b.h.disp, &state, &status) &&
	       state != DISPATCHER_STATE_BLOCKED);
	a.ready = 1;
	await(&init_ep); /* A's exit */
	sys_clock(&hz);
	end = (uint64_t)a.block->end[1] << 32 | a.block->end[0];
	if (err_is_fail(lmp_endpoint_recv(&init_ep, &msg, &cap)) || msg.words[1] != 0)
		printf("bench: %s: failed, status %d\n", name, (int)msg.words[1]);
	else
		printf("bench: %s: %llu instructions per %s (%u runs)\n", name,
		       (unsigned long long)((end - a.start) * NS_PER_SEC / hz / messages),
		       kind == BOUNCE_WAKE ? "round" : "message", (unsigned)messages);
	bouncer_destroy(&a);
	bouncer_destroy(&b);
	cap_delete(to_init);
	slot_free(to_init);
	lmp_endpoint_destroy(&init_ep);
	if (with_cap) {
		/* After an even number of moves the frame is back in A's slot. */
		frame_free(slot_a);
		slot_free(slot_b);
	}
}

/* A child makes null calls to init and times them itself (`pingpong rpc N`). */
static void bench_rpc(void)
{
	char *argv[] = { "pingpong", "rpc", "5000" };
	uint32_t pid;
	int32_t status;

	spawn_verbose = proc_verbose = false;
	if (err_is_ok(proc_spawn_argv(3, argv, 0, &pid)))
		proc_wait(pid, &status);
	spawn_verbose = proc_verbose = true;
}

/* Spawn hello (it prints one line and exits) and reap it. */
static void bench_spawn(void)
{
	char *argv[] = { "hello", "bench" };
	uint32_t pid;
	int32_t status;
	enum { RUNS = 50 };

	spawn_verbose = false;
	proc_verbose = false;
	begin();
	for (int i = 0; i < RUNS; i++)
		if (err_is_fail(proc_spawn_argv(2, argv, 0, &pid)) ||
		    err_is_fail(proc_wait(pid, &status)))
			return;
	report("spawn hello + its run + reap", RUNS, "process");
	spawn_verbose = true;
	proc_verbose = true;
}

int run_benchmarks(void)
{
	uint32_t hz;
	uint64_t now = sys_clock(&hz);

	printf("bench: machine start to init's main: %llu instructions\n",
	       (unsigned long long)(now * NS_PER_SEC / hz));
	bench_invocation();
	bench_yield();
	bench_frame_alloc_free();
	bench_map_unmap();
	bench_map_16_mib();
	bench_malloc_16_mib();
	bench_spawn();
	bench_bounce(BOUNCE_PINGPONG, false, "lmp_oneway");
	bench_bounce(BOUNCE_PINGPONG, true, "lmp_cap_transfer");
	bench_bounce(BOUNCE_WAKE, false, "lmp_wake_blocked");
	bench_rpc();
	printf("bench: done\n");
	return 0;
}
