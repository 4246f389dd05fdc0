/*
 * System calls (docs/syscalls.md): r0 selects the call, r1..r10 carry its
 * arguments; r0..r4 carry the results back.
 */
#include <stdint.h>

#include <arch/context.h>
#include <console.h>
#include <dispatch.h>
#include <errors.h>
#include <invocations.h>
#include <invoke.h>
#include <kprintf.h>
#include <plat.h>
#include <syscalls.h>
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

void syscall_handle(struct trap_frame *tf)
{
	struct sysret ret = { SYS_ERR_OK, { 0, 0, 0, 0 } };

	switch (tf->r[0]) {
	case SYS_INVOKE: ret = invoke(tf->r[1], tf->r[2], &tf->r[3]); break;
	case SYS_PRINT: ret.error = sys_print_line(tf->r[1], tf->r[2]); break;
	case SYS_CLOCK: {
		uint64_t now = plat_clock_now();
		ret.value[0] = (uint32_t)now;
		ret.value[1] = (uint32_t)(now >> 32);
		ret.value[2] = plat_clock_hz();
		break;
	}
	case SYS_YIELD:
		set_result(tf, &ret);
		dispatch_save(dcb_current, tf);
		dispatch_schedule(tf);
		return;
	case SYS_EXIT:
		dispatch_exit(dcb_current, (int32_t)tf->r[1]);
		dispatch_schedule(tf);
		return;
	default: ret.error = SYS_ERR_ILLEGAL_SYSCALL; break;
	}
	set_result(tf, &ret);
	/* An invocation may have deleted the caller's own dispatcher: never resume it. */
	if (!dispatch_current_can_run())
		dispatch_schedule(tf);
	else if (dispatch_reschedule_pending()) /* its slice ended during a long invocation */
		trap_preempt(tf);
}

void trap_preempt(struct trap_frame *tf)
{
	dispatch_save(dcb_current, tf);
	dispatch_schedule(tf);
}

void trap_user_fault(struct trap_frame *tf, const char *what)
{
	char name[DISP_NAME_LEN + 1];

	dispatch_name(dcb_current, name);
	kprintf("user fault: dispatcher '%s': %s, pc 0x%08x; it exits with status %d\n", name, what,
		tf->pc, EXIT_STATUS_FAULT);
	dispatch_exit(dcb_current, EXIT_STATUS_FAULT);
	dispatch_schedule(tf);
}
