/*
 * The first instructions of a user program.  The spawner (or the kernel,
 * for init) starts it disabled with r0 = its arguments page, r9 = its GOT
 * and sp = the top of its stack.
 */
	.syntax unified
	.arm
	.section .text.start, "ax"
	.global _start
_start:
	mov	fp, #0			/* the outermost frame */
	mov	lr, #0
	b	runtime_start		/* runtime_start(params): never returns */
