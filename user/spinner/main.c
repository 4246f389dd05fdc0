/*
 * spinner: a child for the scheduling tests.  It runs `n` dispatchers in
 * its own CSpace and VSpace (itself and n - 1 helpers made from its own
 * RAM), all spinning, for `ms` milliseconds of the board clock, then
 * stops them and exits 0 if every one of them ran.
 *
 *   spinner <n> <ms>
 *   spinner            (one dispatcher, until it is stopped: for the shell)
 */
#include <stdio.h>
#include <stdlib.h>

#include <runtime.h>

#include "../init/helper.h"

#define MAX_DISPATCHERS 16

struct spinner {
	volatile uint32_t count;
	volatile uint32_t stop;
};

static struct spinner spinners[MAX_DISPATCHERS];

static int spin(uint32_t arg)
{
	struct spinner *s = &spinners[arg];

	while (!s->stop)
		s->count++;
	return 0;
}

int main(int argc, char **argv)
{
	static struct helper helpers[MAX_DISPATCHERS];
	uint32_t n, ms, hz, lo = UINT32_MAX, hi = 0;
	uint64_t start, now;
	errval_t err;

	if (argc == 1) {
		printf("spinner[%u]: spinning until stopped\n", (unsigned)runtime_pid());
		for (;;)
			spinners[0].count++;
	}
	if (argc < 3)
		return 2;
	n = (uint32_t)atoi(argv[1]);
	ms = (uint32_t)atoi(argv[2]);
	if (n < 1 || n > MAX_DISPATCHERS)
		return 2;
	for (uint32_t i = 1; i < n; i++) {
		if ((err = helper_start(&helpers[i], "spin", spin, i))) {
			DEBUG_ERR(err, "spinner: dispatcher %u", (unsigned)i);
			return 1;
		}
	}
	/* Dispatcher 0 is this one: it spins too, and watches the clock. */
	start = sys_clock(&hz);
	do {
		for (int i = 0; i < 1000; i++)
			spinners[0].count++;
		now = sys_clock(&hz);
	} while (now - start < (uint64_t)ms * hz / 1000);
	for (uint32_t i = 1; i < n; i++)
		spinners[i].stop = 1;
	for (uint32_t i = 1; i < n; i++) {
		if (helper_wait(&helpers[i]) != 0)
			return 1;
		helper_destroy(&helpers[i]);
	}
	for (uint32_t i = 0; i < n; i++) {
		lo = spinners[i].count < lo ? spinners[i].count : lo;
		hi = spinners[i].count > hi ? spinners[i].count : hi;
	}
	printf("spinner[%u]: %u dispatchers spun for %u ms: %u to %u iterations each\n",
	       (unsigned)runtime_pid(), (unsigned)n, (unsigned)ms, (unsigned)lo, (unsigned)hi);
	return lo > 0 ? 0 : 1;
}
