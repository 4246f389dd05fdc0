/*
 * Random sequences of retype, copy, mint, map (caps_insert_child), delete
 * and revoke, each checked against a simple reference model.
 *
 * The model knows nothing of CTEs or lists.  It keeps objects (type, range,
 * parent object) and capabilities (the slot they are in, their object,
 * rights, badge).  Copies are capabilities that share an object.  Deleting
 * the last capability of an object kills the object: its mappings and
 * EndPoints die, its other children get its parent, and a CNode takes every
 * capability in its slots with it (so does a dispatcher, with the three
 * slots of its DCB, through the destroy hook).  The model predicts each call's result
 * from these rules alone (REVOKE_FIRST: any live descendant, at any depth,
 * that overlaps), and after every step the real slots, parents, counts,
 * destroy-hook calls and mdb_check_invariants() must agree with it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "caps_random.h"
#include "fake_hooks.h"

#define SEEDS	 400
#define STEPS	 300
#define NR	 64 /* slots of the test's own root "CNode" */
#define NBOOT	 5  /* the boot capabilities in its first slots */
#define MRAM	 (1u << 20)
#define DEV_BASE 0x10000000u
#define MAXOBJS	 2048
#define MAXCAPS	 2048
#define NSLOTIDX (NR + MRAM / CTE_SIZE)
#define KiB(n)	 ((n)*1024u)

struct mobj {
	uint8_t type;
	bool alive;
	uint32_t base, bytes;
	int parent; /* object index, or -1 for a root */
};

struct mcap {
	struct cte *slot;
	int obj;
	uint8_t rights;
	uint32_t badge;
	bool live;
	uint32_t queued; /* the kill round that queued it */
};

static struct cte rroot[NR];
static struct mobj objs[MAXOBJS];
static struct mcap caps[MAXCAPS];
static int nobjs, ncaps;
static int owner[NSLOTIDX]; /* the live model cap in a slot, or -1 */
static uint32_t counts[ObjType_Num], deaths[ObjType_Num];
static uint32_t kill_round;
static uint64_t rng;
static uint32_t results[ERRVAL_COUNT]; /* how often each result was seen, all seeds */
static uint32_t cur_seed, cur_step;    /* where a failure happened */
static const char *cur_op;
static uint32_t restarts; /* deletions that stopped and were continued */

static uint32_t rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32) % n;
}

static bool chance(uint32_t percent)
{
	return rnd(100) < percent;
}

static int slot_index(const struct cte *slot)
{
	uintptr_t s = (uintptr_t)slot, ram = (uintptr_t)fake_ram;

	if (slot >= rroot && slot < rroot + NR)
		return (int)(slot - rroot);
	if (s >= ram && s < ram + MRAM && (s - ram) % CTE_SIZE == 0)
		return NR + (int)((s - ram) / CTE_SIZE);
	fail_msg("slot %p is neither a root slot nor in the test's RAM", (const void *)slot);
	return -1;
}

static int cap_at(const struct cte *slot)
{
	return owner[slot_index(slot)];
}

static bool is_mapping(int type)
{
	return type == ObjType_Frame_Mapping || type == ObjType_DevFrame_Mapping ||
	       type == ObjType_VNode_ARM_l2_Mapping;
}

static bool is_cnode(int type)
{
	return type == ObjType_L1CNode || type == ObjType_L2CNode;
}

/*
 * The CTEs an object holds: a CNode's slots, and the first DCB_SLOTS CTEs of
 * a dispatcher, as the kernel's DCB keeps its own copies of its CSpace,
 * VSpace and frame; the hook below deletes those, as the kernel's must.
 */
#define DCB_SLOTS 3

static uint32_t held_slots(const struct mobj *o)
{
	return o->type == ObjType_Dispatcher ? DCB_SLOTS : o->bytes / CTE_SIZE;
}

static void delete_dcb_slots(const struct capability *cap)
{
	struct cte *dcb;

	if (cap->type != ObjType_Dispatcher)
		return;
	dcb = cap_kva(cap->base);
	for (int i = 0; i < DCB_SLOTS; i++)
		if (!cte_is_empty(&dcb[i]))
			assert_err(caps_delete(&dcb[i]), SYS_ERR_OK);
}

