/*
 * The kernel fuzzer's driver (docs/reliability.md), run by init with the
 * arguments "kfuzz SEED COUNT [SEEDS [FIRST]]": for each of SEEDS seeds from
 * SEED on, it runs calls FIRST (0) to COUNT of the fuzzer's stream
 * (user/kfuzz/).  It spawns the
 * fuzzer at (seed, index) with RAM of its own; while the fuzzer runs, it
 * checks the kernel's invariants now and then; when the fuzzer dies or
 * exits, it reads how far it got from the record in its arguments page
 * (include/kfuzz.h), reaps it, and checks that the kernel's invariants hold
 * and that every capability count and init's free RAM and slots are
 * exactly as before the first run.  Then it starts the fuzzer again at the
 * next call.  Before that, it runs the fixed sequences of the bugs the
 * fuzzer found (`kfuzz regress NAME`); at the end a fresh hello must
 * still run.  The last line is
 * the verdict: "kfuzz: PASS ..." or "kfuzz: FAIL ...".
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capabilities.h>
#include <kfuzz.h>
#include <paging.h>
#include <runtime.h>
#include <slot_alloc.h>

#include "kfuzz_driver.h"
#include "mem.h"
#include "proc.h"
#include "server.h"
#include "snapshot.h"

#define KFUZZ_HEAP_BYTES (4u << 20) /* the fuzzer's RAM (TASKCN_SLOT_HEAPRAM) */
#define KFUZZ_CHUNK	 100000u    /* calls one fuzzer makes at most */
#define KFUZZ_RUN_LIMIT	 120u	    /* seconds: a fuzzer running longer hangs */
#define KFUZZ_CHECK_MS	 5u	    /* invariant checks while it runs, this far apart */
#define KFUZZ_PROGRESS	 1000000u   /* a progress line every so many calls */

/* The totals of one seed, and of the whole session. */
struct kfuzz_totals {
	uint32_t calls, extra_calls, runs, faulted, exited, checks;
	uint32_t kind_calls[KFUZZ_NKINDS], kind_ok[KFUZZ_NKINDS];
	uint32_t results[KFUZZ_RESULTS];
};

static const char *const kind_names[] = {
#define KFUZZ_KIND_NAME(name) #name,
	KFUZZ_KINDS(KFUZZ_KIND_NAME)
#undef KFUZZ_KIND_NAME
};

static uint64_t now_ms(void)
{
	uint32_t hz;
	uint64_t count = sys_clock(&hz);

	return count / (hz / 1000);
}

/* The last calls of a run, oldest first, as the fuzzer recorded them. */
static void print_trace(const struct kfuzz_shared *rec)
{
	uint32_t first = rec->started > KFUZZ_TRACE ? rec->started - KFUZZ_TRACE : 0;

	if (first < rec->start)
		first = rec->start;
	printf("kfuzz:   the last calls (r0..r12 -> r0..r4):\n");
	for (uint32_t i = first; i < rec->started; i++) {
		const struct kfuzz_call *c = &rec->trace[i % KFUZZ_TRACE];

		if (c->index != i)
			continue;
		printf("kfuzz:   [%u]", (unsigned)i);
		if (c->touch)
			printf(" touch 0x%08x;", (unsigned)c->touch);
		for (int k = 0; k < SYS_ARGS_WORDS; k++)
			printf(" %x", (unsigned)c->args[k]);
		if (c->ret[0] == KFUZZ_IN_FLIGHT)
			printf(" -> did not return\n");
		else
			printf(" -> %s %x %x %x %x\n", err_getname((errval_t)c->ret[0]),
			       (unsigned)c->ret[1], (unsigned)c->ret[2], (unsigned)c->ret[3],
			       (unsigned)c->ret[4]);
	}
}

