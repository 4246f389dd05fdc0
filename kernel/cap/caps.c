/*
 * The capability operations: retype, copy, mint, delete, revoke.
 *
 * Each operation checks everything first and then acts, so a call that
 * fails changes nothing.  Deletion never recurses: a CNode whose last copy
 * dies goes onto a worklist, threaded through its own (unlinked) CTE, and
 * its slots are deleted from there.  Deletion is preemptible: between two
 * capabilities it may stop (cap_should_stop), leaving the tree whole and
 * the rest of the work on the worklist or, for a revoke, in the tree under
 * the target.  docs/capabilities.md has the rules.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cap.h>
#include <lmp.h>
#include <kstring.h>
#include <objtype.h>

/* --- making and clearing CTEs ------------------------------------------------ */

/* Store and count a new capability; the caller links it into the tree. */
static void cte_fill(struct cte *dest, const struct capability *cap)
{
	*dest = (struct cte){ .cap = *cap };
	cap_core()->live_count[cap->type]++;
	cap_core()->live_bytes[cap->type] += cap->bytes;
}

void caps_insert_child(struct cte *parent, struct cte *dest, const struct capability *cap)
{
	cte_fill(dest, cap);
	mdb_insert_child(parent, dest);
}

void caps_create_root(struct cte *dest, const struct capability *cap)
{
	caps_insert_child(NULL, dest, cap);
}

/* The CTE is out of the tree: forget the capability. */
static void cte_clear(struct cte *cte)
{
	cap_core()->live_count[cte->cap.type]--;
	cap_core()->live_bytes[cte->cap.type] -= cte->cap.bytes;
	*cte = (struct cte){ 0 };
}

/* --- retype ----------------------------------------------------------------- */

/* The arguments that do not depend on the tree or the destination. */
static errval_t retype_check_args(const struct cte *src, enum objtype type, uint32_t offset,
				  uint32_t objsize, uint32_t count)
{
	if (cte_is_empty(src))
		return SYS_ERR_CAP_NOT_FOUND;
	if (!objtype_valid(type) || objtype_info[type].size_rule == OBJSIZE_RULE_NONE)
		return SYS_ERR_DEST_TYPE_INVALID;
	if (!objtype_may_retype(src->cap.type, type))
		return SYS_ERR_INVALID_SOURCE_TYPE;
	if (!(src->cap.rights & CAPRIGHTS_WRITE))
		return SYS_ERR_RETYPE_RIGHTS;
	if (objtype_info[type].size_rule == OBJSIZE_RULE_WHOLE) {
		/* An EndPoint names its whole dispatcher: objsize is ignored. */
		if (offset != 0)
			return SYS_ERR_RETYPE_ENDPOINT_OFFSET;
		if (count == 0)
			return SYS_ERR_RETYPE_INVALID_COUNT;
		return count == 1 ? SYS_ERR_OK : SYS_ERR_RETYPE_ENDPOINT_COUNT;
	}
	if (offset % BASE_PAGE_SIZE != 0)
		return SYS_ERR_RETYPE_INVALID_OFFSET;
	if (!objtype_size_valid(type, objsize))
		return SYS_ERR_RETYPE_INVALID_SIZE;
	if (objtype_has(type, OBJF_SIZE_ALIGNED) && (src->cap.base + offset) % objsize != 0)
		return SYS_ERR_RETYPE_VNODE_ALIGN;
	if (count == 0)
		return SYS_ERR_RETYPE_INVALID_COUNT;
	if ((uint64_t)offset + (uint64_t)count * objsize > src->cap.bytes)
		return SYS_ERR_RETYPE_OUT_OF_RANGE;
	return SYS_ERR_OK;
}

/* The range the new objects take: an EndPoint takes its whole dispatcher. */
static void retype_range(const struct cte *src, enum objtype type, uint32_t offset,
			 uint32_t objsize, uint32_t count, uint32_t *base, uint64_t *bytes)
{
	if (objtype_info[type].size_rule == OBJSIZE_RULE_WHOLE) {
		*base = src->cap.base;
		*bytes = src->cap.bytes;
	} else {
		*base = src->cap.base + offset;
		*bytes = (uint64_t)count * objsize;
	}
}

