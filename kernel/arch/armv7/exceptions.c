/*
 * Exception handling: interrupts go to the generic handler; anything
 * unexpected is reported with every register and the decoded cause, and
 * stops the machine.
 */
#include <stdint.h>

#include <arch/cpu.h>
#include <arch/fault.h>
#include <arch/trap.h>
#include <dispatch.h>
#include <exceptions.h>
#include <irq.h>
#include <kprintf.h>
#include <plat.h>
#include <timer.h>
#include <trap.h>

/* vectors.S: the same vectors, with and without the system-call fast path (syscall_fast.S). */
extern char exception_vectors[], exception_vectors_full[];

void exceptions_init(void)
{
	cp15_write_vbar((uint32_t)exception_vectors);
	isb();
}

bool exceptions_syscall_fastpath(bool on)
{
	bool was_on = cp15_read_vbar() == (uint32_t)exception_vectors;

	cp15_write_vbar((uint32_t)(on ? exception_vectors : exception_vectors_full));
	isb();
	return was_on;
}

static void print_registers(const struct trap_frame *tf)
{
	for (int i = 0; i < 13; i++)
		kprintf("  r%-2d %08x%s", i, tf->r[i], (i % 4 == 3) ? "\n" : "");
	kprintf("  sp  %08x\n  lr  %08x  pc  %08x  cpsr %08x (%s mode%s%s)\n", tf->sp, tf->lr,
		tf->pc, tf->cpsr, mode_name(tf->cpsr), (tf->cpsr & PSR_T) ? ", Thumb" : "",
		(tf->cpsr & PSR_I) ? ", IRQs masked" : "");
}

/* Print what went wrong; `fault_nesting` stops a fault inside the report. */
static void report_unexpected(struct trap_frame *tf, uint32_t kind)
{
	static int fault_nesting;

	if (fault_nesting++) {
		kprintf("\nnested %s at pc %08x while reporting a fault\n", exception_name(kind),
			tf->pc);
		plat_shutdown(1);
	}
	kprintf("\n*** unexpected %s in %s mode\n", exception_name(kind), mode_name(tf->cpsr));
	if (kind == EXC_DATA_ABORT) {
		uint32_t dfsr = cp15_read_dfsr();
		kprintf("data abort at 0x%08x: %s, %s (DFSR %08x)\n", cp15_read_dfar(),
			fsr_describe(dfsr), (dfsr & FSR_WNR) ? "write" : "read", dfsr);
	} else if (kind == EXC_PREFETCH_ABORT) {
		uint32_t ifsr = cp15_read_ifsr();
		kprintf("prefetch abort at 0x%08x: %s (IFSR %08x)\n", cp15_read_ifar(),
			fsr_describe(ifsr), ifsr);
	} else if (kind == EXC_UNDEFINED) {
		kprintf("undefined instruction at 0x%08x (%s)\n", tf->pc,
			(tf->cpsr & PSR_T) ? "Thumb" : "ARM");
	}
	print_registers(tf);
	kprintf("system halted\n");
	plat_shutdown(1);
}

/* Describe a user fault in one line: what, where, and the decoded cause. */
static void describe_user_fault(const struct trap_frame *tf, uint32_t kind, char *buf,
				unsigned size)
{
	if (kind == EXC_DATA_ABORT) {
		uint32_t dfsr = cp15_read_dfsr();
		ksnprintf(buf, size, "data abort at 0x%08x: %s, %s", cp15_read_dfar(),
			  fsr_describe(dfsr), (dfsr & FSR_WNR) ? "write" : "read");
	} else if (kind == EXC_PREFETCH_ABORT) {
		ksnprintf(buf, size, "prefetch abort at 0x%08x: %s", cp15_read_ifar(),
			  fsr_describe(cp15_read_ifsr()));
	} else if (kind == EXC_UNDEFINED) {
		ksnprintf(buf, size, "undefined instruction at 0x%08x (%s)", tf->pc,
			  (tf->cpsr & PSR_T) ? "Thumb" : "ARM");
	} else {
		ksnprintf(buf, size, "unexpected %s", exception_name(kind));
	}
}

/* An exception taken from user mode: a system call, an interrupt or a fault. */
static void user_exception(struct trap_frame *tf, uint32_t kind)
{
	char what[128];

	switch (kind) {
	case EXC_SVC: syscall_handle(tf); return;
	case EXC_IRQ:
		if (irq_handle() && dispatch_tick())
			trap_preempt(tf);
		return;
	default:
		describe_user_fault(tf, kind, what, sizeof(what));
		trap_user_fault(tf, what);
		return;
	}
}

void exception_handler(struct trap_frame *tf, uint32_t kind)
{
	tick_watch();
	/* The most frequent entry first: a system call from user mode. */
	if (kind == EXC_SVC && (tf->cpsr & PSR_MODE_MASK) == PSR_MODE_USR) {
		syscall_handle(tf);
		return;
	}
	if (kind == EXC_UNDEFINED)
		tf->pc -= (tf->cpsr & PSR_T) ? 2 : 4; /* the instruction itself */

	if ((tf->cpsr & PSR_MODE_MASK) == PSR_MODE_USR) {
		user_exception(tf, kind);
		return;
	}
	switch (kind) {
	case EXC_IRQ:
		/* Taken at a preemption point or while idle: a slice that ends waits for the exit.
		 */
		if (irq_handle() && dispatch_tick())
			dispatch_request_reschedule();
		return;
	default: report_unexpected(tf, kind);
	}
}