/* Read the record from the exited child's arguments page (mapped for the moment). */
static errval_t read_record(uint32_t pid, struct kfuzz_shared *rec)
{
	const struct spawninfo *si = proc_spawninfo(pid);
	struct paging_state *st = get_current_paging_state();
	void *page = NULL;
	errval_t err;

	if (!si)
		return SPAWN_ERR_NO_SUCH_PROC;
	err = paging_map_frame_attr(st, &page, BASE_PAGE_SIZE, si->argspage.cap,
				    VREGION_FLAGS_READ_WRITE);
	if (err_is_fail(err))
		return err;
	memcpy(rec, (const char *)page + KFUZZ_SHARED_OFFSET, sizeof(*rec));
	return paging_unmap(st, page);
}

/*
 * One fuzzer, calls [start, end) of seed: spawn it, check the invariants
 * while it runs, read its record, reap it.  Returns false on a failure
 * (reported), with the record in *rec and its exit status in *status.
 */
static bool run_once(uint32_t seed, uint32_t start, uint32_t end, struct kfuzz_shared *rec,
		     int32_t *status, struct kfuzz_totals *tot)
{
	char s_seed[12], s_start[12], s_end[12];
	char *argv[] = { "kfuzz", s_seed, s_start, s_end };
	uint64_t began = now_ms(), checked = began;
	bool exited = false;
	uint32_t pid;
	errval_t err;

	snprintf(s_seed, sizeof(s_seed), "%u", (unsigned)seed);
	snprintf(s_start, sizeof(s_start), "%u", (unsigned)start);
	snprintf(s_end, sizeof(s_end), "%u", (unsigned)end);
	memset(rec, 0, sizeof(*rec));
	if ((err = proc_spawn_argv(4, argv, KFUZZ_HEAP_BYTES, &pid))) {
		printf("kfuzz: spawning the fuzzer at seed %u call %u failed: %s\n", (unsigned)seed,
		       (unsigned)start, err_getname(err));
		return false;
	}
	for (;;) {
		uint64_t t;

		if ((err = proc_poll_exit(pid, &exited, status)))
			break;
		t = now_ms();
		/* Now and then while it runs, and once it has died with all it made still there. */
		if (exited || t - checked >= KFUZZ_CHECK_MS) {
			checked = t;
			tot->checks++;
			if ((err = invoke_kernel_check_invariants())) {
				printf("kfuzz: the kernel's invariants broke while the fuzzer ran "
				       "(seed %u, calls from %u): %s\n",
				       (unsigned)seed, (unsigned)start, err_getname(err));
				break;
			}
		}
		if (exited)
			break;
		if (t - began > KFUZZ_RUN_LIMIT * 1000u) {
			uint32_t state = 0;
			int32_t st;

			invoke_dispatcher_status(proc_spawninfo(pid)->dispatcher.cap, &state, &st);
			printf("kfuzz: the fuzzer (seed %u, calls from %u) did not exit within %u "
			       "s (dispatcher state %u)\n",
			       (unsigned)seed, (unsigned)start, KFUZZ_RUN_LIMIT, (unsigned)state);
			return false;
		}
		if (!server_poll()) /* its runtime may ask init for RAM */
			sys_yield();
	}
	if (err_is_fail(err)) { /* stop it: reaping destroys its dispatcher */
		read_record(pid, rec);
		proc_wait(pid, status);
		return false;
	}
	if ((err = read_record(pid, rec)) || (err = proc_wait(pid, status))) {
		printf("kfuzz: reading or reaping the fuzzer failed: %s\n", err_getname(err));
		return false;
	}
	return true;
}

/* A hello after all that: the system still spawns, runs and reaps a child. */
static bool hello_still_runs(void)
{
	char *argv[] = { "hello", "after", "the", "fuzzer" };
	int32_t status = -1;
	uint32_t pid;
	errval_t err;

	if ((err = proc_spawn_argv(4, argv, 0, &pid)) || (err = proc_wait(pid, &status))) {
		printf("kfuzz: hello: %s\n", err_getname(err));
		return false;
	}
	return status == 0;
}

