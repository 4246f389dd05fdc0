/*
 * Everything the CPU driver keeps, per core.  As in Barrelfish's
 * multikernel, each core runs its own CPU driver and they share no kernel
 * data, so nothing here needs a lock: every kernel global lives in one
 * struct core, reached through this_core() (the PL1-only TPIDRPRW register
 * holds its address).  Only the boot core runs today.
 */
#ifndef CORE_H
#define CORE_H

/* Where vectors.S finds the kernel stack in a struct core. */
#define CORE_OFFSET_KERNEL_STACK_TOP 0

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arch/cpu.h>
#include <cap.h>
#include <config.h>

struct dcb;

/* The scheduler's state (kernel/dispatch.c, docs/scheduling.md). */
struct sched_state {
	struct dcb *current;		   /* the dispatcher that runs, or NULL */
	bool reschedule_pending;	   /* a slice ended while the kernel ran */
	struct dcb *proc_head, *proc_tail; /* the ring of runnable processes */
	uint32_t ran_group;		   /* the process of the last dispatcher to get a turn */
	bool ran_group_valid;
	struct dcb *turn_owner; /* the dispatcher the turn was given to (directed yields lend it) */
	struct dcb *yield_to;	/* run this one when the system call ends (a directed yield) */
	uint32_t idle_entries;	/* times the core found nothing to run and idled */
	uint64_t idle_ticks;	/* ticks that found the core idle */
	struct dcb *sleepers;	/* blocked dispatchers with a wake-up time (dispatch.c) */
};

/* The tick (kernel/tick.c, kernel/irq.c). */
struct tick_state {
	uint64_t ticks;
	uint64_t clock_at_start;   /* the board clock when the tick started */
	unsigned timer_irq;	   /* the interrupt of this core's tick */
	bool started;		   /* the timer was started (tick_init) */
	uint32_t entries_unticked; /* kernel entries before the first tick (tick_watch) */
};

/* Typed input on its way to the console EndPoint (kernel/console_in.c). */
struct console_in_state {
	struct cte ep;	  /* the kernel's copy of the bound EndPoint, or empty */
	unsigned irq;	  /* the UART's interrupt (0: input is off) */
	uint32_t head;	  /* the oldest byte in the ring */
	uint32_t count;	  /* bytes in the ring */
	uint32_t dropped; /* bytes that found the ring full */
	uint8_t ring[CONSOLE_IN_RING_BYTES];
};

struct core {
	uint8_t *kernel_stack_top; /* at CORE_OFFSET_KERNEL_STACK_TOP */
	uint32_t id;
	uint32_t vspace_root; /* the L1 table TTBR0 walks (physical), 0: none */
	struct sched_state sched;
	struct tick_state tick;
	struct cap_core caps; /* the capability core's (kernel/cap/) */
	struct console_in_state console_in;
};

_Static_assert(offsetof(struct core, kernel_stack_top) == CORE_OFFSET_KERNEL_STACK_TOP,
	       "vectors.S reads the kernel stack here");

/*
 * TPIDRPRW is written once per core, before the first this_core(): the read
 * is not volatile, so the compiler may reuse one read for several calls.
 */
static inline struct core *this_core(void)
{
	uint32_t v;

	__asm__("mrc p15, 0, %0, c13, c0, 4" : "=r"(v));
	return (struct core *)v;
}

/* The capability core's state (cap.h's hook): the running core's. */
static inline struct cap_core *cap_core(void)
{
	return &this_core()->caps;
}

/* Make this core's struct core, with its kernel stack, the one this_core() returns. */
void core_init(uint32_t id, uint8_t *kernel_stack_top);

#endif
#endif
