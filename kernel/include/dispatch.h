/*
 * Dispatcher control blocks (DCBs) and the scheduler: round robin between
 * processes, and between the dispatchers of a process (docs/scheduling.md).
 * A process, to the scheduler, is the set of dispatchers that share a
 * CSpace root object (an L1 CNode).
 *
 * A DCB lives in the memory of a Dispatcher object.  It starts with its own
 * copies (CTEs) of the dispatcher's CSpace root, VSpace root and dispatcher
 * frame, so that deleting the caller's capabilities never frees a table
 * still in use (as seL4's TCB does).
 */
#ifndef DISPATCH_H
#define DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

#include <arch/trap.h>
#include <cap.h>
#include <core.h>
#include <invocations.h>
#include <dispatcher.h>
#include <mmu.h>

/*
 * The first DCB_REQUIRED_SLOTS must be there for the dispatcher to run; the
 * LMP frame (its receive buffers) and the exit EndPoint (docs/ipc.md) are
 * optional.
 */
enum dcb_slot {
	DCB_SLOT_CSPACE,
	DCB_SLOT_VSPACE,
	DCB_SLOT_DISPFRAME,
	DCB_REQUIRED_SLOTS,
	DCB_SLOT_LMPFRAME = DCB_REQUIRED_SLOTS,
	DCB_SLOT_EXITEP, /* the kernel sends the exit status on it (docs/ipc.md) */
	DCB_SLOTS
};

struct dcb {
	struct cte slots[DCB_SLOTS];
	uint32_t state; /* DISPATCHER_STATE_* */
	int32_t exit_status;
	struct dcb *next;		/* the next runnable dispatcher of the same process */
	struct dcb *gnext;		/* first of its process's queue: the next process */
	uint32_t group;			/* the process: its CSpace root's physical address */
	struct dispatcher_frame *frame; /* the kernel's view of the dispatcher frame */
	uint32_t tpidrurw;		/* user thread register, saved across switches */
	bool saved_disabled;		/* its registers are in the disabled area */
	uint32_t timeslice;		/* ticks per turn (0: the default, one tick) */
	uint32_t slice_left;		/* ticks left in the current turn */
	uint32_t lmp_delivered;		/* messages delivered to it (the frame has a copy) */
	uint32_t runs;			/* turns it was given (KernelCmd_SchedCounters) */
	uint32_t ticks_used;		/* ticks that found it running (DispatcherCmd_Status) */
	uint32_t blocks;		/* blocking yields that took it off the run queue */
	/* Blocked with a wake-up time: on the core's list of sleepers until then. */
	bool sleeping;
	uint32_t wakeup; /* the tick (low 32 bits) it wakes at, read from its frame */
	struct dcb *sleep_next;
	/* An exit message that found its buffer full waits on the receiver's list. */
	struct dcb *exit_receiver; /* whose list it is on, or NULL */
	struct dcb *exit_next;	   /* the next on that list */
	struct dcb *pending_exits; /* (as a receiver) exits waiting for room */
	/* A call (kernel/lmp_call.c): the server it waits on, the caller it owes a reply. */
	struct dcb *calling;
	struct dcb *reply_to;
	bool accepts_call; /* blocked in SYS_REPLY_WAIT: a call may come */
};

_Static_assert(sizeof(struct dcb) <= OBJSIZE_DISPATCHER, "a DCB fits its object");

static inline struct dcb *dcb_of(const struct capability *dispatcher_cap)
{
	return (struct dcb *)phys_to_virt(dispatcher_cap->base);
}

/* The dispatcher this core runs (NULL in the idle loop, or once it is gone). */
static inline struct dcb *dispatch_current(void)
{
	return this_core()->sched.current;
}

