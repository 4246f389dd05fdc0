/*
 * syscall_raw(args[13], ret): r0..r12 = args, `svc #0`, ret = r0..r4.
 * See include/syscalls.h and docs/syscalls.md.
 */
	.syntax unified
	.arm
	.text
	.global syscall_raw
syscall_raw:
	push	{r4-r11, lr}
	push	{r1}
	ldm	r0, {r0-r12}
	svc	#0
	pop	{r12}
	stm	r12, {r0-r4}
	pop	{r4-r11, pc}
