/* The periodic tick. */
#ifndef TIMER_H
#define TIMER_H

#include <stdint.h>

#include <core.h>

/* Start a periodic interrupt at `hz` per second; returns its interrupt ID. */
unsigned timer_start(unsigned hz);
/* Clear the timer's interrupt condition. */
void timer_clear_interrupt(void);

/* Generic (kernel/tick.c): start the tick and count it (it reports itself for a few seconds). */
void tick_init(unsigned hz);
void tick_handle(void);
uint64_t tick_count(void);

/*
 * A board whose timer or interrupt never fires would run on without
 * preemption, silently.  Until the first tick, kernel entries and the idle
 * loop look at the board clock: a second after the timer started with no
 * tick, the kernel says so and stops.
 */
void tick_check_alive(void);

/* Kernel entries look at the board clock once in this many (a device read, 64-bit sums). */
#define TICK_WATCH_ENTRIES 256u

static inline void tick_watch(void)
{
	struct tick_state *t = &this_core()->tick;

	if (__builtin_expect(t->ticks == 0, 0) && ++t->entries_unticked % TICK_WATCH_ENTRIES == 0)
		tick_check_alive();
}

#endif