/* Did the fuzzer stop because memory it mapped did not read back what it wrote? */
static bool misread(const struct kfuzz_shared *rec, int32_t status)
{
	const struct kfuzz_call *last = &rec->trace[(rec->started - 1) % KFUZZ_TRACE];

	/* Its last step touched memory and never made its call (an exit call ends so too). */
	return status == KFUZZ_EXIT_MISREAD && last->touch && last->ret[0] == KFUZZ_IN_FLIGHT &&
	       last->args[0] != SYS_EXIT;
}

/* Did the kernel's state change (invariants, counts) across the snapshot a and now? */
static bool state_changed(const struct snapshot *a, bool print)
{
	struct snapshot b;

	if (invoke_kernel_check_invariants() || take_snapshot(&b))
		return true;
	if (print)
		return compare_snapshots(a, &b, "kfuzz:   ") != 0;
	return memcmp(a, &b, sizeof(b)) != 0;
}

/*
 * A run from call `start` left the kernel's state changed: find the
 * shortest run from there that does, by running the fuzzer again on
 * shorter ranges (the stream is the same; the state before each probe is
 * whatever the last left, and only its change counts).
 */
static void bisect(uint32_t seed, uint32_t start, uint32_t started)
{
	uint32_t lo = start, hi = started; /* [start, hi) changes it; [start, lo) does not */
	struct kfuzz_totals scratch = { 0 };
	static struct kfuzz_shared rec;
	struct snapshot before;
	int32_t status;

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		bool changed;

		if (take_snapshot(&before) || !run_once(seed, start, mid, &rec, &status, &scratch))
			return;
		changed = state_changed(&before, false);
		printf("kfuzz: bisect: calls %u to %u %s it\n", (unsigned)start, (unsigned)mid - 1,
		       changed ? "change" : "do not change");
		if (changed)
			hi = mid;
		else
			lo = mid;
	}
	printf("kfuzz: the state changes with calls %u to %u: the last is the culprit "
	       "(make fuzz-kernel SEED=%u FIRST=%u COUNT=%u)\n",
	       (unsigned)start, (unsigned)hi - 1, (unsigned)seed, (unsigned)start, (unsigned)hi);
	if (take_snapshot(&before) || !run_once(seed, start, hi, &rec, &status, &scratch))
		return;
	print_trace(&rec);
	state_changed(&before, true);
}

/* The fixed sequences of `kfuzz regress NAME`, one for each bug the fuzzer found. */
static const char *const regressions[] = { "self-cycle-revoke" };

/* Each regression must exit 0 and leave the kernel's state exactly as it was. */
static bool run_regressions(const struct snapshot *before)
{
	bool all_ok = true;

	for (unsigned i = 0; i < sizeof(regressions) / sizeof(regressions[0]); i++) {
		char *argv[] = { "kfuzz", "regress", (char *)regressions[i] };
		int32_t status = -1;
		uint32_t pid;
		errval_t err;
		bool ok;

		if ((err = proc_spawn_argv(3, argv, KFUZZ_HEAP_BYTES, &pid)) ||
		    (err = proc_wait(pid, &status)))
			printf("kfuzz: regression %s: %s\n", regressions[i], err_getname(err));
		ok = err_is_ok(err) && status == 0 && !state_changed(before, true);
		printf("kfuzz: regression %s: %s (status %d)\n", regressions[i],
		       ok ? "ok" : "FAILED", (int)status);
		all_ok &= ok;
	}
	return all_ok;
}

/* Run calls [0, count) of one seed; false on the first failure (reported). */
static bool fuzz_seed(uint32_t seed, uint32_t first, uint32_t count, const struct snapshot *before,
		      struct kfuzz_totals *all)
{
	struct kfuzz_totals tot = { 0 };
	uint32_t next = first, progress = KFUZZ_PROGRESS;
	static struct kfuzz_shared rec;
	struct snapshot after;
	int32_t status;
	errval_t err;
	bool ok = true;

