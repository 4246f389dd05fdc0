/*
 * kernel_entry(entry_mode): the boot stub's jump to the kernel's high
 * addresses lands here (boot_entry.S, step 8).  It calls kernel_main, which
 * never returns.  Its unwind information says it has no caller, so a
 * debugger's backtrace ends here, at an address the debugger can read (the
 * stub's are unmapped once the kernel runs).
 */
	.syntax unified
	.arm
	.text
	.global	kernel_entry
	.type	kernel_entry, %function
kernel_entry:
	.cfi_startproc
	.cfi_undefined lr
	bl	kernel_main
	udf	#0
	.cfi_endproc
	.size	kernel_entry, . - kernel_entry
