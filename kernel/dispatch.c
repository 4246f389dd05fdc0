/*
 * Dispatchers: saving and resuming them with Barrelfish's activation
 * semantics, and scheduling them: round robin between processes, and
 * between the dispatchers of each process (docs/scheduling.md).
 */
#include <stddef.h>
#include <stdint.h>

#include <arch/context.h>
#include <arch/cpu.h>
#include <console.h>
#include <core.h>
#include <dispatch.h>
#include <invocations.h>
#include <kprintf.h>
#include <lmp_kernel.h>
#include <mmu.h>
#include <timer.h>

/*
 * The run queue has two levels.  Each process (the runnable dispatchers
 * that share a CSpace root object) has its own queue, linked through
 * `next`; the first dispatcher of each process's queue is in the ring of
 * processes, linked through `gnext` from proc_head to proc_tail.  A turn
 * goes to the first dispatcher of the first process; afterwards that
 * dispatcher goes to the back of its process's queue and the process to
 * the back of the ring.  So every runnable process gets one turn in each
 * round, however many dispatchers it has.
 */
static struct sched_state *sched(void)
{
	return &this_core()->sched;
}

/* --- sleeping: a blocking yield with a wake-up time (docs/scheduling.md) ------------ */

/* Has tick `now` reached `wakeup`?  Both are low 32 bits of the tick count. */
static bool time_reached(uint32_t wakeup, uint32_t now)
{
	return (int32_t)(now - wakeup) >= 0;
}

static void sleep_forget(struct dcb *dcb)
{
	struct dcb **p;

	if (!dcb->sleeping)
		return;
	for (p = &sched()->sleepers; *p != dcb; p = &(*p)->sleep_next)
		;
	*p = dcb->sleep_next;
	dcb->sleep_next = NULL;
	dcb->sleeping = false;
}

/* Every sleeper whose time has come is runnable again. */
static void wake_sleepers(void)
{
	uint32_t now = (uint32_t)tick_count();
	struct dcb *d = sched()->sleepers, *next;

	for (; d; d = next) {
		next = d->sleep_next;
		if (time_reached(d->wakeup, now))
			dispatch_make_runnable(d); /* which takes it off the list */
	}
}

bool dispatch_tick(void)
{
	struct sched_state *s = sched();

	if (s->sleepers)
		wake_sleepers();
	if (!s->current) {
		s->idle_ticks++;
		return true;
	}
	s->current->ticks_used++;
	if (s->current->slice_left > 1) {
		s->current->slice_left--;
		return false;
	}
	return true;
}

void dispatch_request_reschedule(void)
{
	sched()->reschedule_pending = true;
}

/* The first dispatcher of process `group` in the ring, and the ring entry before it. */
static struct dcb *proc_find(uint32_t group, struct dcb **prev)
{
	struct dcb *p = sched()->proc_head;

	*prev = NULL;
	for (; p && p->group != group; p = p->gnext)
		*prev = p;
	return p;
}

static void ring_append(struct dcb *first)
{
	struct sched_state *s = sched();

	first->gnext = NULL;
	if (s->proc_tail)
		s->proc_tail->gnext = first;
	else
		s->proc_head = first;
	s->proc_tail = first;
}

/* Put `with` (or, if NULL, nothing) where `first` is in the ring. */
static void ring_replace(struct dcb *prev, struct dcb *first, struct dcb *with)
{
	struct sched_state *s = sched();
	struct dcb *after = first->gnext;

	if (with) {
		with->gnext = after;
	} else {
		with = after;
		if (s->proc_tail == first)
			s->proc_tail = prev;
	}
	if (prev)
		prev->gnext = with;
	else
		s->proc_head = with;
	if (s->proc_tail == first)
		s->proc_tail = with;
	first->gnext = NULL;
}

/* The process of dcb to the back of the ring. */
static void ring_to_back(struct dcb *dcb)
{
	struct dcb *prev, *first = proc_find(dcb->group, &prev);

	if (!first || first == sched()->proc_tail)
		return;
	ring_replace(prev, first, NULL);
	ring_append(first);
}