	/* Even seeds go through the system-call fast path, odd ones through the full path alone
	 * (its KernelCmd_SyscallFastpath switch): the same kind of stream meets both. */
	invoke_kernel_syscall_fastpath(seed % 2 == 0, NULL);
	while (ok && next < count) {
		uint32_t end = count - next > KFUZZ_CHUNK ? next + KFUZZ_CHUNK : count;

		ok = run_once(seed, next, end, &rec, &status, &tot);
		tot.runs++;
		if (rec.magic != KFUZZ_MAGIC || rec.seed != seed || rec.start != next ||
		    rec.started <= next || rec.started > end || rec.finished > rec.started) {
			printf("kfuzz: the fuzzer at seed %u call %u left no usable record "
			       "(status %d)\n",
			       (unsigned)seed, (unsigned)next, (int)status);
			ok = false;
			break;
		}
		tot.calls += rec.started - next;
		tot.extra_calls += rec.extra_calls;
		for (int k = 0; k < KFUZZ_NKINDS; k++) {
			tot.kind_calls[k] += rec.calls[k];
			tot.kind_ok[k] += rec.ok[k];
		}
		for (int k = 0; k < KFUZZ_RESULTS; k++)
			tot.results[k] += rec.results[k];
		if (status == EXIT_STATUS_FAULT)
			tot.faulted++;
		else if (!(status == 0 && rec.done))
			tot.exited++;
		if (misread(&rec, status)) {
			printf("kfuzz: memory the fuzzer mapped did not read back what it wrote\n");
			ok = false;
		}
		if ((err = invoke_kernel_check_invariants())) {
			printf("kfuzz: the kernel's invariants are broken after the run: %s\n",
			       err_getname(err));
			ok = false;
		}
		if ((err = take_snapshot(&after))) {
			printf("kfuzz: counting capabilities failed: %s\n", err_getname(err));
			ok = false;
		} else if (compare_snapshots(before, &after, "kfuzz:   ")) {
			printf("kfuzz: the kernel's accounting differs after the run\n");
			ok = false;
		}
		if (!ok) {
			printf("kfuzz: FAILED in the run of seed %u from call %u: calls %u to %u "
			       "began, the fuzzer's status %d (this run alone: make fuzz-kernel "
			       "SEED=%u FIRST=%u COUNT=%u)\n",
			       (unsigned)seed, (unsigned)next, (unsigned)next,
			       (unsigned)rec.started - 1, (int)status, (unsigned)seed,
			       (unsigned)next, (unsigned)rec.started);
			print_trace(&rec);
			if (rec.started - next > 1)
				bisect(seed, next, rec.started);
		}
		next = rec.started;
		if (next >= progress && next < count) {
			printf("kfuzz: seed %u: %u calls so far\n", (unsigned)seed, (unsigned)next);
			progress += KFUZZ_PROGRESS;
		}
	}
	if (ok)
		printf("kfuzz: seed %u: %u calls in %u runs (%u ended by a fault, %u by an exit "
		       "of their own), %u calls besides, %u invariant checks while running: ok\n",
		       (unsigned)seed, (unsigned)tot.calls, (unsigned)tot.runs,
		       (unsigned)tot.faulted, (unsigned)tot.exited, (unsigned)tot.extra_calls,
		       (unsigned)tot.checks);
	all->calls += tot.calls;
	all->extra_calls += tot.extra_calls;
	all->runs += tot.runs;
	all->faulted += tot.faulted;
	all->exited += tot.exited;
	all->checks += tot.checks;
	for (int k = 0; k < KFUZZ_NKINDS; k++) {
		all->kind_calls[k] += tot.kind_calls[k];
		all->kind_ok[k] += tot.kind_ok[k];
	}
	for (int k = 0; k < KFUZZ_RESULTS; k++)
		all->results[k] += tot.results[k];
	return ok;
}

