/*
 * The first instructions of a user program.  The spawner (or the kernel,
 * for init) starts it disabled with r0 = its arguments page (struct
 * spawn_domain_params), sp = the top of its stack and r9 = its GOT.  crt0
 * finds its dispatcher frame through TPIDRURO and takes the GOT address
 * from it (r9 is an ordinary register to newlib afterwards), ends the
 * frame-pointer chain and tells debuggers (in its unwind information) that
 * it is the outermost frame, so a backtrace ends here cleanly, and calls
 * runtime_start(params).
 */
#include <dispatcher.h>

	.syntax unified
	.arm
	.section .text.start, "ax"
	.global _start
	.type	_start, %function
_start:
	.cfi_startproc
	.cfi_undefined lr			/* no caller: a backtrace stops here */
	mrc	p15, 0, r1, c13, c0, 3		/* TPIDRURO: our dispatcher frame */
	ldr	r9, [r1, #DISP_OFFSET_GOT_BASE]
	bic	sp, sp, #7			/* AAPCS: 8-byte aligned stack */
	mov	fp, #0				/* the outermost frame */
	bl	runtime_start			/* runtime_start(params): never returns */
	udf	#0
	.cfi_endproc
	.size	_start, . - _start
