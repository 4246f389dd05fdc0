/*
 * In-system tests of sleeping (docs/scheduling.md): a blocking yield with a
 * wake-up time in the dispatcher frame, checked by the yield and by the tick.
 */
#include <stdint.h>
#include <stdio.h>

#include <lmp_chan.h>
#include <runtime.h>

#include "helper.h"
#include "tests.h"

#define SLEEP_TICKS 20
#define LONG_SLEEP  100000 /* ticks: far longer than any test */
#define WAIT_YIELDS 1000

static uint32_t ticks_now(void)
{
	return (uint32_t)sys_ticks().ticks;
}

/* init sleeps: it is blocked (the core idles) and wakes one tick after the time it asked. */
static void test_sleep_blocks_and_wakes_on_time(void)
{
	struct sched_counters before, after;
	uint64_t idle_before, idle_after;
	uint32_t t0, elapsed;

	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &before));
	EXPECT_OK(invoke_kernel_idle_ticks(&idle_before));
	t0 = ticks_now();
	runtime_sleep_ticks(SLEEP_TICKS);
	elapsed = ticks_now() - t0;
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &after));
	EXPECT_OK(invoke_kernel_idle_ticks(&idle_after));
	if (elapsed < SLEEP_TICKS + 1 || elapsed > SLEEP_TICKS + 3)
		printf("  slept %u ticks for %u\n", (unsigned)elapsed, SLEEP_TICKS);
	EXPECT(elapsed >= SLEEP_TICKS + 1 && elapsed <= SLEEP_TICKS + 3);
	EXPECT(after.blocks > before.blocks);
	/* Nothing else runs in the test image now: the sleep was the core's idle time. */
	EXPECT(idle_after - idle_before >= SLEEP_TICKS - 1);
	EXPECT(disp_frame()->wakeup == 0);
}

/* A wake-up time already reached: the blocking yield returns at once, without blocking. */
static void test_sleep_time_passed_does_not_block(void)
{
	struct sched_counters before, after;
	struct dispatcher_frame *f = disp_frame();

	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &before));
	lmp_note_seen();
	f->wakeup = ticks_now(); /* now: reached */
	sys_yield_block();
	f->wakeup = 0;
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &after));
	EXPECT(after.blocks == before.blocks);
}

static int sleep_long(uint32_t arg)
{
	runtime_sleep_ticks(arg);
	return 0;
}

/*
 * A sleeper deleted in its sleep leaves nothing on the kernel's list of
 * sleepers (the invariant check looks); its memory is reused by the next
 * sleeper, which wakes on time and exits.
 */
static void test_sleeper_deleted_while_asleep(void)
{
	struct snapshot before, after;
	struct helper h;
	int i;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(helper_start(&h, "sleeper", sleep_long, LONG_SLEEP));
	for (i = 0; i < WAIT_YIELDS && helper_state(&h) != DISPATCHER_STATE_BLOCKED; i++)
		sys_yield();
	EXPECT(helper_state(&h) == DISPATCHER_STATE_BLOCKED);
	helper_destroy(&h);
	EXPECT_OK(invoke_kernel_check_invariants());
	EXPECT_OK(helper_start(&h, "sleeper2", sleep_long, SLEEP_TICKS));
	EXPECT(helper_wait(&h) == 0);
	helper_destroy(&h);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  sleeper deleted: ") == 0);
}

const struct test time_tests[] = {
	{ "sleep_blocks_and_wakes_on_time", test_sleep_blocks_and_wakes_on_time },
	{ "sleep_time_passed_does_not_block", test_sleep_time_passed_does_not_block },
	{ "sleeper_deleted_while_asleep", test_sleeper_deleted_while_asleep },
};
const unsigned time_test_count = sizeof(time_tests) / sizeof(time_tests[0]);