errval_t caps_retype_check(const struct cte *src, enum objtype type, uint32_t offset,
			   uint32_t objsize, uint32_t count, const struct cte *dest_slots,
			   uint32_t dest_slot, uint32_t dest_nslots)
{
	errval_t err = retype_check_args(src, type, offset, objsize, count);
	uint32_t base;
	uint64_t bytes;

	if (err_is_fail(err))
		return err;
	retype_range(src, type, offset, objsize, count, &base, &bytes);
	if (mdb_range_has_descendants(src, base, bytes))
		return SYS_ERR_REVOKE_FIRST;
	if (dest_slot >= dest_nslots || count > dest_nslots - dest_slot)
		return SYS_ERR_SLOTS_INVALID;
	for (uint32_t i = 0; i < count; i++)
		if (!cte_is_empty(&dest_slots[dest_slot + i]))
			return SYS_ERR_SLOT_IN_USE;
	return SYS_ERR_OK;
}

/*
 * Objects are zeroed when made (OBJF_ZEROED).  Device memory and EndPoints
 * are not memory; RAM cannot be read through its capability, and whatever
 * is retyped from it later is zeroed then (zeroing it twice would double
 * the time the kernel runs with interrupts masked).
 */
static void zero_object(enum objtype type, uint32_t base, uint32_t bytes, uint32_t *since_point)
{
	uint8_t *p;

	if (!objtype_has(type, OBJF_ZEROED))
		return;
	for (p = cap_kva(base); bytes;) {
		uint32_t chunk;

		/* A point after every CAP_ZERO_CHUNK bytes, across the objects of one retype. */
		if (*since_point == CAP_ZERO_CHUNK) {
			cap_preemption_point();
			*since_point = 0;
		}
		chunk =
		    CAP_ZERO_CHUNK - *since_point < bytes ? CAP_ZERO_CHUNK - *since_point : bytes;
		memset(p, 0, chunk);
		p += chunk;
		bytes -= chunk;
		*since_point += chunk;
	}
}

errval_t caps_retype(struct cte *src, enum objtype type, uint32_t offset, uint32_t objsize,
		     uint32_t count, struct cte *dest_slots, uint32_t dest_slot,
		     uint32_t dest_nslots)
{
	errval_t err = caps_retype_check(src, type, offset, objsize, count, dest_slots, dest_slot,
					 dest_nslots);
	struct capability cap = { .type = (uint8_t)type, .rights = CAPRIGHTS_ALLRIGHTS };
	uint32_t base, since_point = 0;
	uint64_t bytes;

	if (err_is_fail(err))
		return err;
	retype_range(src, type, offset, objsize, count, &base, &bytes);
	cap.bytes = objtype_info[type].size_rule == OBJSIZE_RULE_WHOLE ? (uint32_t)bytes : objsize;
	for (uint32_t i = 0; i < count; i++) {
		struct cte *dest = &dest_slots[dest_slot + i];

		cap.base = base + i * cap.bytes;
		zero_object(type, cap.base, cap.bytes, &since_point);
		cte_fill(dest, &cap);
		/* Each new object sorts right after the one before it. */
		mdb_insert_child_after(src, i ? dest - 1 : NULL, dest);
	}
	return SYS_ERR_OK;
}

/* --- copy and mint ------------------------------------------------------------ */

errval_t caps_copy_check(const struct cte *src, const struct cte *dest)
{
	if (cte_is_empty(src))
		return SYS_ERR_CAP_NOT_FOUND;
	if (!cte_is_empty(dest))
		return SYS_ERR_SLOT_IN_USE;
	if (!objtype_has(src->cap.type, OBJF_COPYABLE))
		return SYS_ERR_CAP_NOT_COPYABLE;
	return SYS_ERR_OK;
}