static int new_obj(int type, uint32_t base, uint32_t bytes, int parent)
{
	assert_true(nobjs < MAXOBJS);
	objs[nobjs] = (struct mobj){ (uint8_t)type, true, base, bytes, parent };
	return nobjs++;
}

static void new_cap(struct cte *slot, int obj, uint8_t rights, uint32_t badge)
{
	assert_true(ncaps < MAXCAPS);
	caps[ncaps] = (struct mcap){ slot, obj, rights, badge, true, 0 };
	owner[slot_index(slot)] = ncaps++;
	counts[objs[obj].type]++;
}

static bool obj_has_caps(int obj)
{
	for (int i = 0; i < ncaps; i++)
		if (caps[i].live && caps[i].obj == obj)
			return true;
	return false;
}

/* Is obj a strict descendant of anc? */
static bool descends(int obj, int anc)
{
	for (int p = objs[obj].parent; p >= 0; p = objs[p].parent)
		if (p == anc)
			return true;
	return false;
}

/* --- the model's kill rules ------------------------------------------------------- */

static int queue[4 * MAXCAPS];
static int qhead, qtail;

static void enqueue(int c)
{
	if (!caps[c].live || caps[c].queued == kill_round)
		return;
	caps[c].queued = kill_round;
	queue[qtail++] = c;
}

static void object_dies(int o)
{
	const struct mobj *d = &objs[o];

	objs[o].alive = false;
	deaths[d->type]++;
	for (int x = 0; x < nobjs; x++) {
		if (!objs[x].alive || objs[x].parent != o)
			continue;
		if (is_mapping(objs[x].type) || objs[x].type == ObjType_EndPoint) {
			for (int c = 0; c < ncaps; c++)
				if (caps[c].obj == x)
					enqueue(c);
		} else {
			objs[x].parent = d->parent;
		}
	}
	if (!is_cnode(d->type) && d->type != ObjType_Dispatcher)
		return;
	uintptr_t lo = (uintptr_t)cap_kva(d->base), hi = lo + held_slots(d) * CTE_SIZE;
	for (int c = 0; c < ncaps; c++)
		if ((uintptr_t)caps[c].slot >= lo && (uintptr_t)caps[c].slot < hi)
			enqueue(c);
}

static void kill_queued(void)
{
	while (qhead < qtail) {
		int k = queue[qhead++];

		if (!caps[k].live)
			continue;
		caps[k].live = false;
		owner[slot_index(caps[k].slot)] = -1;
		counts[objs[caps[k].obj].type]--;
		if (!obj_has_caps(caps[k].obj))
			object_dies(caps[k].obj);
	}
	qhead = qtail = 0;
}

/* --- predictions ------------------------------------------------------------------ */

static bool may_retype(int src, int dest)
{
	static const uint16_t allowed[ObjType_Num] = {
		[ObjType_RAM] = 1u << ObjType_RAM | 1u << ObjType_Frame | 1u << ObjType_L1CNode |
				1u << ObjType_L2CNode | 1u << ObjType_VNode_ARM_l1 |
				1u << ObjType_VNode_ARM_l2 | 1u << ObjType_Dispatcher,
		[ObjType_Frame] = 1u << ObjType_Frame,
		[ObjType_DevFrame] = 1u << ObjType_DevFrame,
		[ObjType_Dispatcher] = 1u << ObjType_EndPoint,
	};
	return (allowed[src] >> dest) & 1u;
}

static bool size_ok(int type, uint32_t size)
{
	switch (type) {
	case ObjType_RAM:
	case ObjType_Frame:
	case ObjType_DevFrame: return size > 0 && size % KiB(4) == 0;
	case ObjType_L1CNode: return size > 0 && size % KiB(16) == 0;
	case ObjType_L2CNode:
	case ObjType_VNode_ARM_l1: return size == KiB(16);
	case ObjType_VNode_ARM_l2: return size == OBJSIZE_VNODE_ARM_L2;
	default: return size == KiB(4); /* Dispatcher */
	}
}

struct retype_args {
	struct cte *src;
	int type;
	uint32_t offset, size, count;
	struct cte *slots;
	uint32_t slot, nslots;
};

