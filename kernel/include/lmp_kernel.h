/* The kernel's own messages (kernel/lmp.c, docs/ipc.md). */
#ifndef LMP_KERNEL_H
#define LMP_KERNEL_H

#include <dispatch.h>
#include <errors.h>

/*
 * Send dcb's exit message (LMP_EXIT_WORD, its status) on its exit EndPoint,
 * marked LMP_MSG_FROM_KERNEL.  *receiver is the dispatcher it goes to (NULL
 * if there is no exit EndPoint).  SYS_ERR_LMP_BUFFER_FULL: try again later.
 */
errval_t lmp_send_exit(struct dcb *dcb, struct dcb **receiver);

#endif
