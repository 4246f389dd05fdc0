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

#define MiB	   (1024u * 1024u)
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
 * Message passing between init and a helper dispatcher: each sends with
 * LMP_SEND_YIELD and then waits (blocking) for the other's message, so
 * every send hands the CPU straight to a blocked receiver.  A round trip
 * is two one-way sends with the user-level work around them (writing the
 * message, looking at the buffer, the `run` upcall, the blocking yield);
 * lmp_oneway is half of one.  With `with_cap`, each message moves a frame
 * across and back.
 */
struct lmp_bench {
	struct lmp_endpoint init_ep, helper_ep; /* init's buffer and the helper's */
	struct capref to_init, to_helper;	/* EndPoints to them */
	volatile uint32_t stop;
	uint32_t with_cap;
};

/* Take the next message off ep's ring, if there is one (no newlib: helper-safe). */
static bool take(struct lmp_endpoint *ep, struct capref *cap)
{
	struct lmp_recv_msg m;

	*cap = NULL_CAP;
	return err_is_ok(lmp_endpoint_recv(ep, &m, cap));
}

/* Block until ep has a message. */
static void await(struct lmp_endpoint *ep)
{
	for (;;) {
		lmp_note_seen();
		if (lmp_endpoint_can_recv(ep))
			return;
		sys_yield_block();
	}
}

static int lmp_bench_helper(uint32_t arg)
{
	struct lmp_bench *b = (struct lmp_bench *)arg;
	struct capref cap;

	for (;;) {
		await(&b->helper_ep);
		take(&b->helper_ep, &cap);
		if (b->stop)
			return 0;
		lmp_ep_send(b->to_init, LMP_SEND_YIELD | (capref_is_null(cap) ? 0 : LMP_SEND_MOVE),
			    cap, 1, (const uint32_t[]){ 1 });
		if (!capref_is_null(cap))
			slot_free(cap); /* moved away: the slot is empty */
	}
}

static void bench_lmp(bool with_cap)
{
	static struct lmp_bench b;
	struct helper h;
	struct capref frame = NULL_CAP, lmp_frame, selfep, slot, cap;
	enum { RUNS = 5000 };

	b = (struct lmp_bench){ .with_cap = with_cap };
	if (helper_start(&h, "lmpbench", lmp_bench_helper, (uint32_t)&b))
		return;
	/* The helper's SELFEP, and our LMP frame as its own: both buffers are in it. */
	if (slot_alloc(&selfep) || cap_retype(selfep, h.disp, 0, ObjType_EndPoint, 0, 1) ||
	    lmp_frame_cap(&lmp_frame) || invoke_dispatcher_lmp_frame(h.disp, lmp_frame) ||
	    lmp_endpoint_create(&b.init_ep, LMP_CHAN_BUFLEN, 1, &b.to_init) ||
	    lmp_endpoint_create_on(&b.helper_ep, LMP_CHAN_BUFLEN, 2, selfep, &b.to_helper) ||
	    (with_cap && frame_alloc(&frame, BASE_PAGE_SIZE, NULL)))
		return;
	/* The helper shares our CSpace: both receive slots are ours. */
	if (slot_alloc(&slot))
		return;
	lmp_endpoint_set_recv_slot(&b.init_ep, slot);
	if (slot_alloc(&slot))
		return;
	lmp_endpoint_set_recv_slot(&b.helper_ep, slot);
	begin();
	for (int i = 0; i < RUNS; i++) {
		lmp_ep_send(b.to_helper, LMP_SEND_YIELD | (with_cap ? LMP_SEND_MOVE : 0), frame, 1,
			    (const uint32_t[]){ 0 });
		if (with_cap)
			slot_free(frame); /* moved away */
		await(&b.init_ep);
		take(&b.init_ep, &cap);
		if (with_cap)
			frame = cap;
	}
	report(with_cap ? "lmp_cap_transfer" : "lmp_oneway", 2 * RUNS, "message");
	b.stop = 1;
	lmp_ep_send(b.to_helper, 0, NULL_CAP, 0, NULL);
	helper_wait(&h);
	helper_destroy(&h); /* its EndPoints go with its dispatcher */
	cap_delete(selfep);
	slot_free(selfep);
	lmp_endpoint_destroy(&b.helper_ep);
	cap_delete(b.to_init);
	slot_free(b.to_init);
	lmp_endpoint_destroy(&b.init_ep);
	if (with_cap)
		frame_free(frame);
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
	bench_lmp(false);
	bench_lmp(true);
	bench_rpc();
	printf("bench: done\n");
	return 0;
}