/* The new objects' range; returns the error the arguments alone cause. */
static errval_t predict_retype_args(const struct retype_args *a, uint64_t *lo, uint64_t *len)
{
	int ci = cap_at(a->src);
	const struct mobj *o;

	if (ci < 0)
		return SYS_ERR_CAP_NOT_FOUND;
	o = &objs[caps[ci].obj];
	if (a->type == ObjType_Null || a->type >= ObjType_Num || a->type == ObjType_Kernel ||
	    is_mapping(a->type))
		return SYS_ERR_DEST_TYPE_INVALID;
	if (!may_retype(o->type, a->type))
		return SYS_ERR_INVALID_SOURCE_TYPE;
	if (!(caps[ci].rights & CAPRIGHTS_WRITE))
		return SYS_ERR_RETYPE_RIGHTS;
	if (a->type == ObjType_EndPoint) {
		*lo = o->base;
		*len = o->bytes;
		if (a->offset)
			return SYS_ERR_RETYPE_ENDPOINT_OFFSET;
		return a->count == 0  ? SYS_ERR_RETYPE_INVALID_COUNT
		       : a->count > 1 ? SYS_ERR_RETYPE_ENDPOINT_COUNT
				      : SYS_ERR_OK;
	}
	*lo = (uint64_t)o->base + a->offset;
	*len = (uint64_t)a->count * a->size;
	if (a->offset % KiB(4))
		return SYS_ERR_RETYPE_INVALID_OFFSET;
	if (!size_ok(a->type, a->size))
		return SYS_ERR_RETYPE_INVALID_SIZE;
	if (a->type == ObjType_VNode_ARM_l1 && *lo % KiB(16))
		return SYS_ERR_RETYPE_VNODE_ALIGN;
	if (a->count == 0)
		return SYS_ERR_RETYPE_INVALID_COUNT;
	if (a->offset + *len > o->bytes)
		return SYS_ERR_RETYPE_OUT_OF_RANGE;
	return SYS_ERR_OK;
}

static errval_t predict_retype(const struct retype_args *a)
{
	uint64_t lo = 0, len = 0;
	errval_t err = predict_retype_args(a, &lo, &len);
	int src_obj;

	if (err_is_fail(err))
		return err;
	src_obj = caps[cap_at(a->src)].obj;
	for (int d = 0; d < nobjs; d++)
		if (objs[d].alive && objs[d].base < lo + len &&
		    (uint64_t)objs[d].base + objs[d].bytes > lo && descends(d, src_obj))
			return SYS_ERR_REVOKE_FIRST;
	if (a->slot >= a->nslots || a->count > a->nslots - a->slot)
		return SYS_ERR_SLOTS_INVALID;
	for (uint32_t i = 0; i < a->count; i++)
		if (cap_at(&a->slots[a->slot + i]) >= 0)
			return SYS_ERR_SLOT_IN_USE;
	return SYS_ERR_OK;
}

static void model_retype(const struct retype_args *a)
{
	int src_obj = caps[cap_at(a->src)].obj;
	const struct mobj *o = &objs[src_obj];

	for (uint32_t i = 0; i < a->count; i++) {
		int obj =
		    a->type == ObjType_EndPoint
			? new_obj(a->type, o->base, o->bytes, src_obj)
			: new_obj(a->type, o->base + a->offset + i * a->size, a->size, src_obj);
		new_cap(&a->slots[a->slot + i], obj, CAPRIGHTS_ALLRIGHTS, 0);
	}
}

static errval_t predict_copy(struct cte *src, struct cte *dest, bool mint, uint8_t rights,
			     uint32_t badge)
{
	int ci = cap_at(src);

	if (ci < 0)
		return SYS_ERR_CAP_NOT_FOUND;
	if (cap_at(dest) >= 0)
		return SYS_ERR_SLOT_IN_USE;
	if (is_mapping(objs[caps[ci].obj].type))
		return SYS_ERR_CAP_NOT_COPYABLE;
	if (mint && (rights & ~caps[ci].rights))
		return SYS_ERR_RIGHTS_INVALID;
	/* An EndPoint's badge is set once. */
	if (mint && objs[caps[ci].obj].type == ObjType_EndPoint && caps[ci].badge && badge &&
	    badge != caps[ci].badge)
		return SYS_ERR_ENDPOINT_BADGE_SET;
	return SYS_ERR_OK;
}

