/*
 * The message-passing fast path (docs/performance.md, "The send fast
 * path"; seL4's fastpath is the model).  syscall_fast.S found the
 * capability of an EndPointCmd_Send at level 2, an EndPoint, and comes here
 * with r0 = its CTE.  A send of words alone (no capability), to a receiver
 * that can take it without the ring wrapping, is done here in one straight
 * run: the message is written, the receiver counted and woken, and, if the
 * sender asked for LMP_SEND_YIELD, the sender saved and the receiver
 * upcalled at `run`, all without a trap frame.
 *
 * It makes every check lmp_fastpath_send (kernel/lmp.c) makes, in the same
 * order of effect, and changes nothing until they have all passed: the
 * first that does not plainly pass hands the call on to fast_found, the C
 * path, with r0 still the CTE, as if this file did not exist.  That is also
 * where a send goes
 *
 *   - on every 256th entry before the board's first tick (tick_watch looks
 *     at the clock then; the other entries it counts here),
 *   - with a capability, with LMP_SEND_MOVE, or with more than LMP_MSG_WORDS,
 *   - to a receiver that has exited, lost part of itself, or has no frame,
 *   - when the message would wrap around the ring's end.
 *
 * Every word read from the receiver's buffer and frame is the receiver's to
 * write, so hostile: the indices are bounded before they are used, and the
 * registers it is started with are sanitised as dispatch_load does.  The
 * switch follows dispatch_switch_to (kernel/dispatch.c) step for step;
 * user/init/tests_fastpath.c compares the two paths send by send.
 */
#include <arch/cpu.h>
#include <arch/armv7/psr.h>
#include <arch/trap.h>
#include <asm_offsets.h>
#include <lmp.h>
#include <syscalls.h>

#include "fastpath.h"

	.syntax unified
	.arm
	.text

.if ENDPOINTCMD_SEND != MEMORYCMD_IDENTIFY
	.error "syscall_fast.S sends EndPointCmd_Send here from its Identify path"
.endif
.if SYS_INVOKE_REG_ARGS != 3 || LMP_SEND_YIELD != 0x10000 || LMP_SEND_LENGTH(~0) != 0xf
	.error "a send's flags are in r3, its payload from r5; length in bits 0-3, yield bit 16"
.endif
.if DCB_SAVED_DISABLED_SIZE != 1 || DCB_DISPFRAME != DCB_CSPACE_ROOT + 2 * (1 << CTE_SIZE_SHIFT)
	.error "struct dcb: saved_disabled a byte; slots CSpace, VSpace, frame in a row"
.endif
/* The state check clears the one bit in which runnable and blocked differ. */
.equ	STATE_BIT, DISPATCHER_RUNNABLE ^ DISPATCHER_BLOCKED
.equ	STATE_BOTH, DISPATCHER_RUNNABLE & ~STATE_BIT
.if STATE_BIT & (STATE_BIT - 1)
	.error "runnable and blocked differ in more than one bit"
.endif
.if (DISPATCHER_CREATED & ~STATE_BIT) == STATE_BOTH || (DISPATCHER_EXITED & ~STATE_BIT) == STATE_BOTH
	.error "a created or exited dispatcher would pass the state check"
.endif
.if (DISPATCHER_CALLING & ~STATE_BIT) == STATE_BOTH
	.error "a dispatcher waiting for a reply would pass the state check"
.endif
.if PSR_T != 1 << 5
	.error "the upcall's cpsr: bit 0 of `run` shifted to PSR_T"
.endif
.if FRAME_CRIT_PC_HIGH != FRAME_CRIT_PC_LOW + 4
	.error "dispatcher frame: crit_pc_low and crit_pc_high side by side"
.endif

/* Registers while it works (r0 stays the CTE until nothing can give up any more). */
rcv	.req	r4	/* the receiver's DCB */
flags	.req	r5	/* a0: the send's flags */
buf	.req	r6	/* the receiver's buffer: its header, then the ring */
ring	.req	r7	/* the ring's length in words */
at	.req	r8	/* where the message starts: the kernel's delivered index */
core	.req	r9	/* this core's struct core */
len	.req	r10	/* payload words */

	.global lmp_send_fast
	.type	lmp_send_fast, %function