/* dcb to the back of its process's queue (a new process goes to the back of the ring). */
static void runq_append(struct dcb *dcb)
{
	struct dcb *prev, *first;

	dcb->next = NULL;
	dcb->gnext = NULL;
	/* An empty ring (a call or a reply between two dispatchers): nothing to look for. */
	if (!sched()->proc_head) {
		ring_append(dcb);
		return;
	}
	first = proc_find(dcb->group, &prev);
	if (!first) {
		ring_append(dcb);
		return;
	}
	while (first->next)
		first = first->next;
	first->next = dcb;
}

static void runq_remove(struct dcb *dcb)
{
	struct sched_state *s = sched();
	struct dcb *prev, *first;

	/* First in the ring and alone in its process's queue (the one running, usually). */
	if (s->proc_head == dcb && !dcb->next) {
		s->proc_head = dcb->gnext;
		if (s->proc_tail == dcb)
			s->proc_tail = NULL;
		dcb->gnext = NULL;
		return;
	}
	first = proc_find(dcb->group, &prev);

	if (!first)
		return;
	if (first == dcb) {
		ring_replace(prev, dcb, dcb->next); /* the next of its process takes its place */
		dcb->next = NULL;
		return;
	}
	for (struct dcb *d = first; d->next; d = d->next) {
		if (d->next == dcb) {
			d->next = dcb->next;
			dcb->next = NULL;
			return;
		}
	}
}

/*
 * `from` leaves the run queue and `to` joins it at the back.  When `from`
 * is all the queues hold (a call or its reply between two dispatchers),
 * `to` takes its place without a search.
 */
static void runq_swap(struct dcb *from, struct dcb *to)
{
	struct sched_state *s = sched();

	if (s->proc_head == from && s->proc_tail == from && !from->next) {
		s->proc_head = s->proc_tail = to;
		from->gnext = NULL;
		to->next = to->gnext = NULL;
		return;
	}
	runq_remove(from);
	runq_append(to);
}

/* A stopped dispatcher can run again: everything but its place in the queue. */
static inline void set_runnable(struct dcb *dcb)
{
	sleep_forget(dcb);
	dcb->accepts_call = false;
	dcb->state = DISPATCHER_STATE_RUNNABLE;
	dcb->group = dcb->slots[DCB_SLOT_CSPACE].cap.base;
}

static inline void make_runnable(struct dcb *dcb)
{
	if (dcb->state == DISPATCHER_STATE_RUNNABLE)
		return;
	set_runnable(dcb);
	runq_append(dcb);
}

void dispatch_make_runnable(struct dcb *dcb)
{
	make_runnable(dcb);
}

/* --- exit messages (docs/ipc.md) ---------------------------------------------------- */

/* Take dcb off the list of exits waiting for room at its receiver. */
static void exit_unqueue(struct dcb *dcb)
{
	struct dcb **p;

	if (!dcb->exit_receiver)
		return;
	for (p = &dcb->exit_receiver->pending_exits; *p; p = &(*p)->exit_next) {
		if (*p == dcb) {
			*p = dcb->exit_next;
			break;
		}
	}
	dcb->exit_receiver = NULL;
	dcb->exit_next = NULL;
}

/* Tell the exit EndPoint's dispatcher; a full buffer keeps the message for later. */
static void exit_notify(struct dcb *dcb)
{
	struct dcb *receiver;

	if (lmp_send_exit(dcb, &receiver) != SYS_ERR_LMP_BUFFER_FULL)
		return;
	dcb->exit_receiver = receiver;
	dcb->exit_next = receiver->pending_exits;
	receiver->pending_exits = dcb;
}

/* The exits waiting for room in receiver's buffers: deliver what fits now. */
static void deliver_pending_exits(struct dcb *receiver)
{
	struct dcb *d = receiver->pending_exits, *next, *r;

	for (; d; d = next) {
		next = d->exit_next;
		if (lmp_send_exit(d, &r) != SYS_ERR_LMP_BUFFER_FULL)
			exit_unqueue(d);
	}
}

/* dcb dies: it leaves the list it waits on, and the exits waiting on it are dropped. */
static void exit_forget(struct dcb *dcb)
{
	exit_unqueue(dcb);
	while (dcb->pending_exits)
		exit_unqueue(dcb->pending_exits);
}

/* dcb stops: the scheduler keeps no pointer to it. */
static void dispatch_forget(struct dcb *dcb)
{
	struct sched_state *s = sched();

	sleep_forget(dcb);
	if (s->current == dcb)
		s->current = NULL;
	if (s->yield_to == dcb)
		s->yield_to = NULL;
	if (s->turn_owner == dcb)
		s->turn_owner = NULL;
}