/* --- choosing arguments ----------------------------------------------------------- */

static int live[MAXCAPS], nlive;

static void collect_live(void)
{
	nlive = 0;
	for (int i = 0; i < ncaps; i++)
		if (caps[i].live)
			live[nlive++] = i;
}

/* Somewhere to put things: the root array, a live CNode, or a live DCB. */
static void pick_cnode(struct cte **slots, uint32_t *n)
{
	int cn[MAXCAPS], ncn = 0, nd = 0, pick;
	const struct mobj *o;

	for (int i = 0; i < nlive; i++)
		if (is_cnode(objs[caps[live[i]].obj].type))
			cn[ncn++] = live[i];
	for (int i = 0; i < nlive; i++)
		if (objs[caps[live[i]].obj].type == ObjType_Dispatcher)
			cn[ncn + nd++] = live[i];
	if (ncn + nd == 0 || chance(25)) {
		*slots = rroot;
		*n = NR;
		return;
	}
	if (nd && (ncn == 0 || chance(10)))
		pick = cn[ncn + (int)rnd(nd)];
	else
		pick = cn[rnd(ncn)];
	o = &objs[caps[pick].obj];
	*slots = cap_kva(o->base);
	*n = held_slots(o);
}

static struct cte *pick_slot(void)
{
	struct cte *slots;
	uint32_t n;

	pick_cnode(&slots, &n);
	return &slots[rnd(n)];
}

/* Mostly a live capability; sometimes any slot, likely empty. */
static struct cte *pick_cap(void)
{
	if (nlive == 0 || chance(5))
		return pick_slot();
	return caps[live[rnd(nlive)]].slot;
}

/* Mostly a capability that can be retyped into something. */
static struct cte *pick_retypable(void)
{
	int r[MAXCAPS], n = 0;

	for (int i = 0; i < nlive; i++)
		if (may_retype(objs[caps[live[i]].obj].type, ObjType_Frame) ||
		    may_retype(objs[caps[live[i]].obj].type, ObjType_DevFrame) ||
		    may_retype(objs[caps[live[i]].obj].type, ObjType_EndPoint))
			r[n++] = live[i];
	return n ? caps[r[rnd(n)]].slot : pick_cap();
}

static int pick_type(int src_type)
{
	int t;

	if (chance(15))
		return (int)rnd(ObjType_Num + 1);
	do
		t = 1 + (int)rnd(ObjType_Num - 1);
	while (!may_retype(src_type, t) && rnd(16)); /* some types make nothing */
	return t;
}

static uint32_t pick_size(int type, uint32_t src_bytes)
{
	static const uint32_t odd[] = { 0, 100, KiB(1), KiB(4), KiB(6), KiB(16), KiB(32) };
	uint32_t pages = src_bytes / KiB(4);

	if (chance(8))
		return odd[rnd(sizeof(odd) / sizeof(odd[0]))];
	switch (type) {
	case ObjType_L1CNode: return KiB(16) * (1 + rnd(2));
	case ObjType_L2CNode:
	case ObjType_VNode_ARM_l1: return KiB(16);
	case ObjType_VNode_ARM_l2: return OBJSIZE_VNODE_ARM_L2;
	case ObjType_Dispatcher: return KiB(4);
	default: return KiB(4) * (1 + rnd(pages < 16 ? (pages ? pages : 1) : 16));
	}
}

static uint32_t pick_offset(int type, uint32_t src_bytes)
{
	uint32_t pages = src_bytes / KiB(4);

	if (type == ObjType_EndPoint)
		return chance(90) ? 0 : KiB(4);
	if (chance(5))
		return chance(50) ? KiB(4) * rnd(pages + 4) + 2048 : 0xfffff000u;
	if (type == ObjType_VNode_ARM_l1 && chance(70))
		return (KiB(4) * rnd(pages ? pages : 1)) & ~(KiB(16) - 1);
	return KiB(4) * rnd(pages ? pages : 1);
}

