#ifndef EXCEPTIONS_H
#define EXCEPTIONS_H

#include <stdbool.h>

/* Point VBAR at the kernel's vector table. */
void exceptions_init(void);

/* Switch the system-call fast path on or off (KernelCmd_SyscallFastpath); returns whether it
 * was on.  Off, every system call takes the full path. */
bool exceptions_syscall_fastpath(bool on);

#endif