void dispatch_exit(struct dcb *dcb, int32_t status)
{
	runq_remove(dcb);
	dcb->state = DISPATCHER_STATE_EXITED;
	dcb->exit_status = status;
	dispatch_forget(dcb);
	lmp_call_forget(dcb);
	exit_notify(dcb);
}

/*
 * The Dispatcher object is going away: it must never run again, and its own
 * copies of its CSpace root, VSpace root and frame go with it (the last
 * copy of a table dies here; caps_delete only queues, never nests).
 */
void dispatch_destroy(struct dcb *dcb)
{
	runq_remove(dcb);
	dispatch_forget(dcb);
	lmp_call_forget(dcb);
	/* Destroyed before it exited: its exit EndPoint hears of it now, if there is room. */
	if (dispatch_is_live_state(dcb->state)) {
		struct dcb *receiver;

		dcb->state = DISPATCHER_STATE_EXITED;
		dcb->exit_status = EXIT_STATUS_FAULT;
		lmp_send_exit(dcb, &receiver);
	}
	exit_forget(dcb);
	for (int i = 0; i < DCB_SLOTS; i++)
		if (!cte_is_empty(&dcb->slots[i]))
			caps_delete(&dcb->slots[i]);
	dcb->frame = NULL;
}

/*
 * A dispatcher runs only while its own copies of its CSpace root, VSpace
 * root and frame exist.  A revoke of the memory they came from deletes
 * those copies; the dispatcher then stops for good.
 */
void dispatch_exit_if_broken(struct dcb *dcb)
{
	if (!dispatch_is_live_state(dcb->state) || dcb_is_whole(dcb))
		return;
	kprintf("dispatcher at 0x%08x lost its CSpace, VSpace or frame to a revoke; it exits "
		"with status %d\n",
		virt_to_phys(dcb), EXIT_STATUS_FAULT);
	dispatch_exit(dcb, EXIT_STATUS_FAULT);
}

/* dispatch_current_can_run's unusual cases: none, not runnable, or broken by a revoke. */
bool dispatch_current_can_run_slow(void)
{
	struct sched_state *s = sched();

	if (s->current)
		dispatch_exit_if_broken(s->current);
	return s->current && s->current->state == DISPATCHER_STATE_RUNNABLE;
}

void dispatch_name(const struct dcb *dcb, char name[DISP_NAME_LEN + 1])
{
	for (int i = 0; i < DISP_NAME_LEN; i++) {
		char c = dcb->frame->shared.name[i];
		name[i] = (c >= ' ' && c <= '~') ? c : (c ? '?' : 0);
		if (!c)
			break;
	}
	name[DISP_NAME_LEN] = 0;
}

static int in_critical_section(const struct dispatcher_frame *f, uint32_t pc)
{
	return pc >= f->arm.crit_pc_low && pc < f->arm.crit_pc_high;
}

/* A trap frame and a save area are the same 17 words (arch_copy_registers). */
_Static_assert(sizeof(struct arm_registers) == sizeof(struct trap_frame) &&
		   offsetof(struct arm_registers, r[13]) == offsetof(struct trap_frame, sp) &&
		   offsetof(struct arm_registers, r[15]) == offsetof(struct trap_frame, pc) &&
		   offsetof(struct arm_registers, cpsr) == offsetof(struct trap_frame, cpsr),
	       "a save area has the layout of a trap frame");

void dispatch_save(struct dcb *dcb, const struct trap_frame *tf)
{
	struct dispatcher_frame *f = dcb->frame;

	/*
	 * Inside the critical section the dispatcher may already have cleared
	 * `disabled`: it is resumed from the disabled area all the same, and
	 * the flag stays as the dispatcher left it.  So is a dispatcher stopped
	 * inside a Thumb IT block: user mode cannot restore the IT state, so
	 * only the kernel can resume it there.
	 */
	dcb->saved_disabled =
	    f->shared.disabled || in_critical_section(f, tf->pc) || (tf->cpsr & PSR_IT_MASK) != 0;
	arch_copy_registers(dcb->saved_disabled ? &f->disabled_area : &f->enabled_area, tf);
	dcb->tpidrurw = arch_save_user_tls();
}