static uint32_t pick_count(void)
{
	static const uint32_t odd[] = { 0, 300, 0x7fffffffu, 0xffffffffu };

	if (chance(5))
		return odd[rnd(4)];
	return chance(75) ? 1 : 2 + rnd(3);
}

/* --- the operations --------------------------------------------------------------- */

static void count_result(errval_t err)
{
	results[err < ERRVAL_COUNT ? err : 0]++;
}

static void op_retype(void)
{
	struct retype_args a;
	int ci;
	uint32_t src_bytes = KiB(64);
	errval_t want, got;

	a.src = chance(85) ? pick_retypable() : pick_cap();
	ci = cap_at(a.src);
	if (ci >= 0)
		src_bytes = objs[caps[ci].obj].bytes;
	a.type = pick_type(ci >= 0 ? objs[caps[ci].obj].type : ObjType_RAM);
	a.size = pick_size(a.type, src_bytes);
	a.offset = pick_offset(a.type, src_bytes);
	a.count = pick_count();
	pick_cnode(&a.slots, &a.nslots);
	a.slot = chance(95) ? rnd(a.nslots) : a.nslots - rnd(2);
	want = predict_retype(&a);
	got = caps_retype(a.src, (enum objtype)a.type, a.offset, a.size, a.count, a.slots, a.slot,
			  a.nslots);
	assert_err(got, want);
	if (err_is_ok(got))
		model_retype(&a);
	count_result(got);
}

static void op_copy(bool mint)
{
	struct cte *src = pick_cap();
	struct cte *dest = chance(90) || nlive == 0 ? pick_slot() : caps[live[rnd(nlive)]].slot;
	/* Every capability keeps the revoke right, whose absence the model does not follow
	 * (a revoke without it deletes only what hangs from that CTE: test_caps.c checks it). */
	uint8_t rights = (uint8_t)(rnd(chance(90) ? 32 : 256) | CAPRIGHTS_REVOKE);
	uint32_t badge = rnd(1000);
	errval_t want = predict_copy(src, dest, mint, rights, badge);
	const struct mint_words words = { rights, badge, 0, 0 };
	errval_t got = mint ? caps_mint(src, dest, &words) : caps_copy(src, dest);
	int ci = cap_at(src);

	assert_err(got, want);
	count_result(got);
	if (err_is_fail(got))
		return;
	if (!mint)
		new_cap(dest, caps[ci].obj, caps[ci].rights, caps[ci].badge);
	else
		new_cap(dest, caps[ci].obj, rights,
			objs[caps[ci].obj].type == ObjType_EndPoint && badge ? badge
									     : caps[ci].badge);
}

/* What the map invocation does once it has checked the page table. */
static void op_map(void)
{
	static const uint8_t mapping_of[ObjType_Num] = {
		[ObjType_Frame] = ObjType_Frame_Mapping,
		[ObjType_DevFrame] = ObjType_DevFrame_Mapping,
		[ObjType_VNode_ARM_l2] = ObjType_VNode_ARM_l2_Mapping,
	};
	int mappable[MAXCAPS], n = 0, ci;
	struct cte *dest = pick_slot();
	struct capability cap;

	for (int i = 0; i < nlive; i++)
		if (mapping_of[objs[caps[live[i]].obj].type])
			mappable[n++] = live[i];
	if (n == 0 || cap_at(dest) >= 0)
		return;
	ci = mappable[rnd(n)];
	cap = caps[ci].slot->cap;
	cap.type = mapping_of[cap.type];
	cap.u.mapping.table = FAKE_RAM_BASE + KiB(4) * rnd(256);
	cap.u.mapping.entry = (uint16_t)rnd(256);
	cap.u.mapping.pte_count = 1;
	caps_insert_child(caps[ci].slot, dest, &cap);
	new_cap(dest, new_obj(cap.type, cap.base, cap.bytes, caps[ci].obj), cap.rights, 0);
}