/* An EndPoint's badge and buffer are set once: after that, mint keeps them. */
static errval_t endpoint_mint_check(const struct capability *src, const struct mint_words *w)
{
	const uint32_t has_buffer = src->u.endpoint.buflen != 0;

	if (src->u.endpoint.badge && w->badge && w->badge != src->u.endpoint.badge)
		return SYS_ERR_ENDPOINT_BADGE_SET;
	if (!w->ep_offset && !w->ep_buflen)
		return SYS_ERR_OK;
	if (has_buffer)
		return w->ep_offset == src->u.endpoint.offset &&
			       w->ep_buflen == src->u.endpoint.buflen
			   ? SYS_ERR_OK
			   : SYS_ERR_ENDPOINT_BUFFER_SET;
	if (w->ep_offset % sizeof(uint32_t) || w->ep_buflen < LMP_BUF_MIN_WORDS ||
	    w->ep_buflen > LMP_BUF_MAX_WORDS || w->ep_offset > LMP_FRAME_MAX_OFFSET)
		return SYS_ERR_ENDPOINT_BUFFER_INVALID;
	return SYS_ERR_OK;
}

errval_t caps_mint_check(const struct cte *src, const struct cte *dest, const struct mint_words *w)
{
	errval_t err = caps_copy_check(src, dest);

	if (err_is_ok(err) && (w->rights & ~src->cap.rights) != 0)
		err = SYS_ERR_RIGHTS_INVALID;
	if (err_is_ok(err) && src->cap.type == ObjType_EndPoint)
		err = endpoint_mint_check(&src->cap, w);
	return err;
}

/* A copy is a sibling: it has the same parent (or is a root too). */
/* A copy (or mint) sorts with src: it goes right beside it, whatever the number of siblings. */
static void make_copy(struct cte *src, struct cte *dest, const struct capability *cap)
{
	cte_fill(dest, cap);
	mdb_insert_copy(src, dest);
}

errval_t caps_copy(struct cte *src, struct cte *dest)
{
	errval_t err = caps_copy_check(src, dest);

	if (err_is_ok(err))
		make_copy(src, dest, &src->cap);
	return err;
}

errval_t caps_mint(struct cte *src, struct cte *dest, const struct mint_words *w)
{
	errval_t err = caps_mint_check(src, dest, w);
	struct capability cap = src->cap;

	if (err_is_fail(err))
		return err;
	cap.rights = w->rights;
	if (cap.type == ObjType_EndPoint) {
		if (w->badge)
			cap.u.endpoint.badge = w->badge;
		if (w->ep_buflen) {
			cap.u.endpoint.offset = w->ep_offset;
			cap.u.endpoint.buflen = w->ep_buflen;
		}
	}
	make_copy(src, dest, &cap);
	return SYS_ERR_OK;
}

/* --- delete and revoke ---------------------------------------------------------- */

/*
 * A CNode whose object died waits on the worklist (struct cap_core) until
 * its slots are deleted.  It is out of the tree, so its mdb.next links the
 * list and its mdb.prev holds the marker that tells a slot scan to pass it
 * by (a CNode can hold a copy of itself).  The capability being revoked
 * stays until its descendants are gone, even if cap_finalise deletes it:
 * otherwise its remaining children would move up out of reach of the revoke.
 */
static bool is_pending(const struct cte *cte)
{
	return cte->mdb.prev == &cap_core()->pending_marker;
}

static bool is_live(const struct cte *cte)
{
	return !cte_is_empty(cte) && !is_pending(cte);
}

/* Take cte out of the tree, marked pending: a nested caps_delete() passes it by. */
static void unlink_pending(struct cte *cte)
{
	mdb_remove(cte);
	cte->mdb.prev = &cap_core()->pending_marker;
}

/*
 * The object of cte (out of the tree, pending) dies.  After the hook, a
 * CNode waits on the worklist for its slots to be deleted; anything else
 * is gone.
 */
static void destroy(struct cte *cte)
{
	cap_finalise(cte);
	if (objtype_has(cte->cap.type, OBJF_CNODE)) {
		cte->mdb.next = cap_core()->worklist;
		cap_core()->worklist = cte;
	} else {
		cte_clear(cte);
	}
}

/* A dependent child of cte leaves the tree; the last copy of its object
 * joins the `dying` list, to be destroyed with cte. */
