/* The user runtime: the dispatcher frame, start-up hooks, system calls. */
#ifndef RUNTIME_H
#define RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#include <capabilities.h>
#include <dispatcher.h>
#include <syscalls.h>

/* This dispatcher's frame, from TPIDRURO. */
static inline struct dispatcher_frame *disp_frame(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(v));
	return (struct dispatcher_frame *)v;
}

/* Let the kernel upcall us at disp_run instead of resuming the disabled area. */
void runtime_enable_activations(void);
/* This process's pid, from its arguments page. */
uint32_t runtime_pid(void);
/*
 * Called once before main, after the slot allocator and paging are set up:
 * a process that brings its own RAM allocator (init) installs it here.
 */
errval_t runtime_memory_init(int argc, char **argv);
/* A spawned child's RAM allocator (over what its spawner gave it). */
struct mm *runtime_ram_allocator(void);
/*
 * May that allocator ask init for more when it runs out (the default:
 * yes)?  A program that must live within what it was given says no.
 */
void runtime_ram_from_init(bool allowed);
/*
 * Sleep, blocked, until `ticks` whole ticks have passed (so for at least
 * that long, and at most one tick more).  Messages that come meanwhile wait
 * in their buffers.  newlib's nanosleep, sleep and usleep use it.
 */
void runtime_sleep_ticks(uint32_t ticks);
/*
 * A wake-up time for the dispatcher frame (its `wakeup`): the tick by which
 * `ticks` whole ticks from now have passed (never 0, which means none).
 */
uint32_t runtime_wakeup_after(uint32_t ticks);
/* Has the tick count reached that wake-up time? */
bool runtime_wakeup_reached(uint32_t wakeup);

#endif
