/*
 * Benchmarks, run by init in the benchmark image (make bench).  Each times
 * many repetitions with the board's free-running clock (SYS_CLOCK).  Under
 * QEMU with -icount shift=0 guest time advances one nanosecond per guest
 * instruction, so clock time converts to guest instructions: the figures
 * are instruction counts of this system under emulation, not the speed of
 * real hardware (docs/performance.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#include "snapshot.h"

#define NS_PER_SEC 1000000000ull

/*
 * A measured window: the board clock and the kernel's count of idle entries
 * at its start.  Under `sleep=off` an idle core's clock jumps forward, so a
 * window in which the core idled measures nothing: it is reported as an
 * error, never as a figure.
 */
struct window {
	uint64_t clock;
	uint32_t idle_entries;
};

static uint32_t idle_entries(void)
{
	struct sched_counters c = { 0 };

	invoke_kernel_sched_counters(NULL_CAP, &c);
	return c.idle_entries;
}

/*
 * The measured window's edges, for `make profile` (scripts/profile.py),
 * which counts the instructions executed between a call of the first and
 * one of the second: functions of their own, never inlined, so that their
 * addresses in init's ELF file mark the window.
 */
__attribute__((noinline)) void bench_window_open(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void bench_window_close(void)
{
	__asm__ volatile("" ::: "memory");
}

static struct window begin(void)
{
	struct window w = { .idle_entries = idle_entries() };
	uint32_t hz;

	w.clock = sys_clock(&hz);
	bench_window_open();
	return w;
}

static uint64_t clock_to_instructions(uint64_t ticks, uint32_t hz)
{
	return ticks * NS_PER_SEC / hz; /* 1 ns per guest instruction under -icount shift=0 */
}

/*
 * One figure, in the form scripts/run-bench.py reads into bench.csv:
 * `bench: KEY: N instructions per UNIT (R runs)`.
 */
static void report(const struct window *w, const char *key, uint32_t runs, const char *unit)
{
	uint32_t hz;
	uint64_t instructions;

	bench_window_close();
	instructions = clock_to_instructions(sys_clock(&hz) - w->clock, hz);
	if (idle_entries() != w->idle_entries) {
		printf("bench: %s: error: the core idled during the measurement\n", key);
		return;
	}
	printf("bench: %s: %llu instructions per %s (%u runs)\n", key,
	       (unsigned long long)(instructions / runs), unit, (unsigned)runs);
}

static void report_error(const char *key, const char *what, errval_t err)
{
	printf("bench: %s: error: %s: %s\n", key, what, err_getstring(err));
}

static void bench_invocation(const char *key, uint32_t runs)
{
	struct capref frame;
	struct frame_identity fi;
	struct window w;
	errval_t err = frame_alloc(&frame, BASE_PAGE_SIZE, NULL);
	uint32_t bytes = 0;

	if (err_is_fail(err)) {
		report_error(key, "frame_alloc", err);
		return;
	}
	w = begin();
	/* Every answer is used, as a real caller would: the sum of the sizes is checked. */
	for (uint32_t i = 0; i < runs && err_is_ok(err); i++) {
		err = frame_identify(frame, &fi);
		bytes += fi.bytes;
	}
	if (err_is_fail(err))
		report_error(key, "frame_identify", err);
	else if (bytes != runs * BASE_PAGE_SIZE)
		printf("bench: %s: error: frame_identify said %u bytes in all, not %u\n", key,
		       (unsigned)bytes, (unsigned)(runs * BASE_PAGE_SIZE));
	else
		report(&w, key, runs, "call");
	frame_free(frame);
}

static void bench_yield(const char *key, uint32_t runs)
{
	struct window w = begin();

	for (uint32_t i = 0; i < runs; i++)
		sys_yield();
	report(&w, key, runs, "call");
}

static void bench_frame_alloc_free(const char *key, uint32_t runs)
{
	struct capref frame;
	struct window w = begin();

	for (uint32_t i = 0; i < runs; i++) {
		frame_alloc(&frame, BASE_PAGE_SIZE, NULL);
		frame_free(frame);
	}
	report(&w, key, runs, "pair");
}

static void bench_map_unmap(const char *key, uint32_t runs)
{
	struct paging_state *st = get_current_paging_state();
	struct capref frame;
	struct window w;
	void *buf;

	/* At the start of a free MiB, where no L2 table is: each map makes one, each unmap
	 * frees it. */
	if (err_is_fail(frame_alloc(&frame, BASE_PAGE_SIZE, NULL)) ||
	    err_is_fail(paging_alloc(st, &buf, MiB, MiB)) || err_is_fail(paging_unmap(st, buf)))
		return;
	w = begin();
	for (uint32_t i = 0; i < runs; i++) {
		paging_map_fixed_attr(st, (lvaddr_t)buf, frame, BASE_PAGE_SIZE,
				      VREGION_FLAGS_READ_WRITE);
		paging_unmap(st, buf);
	}
	report(&w, key, runs, "pair");
	frame_free(frame);
}

/* A frame of `bytes`: allocate, map, touch each page, unmap, free. */
static void bench_map_touch(const char *key, uint32_t bytes)
{
	struct paging_state *st = get_current_paging_state();
	struct capref frame;
	volatile uint8_t *buf;
	struct window w = begin();

	if (err_is_fail(frame_alloc(&frame, bytes, NULL)))
		return;
	if (err_is_ok(paging_map_frame(st, (void **)&buf, bytes, frame))) {
		for (uint32_t off = 0; off < bytes; off += BASE_PAGE_SIZE)
			buf[off] = 1;
		paging_unmap(st, (void *)buf);
	}
	frame_free(frame);
	report(&w, key, bytes / BASE_PAGE_SIZE, "page");
}

/* malloc `bytes`, touch each page, free. */
static void bench_malloc_touch(const char *key, uint32_t bytes)
{
	volatile uint8_t *buf;
	struct window w = begin();

	if (!(buf = malloc(bytes)))
		return;
	for (uint32_t off = 0; off < bytes; off += BASE_PAGE_SIZE)
		buf[off] = 1;
	free((void *)buf);
	report(&w, key, bytes / BASE_PAGE_SIZE, "page");
}

/*
 * paging_alloc + paging_unmap of one 4 KiB region while `live` others are
 * allocated: the cost of the region tree as it grows.
 */
static void bench_paging_alloc(const char *key, uint32_t live)
{
	struct paging_state *st = get_current_paging_state();
	void **regions, *buf;
	struct window w;
	uint32_t made = 0;
	errval_t err = SYS_ERR_OK;
	enum { RUNS = 2000 };

	if (!(regions = malloc(live * sizeof(void *))))
		return report_error(key, "malloc", MM_ERR_OUT_OF_MEMORY);
	while (made < live &&
	       err_is_ok(err = paging_alloc(st, &regions[made], BASE_PAGE_SIZE, BASE_PAGE_SIZE)))
		made++;
	if (err_is_ok(err)) {
		w = begin();
		for (int i = 0; i < RUNS && err_is_ok(err); i++)
			if (err_is_ok(err = paging_alloc(st, &buf, BASE_PAGE_SIZE, BASE_PAGE_SIZE)))
				err = paging_unmap(st, buf);
		if (err_is_ok(err))
			report(&w, key, RUNS, "pair");
	}
	if (err_is_fail(err))
		report_error(key, "paging_alloc or paging_unmap", err);
	for (uint32_t i = 0; i < made; i++)
		paging_unmap(st, regions[i]);
	free(regions);
}

/* cap_copy + cap_delete of one capability while `copies` copies of it are alive. */
static void bench_cap_copy_delete(const char *key, uint32_t copies)
{
	struct capref frame, slot, *slots;
	struct window w;
	uint32_t made = 0;
	errval_t err;
	enum { RUNS = 2000 };

	if (!(slots = malloc(copies * sizeof(struct capref))))
		return report_error(key, "malloc", MM_ERR_OUT_OF_MEMORY);
	if ((err = frame_alloc(&frame, BASE_PAGE_SIZE, NULL)) || (err = slot_alloc(&slot))) {
		free(slots);
		return report_error(key, "setting up", err);
	}
	while (made < copies && err_is_ok(err = slot_alloc(&slots[made]))) {
		if (err_is_fail(err = cap_copy(slots[made], frame))) {
			slot_free(slots[made]);
			break;
		}
		made++;
	}
	if (err_is_ok(err)) {
		w = begin();
		for (int i = 0; i < RUNS && err_is_ok(err); i++)
			if (err_is_ok(err = cap_copy(slot, frame)))
				err = cap_delete(slot);
		if (err_is_ok(err))
			report(&w, key, RUNS, "pair");
	}
	if (err_is_fail(err))
		report_error(key, "cap_copy or cap_delete", err);
	for (uint32_t i = 0; i < made; i++) {
		cap_delete(slots[i]);
		slot_free(slots[i]);
	}
	slot_free(slot);
	frame_free(frame);
	free(slots);
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

static void bench_bounce(enum bounce_kind kind, bool with_cap, const char *name, uint32_t rounds)
{
	static struct bouncer a, b;
	struct lmp_endpoint init_ep;
	struct capref to_init, frame = NULL_CAP, slot_a = NULL_CAP, slot_b = NULL_CAP, cap;
	struct lmp_recv_msg msg = { .length = 0 };
	uint32_t state, hz, messages;
	int32_t status;
	uint64_t end;

	a = (struct bouncer){ .starts = true };
	b = (struct bouncer){ .starts = false };
	if (bouncer_start(&b, "bounce-b", 2) || bouncer_start(&a, "bounce-a", 1) ||
	    lmp_endpoint_create(&init_ep, LMP_CHAN_BUFLEN, 3, &to_init) ||
	    invoke_dispatcher_exit_endpoint(a.h.disp, to_init)) {
		printf("bench: %s: error: cannot set up its dispatchers\n", name);
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
	a.block->left = (int32_t)rounds;
	if (kind == BOUNCE_PINGPONG) {
		b.block->left = INT32_MAX;
		a.block->wait = b.block->wait = 1; /* each sends only when the other did */
		messages = 2 * rounds;
	} else {
		b.block->regs[0] = SYS_YIELD;
		b.block->regs[1] = SYS_YIELD_BLOCK;
		b.block->left = INT32_MAX;
		messages = rounds;
	}
	b.ready = 1;
	do /* B waits, blocked, before A starts */
		sys_yield();
	while (!invoke_dispatcher_status(b.h.disp, &state, &status) &&
	       state != DISPATCHER_STATE_BLOCKED);
	bench_window_open();
	a.ready = 1;
	await(&init_ep); /* A's exit */
	bench_window_close();
	sys_clock(&hz);
	end = (uint64_t)a.block->end[1] << 32 | a.block->end[0];
	if (err_is_fail(lmp_endpoint_recv(&init_ep, &msg, &cap)) || msg.words[1] != 0)
		printf("bench: %s: error: a dispatcher failed, status %d\n", name,
		       (int)msg.words[1]);
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
static void bench_rpc(const char *key, uint32_t runs)
{
	char count[12];
	char *argv[] = { "pingpong", "rpc", count };
	uint32_t pid;
	int32_t status;
	errval_t err;

	snprintf(count, sizeof(count), "%u", (unsigned)runs);
	bench_window_open(); /* the profile's window has the child's spawn and exit too */
	if ((err = proc_spawn_argv(3, argv, 0, &pid)) || (err = proc_wait(pid, &status)))
		report_error(key, "spawn or wait", err);
	bench_window_close();
}

/* Spawn hello (it prints one line and exits) and reap it, `runs` times: false if one failed. */
static bool spawn_reap_hello(uint32_t runs, const char *key)
{
	char *argv[] = { "hello", "bench" };
	uint32_t pid;
	int32_t status;
	errval_t err;

	for (uint32_t i = 0; i < runs; i++)
		if ((err = proc_spawn_argv(2, argv, 0, &pid)) || (err = proc_wait(pid, &status))) {
			report_error(key, "spawn or wait", err);
			return false;
		}
	return true;
}

/*
 * spawn_reap_hello: one child; _x100: per child, 100 in a row.  Nothing is
 * prepared in advance (a first child, not measured, lets init's own
 * allocators grow to what one child needs), and init's free RAM and the
 * kernel's capability counts must be the same after as before.
 */
static void bench_spawn(const char *key, uint32_t runs)
{
	struct snapshot before, after;
	struct window w;
	char prefix[64];
	bool ok;

	if (!spawn_reap_hello(1, key) || take_snapshot(&before))
		return;
	w = begin();
	ok = spawn_reap_hello(runs, key);
	if (ok)
		report(&w, key, runs, "process");
	snprintf(prefix, sizeof(prefix), "bench: %s: error: ", key);
	if (ok && (take_snapshot(&after) || compare_snapshots(&before, &after, prefix)))
		printf("bench: %s: error: init's or the kernel's accounting changed\n", key);
}

/*
 * What one hello costs in RAM: everything spawning it took from init's
 * allocator (kernel objects, page tables, dispatcher frame, arguments page,
 * stack, segment frames), with the RAM it is handed for its own use
 * (its base pages and any heap RAM capability) reported apart.
 */
static void bench_hello_ram(const char *key, uint32_t unused)
{
	char *argv[] = { "hello", "bench" };
	const struct spawninfo *si;
	struct init_proc_stats stats;
	uint32_t pid, heap;
	int32_t status;
	errval_t err;

	(void)unused;
	if ((err = proc_spawn_argv(2, argv, 0, &pid)))
		return report_error(key, "spawn", err);
	if (err_is_ok(err = proc_stats(pid, 0, &stats)) && (si = proc_running_spawninfo(pid))) {
		heap = BASE_PAGE_CAPS * BASE_PAGE_SIZE + si->heap_ram_bytes;
		printf("bench: %s: %u bytes per process (1 runs)\n", key,
		       (unsigned)(stats.ram_bytes - heap));
		printf("bench: hello_heap_bytes: %u bytes per process (1 runs)\n", (unsigned)heap);
	} else {
		report_error(key, "its process record", err);
	}
	proc_wait(pid, &status);
}

/* The first child's line: hello --clock prints the board clock after it. */
static void bench_first_child_line(const char *key, uint32_t unused)
{
	char *argv[] = { "hello", "--clock" };
	uint32_t pid;
	int32_t status;
	errval_t err;

	(void)unused;
	if ((err = proc_spawn_argv(2, argv, 0, &pid)) || (err = proc_wait(pid, &status)))
		report_error(key, "spawn or wait", err);
	bench_window_close(); /* the profile's window: from the machine's start, with the reaping */
}

static void bench_lmp_oneway(const char *key, uint32_t rounds)
{
	bench_bounce(BOUNCE_PINGPONG, false, key, rounds);
}

static void bench_lmp_cap_transfer(const char *key, uint32_t rounds)
{
	bench_bounce(BOUNCE_PINGPONG, true, key, rounds);
}

static void bench_lmp_wake_blocked(const char *key, uint32_t rounds)
{
	bench_bounce(BOUNCE_WAKE, false, key, rounds);
}

static void bench_boot_to_init_main(const char *key, uint32_t unused)
{
	uint32_t hz;
	uint64_t now = sys_clock(&hz);

	(void)unused;
	bench_window_close(); /* the profile's window: from the machine's start */
	printf("bench: %s: %llu instructions per boot (1 runs)\n", key,
	       (unsigned long long)clock_to_instructions(now, hz));
}

/*
 * Every benchmark, under its key in bench.csv (docs/performance.md), in the
 * order they run; n is the number of runs, or the parameter the key names.
 * The boot figures come first (nothing may run before them), the ones that
 * leave init's allocators larger (many live regions or slots) last.
 */
static const struct benchmark {
	const char *key;
	void (*run)(const char *key, uint32_t n);
	uint32_t n;
} benchmarks[] = {
	{ "boot_to_init_main", bench_boot_to_init_main, 1 },
	{ "boot_to_first_child_line", bench_first_child_line, 1 },
	{ "invoke_null", bench_invocation, 10000 },
	{ "yield", bench_yield, 10000 },
	{ "frame_alloc_free_4k", bench_frame_alloc_free, 2000 },
	{ "map_unmap_4k", bench_map_unmap, 2000 },
	{ "map_touch_16m_per_page", bench_map_touch, 16 * MiB },
	{ "malloc_touch_16m_per_page", bench_malloc_touch, 16 * MiB },
	{ "spawn_reap_hello", bench_spawn, 1 },
	{ "spawn_reap_hello_x100", bench_spawn, 100 },
	{ "hello_ram_bytes", bench_hello_ram, 1 }, /* and hello_heap_bytes */
	{ "lmp_oneway", bench_lmp_oneway, 5000 },
	{ "lmp_cap_transfer", bench_lmp_cap_transfer, 5000 },
	{ "lmp_wake_blocked", bench_lmp_wake_blocked, 5000 },
	{ "rpc_roundtrip", bench_rpc, 5000 },
	{ "cap_copy_delete_10", bench_cap_copy_delete, 10 },
	{ "cap_copy_delete_10000", bench_cap_copy_delete, 10000 },
	{ "paging_alloc_100", bench_paging_alloc, 100 },
	{ "paging_alloc_100000", bench_paging_alloc, 100000 },
};

/*
 * Run every benchmark, or only the one named `only` (make profile); a
 * window in which the core idled is an error, whoever measured it.
 */
int run_benchmarks(const char *only)
{
	bool found = false;

	spawn_verbose = proc_verbose = false;
	for (size_t i = 0; i < sizeof(benchmarks) / sizeof(benchmarks[0]); i++) {
		const struct benchmark *b = &benchmarks[i];
		uint32_t idle_before = idle_entries();

		if (only && strcmp(only, b->key) != 0)
			continue;
		found = true;
		b->run(b->key, b->n);
		if (idle_entries() != idle_before)
			printf("bench: %s: error: the core idled during the measurement\n", b->key);
	}
	if (only && !found)
		printf("bench: %s: error: no benchmark has this key\n", only);
	printf("bench: done\n");
	return 0;
}