lmp_send_fast:
	/* Words alone: a length of at most LMP_MSG_WORDS, and perhaps LMP_SEND_YIELD. */
	ldr	flags, [sp, #CALLER_REG(SYS_INVOKE_REG_ARGS)]
	bic	r1, flags, #LMP_SEND_YIELD
	bics	len, r1, #0xf
	bne	fast_found
	and	len, flags, #0xf
	cmp	len, #LMP_MSG_WORDS
	bhi	fast_found

	/* tick_watch's count in r11, stored once nothing can give up (fastpath.h). */
	mrc	p15, 0, core, c13, c0, 4	/* TPIDRPRW: this core's struct core */
	TICK_WATCH_COUNT core, r11, fast_found

	/* No reschedule pending (as the C path). */
	ldrb	r2, [core, #CORE_RESCHEDULE_PENDING]
	cmp	r2, #0
	bne	fast_found

	/* The receiver: runnable or blocked, and whole (CSpace, VSpace, frame). */
	ldr	rcv, [r0, #CAP_BASE]
	PHYS_TO_VIRT rcv
	ldr	r1, [rcv, #DCB_STATE]
	bic	r1, r1, #STATE_BIT
	cmp	r1, #STATE_BOTH
	bne	fast_found
	DCB_WHOLE rcv, fast_found

	/* Its buffer (find_buffer): a length, an LMP frame, and inside that frame. */
	ldr	ring, [r0, #CAP_EP_BUFLEN]
	ldr	buf, [r0, #CAP_EP_OFFSET]
	ldrb	r1, [rcv, #DCB_LMPFRAME + CAP_TYPE]
	cmp	ring, #0
	cmpne	r1, #0
	beq	fast_found
	ldr	r1, [rcv, #DCB_LMPFRAME + CAP_BYTES]
	add	r2, buf, ring, lsl #2		/* mint bounds both: no overflow */
	cmp	r2, r1
	bhi	fast_found
	ldr	r1, [rcv, #DCB_LMPFRAME + CAP_BASE]
	PHYS_TO_VIRT r1
	add	buf, buf, r1
	sub	ring, ring, #LMP_BUF_HEADER_WORDS

	/* Room (check_room): both indices inside the ring, and the message fits before its end. */
	ldr	at, [buf, #(LMP_BUF_DELIVERED * 4)]
	ldr	r1, [buf, #(LMP_BUF_CONSUMED * 4)]
	cmp	at, ring
	cmplo	r1, ring
	bhs	fast_found			/* a broken header: the C path says so */
	subs	r2, at, r1			/* used = at - consumed, or ring - consumed + at */
	addlo	r2, r2, ring
	add	r3, len, #LMP_MSG_HEADER_WORDS
	add	r2, r2, r3
	cmp	r2, ring
	bhs	fast_found			/* full: the C path says so */
	add	r3, at, r3			/* where the next message starts */
	cmp	r3, ring
	bhs	fast_found			/* it would wrap: write_message's other case */

	/* Nothing can give up from here on.  The message: header, badge, payload (a2..). */
	cmp	r11, #0
	strne	r11, [core, #CORE_ENTRIES_UNTICKED]
	add	r1, buf, #(LMP_BUF_HEADER_WORDS * 4)
	add	r1, r1, at, lsl #2
	mov	r2, len				/* the header: the length, no capability */
	ldr	r12, [r0, #CAP_EP_BADGE]
	stmia	r1!, {r2, r12}
	add	r2, sp, #CALLER_REG(SYS_INVOKE_REG_ARGS + 2)
	subs	r0, len, #1
	bmi	3f
2:	ldr	r12, [r2], #4
	str	r12, [r1], #4
	subs	r0, r0, #1
	bpl	2b
3:	str	r3, [buf, #(LMP_BUF_DELIVERED * 4)] /* the message is whole before it is seen */

	/* dispatch_message_delivered: count it (the frame has a copy); wake it if blocked. */
	ldr	r1, [rcv, #DCB_LMP_DELIVERED]
	ldr	r2, [rcv, #DCB_FRAME]
	add	r1, r1, #1
	str	r1, [rcv, #DCB_LMP_DELIVERED]
	str	r1, [r2, #FRAME_LMP_DELIVERED]
	ldr	r1, [rcv, #DCB_STATE]
	cmp	r1, #DISPATCHER_BLOCKED
	bne	4f
	mov	r11, lr				/* the caller's pc */
	sub	sp, sp, #(CALLER_REGS_BYTES + 4) /* keep the caller's registers, and 8-byte alignment */
	mov	r0, rcv
	bl	dispatch_make_runnable
	add	sp, sp, #(CALLER_REGS_BYTES + 4)
	mov	lr, r11

	/* No directed yield (or to itself): SYS_ERR_OK and no values, back to the sender. */
4:	ldr	r0, [core, #CORE_CURRENT]
	tst	flags, #LMP_SEND_YIELD
	cmpne	r0, rcv
	bne	send_switch
	sub	r0, sp, #(CALLER_REGS_BYTES - 5 * 4)
	ldm	r0, {r5-r12}
	mov	r0, #ERR_OK
	mov	r1, #0
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	movs	pc, lr

	/*
	 * dispatch_switch_to.  The sender (r0) is saved as dispatch_save does:
	 * into its disabled area if it is disabled, inside its critical
	 * section, or inside a Thumb IT block, else its enabled area; r0..r4
	 * hold the send's results (SYS_ERR_OK, no values).
	 */
send_switch:
	adr	r5, send_saved			/* fast_save returns there */

	/*
	 * fast_save: save the caller (r0, its DCB) as above, then `bx r5`.
	 * Keeps r0, r4, r6, r7 and r9; yield_fast.S uses it too.
	 */
	.global	fast_save
fast_save:
	ldr	r1, [r0, #DCB_FRAME]
	mrs	r12, spsr
	ldr	r2, [r1, #FRAME_DISABLED]
	ldrd	r10, r11, [r1, #FRAME_CRIT_PC_LOW]
	cmp	lr, r10				/* inside [crit_pc_low, crit_pc_high)? */
	cmphs	r11, lr
	movhi	r2, #1
	tst	r12, #(PSR_IT_MASK & 0x0000fc00)
	tsteq	r12, #(PSR_IT_MASK & 0x06000000)
	movne	r2, #1
	cmp	r2, #0
	movne	r2, #1
	strb	r2, [r0, #DCB_SAVED_DISABLED]
	addeq	r1, r1, #FRAME_ENABLED_AREA
	addne	r1, r1, #FRAME_DISABLED_AREA
	/* fast_save_resume joins here: r1 the save area, r12 the user's cpsr. */
save_registers:
	mov	r2, #0
	mov	r3, #0
	mov	r10, #0
	mov	r11, #0
	stmia	r1!, {r2, r3, r10, r11}		/* r0..r3 */
	str	r2, [r1], #4			/* r4 */
	/* fast_save_calling joins here: r1 the save area's r5. */
save_from_r5:
	add	r2, sp, #CALLER_REG(5)
	ldmia	r2!, {r3, r8, r10, r11}		/* r5..r8 */
	stmia	r1!, {r3, r8, r10, r11}
	ldmia	r2, {r3, r8, r10, r11}		/* r9..r12 */
	stmia	r1!, {r3, r8, r10, r11}
	stmia	r1, {sp, lr}^			/* the user's banked sp and lr */
	str	lr, [r1, #8]			/* pc */
	str	r12, [r1, #12]			/* cpsr */
	mrc	p15, 0, r1, c13, c0, 2		/* TPIDRURW, the user's thread register */
	str	r1, [r0, #DCB_TPIDRURW]
	bx	r5

	/*
	 * fast_save_resume (dispatch_save_resume): save the caller (r0, its
	 * DCB) into its disabled area whatever its frame says, to resume where
	 * it is, with no upcall; r0..r4 as fast_save saves them (zero), the
	 * rest as they came.  Then `bx r5`; keeps what fast_save keeps.
	 * call_fast.S uses it for a call and a reply-and-wait.
	 */
/* r1 = the disabled area of r0's frame + \offset, r12 = the user's cpsr; saved disabled. */
.macro RESUME_AREA offset
	ldr	r1, [r0, #DCB_FRAME]
	mrs	r12, spsr
	mov	r2, #1
	strb	r2, [r0, #DCB_SAVED_DISABLED]
	add	r1, r1, #(FRAME_DISABLED_AREA + \offset)
.endm

	.global	fast_save_resume
fast_save_resume:
	RESUME_AREA 0
	b	save_registers

	/*
	 * fast_save_calling: fast_save_resume for the caller of a call, whose
	 * r0..r4 are its results: nothing is saved there, since its reply (or
	 * SYS_ERR_LMP_SERVER_GONE) writes them before it runs again.  (The C
	 * path stores the call's registers there; only another dispatcher set
	 * up on the same frame could see the difference.)
	 */
	.global	fast_save_calling
fast_save_calling:
	RESUME_AREA (5 * 4)
	b	save_from_r5

	/* The receiver runs for the rest of the sender's slice; the queues stay as they are. */
send_saved:
	HAND_OVER r0, rcv, core

	/*
	 * fast_load, dispatch_load: the receiver (r4, the current dispatcher
	 * now) resumes from its disabled area if it was saved there or its
	 * frame says it is disabled; else it is upcalled.  Either way its
	 * VSpace and thread registers first.  yield_fast.S ends here too.
	 */
	.global	fast_load
fast_load:
	ldr	r1, [rcv, #DCB_FRAME]
	ldrb	r2, [rcv, #DCB_SAVED_DISABLED]
	ldr	r3, [r1, #FRAME_DISABLED]
	orrs	r8, r2, r3			/* nonzero: resume it disabled */
	moveq	r2, #1
	streq	r2, [r1, #FRAME_DISABLED]	/* an upcall runs disabled */
	ldr	r5, [r1, #FRAME_UDISP]
	ldr	r6, [r1, #FRAME_GOT_BASE]
	ldr	r7, [r1, #FRAME_RUN]
	ldr	r0, [rcv, #DCB_VSPACE_ROOT + CAP_BASE]
	mov	r1, r5
	ldr	r2, [rcv, #DCB_TPIDRURW]
	bl	arch_switch_to			/* its VSpace, TPIDRURO = frame, TPIDRURW */
	cmp	r8, #0
	bne	send_resume_disabled

	/*
	 * The upcall: at `run` (Thumb if its bit 0 is set), r0 = its frame's
	 * address, r9 = its GOT, sp on the upcall stack, lr and every other
	 * register zero, in user mode.
	 */
	and	r1, r7, #1
	mov	r1, r1, lsl #5
	orr	r1, r1, #PSR_MODE_USR		/* PSR_T if Thumb, user mode, nothing else */
	msr	spsr_cxsf, r1
	bic	lr, r7, #1
	add	r1, r5, #FRAME_UPCALL_STACK_TOP
	mov	r2, #0
	stmdb	sp, {r1, r2}
	ldmdb	sp, {sp, lr}^			/* the user's sp and lr */
	mov	r0, r5
	mov	r9, r6
	ldr	r12, =zero_words
	ldm	r12, {r1-r8, r10-r12}		/* no register of the sender leaks */
	movs	pc, lr

	/*
	 * fast_resume: fast_load for a dispatcher (r4) saved to resume where
	 * it is (fast_save_resume): its VSpace and thread registers, then its
	 * disabled area.  call_fast.S ends here.
	 */
	.global	fast_resume
fast_resume:
	ldr	r1, [rcv, #DCB_FRAME]
	ldr	r0, [rcv, #DCB_VSPACE_ROOT + CAP_BASE]
	ldr	r2, [rcv, #DCB_TPIDRURW]
	ldr	r1, [r1, #FRAME_UDISP]
	bl	arch_switch_to

	/* Its disabled area, user memory: the cpsr sanitised (arch_sanitize_user_cpsr). */
send_resume_disabled:
	ldr	r1, [rcv, #DCB_FRAME]
	add	r1, r1, #FRAME_DISABLED_AREA
	ldr	r2, [r1, #TRAP_FRAME_CPSR_OFFSET]
	ldr	r3, =PSR_USER_KEEP
	and	r2, r2, r3
	orr	r2, r2, #PSR_MODE_USR
	msr	spsr_cxsf, r2
	ldr	lr, [r1, #TRAP_FRAME_PC_OFFSET]
	tst	r2, #PSR_T
	bicne	lr, lr, #1
	add	r2, r1, #TRAP_FRAME_SP_OFFSET
	ldm	r2, {sp, lr}^			/* the user's sp and lr */
	ldm	r1, {r0-r12}
	movs	pc, lr
	.ltorg
	.size	lmp_send_fast, . - lmp_send_fast

	.section .rodata
	.balign	4
zero_words:
	.rept	11
	.word	0
	.endr
