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

#include "bench.h"
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

	if (err_is_fail(frame_alloc(&frame, BASE_PAGE_SIZE, NULL)))
		return;
	begin();
	for (int i = 0; i < RUNS; i++) {
		paging_map_frame(st, &buf, BASE_PAGE_SIZE, frame);
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
	printf("bench: done\n");
	return 0;
}
