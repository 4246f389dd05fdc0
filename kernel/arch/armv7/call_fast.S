/*
 * The call fast paths (docs/performance.md, "The call fast path"): a call
 * (EndPointCmd_Call) to a server that waits for one, and the server's
 * reply-and-wait (SYS_REPLY_WAIT) to a caller that still waits, each done
 * in one straight run without a trap frame, as kernel/lmp_call.c does them:
 * the words written into the other side's disabled area, the caller saved
 * into its own (fast_save_calling, fast_save_resume), the run queues changed by the same C
 * helpers the C path uses (dispatch_call_queues, dispatch_reply_queues), and the
 * other side resumed by lmp_fast.S's fast_resume.
 *
 * Each makes every check its C path makes and changes nothing until all
 * have passed; the first that does not plainly pass hands the call, its
 * registers as they came, to the C path, as if this file did not exist:
 *
 *   - a call with flags other than a length of at most LMP_CALL_WORDS, or
 *     to a server that is not blocked in SYS_REPLY_WAIT, or not whole;
 *   - a reply-and-wait that holds no call, whose caller no longer waits or
 *     is not whole, or that would not block (something to deliver, a
 *     message since it last looked, its wake-up time come);
 *   - every 256th entry before the board's first tick (tick_watch).
 *
 * user/init/tests_call.c runs the same calls through both paths.
 */
#include <arch/cpu.h>
#include <arch/trap.h>
#include <asm_offsets.h>
#include <lmp.h>
#include <syscalls.h>

#include "fastpath.h"

	.syntax unified
	.arm
	.text

.if ERR_OK != 0 || LMP_WAIT_WOKEN != 0
	.error "fast_save_resume's zero results are SYS_ERR_OK and LMP_WAIT_WOKEN"
.endif
.if LMP_CALL_WORDS != 4 || SYS_INVOKE_REG_ARGS != 3 || LMP_SEND_LENGTH(~0) != 0xf
	.error "a call's length in bits 0-3 of r3, its words in r5..r8"
.endif
.if DCB_ACCEPTS_CALL_SIZE != 1 || CORE_CONSOLE_IN_COUNT_SIZE != 4
	.error "accepts_call a byte; the console's count a word"
.endif

srv	.req	r4	/* the server's DCB (fast_resume's dispatcher) */
clr	.req	r6	/* the caller's DCB */
core	.req	r9	/* this core's struct core */
len	.req	r10	/* the call's words */

	/*
	 * EndPointCmd_Call: syscall_fast.S found the EndPoint, r0 its CTE, the
	 * caller's r0..r12 below sp.
	 */
	.global lmp_call_fast
	.type	lmp_call_fast, %function
