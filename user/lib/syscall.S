/*
 * syscall_raw(args[13], ret): r0..r12 = args, `svc #0`, ret = r0..r4.
 * syscall_send(cptr, word, a0, a1, payload, length): SYS_INVOKE with
 * `length` payload words in r5 onwards (a send's registers, no array to
 * build, nothing read past the caller's words), returns r0.
 * See include/syscalls.h and docs/syscalls.md.
 */
#include <syscalls.h>

	.syntax unified
	.arm
	.text
	.global syscall_raw
	.type	syscall_raw, %function
syscall_raw:
	push	{r4-r11, lr}
	push	{r1}
	ldm	r0, {r0-r12}
	svc	#0
	pop	{r12}
	stm	r12, {r0-r4}
	pop	{r4-r11, pc}
	.size	syscall_raw, . - syscall_raw

	.global syscall_send
	.type	syscall_send, %function
syscall_send:
	push	{r4-r11}
	mov	r4, r3				/* a1 */
	mov	r3, r2				/* a0 */
	mov	r2, r1				/* word */
	mov	r1, r0				/* cptr */
	ldr	r0, [sp, #32]			/* payload, the fifth argument */
	ldr	r12, [sp, #36]			/* length, the sixth */
	cmp	r12, #8
	movhi	r12, #8
	rsb	r12, r12, #8			/* skip the loads of the words not sent */
	add	pc, pc, r12, lsl #2		/* pc reads as this instruction + 8 */
	nop
	ldr	r12, [r0, #28]
	ldr	r11, [r0, #24]
	ldr	r10, [r0, #20]
	ldr	r9, [r0, #16]
	ldr	r8, [r0, #12]
	ldr	r7, [r0, #8]
	ldr	r6, [r0, #4]
	ldr	r5, [r0]
	mov	r0, #SYS_INVOKE
	svc	#0
	pop	{r4-r11}
	bx	lr
	.size	syscall_send, . - syscall_send
