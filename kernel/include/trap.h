/* Generic handling of what user mode causes: system calls, preemption, faults. */
#ifndef TRAP_H
#define TRAP_H

#include <arch/trap.h>

struct cte;

void syscall_handle(struct trap_frame *tf);
/* SYS_INVOKE whose capability the system-call fast path found (arch/armv7/syscall_fast.S). */
void syscall_invoke_found(struct trap_frame *tf, struct cte *cte);
/* The time slice is over: save the current dispatcher and run the next. */
void trap_preempt(struct trap_frame *tf);
/* The current dispatcher faulted: report `what`, exit it, run the next. */
void trap_user_fault(struct trap_frame *tf, const char *what);

#endif