lmp_call_fast:
	/* A length of at most LMP_CALL_WORDS, and no other flag (a flag makes it larger). */
	ldr	len, [sp, #CALLER_REG(SYS_INVOKE_REG_ARGS)]
	cmp	len, #LMP_CALL_WORDS
	bhi	fast_found

	/* tick_watch's count in r11, stored once nothing can give up (fastpath.h). */
	mrc	p15, 0, core, c13, c0, 4	/* TPIDRPRW: this core's struct core */
	TICK_WATCH_COUNT core, r11, fast_found

	/* The server: blocked in SYS_REPLY_WAIT, and whole. */
	ldr	srv, [r0, #CAP_BASE]
	PHYS_TO_VIRT srv
	ldr	r1, [srv, #DCB_STATE]
	ldrb	r2, [srv, #DCB_ACCEPTS_CALL]
	cmp	r1, #DISPATCHER_BLOCKED
	cmpeq	r2, #1
	bne	fast_found			/* not blocked, or blocked in a plain yield */
	DCB_WHOLE srv, fast_found

	/* Nothing can give up from here on. */
	cmp	r11, #0
	strne	r11, [core, #CORE_ENTRIES_UNTICKED]

	/* The call, where SYS_REPLY_WAIT returns: SYS_ERR_OK, what, badge, the caller's r5..r8. */
	ldr	r1, [srv, #DCB_FRAME]
	add	r1, r1, #FRAME_DISABLED_AREA
	mov	r2, #ERR_OK
	orr	r3, len, #LMP_WAIT_CALL
	ldr	r12, [r0, #CAP_EP_BADGE]
	stmia	r1!, {r2, r3, r12}
	add	r12, sp, #CALLER_REG(SYS_INVOKE_REG_ARGS + 2)
	ldm	r12, {r2, r3, r7, r8}
	stmia	r1, {r2, r3, r7, r8}

	/* The link, both ways; the caller waits where it is (dispatch_save_resume). */
	ldr	clr, [core, #CORE_CURRENT]
	str	srv, [clr, #DCB_CALLING]
	str	clr, [srv, #DCB_REPLY_TO]
	mov	r0, clr
	adr	r5, 1f
	b	fast_save_calling
1:	mov	r0, clr
	mov	r1, srv
	bl	dispatch_call_queues		/* the caller off the run queue, the server on */

	/* The server runs in the rest of the caller's turn. */
	HAND_OVER clr, srv, core
	b	fast_resume			/* lmp_fast.S: from its disabled area */
	.size	lmp_call_fast, . - lmp_call_fast

	/* SYS_REPLY_WAIT: syscall_fast.S comes here with the caller's r0..r12 below sp. */
	.global reply_wait_fast
	.type	reply_wait_fast, %function
reply_wait_fast:
	mrc	p15, 0, core, c13, c0, 4
	TICK_WATCH_COUNT core, r11, reply_wait_full

	/* It holds a call whose caller still waits, and is whole. */
	ldr	r0, [core, #CORE_CURRENT]	/* the server: a system call comes from it */
	ldr	clr, [r0, #DCB_REPLY_TO]
	cmp	clr, #0
	beq	reply_wait_full
	ldr	r1, [clr, #DCB_STATE]
	cmp	r1, #DISPATCHER_CALLING
	bne	reply_wait_full
	DCB_WHOLE clr, reply_wait_full

	/*
	 * It will block (dispatch_block_current): no exit or typed input waits
	 * to be delivered, no message came since it last looked, and its
	 * wake-up time (read once: r7) is none or still to come.
	 */
	ldr	r1, [r0, #DCB_PENDING_EXITS]
	ldr	r2, [core, #CORE_CONSOLE_IN_COUNT]
	orrs	r1, r1, r2
	bne	reply_wait_full
	ldr	r1, [r0, #DCB_FRAME]
	ldr	r2, [r1, #FRAME_LMP_SEEN]
	ldr	r3, [r0, #DCB_LMP_DELIVERED]
	cmp	r2, r3
	bne	reply_wait_full
	ldr	r7, [r1, #FRAME_WAKEUP]
	cmp	r7, #0
	beq	2f
	ldr	r2, [core, #CORE_TICKS]		/* the low word, as time_reached compares */
	subs	r2, r2, r7
	bpl	reply_wait_full			/* reached: it returns at once */

	/* Nothing can give up from here on. */
2:	cmp	r11, #0
	strne	r11, [core, #CORE_ENTRIES_UNTICKED]
	str	r7, [r0, #DCB_WAKEUP]

	/* The reply, where the caller's call returns: SYS_ERR_OK and r1..r4; the link broken. */
	ldr	r12, [clr, #DCB_FRAME]
	add	r12, r12, #FRAME_DISABLED_AREA
	add	r1, sp, #CALLER_REG(1)
	ldm	r1, {r2, r3, r5, r8}		/* r1..r4 as they came */
	mov	r1, #ERR_OK
	stmia	r12, {r1, r2, r3, r5, r8}
	mov	r2, #0
	str	r2, [r0, #DCB_REPLY_TO]
	str	r2, [clr, #DCB_CALLING]

	/* The server waits where it is, to return SYS_ERR_OK, LMP_WAIT_WOKEN unless a call comes. */
	adr	r5, 3f
	b	fast_save_resume
3:	mov	r7, r0
	mov	r1, clr
	bl	dispatch_reply_queues	/* the caller on the run queue, the server off */

	/* The caller runs in the rest of the server's turn. */
	HAND_OVER r7, clr, core
	mov	srv, clr			/* fast_resume's dispatcher */
	b	fast_resume

reply_wait_full:
	ldmdb	sp, {r0-r12}			/* as the call came */
	b	vec_svc
	.size	reply_wait_fast, . - reply_wait_fast
