/*
 * System calls (docs/syscalls.md): r0 selects the call, r1..r12 carry its
 * arguments; r0..r4 carry the results back.
 */
#include <stdint.h>

#include <arch/context.h>
#include <config.h>
#include <console.h>
#include <dispatch.h>
#include <errors.h>
#include <invocations.h>
#include <invoke.h>
#include <kprintf.h>
#include <lmp_kernel.h>
#include <objtype.h>
#include <plat.h>
#include <syscalls.h>
#include <timer.h>
#include <trap.h>

/* Print one line from user memory; the kernel is not preemptible, so it is never cut. */
static errval_t sys_print_line(uint32_t uaddr, uint32_t len)
{
	char line[SYS_PRINT_MAX];

	if (len > SYS_PRINT_MAX)
		return SYS_ERR_PRINT_TOO_LONG;
	if (!arch_user_range_ok(uaddr, len, 0))
		return SYS_ERR_BAD_USER_POINTER;
	for (uint32_t i = 0; i < len; i++)
		line[i] = ((const volatile char *)uaddr)[i];
	for (uint32_t i = 0; i < len; i++)
		console_putc(line[i]);
	return SYS_ERR_OK;
}

static void set_result(struct trap_frame *tf, const struct sysret *ret)
{
	tf->r[0] = ret->error;
	tf->r[1] = ret->value[0];
	tf->r[2] = ret->value[1];
	tf->r[3] = ret->value[2];
	tf->r[4] = ret->value[3];
}

/*
 * A long invocation stopped because the time slice ended (seL4's restart):
 * the registers are as the caller left them, so stepping back over the
 * `svc` makes the dispatcher make the same call again when it next runs.
 * The kernel's state is whole between the two calls, and each call gets
 * further, so the caller sees one call that took longer.
 */
static void restart_invocation(struct trap_frame *tf)
{
	tf->pc -= (tf->cpsr & PSR_T) ? 2 : 4;
	trap_preempt(tf);
}

/*
 * The end of every system call that returns to its caller (or should):
 * the results into r0..r4, and whatever the call set off (a restart, the
 * caller's own end, a directed yield, a slice that ran out).
 */
static void syscall_return(struct trap_frame *tf, const struct sysret *ret)
{
	if (ret->error == SYS_ERR_PREEMPTED && dispatch_current_can_run()) {
		restart_invocation(tf);
		return;
	}
	set_result(tf, ret);
	/* An invocation may have deleted the caller's own dispatcher: never resume it. */
	if (!dispatch_current_can_run())
		dispatch_schedule(tf);
	else if (dispatch_yield_to_pending()) /* a send asked to run its receiver now */
		dispatch_yield_to(tf);
	else if (dispatch_reschedule_pending()) /* its slice ended during a long invocation */
		trap_preempt(tf);
}

/* SYS_INVOKE on the capability found for it: invoke it. */
static void invoke_found(struct trap_frame *tf, struct cte *cte)
{
	struct sysret ret;

	if (cte->cap.type == ObjType_EndPoint) {
		/* A call switches to its server, or fails having changed nothing. */
		if (INVOKE_WORD_CMD(tf->r[SYS_INVOKE_REG_WORD]) == EndPointCmd_Call) {
			ret = sysret_error(lmp_call(cte, tf));
			if (err_is_fail(ret.error))
				syscall_return(tf, &ret);
			return;
		}
		if (lmp_fastpath_send(cte, tf))
			return;
	}
	ret = invoke_cap(cte, tf->r[SYS_INVOKE_REG_WORD], &tf->r[SYS_INVOKE_REG_ARGS]);
	syscall_return(tf, &ret);
}

/* SYS_INVOKE, the most frequent call: look the capability up, and invoke it. */
static void invoke_syscall(struct trap_frame *tf)
{
	struct sysret ret = { SYS_ERR_OK, { 0, 0, 0, 0 } };
	struct cte *cte;

	ret.error = invoke_lookup(tf->r[SYS_INVOKE_REG_CPTR], tf->r[SYS_INVOKE_REG_WORD], &cte);
	if (err_is_ok(ret.error))
		invoke_found(tf, cte);
	else
		syscall_return(tf, &ret);
}

/*
 * The fast path's way in (kernel/arch/armv7/syscall_fast.S): SYS_INVOKE
 * whose capability it found, having made invoke_lookup's checks.
 */
void syscall_invoke_found(struct trap_frame *tf, struct cte *cte)
{
	tick_watch(); /* a kernel entry like any other */
	invoke_found(tf, cte);
}

void syscall_handle(struct trap_frame *tf)
{
	struct sysret ret = { SYS_ERR_OK, { 0, 0, 0, 0 } };

	switch (tf->r[0]) {
	case SYS_INVOKE: invoke_syscall(tf); return;
	case SYS_PRINT: ret.error = sys_print_line(tf->r[1], tf->r[2]); break;
	case SYS_CLOCK: {
		uint64_t now = plat_clock_now();
		ret.value[0] = (uint32_t)now;
		ret.value[1] = (uint32_t)(now >> 32);
		ret.value[2] = plat_clock_hz();
		break;
	}
	case SYS_TICKS: {
		uint64_t ticks = tick_count();
		ret.value[0] = (uint32_t)ticks;
		ret.value[1] = (uint32_t)(ticks >> 32);
		ret.value[2] = TICK_HZ;
		ret.value[3] = (uint32_t)plat_clock_now();
		break;
	}
	case SYS_YIELD: {
		uint32_t flags = tf->r[1];

		if (flags & ~SYS_YIELD_BLOCK) {
			ret.error = SYS_ERR_YIELD_FLAGS;
			break;
		}
		set_result(tf, &ret);
		/* A blocking yield returns at once if a message came since the caller looked. */
		if ((flags & SYS_YIELD_BLOCK) && !dispatch_block_current())
			return;
		dispatch_save(dispatch_current(), tf);
		dispatch_schedule(tf);
		return;
	}
	case SYS_REPLY_WAIT: lmp_reply_wait(tf); return;
	case SYS_EXIT:
		dispatch_exit(dispatch_current(), (int32_t)tf->r[1]);
		dispatch_schedule(tf);
		return;
	default: ret.error = SYS_ERR_ILLEGAL_SYSCALL; break;
	}
	syscall_return(tf, &ret);
}

void trap_preempt(struct trap_frame *tf)
{
	dispatch_save(dispatch_current(), tf);
	dispatch_schedule(tf);
}

void trap_user_fault(struct trap_frame *tf, const char *what)
{
	struct dcb *dcb = dispatch_current();
	char name[DISP_NAME_LEN + 1];

	dispatch_name(dcb, name);
	/* The pid is the one its frame holds (spawn wrote it there): a name for people. */
	kprintf("user fault: dispatcher '%s' (pid %u): %s, pc 0x%08x; it exits with status %d\n",
		name, dcb->frame->generic.pid, what, tf->pc, EXIT_STATUS_FAULT);
	dispatch_exit(dispatch_current(), EXIT_STATUS_FAULT);
	dispatch_schedule(tf);
}
