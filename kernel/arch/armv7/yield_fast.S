/*
 * The yield fast path (docs/performance.md, "The yield fast path").
 * syscall_fast.S comes here for SYS_YIELD with no flags, the caller's
 * r0..r12 stored below sp.  When the caller is the only dispatcher that can
 * run (dispatch.c's runs_alone: alone in its process's queue, its process
 * alone in the ring, the turn its own), the C path would save it, give it
 * a new turn without walking a queue (start_turn) and load it again, an
 * upcall at `run` if it yielded enabled; this does the same in one run,
 * with lmp_fast.S's fast_save and fast_load.  Anything else (a blocking
 * yield, another dispatcher that can run, the 256th entry before the first
 * tick) goes, registers as they came, to the full path.
 */
#include <arch/cpu.h>
#include <arch/trap.h>
#include <asm_offsets.h>
#include <syscalls.h>

#include "fastpath.h"

	.syntax unified
	.arm
	.text

.if CORE_BOOL_SIZE != 1
	.error "sched_state's flags are bytes"
.endif

	.global	yield_fast
	.type	yield_fast, %function
yield_fast:
	/* tick_watch's count in r11, stored once nothing gives up (fastpath.h). */
	mrc	p15, 0, r9, c13, c0, 4		/* TPIDRPRW: this core's struct core */
	TICK_WATCH_COUNT r9, r11, yield_full

	/* runs_alone: the head of the ring, the owner of the turn, with no one queued behind. */
	ldr	r0, [r9, #CORE_CURRENT]
	ldr	r2, [r9, #CORE_PROC_HEAD]
	ldr	r3, [r9, #CORE_TURN_OWNER]
	cmp	r0, #0
	beq	yield_full
	cmp	r2, r0
	cmpeq	r3, r0
	bne	yield_full
	ldr	r2, [r0, #DCB_NEXT]
	ldr	r3, [r0, #DCB_GNEXT]
	orrs	r2, r2, r3
	bne	yield_full
	ldr	r2, [r0, #DCB_STATE]
	cmp	r2, #DISPATCHER_RUNNABLE
	bne	yield_full
	DCB_WHOLE r0, yield_full

	/* Nothing gives up from here on.  Save it, with SYS_ERR_OK and no values. */
	cmp	r11, #0
	strne	r11, [r9, #CORE_ENTRIES_UNTICKED]
	mov	r4, r0
	adr	r5, 2f
	b	fast_save

	/* start_turn: a new turn for it (current and turn owner it is already). */
2:	mov	r2, #0
	str	r2, [r9, #CORE_YIELD_TO]	/* a directed yield not taken is void */
	strb	r2, [r9, #CORE_RESCHEDULE_PENDING]
	ldr	r2, [r4, #DCB_GROUP]
	str	r2, [r9, #CORE_RAN_GROUP]
	mov	r2, #1
	strb	r2, [r9, #CORE_RAN_GROUP_VALID]
	ldr	r2, [r4, #DCB_RUNS]
	ldr	r3, [r4, #DCB_TIMESLICE]
	add	r2, r2, #1
	str	r2, [r4, #DCB_RUNS]
	cmp	r3, #0
	moveq	r3, #DISPATCHER_SLICE_DEFAULT
	str	r3, [r4, #DCB_SLICE_LEFT]
	b	fast_load			/* lmp_fast.S: its registers, back to user mode */

yield_full:
	ldmdb	sp, {r0-r12}			/* as the call came */
	b	vec_svc
	.size	yield_fast, . - yield_fast
