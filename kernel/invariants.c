/*
 * The kernel's invariants, checked on request (KernelCmd_CheckInvariants,
 * for the tests and the kernel fuzzer):
 *
 *  - the derivation tree is whole (mdb_check_invariants: links, order,
 *    types, ranges, and the count of capabilities of each type);
 *  - every valid user page-table entry is backed by exactly one live
 *    mapping capability, and every mapping capability's entries are valid
 *    and its own.
 *
 *  - every dispatcher on the list of sleepers is a live Dispatcher object,
 *    blocked, and marked as sleeping, and the list ends;
 *  - every dispatcher in the run queues is a live Dispatcher object and
 *    runnable (not blocked, not waiting for a reply), each process's queue
 *    holds one process, and the ring ends at its tail;
 *  - a call links its caller and its server both ways, both live, the
 *    caller waiting for its reply; only a blocked server with no call
 *    takes one (check_call_links, for each dispatcher).
 *
 * The second is checked as a bijection: each valid entry of each live table
 * names an owner that is a mapping of exactly that entry, each mapping owns
 * all its entries, and the entries claimed by mappings are as many as the
 * valid entries found in live tables (so no mapping claims entries in a
 * table that is gone).
 */
#include <stdint.h>

#include <cap.h>
#include <core.h>
#include <dispatch.h>
#include <invocations.h>
#include <invariants.h>
#include <kprintf.h>
#include <objtype.h>
#include <vnode.h>

/* The first of a run of copies stands for their object. */
static bool first_of_object(const struct cte *c)
{
	return !c->mdb.prev || !mdb_same_object(&c->mdb.prev->cap, &c->cap);
}

/* Is there a Dispatcher capability for the object at dcb? */
static bool dispatcher_is_live(const struct dcb *dcb)
{
	uint32_t base = virt_to_phys(dcb);

	for (const struct cte *c = mdb_walk_first(); c; c = mdb_walk_next(c))
		if (c->cap.type == ObjType_Dispatcher && c->cap.base == base)
			return true;
	return false;
}

static bool check_sleepers(void)
{
	uint32_t n = 0, limit = cap_core()->live_count[ObjType_Dispatcher];

	for (const struct dcb *d = this_core()->sched.sleepers; d; d = d->sleep_next) {
		if (++n > limit) {
			kprintf("sleepers: more on the list than there are dispatchers (%u)\n",
				limit);
			return false;
		}
		if (!dispatcher_is_live(d) || d->state != DISPATCHER_STATE_BLOCKED ||
		    !d->sleeping) {
			kprintf("sleepers: entry %u (0x%08x): live %d, state %u, sleeping %d\n", n,
				virt_to_phys(d), dispatcher_is_live(d), d->state, d->sleeping);
			return false;
		}
	}
	return true;
}

static bool check_run_queue(void)
{
	const struct sched_state *s = &this_core()->sched;
	uint32_t n = 0, limit = cap_core()->live_count[ObjType_Dispatcher];
	const struct dcb *first, *last = NULL;

	for (first = s->proc_head; first; last = first, first = first->gnext) {
		for (const struct dcb *d = first; d; d = d->next) {
			if (++n > limit) {
				kprintf("run queue: more in it than there are dispatchers (%u)\n",
					limit);
				return false;
			}
			if (!dispatcher_is_live(d) || d->state != DISPATCHER_STATE_RUNNABLE ||
			    d->group != first->group) {
				kprintf(
				    "run queue: entry %u (0x%08x): live %d, state %u, group 0x%08x "
				    "in 0x%08x's queue\n",
				    n, virt_to_phys(d), dispatcher_is_live(d), d->state, d->group,
				    first->group);
				return false;
			}
		}
	}
	if (s->proc_tail != last) {
		kprintf("run queue: the ring ends at 0x%08x, its tail is 0x%08x\n",
			last ? virt_to_phys(last) : 0,
			s->proc_tail ? virt_to_phys(s->proc_tail) : 0);
		return false;
	}
	return true;
}

/*
 * A call links its caller and its server both ways, both live, the caller
 * waiting for its reply; only a blocked server with no call takes one.
 */
static bool check_call_links(const struct dcb *d)
{
	bool ok = (d->state == DISPATCHER_STATE_CALLING) == (d->calling != NULL) &&
		  (!d->calling || (dispatcher_is_live(d->calling) && d->calling->reply_to == d)) &&
		  (!d->reply_to || (dispatcher_is_live(d->reply_to) && d->reply_to->calling == d &&
				    d->reply_to->state == DISPATCHER_STATE_CALLING)) &&
		  (!d->accepts_call || (d->state == DISPATCHER_STATE_BLOCKED && !d->reply_to));

	if (!ok)
		kprintf("calls: dispatcher 0x%08x (state %u): calling 0x%08x, reply_to 0x%08x, "
			"accepts %d\n",
			virt_to_phys(d), d->state, d->calling ? virt_to_phys(d->calling) : 0,
			d->reply_to ? virt_to_phys(d->reply_to) : 0, d->accepts_call);
	return ok;
}

errval_t kernel_check_invariants(void)
{
	uint32_t valid = 0, claimed = 0, tables = 0;
	bool ok = true;

	if (!mdb_check_invariants() || !check_sleepers() || !check_run_queue())
		return SYS_ERR_KERNEL_INVARIANT;
	vnode_check_begin();
	for (const struct cte *c = mdb_walk_first(); c; c = mdb_walk_next(c)) {
		if (objtype_has(c->cap.type, OBJF_VNODE) && first_of_object(c)) {
			ok &= vnode_check_table(&c->cap, &valid);
			/* Checking a table reads 2 to 16 KiB: let the tick in now and then. */
			if (++tables % INVARIANT_TABLES_PER_POINT == 0)
				cap_preemption_point();
		} else if (objtype_has(c->cap.type, OBJF_MAPPING)) {
			ok &= vnode_check_mapping(c, &claimed);
		} else if (c->cap.type == ObjType_Dispatcher && first_of_object(c)) {
			ok &= check_call_links(dcb_of(&c->cap));
		}
	}
	if (ok && valid != claimed) {
		kprintf("vnode check: %u valid entries in live tables, %u claimed by mappings\n",
			valid, claimed);
		ok = false;
	}
	return ok ? SYS_ERR_OK : SYS_ERR_KERNEL_INVARIANT;
}
