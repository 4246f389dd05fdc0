/*
 * Probes of the send fast path's switch (tests_sendpath.c).
 *
 * send_regs(const uint32_t in[13], uint32_t out[13]): r0..r12 = in, `svc`,
 * out = r0..r12 as the kernel left them: nothing is restored from a copy,
 * so a register the kernel got wrong shows.  send_regs_svc labels the
 * `svc`.  send_regs_it is the same in Thumb, with the `svc` inside an IT
 * block (whose state only the kernel can restore).
 *
 * probe_run: the `run` upcall of the probe helper.  It records what it was
 * started with (r0..r12, lr, sp, cpsr) and counts the upcall; then it
 * marks its messages seen and makes a blocking yield, enabled (the next
 * switch to it upcalls it again) or, if struct probe's mode says so,
 * disabled (the next switch resumes it after the `svc`).  Resumed, it
 * records and counts again, and waits again.  Before the `svc` it loads
 * r2..r12 and lr with their own numbers, so that a resume can be checked.
 */
#include <dispatcher.h>
#include <syscalls.h>

#include "sendprobe.h"

	.syntax unified
	.text

/* After the call: out (pushed at entry) = r0..r12 as the kernel left them; return. */
.macro STORE_REGS_AND_RETURN
	push	{r12}
	ldr	r12, [sp, #4]			/* out */
	stm	r12, {r0-r11}
	pop	{r0}
	str	r0, [r12, #48]
	add	sp, sp, #4
	pop	{r4-r11, pc}
.endm

	.arm
	.global send_regs, send_regs_svc
	.type	send_regs, %function
send_regs:
	push	{r4-r11, lr}
	push	{r1}
	ldm	r0, {r0-r12}
send_regs_svc:
	svc	#0
	STORE_REGS_AND_RETURN
	.size	send_regs, . - send_regs

	.thumb
	.global send_regs_it
	.type	send_regs_it, %function
	.thumb_func
send_regs_it:
	push	{r4-r11, lr}
	push	{r1}
	ldm	r0, {r0-r12}
	cmp	r0, r0				/* Z set: the `svc` runs, the `movne` must not */
	ite	eq
	svceq	#0
	movne	r5, #0xbd			/* after the call: skipped only if the IT state came back */
	STORE_REGS_AND_RETURN
	.size	send_regs_it, . - send_regs_it

/* Record r0..r12, lr, sp and cpsr at PROBE_OFFSET + \record in our frame; count at \count. */
.macro RECORD record, count
	stmdb	sp, {r0-r12, lr}		/* 14 words just below sp, nothing else changed */
	mrc	p15, 0, r0, c13, c0, 3		/* TPIDRURO: our frame */
	add	r1, r0, #PROBE_OFFSET
	sub	r2, sp, #56
	add	r3, r1, #\record
	ldmia	r2!, {r4-r10}
	stmia	r3!, {r4-r10}
	ldmia	r2!, {r4-r10}
	stmia	r3!, {r4-r10}
	str	sp, [r3], #4
	mrs	r4, cpsr
	str	r4, [r3]
	ldr	r4, [r1, #\count]
	add	r4, r4, #1
	str	r4, [r1, #\count]
.endm

	.arm
	.global probe_run
	.type	probe_run, %function
probe_run:
	RECORD	PROBE_UPCALL, PROBE_UPCALLS
1:	ldr	r4, [r0, #DISP_OFFSET_LMP_DELIVERED]
	str	r4, [r0, #DISP_OFFSET_LMP_SEEN]
	ldr	r4, [r1, #PROBE_MODE]
	cmp	r4, #0
	streq	r4, [r0, #DISP_OFFSET_DISABLED]	/* mode 0: enabled, upcalled next time */
	mov	r0, #SYS_YIELD
	mov	r1, #SYS_YIELD_BLOCK
	mov	r2, #2
	mov	r3, #3
	mov	r4, #4
	mov	r5, #5
	mov	r6, #6
	mov	r7, #7
	mov	r8, #8
	mov	r9, #9
	mov	r10, #10
	mov	r11, #11
	mov	r12, #12
	mov	lr, #14
	svc	#0
	RECORD	PROBE_RESUME, PROBE_RESUMES
	b	1b
	.size	probe_run, . - probe_run