int run_kfuzz(int argc, char **argv)
{
	uint32_t seed = argc > 0 ? (uint32_t)strtoul(argv[0], NULL, 0) : 1;
	uint32_t count = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 10000;
	uint32_t seeds = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 1;
	uint32_t first = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 0) : 0;
	struct kfuzz_totals all = { 0 };
	struct snapshot before, after;
	struct kfuzz_shared rec;
	uint64_t began;
	uint32_t s, secs;
	int32_t status;
	errval_t err;
	bool ok;

	printf("kfuzz: seeds %u to %u, calls %u to %u of each\n", (unsigned)seed,
	       (unsigned)(seed + seeds - 1), (unsigned)first, (unsigned)count);
	spawn_verbose = false;
	proc_verbose = false;
	/* A run of no calls first, so that init's heap and paging have grown to what one needs. */
	ok = run_once(seed, 0, 0, &rec, &status, &all);
	all = (struct kfuzz_totals){ 0 };
	if (ok && (err = take_snapshot(&before))) {
		printf("kfuzz: counting capabilities failed: %s\n", err_getname(err));
		ok = false;
	}
	if (ok && (err = invoke_kernel_check_invariants())) {
		printf("kfuzz: the kernel's invariants are broken before fuzzing: %s\n",
		       err_getname(err));
		ok = false;
	}
	if (ok)
		ok = run_regressions(&before);
	began = now_ms();
	for (s = 0; ok && s < seeds; s++)
		ok = fuzz_seed(seed + s, first, count, &before, &all);
	invoke_kernel_syscall_fastpath(true, NULL);
	secs = (uint32_t)((now_ms() - began) / 1000);
	if (ok && !hello_still_runs()) {
		printf("kfuzz: a fresh hello did not run to status 0 after the fuzzer\n");
		ok = false;
	}
	if (ok && (err = take_snapshot(&after)) == SYS_ERR_OK &&
	    compare_snapshots(&before, &after, "kfuzz:   ")) {
		printf("kfuzz: the kernel's accounting differs after hello\n");
		ok = false;
	}
	printf("kfuzz: %u calls (%u besides) in %u runs, %u ended by a fault, %u by an exit of "
	       "their own; %u invariant checks while running; %u s, %u calls/s\n",
	       (unsigned)all.calls, (unsigned)all.extra_calls, (unsigned)all.runs,
	       (unsigned)all.faulted, (unsigned)all.exited, (unsigned)all.checks, (unsigned)secs,
	       (unsigned)(secs ? all.calls / secs : all.calls));
	printf("kfuzz: calls that succeeded, by kind:");
	for (int k = 0; k < KFUZZ_NKINDS; k++)
		printf(" %s %u/%u", kind_names[k], (unsigned)all.kind_ok[k],
		       (unsigned)all.kind_calls[k]);
	printf("\nkfuzz: results:");
	for (int k = 0; k < KFUZZ_RESULTS; k++)
		if (all.results[k])
			printf(" %s %u", k < KFUZZ_RESULTS - 1 ? err_getname((errval_t)k) : "other",
			       (unsigned)all.results[k]);
	printf("\n");
	if (ok)
		printf("kfuzz: PASS: seeds %u to %u, calls %u to %u of each\n", (unsigned)seed,
		       (unsigned)(seed + seeds - 1), (unsigned)first, (unsigned)count);
	else if (s == 0)
		printf("kfuzz: FAIL before fuzzing (reproduce: make fuzz-kernel SEED=%u COUNT=0)\n",
		       (unsigned)seed);
	else
		printf("kfuzz: FAIL at seed %u (reproduce: make fuzz-kernel SEED=%u FIRST=%u "
		       "COUNT=%u)\n",
		       (unsigned)(seed + s - 1), (unsigned)(seed + s - 1), (unsigned)first,
		       (unsigned)count);
	return ok ? 0 : 1;
}