void dispatch_save_resume(struct dcb *dcb, const struct trap_frame *tf)
{
	dcb->saved_disabled = true;
	arch_copy_registers(&dcb->frame->disabled_area, tf);
	dcb->tpidrurw = arch_save_user_tls();
}

/* Load dcb's next user state into tf: resume the disabled area, or upcall `run`. */
static void dispatch_load(struct dcb *dcb, struct trap_frame *tf)
{
	struct dispatcher_frame *f = dcb->frame;

	if (dcb->saved_disabled || f->shared.disabled) {
		arch_copy_registers(tf, &f->disabled_area);
	} else {
		static const struct trap_frame zero; /* no register of the last dispatcher leaks */

		f->shared.disabled = 1;
		arch_copy_registers(tf, &zero);
		tf->r[0] = f->shared.udisp;
		tf->r[9] = f->arm.got_base;
		tf->sp = f->shared.udisp + DISP_UPCALL_STACK_TOP;
		tf->lr = 0;
		tf->pc = f->shared.run;
		tf->cpsr = (f->shared.run & 1u) ? PSR_T : 0;
	}
	/* The save areas are user memory: never resume in a privileged mode. */
	tf->cpsr = arch_sanitize_user_cpsr(tf->cpsr);
	if (tf->cpsr & PSR_T)
		tf->pc &= ~1u;
	arch_switch_to(dcb->slots[DCB_SLOT_VSPACE].cap.base, f->shared.udisp, dcb->tpidrurw);
}

/* dcb (runnable) to the back of its process's queue; the process keeps its place in the ring. */
static void runq_rotate(struct dcb *dcb)
{
	struct dcb *prev, *last;

	if (!proc_find(dcb->group, &prev)->next)
		return; /* alone in its process's queue */
	runq_remove(dcb);
	for (last = proc_find(dcb->group, &prev); last->next; last = last->next)
		;
	last->next = dcb;
	dcb->next = NULL;
}

/*
 * Round robin between processes, and within each process: the dispatcher
 * that ran goes to the back of its process's queue, and the process whose
 * turn it was to the back of the ring; the first dispatcher of the first
 * process runs next.  A directed yield lends the rest of a turn without
 * changing the queues, so the turn still ends for the process that began it.
 */
static void end_turn(void)
{
	struct sched_state *s = sched();
	struct dcb *cur = s->current, *owner = s->turn_owner, *first, *prev;

	if (cur && cur->state == DISPATCHER_STATE_RUNNABLE)
		runq_rotate(cur);
	if (owner && owner != cur && owner->state == DISPATCHER_STATE_RUNNABLE)
		runq_rotate(owner);
	if (s->ran_group_valid && (first = proc_find(s->ran_group, &prev)))
		ring_to_back(first);
}

/* A new turn for next (runnable and whole): it runs from tf when the kernel returns. */
static void start_turn(struct dcb *next, struct trap_frame *tf)
{
	struct sched_state *s = sched();

	s->current = s->turn_owner = next;
	s->yield_to = NULL; /* a directed yield not taken is void */
	s->ran_group = next->group;
	s->ran_group_valid = true;
	next->runs++;
	next->slice_left = next->timeslice ? next->timeslice : DISPATCHER_DEFAULT_TIMESLICE;
	s->reschedule_pending = false;
	dispatch_load(next, tf);
}

/* Run the first dispatcher of the run queue, or idle until there is one. */
static void run_first(struct trap_frame *tf)
{
	struct sched_state *s = sched();
	struct dcb *next = s->proc_head;

	while (next && !dcb_is_whole(next)) {
		dispatch_exit_if_broken(next);
		next = s->proc_head;
	}
	if (!next) {
		s->idle_entries++;
		s->current = NULL; /* the ticks from here are idle time, nobody's CPU time */
	}
	while (!next) {
		/* Nothing can run: sleep until an interrupt changes that (no sleeping before the
		 * first tick: the interrupt might never come, tick_watch). */
		if (tick_count())
			wfi();
		else
			tick_check_alive();
		irq_enable(); /* the tick, typed input */
		irq_disable();
		next = s->proc_head;
	}
	start_turn(next, tf);
}

/*
 * Is the current dispatcher the only one that can run: alone in its
 * process's queue, its process alone in the ring, and the turn its own?
 * Then end_turn would change nothing and run_first would choose it again.
 */
