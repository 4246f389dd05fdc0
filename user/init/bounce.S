/*
 * The `run` upcall of the message-passing benchmarks' dispatchers (bench.c):
 * as few instructions as possible between being upcalled and the next
 * system call, so that what the benchmark times is the kernel's path from
 * one dispatcher's `svc` to the other's first instruction at `run`.
 *
 * Entered disabled with r0 = our dispatcher frame.  Note that we looked
 * (lmp_seen) and take every message in our buffer (consumed = delivered).
 * If nothing came and struct bounce says to wait for a message (an upcall
 * after a preemption, not a send), wait with a blocking yield.  Otherwise
 * count one upcall; enable, so that the kernel saves us in the enabled area
 * and the next activation upcalls us here again; and make the system call
 * whose registers struct bounce holds (bench.h): a send with LMP_SEND_YIELD,
 * which runs the receiver at once, or a blocking yield.  When the count
 * runs out, record the board clock and exit.  bounce_start is the first
 * call, without looking at the buffer.
 */
#include <dispatcher.h>
#include <lmp.h>
#include <syscalls.h>

#include "bench.h"

	.syntax unified
	.arm
	.text
	.global bounce_run, bounce_start
bounce_run:
	add	r12, r0, #BOUNCE_OFFSET
	ldr	r2, [r0, #DISP_OFFSET_LMP_DELIVERED]
	str	r2, [r0, #DISP_OFFSET_LMP_SEEN]
	ldr	r1, [r12, #BOUNCE_BUF]
	ldr	r2, [r1, #(LMP_BUF_DELIVERED * 4)]
	ldr	r3, [r1, #(LMP_BUF_CONSUMED * 4)]
	str	r2, [r1, #(LMP_BUF_CONSUMED * 4)]
	cmp	r2, r3
	bne	1f
	ldr	r3, [r12, #BOUNCE_WAIT]
	cmp	r3, #0
	bne	4f
1:	ldr	r2, [r12, #BOUNCE_LEFT]
	subs	r2, r2, #1
	str	r2, [r12, #BOUNCE_LEFT]
	bmi	2f
	mov	r2, #0
	str	r2, [r0, #DISP_OFFSET_DISABLED]
	ldm	r12, {r0-r5}
	svc	#0
	/* The call returned here: a blocking yield that did not block (look again), or a
	 * send that failed (stop, with its error as the exit status). */
5:	cmp	r0, #0
	bne	3f
	mrc	p15, 0, r0, c13, c0, 3		/* TPIDRURO: our dispatcher frame */
	b	bounce_run
2:	mov	r0, #SYS_CLOCK
	svc	#0
	str	r1, [r12, #BOUNCE_END]
	str	r2, [r12, #(BOUNCE_END + 4)]
	mov	r0, #0
3:	mov	r1, r0
	mov	r0, #SYS_EXIT
	svc	#0
	b	3b				/* an exit never returns */
4:	mov	r2, #0				/* nothing came: wait for a message */
	str	r2, [r0, #DISP_OFFSET_DISABLED]
	mov	r0, #SYS_YIELD
	mov	r1, #SYS_YIELD_BLOCK
	svc	#0
	b	5b

bounce_start:
	add	r12, r0, #BOUNCE_OFFSET
	b	1b