static void op_delete(bool revoke)
{
	struct cte *target = pick_cap();
	int ci;

	/* Spare the boot capabilities mostly, or the sequences soon run dry. */
	while (target >= rroot && target < rroot + NBOOT && !revoke && chance(90))
		target = pick_cap();
	/*
	 * A revoke that stops is made again on the same slot, which the kernel
	 * finds through the caller's root CNode and at most one L2 CNode: a
	 * CNode that dies under the revoke can only hold the target directly
	 * (caps.c does not stop then).  Here a target deep in nested CNodes
	 * could be deleted between two calls, so stopping revokes name slots
	 * of the test's root, as a kernel caller's level-1 addresses do.
	 */
	while (revoke && fake_stop_every && !(target >= rroot && target < rroot + NR))
		target = pick_cap();
	ci = cap_at(target);
	errval_t want = ci < 0 ? SYS_ERR_CAP_NOT_FOUND : SYS_ERR_OK;
	errval_t got = SYS_ERR_OK;

	/* As the kernel does: finish what is left over, then (re)start the call. */
	for (;;) {
		while (caps_finish_deletions() == SYS_ERR_PREEMPTED)
			restarts++;
		got = revoke ? caps_revoke(target) : caps_delete(target);
		if (got != SYS_ERR_PREEMPTED)
			break;
		restarts++;
	}
	while (caps_finish_deletions() == SYS_ERR_PREEMPTED)
		restarts++;
	assert_err(got, want);
	count_result(got);
	if (ci < 0)
		return;
	kill_round++;
	if (!revoke) {
		enqueue(ci);
	} else {
		int obj = caps[ci].obj;

		for (int c = 0; c < ncaps; c++)
			if (caps[c].live && c != ci &&
			    (caps[c].obj == obj || descends(caps[c].obj, obj)))
				enqueue(c);
	}
	kill_queued();
}

/* --- comparing the kernel's state with the model's -------------------------------- */

static void check_cap(int k)
{
	const struct mcap *m = &caps[k];
	const struct mobj *o = &objs[m->obj];
	const struct cte *s = m->slot;

	assert_int_equal(s->cap.type, o->type);
	assert_int_equal(s->cap.base, o->base);
	assert_int_equal(s->cap.bytes, o->bytes);
	assert_int_equal(s->cap.rights, m->rights);
	if (o->type == ObjType_EndPoint)
		assert_int_equal(s->cap.u.endpoint.badge, m->badge);
	if (o->parent < 0) {
		assert_null(s->mdb.parent);
	} else {
		int p;

		assert_non_null(s->mdb.parent);
		p = cap_at(s->mdb.parent);
		assert_true(p >= 0);
		assert_int_equal(caps[p].obj, o->parent);
	}
}

static void check_against_model(void)
{
	for (int k = 0; k < ncaps; k++) {
		const struct cte *s = caps[k].slot;

		if (caps[k].live)
			check_cap(k);
		else if (cap_at(s) < 0 && !cte_is_empty(s))
			fail_msg("seed %u step %u (%s): slot %d should be empty, holds type %u "
				 "base 0x%x bytes 0x%x",
				 cur_seed, cur_step, cur_op, slot_index(s), s->cap.type,
				 s->cap.base, s->cap.bytes);
	}
	for (int i = 0; i < NR; i++)
		assert_int_equal(cte_is_empty(&rroot[i]), owner[i] < 0);
	assert_memory_equal(cap_core()->live_count, counts, sizeof(counts));
	assert_memory_equal(fake_destroyed, deaths, sizeof(deaths));
	assert_true(mdb_check_invariants());
}

static void start_seed(uint32_t seed)
{
	struct capability boot[NBOOT] = {
		{ .type = ObjType_RAM, .base = FAKE_RAM_BASE, .bytes = KiB(512) },
		{ .type = ObjType_RAM, .base = FAKE_RAM_BASE + KiB(512), .bytes = KiB(256) },
		{ .type = ObjType_RAM, .base = FAKE_RAM_BASE + KiB(768), .bytes = KiB(256) },
		{ .type = ObjType_DevFrame, .base = DEV_BASE, .bytes = KiB(64) },
		{ .type = ObjType_Kernel },
	};

	rng = 0x9e3779b97f4a7c15ull * (seed + 1);
	unsigned stop_every = fake_stop_every, chunk = cap_delete_chunk;

	fake_reset();
	fake_stop_every = stop_every; /* kept across seeds */
	cap_delete_chunk = chunk;
	fake_destroy_extra = delete_dcb_slots;
	memset(rroot, 0, sizeof(rroot));
	memset(owner, -1, sizeof(owner));
	memset(counts, 0, sizeof(counts));
	memset(deaths, 0, sizeof(deaths));
	nobjs = ncaps = 0;
	for (int i = 0; i < NBOOT; i++) {
		boot[i].rights = CAPRIGHTS_ALLRIGHTS;
		caps_create_root(&rroot[i], &boot[i]);
		new_cap(&rroot[i], new_obj(boot[i].type, boot[i].base, boot[i].bytes, -1),
			CAPRIGHTS_ALLRIGHTS, 0);
	}
}

