/*
 * Calls (docs/ipc.md, "Calls"; include/lmp.h): seL4's call and
 * reply-and-wait on LMP's EndPoints.  A server waits in SYS_REPLY_WAIT; an
 * EndPointCmd_Call on one of its EndPoints hands it the call in its
 * registers and leaves the caller off the run queue until the server's
 * next SYS_REPLY_WAIT puts the reply in the caller's registers.  No ring is
 * written and nobody is upcalled: each side resumes where it made its
 * system call, from its disabled area.
 *
 * While a call lasts the two are linked, caller->calling = server and
 * server->reply_to = caller, and lmp_call_forget breaks the link when
 * either stops: a server that stops sends its caller back with
 * SYS_ERR_LMP_SERVER_GONE.  The decode step checks everything before
 * anything changes, so a call that fails has no effect on either side
 * (but one: a server found to have lost its frame exits there, as a send
 * to it would make it, and lets its own caller go).
 */
#include <stdbool.h>
#include <stdint.h>

#include <dispatch.h>
#include <invocations.h>
#include <lmp.h>
#include <lmp_kernel.h>
#include <syscalls.h>
#include <trap.h>

/* The server named by ep, if it waits for a call: nothing changes here. */
static errval_t call_decode(const struct cte *ep, uint32_t flags, struct dcb **server)
{
	struct dcb *s = dcb_of(&ep->cap);

	if ((flags & ~LMP_SEND_LENGTH(~0u)) || LMP_SEND_GET_LENGTH(flags) > LMP_CALL_WORDS)
		return SYS_ERR_LMP_CALL_FLAGS;
	dispatch_exit_if_broken(s); /* it may have lost its frame to a revoke */
	if (s->state == DISPATCHER_STATE_EXITED)
		return SYS_ERR_LMP_TARGET_EXITED;
	if (!dcb_is_whole(s))
		return SYS_ERR_DISP_NOT_SETUP;
	/* Waiting in SYS_REPLY_WAIT, so owing no reply and not the caller (which runs). */
	if (s->state != DISPATCHER_STATE_BLOCKED || !s->accepts_call)
		return SYS_ERR_LMP_NOT_WAITING;
	*server = s;
	return SYS_ERR_OK;
}

errval_t lmp_call(const struct cte *ep, struct trap_frame *tf)
{
	const uint32_t *a = &tf->r[SYS_INVOKE_REG_ARGS];
	struct dcb *caller = dispatch_current(), *server;
	struct arm_registers *in;
	uint32_t length;
	errval_t err;

	if ((err = call_decode(ep, a[0], &server)))
		return err;
	/* The call, where the server's SYS_REPLY_WAIT returns: r1 what, r2 the badge, r3.. */
	length = LMP_SEND_GET_LENGTH(a[0]);
	in = &server->frame->disabled_area;
	in->r[0] = SYS_ERR_OK;
	in->r[1] = LMP_WAIT_CALL | length;
	in->r[2] = ep->cap.u.endpoint.badge;
	for (uint32_t i = 0; i < LMP_CALL_WORDS; i++)
		in->r[3 + i] = a[2 + i]; /* past its length, what the caller left there */
	caller->calling = server;
	server->reply_to = caller;
	/* The caller waits where it is; the server runs in the rest of its turn. */
	dispatch_save_resume(caller, tf);
	dispatch_call_queues(caller, server);
	dispatch_hand_over(server, tf);
	return SYS_ERR_OK;
}

/* The call is over: caller runs again, its call returning err and the words (if whole). */
static void call_return(struct dcb *caller, errval_t err, const uint32_t *words)
{
	if (dcb_is_whole(caller)) {
		struct arm_registers *out = &caller->frame->disabled_area;

		out->r[0] = err;
		for (uint32_t i = 0; i < LMP_CALL_WORDS; i++)
			out->r[1 + i] = words ? words[i] : 0;
	}
	/* One that is not whole exits when the scheduler comes to it. */
	dispatch_make_runnable(caller);
}

/* Break dcb's link to server (as caller) or caller (as server). */
static struct dcb *unlink_caller(struct dcb *server)
{
	struct dcb *caller = server->reply_to;

	if (caller) {
		server->reply_to = NULL;
		caller->calling = NULL;
	}
	return caller;
}

void lmp_call_forget(struct dcb *dcb)
{
	struct dcb *caller = unlink_caller(dcb);

	dcb->accepts_call = false;
	if (dcb->calling)
		unlink_caller(dcb->calling);
	if (caller && caller->state == DISPATCHER_STATE_CALLING)
		call_return(caller, SYS_ERR_LMP_SERVER_GONE, NULL);
}

void lmp_reply_wait(struct trap_frame *tf)
{
	struct dcb *self = dispatch_current(), *caller = unlink_caller(self);
	uint32_t reply[LMP_CALL_WORDS];
	bool blocked;

	for (uint32_t i = 0; i < LMP_CALL_WORDS; i++)
		reply[i] = tf->r[1 + i];
	if (caller && caller->state != DISPATCHER_STATE_CALLING)
		caller = NULL; /* it went already */
	/* What it returns if nothing calls: woken (a call overwrites it). */
	tf->r[0] = SYS_ERR_OK;
	for (uint32_t i = 1; i < SYS_RET_REGS; i++)
		tf->r[i] = LMP_WAIT_WOKEN;
	/* A blocking yield (dispatch_reply_queues' order): back at once if a message came since it
	 * last looked. */
	blocked = dispatch_block_current();
	if (blocked)
		self->accepts_call = true;
	if (caller)
		call_return(caller, SYS_ERR_OK, reply);
	if (!blocked)
		return;
	dispatch_save_resume(self, tf);
	/* The caller it answered runs in the rest of the turn (as a directed yield). */
	if (caller && caller->state == DISPATCHER_STATE_RUNNABLE && dcb_is_whole(caller))
		dispatch_hand_over(caller, tf);
	else
		dispatch_schedule(tf);
}
