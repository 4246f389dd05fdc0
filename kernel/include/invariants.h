/* The kernel's invariants, checked on request (kernel/invariants.c). */
#ifndef INVARIANTS_H
#define INVARIANTS_H

#include <errors.h>

/* Tables checked between two preemption points. */
#define INVARIANT_TABLES_PER_POINT 16

/* SYS_ERR_OK, or SYS_ERR_KERNEL_INVARIANT after printing what is wrong. */
errval_t kernel_check_invariants(void);

#endif
