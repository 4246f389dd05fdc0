/* The periodic tick. */
#ifndef TIMER_H
#define TIMER_H

#include <stdint.h>

/* Start a periodic interrupt at `hz` per second; returns its interrupt ID. */
unsigned timer_start(unsigned hz);
/* Clear the timer's interrupt condition. */
void timer_clear_interrupt(void);

/* Generic (kernel/tick.c): start the tick, count it, report it. */
void tick_init(unsigned hz);
void tick_handle(void);
uint64_t tick_count(void);
void tick_report(void);

#endif