void dispatch_make_runnable(struct dcb *dcb);
/* Has it started and not stopped: runnable, blocked, or waiting for a reply? */
static inline bool dispatch_is_live_state(uint32_t state)
{
	return state == DISPATCHER_STATE_RUNNABLE || state == DISPATCHER_STATE_BLOCKED ||
	       state == DISPATCHER_STATE_CALLING;
}
void dispatch_exit(struct dcb *dcb, int32_t status);
void dispatch_destroy(struct dcb *dcb);
/* Are its CSpace root, VSpace root and frame (its own copies) all there? */
static inline bool dcb_is_whole(const struct dcb *dcb)
{
	_Static_assert(DCB_REQUIRED_SLOTS == 3, "the first three DCB slots are required");
	return !cte_is_empty(&dcb->slots[0]) && !cte_is_empty(&dcb->slots[1]) &&
	       !cte_is_empty(&dcb->slots[2]);
}
/* A live dispatcher (runnable, blocked or calling) that lost a DCB copy (to a revoke) exits
 * with a fault status. */
void dispatch_exit_if_broken(struct dcb *dcb);
bool dispatch_current_can_run_slow(void);
/* Is there a current dispatcher, still runnable (not exited, not destroyed)?  Checked on
 * every system call: the usual answer inline, the rest in dispatch.c. */
static inline bool dispatch_current_can_run(void)
{
	const struct dcb *current = dispatch_current();

	if (current && current->state == DISPATCHER_STATE_RUNNABLE && dcb_is_whole(current))
		return true;
	return dispatch_current_can_run_slow();
}

/*
 * Blocking (docs/ipc.md): the current dispatcher leaves the run queue unless
 * a message came since it last looked; a delivery makes it runnable again.
 * Returns true if it blocked (the caller must then schedule).
 */
bool dispatch_block_current(void);
/* A message was delivered to dcb: count it, and wake dcb if it is blocked. */
void dispatch_message_delivered(struct dcb *dcb);
/* After this system call, run dcb in the caller's place (a send's LMP_SEND_YIELD). */
void dispatch_request_yield_to(struct dcb *dcb);
/* Save the current dispatcher and run the one asked for, if it still can run
 * (else the next in turn). */
void dispatch_yield_to(struct trap_frame *tf);
/* Runnable, whole `target` runs now, in the rest of the current turn (a directed yield). */
void dispatch_switch_to(struct dcb *target, struct trap_frame *tf);
/* The same, the current dispatcher already saved. */
void dispatch_hand_over(struct dcb *target, struct trap_frame *tf);
/*
 * Save dcb to resume exactly where tf stops, with no upcall: into its
 * disabled area, whatever its frame says (a call and a reply-and-wait,
 * which then put their results there).
 */
void dispatch_save_resume(struct dcb *dcb, const struct trap_frame *tf);
/*
 * The run queues of a call, for kernel/lmp_call.c and the fast paths
 * (kernel/arch/armv7/call_fast.S) alike: the caller (saved) waits for its
 * reply, off the run queue, and the server can run; or the server (saved,
 * its wake-up time read) blocks to wait for a call, and the caller it
 * answered can run.
 */
void dispatch_call_queues(struct dcb *caller, struct dcb *server);
void dispatch_reply_queues(struct dcb *server, struct dcb *caller);
/* Did a send ask to run its receiver when this system call ends?  (Asked after every call.) */
static inline bool dispatch_yield_to_pending(void)
{
	return this_core()->sched.yield_to != NULL;
}

/* A tick for the current dispatcher; true when its time slice is over. */
bool dispatch_tick(void);

/* A time slice ended while the kernel ran; preempt when it returns to user mode. */
void dispatch_request_reschedule(void);
static inline bool dispatch_reschedule_pending(void)
{
	return this_core()->sched.reschedule_pending;
}

/* Entry from user mode: save the interrupted dispatcher. */
void dispatch_save(struct dcb *dcb, const struct trap_frame *tf);
/* Choose the next dispatcher and load it into tf (idles if none can run). */
void dispatch_schedule(struct trap_frame *tf);
/* Leave the kernel for the first time, into the first runnable dispatcher. */
void dispatch_start(void) __attribute__((noreturn));

/* A readable, NUL-terminated copy of the dispatcher's name. */
void dispatch_name(const struct dcb *dcb, char name[DISP_NAME_LEN + 1]);

#endif
