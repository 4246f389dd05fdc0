/*
 * Exception vectors.  VBAR points at exception_vectors, or at
 * exception_vectors_full while the system-call fast path is switched off
 * (KernelCmd_SyscallFastpath): the two differ only in where a system call
 * goes.  Every entry stores its return state on the SVC stack (srsdb) and
 * switches to SVC mode at once, so the other modes need no stacks of their
 * own.  The frame it builds is struct trap_frame (arch/trap.h).
 */
#include <arch/cpu.h>
#include <arch/trap.h>
#include <core.h>

	.syntax unified
	.arm
	.text

.macro VECTORS svc_entry
	b	vec_reset
	b	vec_undefined
	b	\svc_entry
	b	vec_prefetch_abort
	b	vec_data_abort
	b	vec_reset		/* unused vector: treated as a reset */
	b	vec_irq
	b	vec_fiq
.endm

	.align	5
	.global exception_vectors
exception_vectors:
	VECTORS vec_svc_fast		/* syscall_fast.S, which falls back on vec_svc */

	.align	5
	.global exception_vectors_full
exception_vectors_full:
	VECTORS vec_svc

/*
 * ENTRY kind, lr_adjust: make lr the address the frame records as pc
 * (the faulting instruction, or where to resume), then build the frame.
 */
.macro ENTRY kind, lr_adjust
	.if \lr_adjust
	sub	lr, lr, #\lr_adjust
	.endif
	srsdb	sp!, #PSR_MODE_SVC		/* push pc and cpsr on the SVC stack */
	cps	#PSR_MODE_SVC
	sub	sp, sp, #8			/* room for the interrupted sp, lr */
	stmdb	sp!, {r0-r12}
	mov	r0, #\kind
	b	exception_common
.endm

	.global vec_svc
vec_reset:		ENTRY EXC_RESET, 0
vec_undefined:		ENTRY EXC_UNDEFINED, 0	/* C adjusts by 2 or 4 (Thumb/ARM) */
vec_svc:		ENTRY EXC_SVC, 0
vec_prefetch_abort:	ENTRY EXC_PREFETCH_ABORT, 4
vec_data_abort:		ENTRY EXC_DATA_ABORT, 8
vec_irq:		ENTRY EXC_IRQ, 4
vec_fiq:		ENTRY EXC_FIQ, 4

exception_common:
	mov	r1, r0				/* kind */
	mov	r0, sp				/* struct trap_frame * */
	/* Save the interrupted mode's sp and lr into the frame. */
	add	r2, r0, #TRAP_FRAME_SP_OFFSET
	ldr	r3, [r0, #TRAP_FRAME_CPSR_OFFSET]
	and	r3, r3, #PSR_MODE_MASK
	cmp	r3, #PSR_MODE_USR
	cmpne	r3, #PSR_MODE_SYS
	stmiaeq	r2, {sp, lr}^			/* user: the banked user registers */
	addne	r3, r0, #TRAP_FRAME_SIZE	/* SVC: sp before this exception */
	stmiane	r2, {r3, lr}
	mov	r4, sp				/* AAPCS wants sp 8-byte aligned for C */
	bic	sp, sp, #7
	bl	exception_handler
	mov	sp, r4

	/* Return to the frame (exception_handler may have changed it). */
	mov	r0, sp
	.global frame_return
frame_return:
	add	r2, r0, #TRAP_FRAME_SP_OFFSET
	ldr	r3, [r0, #TRAP_FRAME_CPSR_OFFSET]
	and	r3, r3, #PSR_MODE_MASK
	cmp	r3, #PSR_MODE_USR
	cmpne	r3, #PSR_MODE_SYS
	ldmiaeq	r2, {sp, lr}^
	ldrne	lr, [r2, #4]
	nop					/* no banked access right after ldm ^ */
	ldmia	sp!, {r0-r12}
	add	sp, sp, #8
	rfeia	sp!

/*
 * arch_resume_user(tf): leave the kernel into user mode from a frame that
 * may lie anywhere: copy it to the top of the kernel stack, where every
 * entry from user mode builds its frame, and return through it.
 */
	.global arch_resume_user
arch_resume_user:
	mrc	p15, 0, r1, c13, c0, 4		/* TPIDRPRW: this core's struct core */
	ldr	r1, [r1, #CORE_OFFSET_KERNEL_STACK_TOP]
	sub	sp, r1, #TRAP_FRAME_SIZE
	mov	r2, sp
	mov	r3, #(TRAP_FRAME_SIZE / 4)
1:	ldr	r12, [r0], #4
	str	r12, [r2], #4
	subs	r3, r3, #1
	bne	1b
	mov	r0, sp
	b	frame_return
