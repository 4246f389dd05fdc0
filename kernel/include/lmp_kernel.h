/* The kernel's own messages (kernel/lmp.c, docs/ipc.md). */
#ifndef LMP_KERNEL_H
#define LMP_KERNEL_H

#include <dispatch.h>
#include <errors.h>
#include <trap.h>

/*
 * A message from the kernel itself on EndPoint ep (a kernel-held copy),
 * marked LMP_MSG_FROM_KERNEL: length words (at most LMP_MSG_WORDS).
 * *receiver is the dispatcher it goes to (NULL if ep is empty).
 * SYS_ERR_LMP_BUFFER_FULL: try again later.
 */
errval_t lmp_send_kernel(const struct cte *ep, const uint32_t *words, uint32_t length,
			 struct dcb **receiver);

/*
 * Send dcb's exit message (LMP_EXIT_WORD, its status) on its exit EndPoint,
 * marked LMP_MSG_FROM_KERNEL.  *receiver is the dispatcher it goes to (NULL
 * if there is no exit EndPoint).  SYS_ERR_LMP_BUFFER_FULL: try again later.
 */
errval_t lmp_send_exit(struct dcb *dcb, struct dcb **receiver);

/*
 * SYS_INVOKE's fast path, on the EndPoint the call names (the caller checks
 * the type): if tf is a send of words alone on ep that will succeed, do it
 * (and the directed yield) and return true; otherwise change nothing and
 * return false, and the general path handles the call.
 */
bool lmp_fastpath_send(const struct cte *ep, struct trap_frame *tf);

/*
 * Calls (kernel/lmp_call.c).  lmp_call: EndPointCmd_Call on ep from the
 * current dispatcher; on success it has switched tf to the server, else it
 * changed nothing and returns the error.  lmp_reply_wait: SYS_REPLY_WAIT,
 * whose results (or the next dispatcher) it puts in tf.  lmp_call_forget:
 * dcb stops, and its calls with it.
 */
errval_t lmp_call(const struct cte *ep, struct trap_frame *tf);
void lmp_reply_wait(struct trap_frame *tf);
void lmp_call_forget(struct dcb *dcb);

#endif