static struct cte *unlink_dependent(struct cte *child, struct cte *cte, struct cte *dying)
{
	bool last = !mdb_has_copies(child);

	mdb_move_children(child, cte->mdb.parent); /* none, unless the kernel made some */
	unlink_pending(child);
	if (!last) {
		cte_clear(child);
		return dying;
	}
	child->mdb.next = dying;
	return child;
}

/*
 * The last copy of an object dies.  Its dependents (mappings, EndPoints)
 * die with it; its other children move up to its parent.  The tree is
 * whole again before any cap_finalise runs.
 */
static void delete_last(struct cte *cte)
{
	struct cte *c = cte->mdb.first_child, *dying = NULL;

	while (c) {
		struct cte *next = c->mdb.next;

		if (objtype_has(c->cap.type, OBJF_DEPENDENT))
			dying = unlink_dependent(c, cte, dying);
		c = next;
	}
	mdb_move_children(cte, cte->mdb.parent);
	unlink_pending(cte);
	while (dying) {
		c = dying;
		dying = c->mdb.next;
		destroy(c);
	}
	destroy(cte);
}

/* Delete one live capability; a dying CNode's slots are left to the worklist. */
static void delete_one(struct cte *cte)
{
	struct cte *copy = mdb_find_copy(cte);

	if (!copy) {
		delete_last(cte);
		return;
	}
	mdb_move_children(cte, copy);
	mdb_remove(cte);
	cte_clear(cte);
}

/*
 * The preemption check of one outer call, made before each deletion: after
 * every CAP_DELETE_CHUNK deletions, ask the kernel.  Counting starts afresh with each call, so
 * every call deletes at least CAP_DELETE_CHUNK capabilities (or finishes)
 * before it stops: a restarted operation always gets further.
 */

static bool should_stop(void)
{
	if (cap_core()->deleted_since_check < CAP_DELETE_CHUNK) {
		cap_core()->deleted_since_check++; /* the deletion that follows */
		return false;
	}
	if (cap_should_stop())
		return true;
	cap_core()->deleted_since_check = 1;
	return false;
}

/*
 * The CNode whose slots are being deleted, off the worklist, and the first
 * slot not yet looked at: kept across calls, so that a drain that stopped
 * resumes where it was.  Its slots are out of reach of every lookup (no
 * invocation starts while it exists), so none becomes live again.
 */

/* Delete the slots of every CNode on the worklist, and the CNode CTEs themselves. */
static errval_t drain_worklist(bool may_stop)
{
	struct cap_core *core = cap_core();

	for (;;) {
		struct cte *slots;
		uint32_t nslots;

		if (!core->draining) {
			if (!core->worklist)
				return SYS_ERR_OK;
			core->draining = core->worklist;
			core->draining_slot = 0;
			core->worklist = core->draining->mdb.next;
		}
		slots = cap_kva(core->draining->cap.base);
		nslots = core->draining->cap.bytes / CTE_SIZE;
		for (uint32_t i = core->draining_slot; i < nslots; i++) {
			/* Most slots are empty: pass them four at a time. */
			while (i + 4 <= nslots && !(slots[i].cap.type | slots[i + 1].cap.type |
						    slots[i + 2].cap.type | slots[i + 3].cap.type))
				i += 4;
			if (i == nslots)
				break;
			if (!is_live(&slots[i]))
				continue;
			core->draining_slot = i; /* where a stop resumes */
			if (may_stop && should_stop())
				return SYS_ERR_PREEMPTED;
			delete_one(&slots[i]);
		}
		cte_clear(core->draining);
		core->draining = NULL;
	}
}

bool caps_deletions_pending(void)
{
	return cap_core()->worklist || cap_core()->draining;
}

/* Start an operation; returns whether this call is the outermost one. */
static bool begin(void)
{
	bool outer = !cap_core()->deleting;

	if (outer)
		cap_core()->deleted_since_check = 0;
	cap_core()->deleting = true;
	return outer;
}