static bool runs_alone(const struct sched_state *s)
{
	const struct dcb *cur = s->current;

	return cur && cur == s->proc_head && !cur->next && !cur->gnext && s->turn_owner == cur &&
	       cur->state == DISPATCHER_STATE_RUNNABLE && dcb_is_whole(cur);
}

void dispatch_schedule(struct trap_frame *tf)
{
	struct sched_state *s = sched();

	/* Nobody else can run (a yield or a slice's end of the only runnable dispatcher): a new
	 * turn for it at once, as run_first would give it, without walking the queues. */
	if (runs_alone(s)) {
		start_turn(s->current, tf);
		return;
	}
	end_turn();
	run_first(tf);
}

/* --- blocking and directed yields (docs/ipc.md) ---------------------------------- */

/* A wait, all but leaving the run queue: dcb (its wake-up time read) blocks. */
static inline void set_blocked(struct dcb *dcb)
{
	dcb->state = DISPATCHER_STATE_BLOCKED;
	dcb->blocks++;
	if (dcb->wakeup) {
		dcb->sleeping = true;
		dcb->sleep_next = sched()->sleepers;
		sched()->sleepers = dcb;
	}
}

bool dispatch_block_current(void)
{
	struct dcb *dcb = sched()->current;

	/* Exits and typed input that waited for room go first: they count as deliveries. */
	deliver_pending_exits(dcb);
	if (console_in_waiting())
		console_in_deliver();
	/* Something came since it last looked: it returns at once and looks again. */
	if (dcb->frame->generic.lmp_seen != dcb->lmp_delivered)
		return false;
	/* A wake-up time: read once (the frame is the dispatcher's to change); if it has come,
	 * it returns at once too. */
	dcb->wakeup = dcb->frame->wakeup;
	if (dcb->wakeup && time_reached(dcb->wakeup, (uint32_t)tick_count()))
		return false;
	runq_remove(dcb);
	set_blocked(dcb);
	return true;
}

void dispatch_call_queues(struct dcb *caller, struct dcb *server)
{
	caller->state = DISPATCHER_STATE_CALLING;
	set_runnable(server);
	runq_swap(caller, server);
}

void dispatch_reply_queues(struct dcb *server, struct dcb *caller)
{
	set_blocked(server);
	server->accepts_call = true;
	set_runnable(caller);
	runq_swap(server, caller);
}

void dispatch_message_delivered(struct dcb *dcb)
{
	dcb->lmp_delivered++;
	/* The frame's copy, if the frame is still there (a revoke may have taken it). */
	if (dcb->frame && !cte_is_empty(&dcb->slots[DCB_SLOT_DISPFRAME]))
		dcb->frame->generic.lmp_delivered = dcb->lmp_delivered;
	if (dcb->state == DISPATCHER_STATE_BLOCKED)
		dispatch_make_runnable(dcb);
}

void dispatch_request_yield_to(struct dcb *dcb)
{
	sched()->yield_to = dcb;
}

void dispatch_yield_to(struct trap_frame *tf)
{
	struct dcb *target = sched()->yield_to;

	sched()->yield_to = NULL;
	if (target && target->state == DISPATCHER_STATE_RUNNABLE && dcb_is_whole(target)) {
		dispatch_switch_to(target, tf);
	} else {
		dispatch_save(dispatch_current(), tf);
		dispatch_schedule(tf);
	}
}

/*
 * A directed yield (LMP_SEND_YIELD): `target` runs at once, for the rest of
 * the current turn, and the run queue stays as it is.  The turn still
 * belongs to the process that began it and ends for that process (end_turn),
 * so dispatchers that pass the CPU back and forth cannot keep the other
 * processes from their turns.
 */
void dispatch_switch_to(struct dcb *target, struct trap_frame *tf)
{
	dispatch_save(dispatch_current(), tf);
	dispatch_hand_over(target, tf);
}

void dispatch_hand_over(struct dcb *target, struct trap_frame *tf)
{
	struct sched_state *s = sched();

	target->slice_left = s->current->slice_left;
	target->runs++;
	s->current = target;
	dispatch_load(target, tf);
}

void dispatch_start(void)
{
	/* Not on the stack: arch_resume_user copies it to the top of the stack. */
	static struct trap_frame tf;

	sched()->current = NULL;
	dispatch_schedule(&tf);
	arch_resume_user(&tf);
}