static void op_copy_only(void)
{
	op_copy(false);
}

static void op_mint(void)
{
	op_copy(true);
}

static void op_delete_only(void)
{
	op_delete(false);
}

static void op_revoke(void)
{
	op_delete(true);
}

/* The operations, with how often each is done (percent). */
static const struct {
	const char *name;
	uint32_t percent;
	void (*run)(void);
} ops[] = {
	{ "retype", 50, op_retype }, { "copy", 16, op_copy_only },     { "mint", 8, op_mint },
	{ "map", 10, op_map },	     { "delete", 13, op_delete_only }, { "revoke", 3, op_revoke },
};

static void step(void)
{
	uint32_t r = rnd(100);
	unsigned i = 0;

	while (r >= ops[i].percent)
		r -= ops[i++].percent;
	collect_live();
	cur_op = ops[i].name;
	ops[i].run();
	check_against_model();
}

void test_random_sequences(void **state)
{
	static const errval_t must_see[] = {
		SYS_ERR_OK,
		SYS_ERR_CAP_NOT_FOUND,
		SYS_ERR_SLOT_IN_USE,
		SYS_ERR_SLOTS_INVALID,
		SYS_ERR_INVALID_SOURCE_TYPE,
		SYS_ERR_RETYPE_RIGHTS,
		SYS_ERR_DEST_TYPE_INVALID,
		SYS_ERR_RETYPE_INVALID_OFFSET,
		SYS_ERR_RETYPE_INVALID_SIZE,
		SYS_ERR_RETYPE_VNODE_ALIGN,
		SYS_ERR_RETYPE_ENDPOINT_OFFSET,
		SYS_ERR_RETYPE_ENDPOINT_COUNT,
		SYS_ERR_RETYPE_INVALID_COUNT,
		SYS_ERR_RETYPE_OUT_OF_RANGE,
		SYS_ERR_REVOKE_FIRST,
		SYS_ERR_CAP_NOT_COPYABLE,
		SYS_ERR_RIGHTS_INVALID,
	};
	uint32_t total_deaths = 0;

	(void)state;
	for (cur_seed = 0; cur_seed < SEEDS; cur_seed++) {
		start_seed(cur_seed);
		for (cur_step = 0; cur_step < STEPS; cur_step++)
			step();
		for (int t = 0; t < ObjType_Num; t++)
			total_deaths += deaths[t];
	}
	/* The sequences must reach every rule, not only the easy ones. */
	for (unsigned i = 0; i < sizeof(must_see) / sizeof(must_see[0]); i++) {
		if (results[must_see[i]] == 0)
			fail_msg("no random call ended in %s", fake_errname(must_see[i]));
	}
	printf("random: %u seeds x %u steps, %u OK, %u REVOKE_FIRST, %u objects destroyed\n", SEEDS,
	       STEPS, results[SYS_ERR_OK], results[SYS_ERR_REVOKE_FIRST], total_deaths);
}

void test_random_sequences_preempted(void **state)
{
	(void)state;
	restarts = 0;
	for (cur_seed = 0; cur_seed < SEEDS / 4; cur_seed++) {
		fake_stop_every = 1 + cur_seed % 3;
		cap_delete_chunk = 1 + cur_seed % 2;
		start_seed(cur_seed);
		for (cur_step = 0; cur_step < STEPS; cur_step++)
			step();
	}
	fake_reset();
	printf("random, deletion stopped often: %u seeds x %u steps, %u restarts\n", SEEDS / 4,
	       STEPS, restarts);
	assert_true(restarts > 100);
}