/* End an operation: the outer call drains the worklist, until done or told to stop. */
static errval_t finish(bool outer)
{
	errval_t err;

	if (!outer)
		return SYS_ERR_OK; /* called from cap_finalise: the outer call drains */
	err = drain_worklist(true);
	cap_core()->deleting = false;
	return err;
}

errval_t caps_finish_deletions(void)
{
	/* Inside a deletion the outer call drains; with nothing queued there is nothing to do. */
	if (!caps_finish_needed(cap_core()))
		return SYS_ERR_OK;
	return finish(begin());
}

errval_t caps_delete(struct cte *cte)
{
	bool outer;

	if (cte_is_empty(cte))
		return SYS_ERR_CAP_NOT_FOUND;
	if (is_pending(cte))
		return SYS_ERR_OK; /* already being deleted */
	if (cte == cap_core()->revoke_target) {
		cap_core()->revoke_target_deleted = true; /* caps_revoke deletes it when done */
		return SYS_ERR_OK;
	}
	outer = begin();
	delete_one(cte);
	/* cte is gone: what is left on the worklist waits for caps_finish_deletions(). */
	finish(outer);
	return SYS_ERR_OK;
}

/* Does cte lie in a slot of a CNode that is dying (whose slots the worklist deletes)? */
static bool inside_dying_cnode(const struct cte *cte)
{
	const struct cap_core *core = cap_core();

	for (const struct cte *c = core->draining ? core->draining : core->worklist; c;
	     c = (c == core->draining) ? core->worklist : c->mdb.next) {
		const struct cte *slots = cap_kva(c->cap.base);

		if (cte >= slots && cte < slots + c->cap.bytes / CTE_SIZE)
			return true;
	}
	return false;
}

/*
 * Delete every descendant of cte, leaves first, walking the tree without
 * recursion.  It may stop between two deletions (may_stop), unless cte has
 * been deleted meanwhile, or lies in a CNode that died as its descendant
 * (the worklist would delete it before the call is made again): then it
 * must finish.
 */
static errval_t delete_descendants(struct cte *cte, bool may_stop)
{
	struct cte *n = cte;

	while (is_live(cte)) {
		struct cte *parent;

		while (n->mdb.first_child)
			n = n->mdb.first_child;
		if (n == cte)
			break;
		if (may_stop && !cap_core()->revoke_target_deleted && should_stop() &&
		    !inside_dying_cnode(cte))
			return SYS_ERR_PREEMPTED;
		parent = n->mdb.parent;
		delete_one(n);
		/* cap_finalise may have deleted the parent; then start again from the top. */
		n = is_live(parent) ? parent : cte;
	}
	return SYS_ERR_OK;
}

/*
 * With the revoke right, every other copy goes too and with it everything
 * derived from the object; without it (seL4's rule), only what was derived
 * through this capability: the children hanging from this CTE.
 */
errval_t caps_revoke(struct cte *cte)
{
	struct cte *copy;
	errval_t err = SYS_ERR_OK;
	bool outer;

	if (cte_is_empty(cte))
		return SYS_ERR_CAP_NOT_FOUND;
	if (is_pending(cte))
		return SYS_ERR_OK;
	outer = begin();
	/* Work an earlier call left comes first (cte is live, so not part of it). */
	if (outer && (err = drain_worklist(true)))
		goto stopped;
	while ((cte->cap.rights & CAPRIGHTS_REVOKE) && (copy = mdb_find_copy(cte))) {
		if (outer && should_stop()) {
			err = SYS_ERR_PREEMPTED;
			goto stopped;
		}
		mdb_move_children(copy, cte);
		mdb_remove(copy);
		cte_clear(copy); /* not the last copy: cte remains */
	}
	cap_core()->revoke_target = cte;
	cap_core()->revoke_target_deleted = false;
	err = delete_descendants(cte, outer);
	cap_core()->revoke_target = NULL;
	if (err_is_fail(err))
		goto stopped;
	if (cap_core()->revoke_target_deleted)
		delete_one(cte);
	/* The revoke is done; the slots of dead CNodes wait for caps_finish_deletions(). */
	finish(outer);
	return SYS_ERR_OK;
stopped:
	cap_core()->deleting = false; /* only the outer call stops */
	return err;
}
