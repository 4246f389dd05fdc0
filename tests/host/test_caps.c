/*
 * Host tests of the capability core (kernel/cap/caps.c, kernel/cap/mdb.c):
 * every retype rule and error code, copy, mint, delete and revoke, and (in
 * caps_random.c) random sequences checked against a reference model.
 * mdb_check_invariants() is checked after every step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "caps_random.h"
#include <lmp.h>
#include <objtype.h>

#include "fake_hooks.h"

#define NROOT	  64		/* slots in the tests' own "CNode" */
#define RAM_BASE  FAKE_RAM_BASE /* the root RAM cap in slot 0 */
#define RAM_BYTES (1u << 20)
#define DEV_BASE  0x10000000u /* device memory: never touched */
#define KiB(n)	  ((n)*1024u)
#define SNAP_RAM  (2u << 20) /* the fake RAM a snapshot covers */

static struct cte root[NROOT];
static uintptr_t stack_low, stack_high; /* stack use of the delete path, seen by the hook */
static struct cte *const ram = &root[0];

static struct capability mkcap(enum objtype type, uint32_t base, uint32_t bytes)
{
	return (struct capability){
		.type = (uint8_t)type, .rights = CAPRIGHTS_ALLRIGHTS, .base = base, .bytes = bytes
	};
}

static int setup(void **state)
{
	struct capability r = mkcap(ObjType_RAM, RAM_BASE, RAM_BYTES);

	(void)state;
	fake_reset();
	stack_low = stack_high = 0;
	memset(root, 0, sizeof(root));
	memset(fake_ram, 0xaa, SNAP_RAM);
	caps_create_root(ram, &r);
	return 0;
}

static errval_t retype(struct cte *src, enum objtype type, uint32_t offset, uint32_t objsize,
		       uint32_t count, uint32_t slot)
{
	errval_t err = caps_retype(src, type, offset, objsize, count, root, slot, NROOT);

	assert_true(mdb_check_invariants());
	return err;
}

static void retype_ok(struct cte *src, enum objtype type, uint32_t offset, uint32_t objsize,
		      uint32_t count, uint32_t slot)
{
	assert_err(retype(src, type, offset, objsize, count, slot), SYS_ERR_OK);
}

static void assert_cap(const struct cte *c, enum objtype type, uint32_t base, uint32_t bytes)
{
	assert_int_equal(c->cap.type, type);
	assert_int_equal(c->cap.base, base);
	assert_int_equal(c->cap.bytes, bytes);
}

static void ok(errval_t err)
{
	assert_err(err, SYS_ERR_OK);
	assert_true(mdb_check_invariants());
}

static uint32_t live_total(void)
{
	uint32_t n = 0;

	for (int i = 0; i < ObjType_Num; i++)
		n += cap_core()->live_count[i];
	return n;
}

/* --- snapshots: a failed call changes nothing ---------------------------------- */

static struct {
	struct cte root[NROOT];
	uint32_t counts[ObjType_Num];
	uint32_t destroyed[ObjType_Num];
	uint8_t ram[SNAP_RAM];
} snap;

static void snap_take(void)
{
	memcpy(snap.root, root, sizeof(root));
	memcpy(snap.counts, cap_core()->live_count, sizeof(snap.counts));
	memcpy(snap.destroyed, fake_destroyed, sizeof(snap.destroyed));
	memcpy(snap.ram, fake_ram, SNAP_RAM);
}

static void snap_same(void)
{
	assert_memory_equal(snap.root, root, sizeof(root));
	assert_memory_equal(snap.counts, cap_core()->live_count, sizeof(snap.counts));
	assert_memory_equal(snap.destroyed, fake_destroyed, sizeof(snap.destroyed));
	assert_true(memcmp(snap.ram, fake_ram, SNAP_RAM) == 0);
	assert_true(mdb_check_invariants());
}

/* The call must fail with `expected` and change nothing at all. */
#define FAILS(call, expected)                   \
	do {                                    \
		snap_take();                    \
		assert_err((call), (expected)); \
		snap_same();                    \
	} while (0)

#define RETYPE_FAILS(src, type, offset, objsize, count, slot, expected)                      \
	FAILS(caps_retype((src), (type), (offset), (objsize), (count), root, (slot), NROOT), \
	      (expected))

/* --- retype: what it makes ------------------------------------------------------- */

static bool all_bytes(uint32_t phys, uint32_t bytes, uint8_t value)
{
	const uint8_t *p = cap_kva(phys);

	for (uint32_t i = 0; i < bytes; i++)
		if (p[i] != value)
			return false;
	return true;
}

static void test_retype_each_type_from_ram(void **state)
{
	static const struct {
		enum objtype type;
		uint32_t size;
	} objs[] = {
		{ ObjType_RAM, KiB(8) },
		{ ObjType_Frame, KiB(4) },
		{ ObjType_L1CNode, KiB(32) },
		{ ObjType_L2CNode, OBJSIZE_L2CNODE },
		{ ObjType_VNode_ARM_l1, KiB(16) },
		{ ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2 },
		{ ObjType_Dispatcher, OBJSIZE_DISPATCHER },
	};
	uint32_t offset = 0;

	(void)state;
	for (unsigned i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		struct cte *c = &root[1 + i];

		retype_ok(ram, objs[i].type, offset, objs[i].size, 1, 1 + i);
		assert_cap(c, objs[i].type, RAM_BASE + offset, objs[i].size);
		assert_int_equal(c->cap.rights, CAPRIGHTS_ALLRIGHTS);
		assert_ptr_equal(c->mdb.parent, ram);
		/* Zeroed, except RAM: nothing can read it, what is made from it is zeroed then. */
		assert_true(
		    all_bytes(c->cap.base, c->cap.bytes, objs[i].type == ObjType_RAM ? 0xaa : 0));
		assert_int_equal(cap_core()->live_count[objs[i].type],
				 objs[i].type == ObjType_RAM ? 2 : 1);
		offset += (objs[i].size + KiB(16) - 1) & ~(KiB(16) - 1);
	}
	/* Only the objects were zeroed, not the memory between them. */
	assert_true(all_bytes(RAM_BASE + KiB(8), KiB(8), 0xaa));
	assert_true(mdb_has_descendants(ram));
	assert_false(mdb_has_copies(ram));
}

/* A large object is zeroed in chunks, with a preemption point between chunks. */
static void test_retype_large_frame_zeroed_in_chunks(void **state)
{
	extern unsigned fake_preemption_points;

	(void)state;
	fake_preemption_points = 0;
	retype_ok(ram, ObjType_Frame, 0, 4 * CAP_ZERO_CHUNK + KiB(4), 1, 1);
	assert_true(all_bytes(RAM_BASE, 4 * CAP_ZERO_CHUNK + KiB(4), 0));
	assert_int_equal(fake_preemption_points, 4);
	fake_preemption_points = 0;
	retype_ok(ram, ObjType_Frame, 8 * CAP_ZERO_CHUNK, CAP_ZERO_CHUNK, 1, 2);
	assert_int_equal(fake_preemption_points, 0);
	/* Many small objects of one retype count together: 16 pages per chunk. */
	fake_preemption_points = 0;
	retype_ok(ram, ObjType_Frame, 9 * CAP_ZERO_CHUNK, KiB(4), 48, 3);
	assert_true(all_bytes(RAM_BASE + 9 * CAP_ZERO_CHUNK, 48 * KiB(4), 0));
	assert_int_equal(fake_preemption_points, 48 * KiB(4) / CAP_ZERO_CHUNK - 1);
}

static void test_retype_many_sorted(void **state)
{
	(void)state;
	retype_ok(ram, ObjType_Frame, KiB(64), KiB(4), 16, 20);
	retype_ok(ram, ObjType_Frame, 0, KiB(4), 4, 2);
	retype_ok(ram, ObjType_RAM, KiB(32), KiB(8), 2, 10);
	/* Children in address order, whatever order they were made in. */
	uint32_t n = 0, last = 0;
	for (struct cte *c = ram->mdb.first_child; c; c = c->mdb.next, n++) {
		assert_true(c->cap.base >= last);
		last = c->cap.base;
	}
	assert_int_equal(n, 22);
	for (int i = 0; i < 16; i++)
		assert_cap(&root[20 + i], ObjType_Frame, RAM_BASE + KiB(64) + i * KiB(4), KiB(4));
}

static void test_retype_frames_and_devframes(void **state)
{
	struct capability dev = mkcap(ObjType_DevFrame, DEV_BASE, KiB(64));

	(void)state;
	retype_ok(ram, ObjType_Frame, 0, KiB(64), 1, 1);
	retype_ok(&root[1], ObjType_Frame, KiB(8), KiB(4), 2, 2);
	assert_cap(&root[3], ObjType_Frame, RAM_BASE + KiB(12), KiB(4));
	assert_ptr_equal(root[3].mdb.parent, &root[1]);
	/* Device memory is not in the fake RAM: cap_kva would abort if it were zeroed. */
	caps_create_root(&root[10], &dev);
	retype_ok(&root[10], ObjType_DevFrame, KiB(4), KiB(8), 3, 11);
	assert_cap(&root[13], ObjType_DevFrame, DEV_BASE + KiB(20), KiB(8));
	assert_ptr_equal(root[13].mdb.parent, &root[10]);
}

static void test_retype_ram_into_identical_ram(void **state)
{
	(void)state;
	retype_ok(ram, ObjType_RAM, 0, RAM_BYTES, 1, 1);
	assert_cap(&root[1], ObjType_RAM, RAM_BASE, RAM_BYTES);
	assert_ptr_equal(root[1].mdb.parent, ram); /* a child, not a copy */
	assert_false(mdb_has_copies(&root[1]));
	RETYPE_FAILS(ram, ObjType_RAM, 0, RAM_BYTES, 1, 2, SYS_ERR_REVOKE_FIRST);
	retype_ok(&root[1], ObjType_RAM, 0, RAM_BYTES, 1, 2);
	assert_ptr_equal(root[2].mdb.parent, &root[1]);
}

static void test_retype_endpoint_from_dispatcher(void **state)
{
	struct cte *disp = &root[1], *ep = &root[2];

	(void)state;
	retype_ok(ram, ObjType_Dispatcher, KiB(8), OBJSIZE_DISPATCHER, 1, 1);
	memset(cap_kva(disp->cap.base), 0x5c, OBJSIZE_DISPATCHER);
	retype_ok(disp, ObjType_EndPoint, 0, 12345 /* ignored */, 1, 2);
	assert_cap(ep, ObjType_EndPoint, RAM_BASE + KiB(8), OBJSIZE_DISPATCHER);
	assert_ptr_equal(ep->mdb.parent, disp);
	assert_int_equal(ep->cap.u.endpoint.badge, 0);
	assert_true(all_bytes(disp->cap.base, OBJSIZE_DISPATCHER, 0x5c)); /* not zeroed */
	/* One EndPoint per dispatcher; more come from copy and mint. */
	RETYPE_FAILS(disp, ObjType_EndPoint, 0, 0, 1, 3, SYS_ERR_REVOKE_FIRST);
	RETYPE_FAILS(disp, ObjType_EndPoint, KiB(4), 0, 1, 3, SYS_ERR_RETYPE_ENDPOINT_OFFSET);
	RETYPE_FAILS(disp, ObjType_EndPoint, 0, 0, 2, 3, SYS_ERR_RETYPE_ENDPOINT_COUNT);
	RETYPE_FAILS(disp, ObjType_EndPoint, 0, 0, 0, 3, SYS_ERR_RETYPE_INVALID_COUNT);
}

/* --- retype: every error --------------------------------------------------------- */

static void test_retype_source_and_dest_types(void **state)
{
	static const enum objtype bad_dest[] = {
		ObjType_Null,
		ObjType_Kernel,
		ObjType_Frame_Mapping,
		ObjType_DevFrame_Mapping,
		ObjType_VNode_ARM_l2_Mapping,
		ObjType_Num,
		(enum objtype)200,
	};
	struct capability kernel = mkcap(ObjType_Kernel, 0, 0);
	struct capability dev = mkcap(ObjType_DevFrame, DEV_BASE, KiB(64));

	(void)state;
	RETYPE_FAILS(&root[5], ObjType_Frame, 0, KiB(4), 1, 1, SYS_ERR_CAP_NOT_FOUND);
	for (unsigned i = 0; i < sizeof(bad_dest) / sizeof(bad_dest[0]); i++)
		RETYPE_FAILS(ram, bad_dest[i], 0, KiB(4), 1, 1, SYS_ERR_DEST_TYPE_INVALID);
	RETYPE_FAILS(ram, ObjType_EndPoint, 0, KiB(4), 1, 1, SYS_ERR_INVALID_SOURCE_TYPE);
	RETYPE_FAILS(ram, ObjType_DevFrame, 0, KiB(4), 1, 1, SYS_ERR_INVALID_SOURCE_TYPE);

	retype_ok(ram, ObjType_Frame, 0, KiB(16), 1, 1);
	retype_ok(ram, ObjType_L2CNode, KiB(16), KiB(16), 1, 2);
	retype_ok(ram, ObjType_VNode_ARM_l2, KiB(32), OBJSIZE_VNODE_ARM_L2, 1, 3);
	retype_ok(ram, ObjType_Dispatcher, KiB(48), KiB(4), 1, 4);
	caps_create_root(&root[5], &kernel);
	caps_create_root(&root[6], &dev);
	RETYPE_FAILS(&root[1], ObjType_RAM, 0, KiB(4), 1, 10, SYS_ERR_INVALID_SOURCE_TYPE);
	RETYPE_FAILS(&root[1], ObjType_DevFrame, 0, KiB(4), 1, 10, SYS_ERR_INVALID_SOURCE_TYPE);
	RETYPE_FAILS(&root[1], ObjType_L2CNode, 0, KiB(16), 1, 10, SYS_ERR_INVALID_SOURCE_TYPE);
	RETYPE_FAILS(&root[2], ObjType_Frame, 0, KiB(4), 1, 10, SYS_ERR_INVALID_SOURCE_TYPE);
	RETYPE_FAILS(&root[3], ObjType_Frame, 0, KiB(4), 1, 10, SYS_ERR_INVALID_SOURCE_TYPE);
	RETYPE_FAILS(&root[4], ObjType_Frame, 0, KiB(4), 1, 10, SYS_ERR_INVALID_SOURCE_TYPE);
	RETYPE_FAILS(&root[5], ObjType_RAM, 0, KiB(4), 1, 10, SYS_ERR_INVALID_SOURCE_TYPE);
	RETYPE_FAILS(&root[6], ObjType_Frame, 0, KiB(4), 1, 10, SYS_ERR_INVALID_SOURCE_TYPE);
}

static void test_retype_offset_and_sizes(void **state)
{
	static const struct {
		enum objtype type;
		uint32_t size;
	} bad[] = {
		{ ObjType_RAM, 0 },
		{ ObjType_RAM, 100 },
		{ ObjType_RAM, KiB(4) + 1 },
		{ ObjType_Frame, 0 },
		{ ObjType_Frame, KiB(6) },
		{ ObjType_L1CNode, 0 },
		{ ObjType_L1CNode, KiB(4) },
		{ ObjType_L1CNode, KiB(24) },
		{ ObjType_L2CNode, KiB(32) },
		{ ObjType_L2CNode, KiB(4) },
		{ ObjType_VNode_ARM_l1, KiB(4) },
		{ ObjType_VNode_ARM_l1, KiB(32) },
		{ ObjType_VNode_ARM_l2, KiB(4) },
		{ ObjType_VNode_ARM_l2, 0 },
		{ ObjType_Dispatcher, KiB(8) },
		{ ObjType_Dispatcher, 0 },
	};
	struct capability dev = mkcap(ObjType_DevFrame, DEV_BASE, KiB(64));

	(void)state;
	RETYPE_FAILS(ram, ObjType_Frame, 100, KiB(4), 1, 1, SYS_ERR_RETYPE_INVALID_OFFSET);
	RETYPE_FAILS(ram, ObjType_Frame, KiB(4) + 2048, KiB(4), 1, 1,
		     SYS_ERR_RETYPE_INVALID_OFFSET);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		RETYPE_FAILS(ram, bad[i].type, 0, bad[i].size, 1, 1, SYS_ERR_RETYPE_INVALID_SIZE);
	caps_create_root(&root[20], &dev);
	RETYPE_FAILS(&root[20], ObjType_DevFrame, 0, KiB(2), 1, 21, SYS_ERR_RETYPE_INVALID_SIZE);
	/* An L1 page table must be 16 KiB-aligned in physical memory. */
	RETYPE_FAILS(ram, ObjType_VNode_ARM_l1, KiB(4), KiB(16), 1, 1, SYS_ERR_RETYPE_VNODE_ALIGN);
	retype_ok(ram, ObjType_VNode_ARM_l1, KiB(32), KiB(16), 2, 1);
	/* Other CNodes and tables need only 4 KiB (L2 tables not even that). */
	retype_ok(ram, ObjType_L1CNode, KiB(68), KiB(16), 1, 4);
	retype_ok(ram, ObjType_VNode_ARM_l2, KiB(84), OBJSIZE_VNODE_ARM_L2, 3, 5);
	assert_cap(&root[7], ObjType_VNode_ARM_l2, RAM_BASE + KiB(84) + 2 * OBJSIZE_VNODE_ARM_L2,
		   OBJSIZE_VNODE_ARM_L2);
}

static void test_retype_count_and_range(void **state)
{
	(void)state;
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), 0, 1, SYS_ERR_RETYPE_INVALID_COUNT);
	RETYPE_FAILS(ram, ObjType_Frame, RAM_BYTES, KiB(4), 1, 1, SYS_ERR_RETYPE_OUT_OF_RANGE);
	RETYPE_FAILS(ram, ObjType_Frame, RAM_BYTES - KiB(4), KiB(8), 1, 1,
		     SYS_ERR_RETYPE_OUT_OF_RANGE);
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), RAM_BYTES / KiB(4) + 1, 1,
		     SYS_ERR_RETYPE_OUT_OF_RANGE);
	/* Products and sums that wrap in 32 bits. */
	RETYPE_FAILS(ram, ObjType_Frame, 0, 0x10000000u, 16, 1, SYS_ERR_RETYPE_OUT_OF_RANGE);
	RETYPE_FAILS(ram, ObjType_Frame, 0, 0xfffff000u, 0xffffffffu, 1,
		     SYS_ERR_RETYPE_OUT_OF_RANGE);
	RETYPE_FAILS(ram, ObjType_Frame, 0xfffff000u, KiB(8), 1, 1, SYS_ERR_RETYPE_OUT_OF_RANGE);
	RETYPE_FAILS(ram, ObjType_RAM, KiB(4), 0xfffff000u, 1, 1, SYS_ERR_RETYPE_OUT_OF_RANGE);
	/* Exactly the whole source is fine. */
	retype_ok(ram, ObjType_Frame, RAM_BYTES - KiB(8), KiB(4), 2, 1);
}

static void test_retype_revoke_first(void **state)
{
	struct cte *r1 = &root[1], *copy = &root[2], *grand = &root[3];

	(void)state;
	retype_ok(ram, ObjType_RAM, KiB(64), KiB(64), 1, 1); /* [64K, 128K) */
	RETYPE_FAILS(ram, ObjType_Frame, KiB(64), KiB(4), 1, 10, SYS_ERR_REVOKE_FIRST);
	RETYPE_FAILS(ram, ObjType_Frame, KiB(124), KiB(4), 1, 10, SYS_ERR_REVOKE_FIRST);
	RETYPE_FAILS(ram, ObjType_Frame, KiB(60), KiB(8), 1, 10, SYS_ERR_REVOKE_FIRST);
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), 20, 10, SYS_ERR_REVOKE_FIRST);
	RETYPE_FAILS(ram, ObjType_RAM, 0, RAM_BYTES, 1, 10, SYS_ERR_REVOKE_FIRST);
	retype_ok(ram, ObjType_Frame, KiB(60), KiB(4), 1, 10);	/* just below */
	retype_ok(ram, ObjType_Frame, KiB(128), KiB(4), 1, 11); /* just above */
	/* A grandchild is inside its parent's range; a copy's children count too. */
	ok(caps_copy(ram, copy));
	retype_ok(r1, ObjType_Frame, KiB(4), KiB(4), 1, 3);
	assert_ptr_equal(grand->mdb.parent, r1);
	RETYPE_FAILS(copy, ObjType_Frame, KiB(68), KiB(4), 1, 12, SYS_ERR_REVOKE_FIRST);
	RETYPE_FAILS(copy, ObjType_Frame, KiB(128), KiB(4), 1, 12, SYS_ERR_REVOKE_FIRST);
	RETYPE_FAILS(r1, ObjType_Frame, KiB(4), KiB(4), 1, 12, SYS_ERR_REVOKE_FIRST);
	retype_ok(copy, ObjType_Frame, KiB(132), KiB(4), 1, 12);
	assert_ptr_equal(root[12].mdb.parent, copy);
	/* A mapping of a frame covers the frame. */
	struct capability map = root[10].cap;
	map.type = ObjType_Frame_Mapping;
	caps_insert_child(&root[10], &root[13], &map);
	assert_true(mdb_check_invariants());
	RETYPE_FAILS(&root[10], ObjType_Frame, 0, KiB(4), 1, 14, SYS_ERR_REVOKE_FIRST);
}

static void test_retype_destination_slots(void **state)
{
	struct capability kernel = mkcap(ObjType_Kernel, 0, 0);

	(void)state;
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), 1, NROOT, SYS_ERR_SLOTS_INVALID);
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), 2, NROOT - 1, SYS_ERR_SLOTS_INVALID);
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), 2, 0xffffffffu, SYS_ERR_SLOTS_INVALID);
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), 65, 0, SYS_ERR_SLOTS_INVALID);
	FAILS(caps_retype(ram, ObjType_Frame, 0, KiB(4), 1, root, 0, 0), SYS_ERR_SLOTS_INVALID);
	/* Every destination slot must be empty, including the source's own. */
	caps_create_root(&root[9], &kernel);
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), 4, 6, SYS_ERR_SLOT_IN_USE);
	RETYPE_FAILS(ram, ObjType_Frame, 0, KiB(4), 1, 0, SYS_ERR_SLOT_IN_USE);
	retype_ok(ram, ObjType_Frame, 0, KiB(4), 4, 5);
	retype_ok(ram, ObjType_Frame, KiB(16), KiB(4), 1, NROOT - 1);
}

static void test_retype_check_matches(void **state)
{
	(void)state;
	/* caps_retype_check is the check half alone: nothing happens. */
	snap_take();
	assert_err(caps_retype_check(ram, ObjType_Frame, 0, KiB(4), 1, root, 1, NROOT), SYS_ERR_OK);
	assert_err(caps_retype_check(ram, ObjType_Frame, 1, KiB(4), 1, root, 1, NROOT),
		   SYS_ERR_RETYPE_INVALID_OFFSET);
	snap_same();
}

/* --- copy and mint --------------------------------------------------------------- */

static void test_copy_is_a_sibling(void **state)
{
	struct cte *frame = &root[1], *copy = &root[2], *rcopy = &root[3];

	(void)state;
	retype_ok(ram, ObjType_Frame, 0, KiB(8), 1, 1);
	ok(caps_copy(frame, copy));
	assert_memory_equal(&copy->cap, &frame->cap, sizeof(struct capability));
	assert_ptr_equal(copy->mdb.parent, ram);
	assert_true(mdb_has_copies(frame));
	assert_true(mdb_has_copies(copy));
	assert_int_equal(cap_core()->live_count[ObjType_Frame], 2);
	/* A copy of a root capability is a root too, and found as a copy. */
	assert_false(mdb_has_copies(ram));
	ok(caps_copy(ram, rcopy));
	assert_null(rcopy->mdb.parent);
	assert_true(mdb_has_copies(ram));
	assert_true(mdb_has_descendants(rcopy)); /* the object's descendants */
	assert_false(mdb_has_descendants(frame));
}

static void test_copy_errors(void **state)
{
	struct capability map;

	(void)state;
	retype_ok(ram, ObjType_Frame, 0, KiB(8), 1, 1);
	FAILS(caps_copy(&root[5], &root[6]), SYS_ERR_CAP_NOT_FOUND);
	FAILS(caps_copy(&root[1], ram), SYS_ERR_SLOT_IN_USE);
	FAILS(caps_copy(&root[1], &root[1]), SYS_ERR_SLOT_IN_USE);
	map = root[1].cap;
	map.type = ObjType_Frame_Mapping;
	caps_insert_child(&root[1], &root[2], &map);
	FAILS(caps_copy(&root[2], &root[3]), SYS_ERR_CAP_NOT_COPYABLE);
	FAILS(caps_mint(&root[2], &root[3], &(struct mint_words){ 0, 0, 0, 0 }),
	      SYS_ERR_CAP_NOT_COPYABLE);
	map.type = ObjType_VNode_ARM_l2_Mapping;
	retype_ok(ram, ObjType_VNode_ARM_l2, KiB(8), OBJSIZE_VNODE_ARM_L2, 1, 4);
	map.base = root[4].cap.base;
	map.bytes = root[4].cap.bytes;
	caps_insert_child(&root[4], &root[5], &map);
	assert_true(mdb_check_invariants());
	FAILS(caps_copy(&root[5], &root[6]), SYS_ERR_CAP_NOT_COPYABLE);
	FAILS(caps_mint(&root[6], &root[7], &(struct mint_words){ 0, 0, 0, 0 }),
	      SYS_ERR_CAP_NOT_FOUND);
	FAILS(caps_mint(&root[1], &root[4], &(struct mint_words){ 0, 0, 0, 0 }),
	      SYS_ERR_SLOT_IN_USE);
}

static void test_mint_rights_and_badge(void **state)
{
	struct cte *frame = &root[1], *ro = &root[2], *disp = &root[3], *ep = &root[4];

	(void)state;
	retype_ok(ram, ObjType_Frame, 0, KiB(4), 1, 1);
	ok(caps_mint(frame, ro, &(struct mint_words){ CAPRIGHTS_READ, 77, 0, 0 }));
	assert_int_equal(ro->cap.rights, CAPRIGHTS_READ);
	assert_memory_equal(&ro->cap.u, &frame->cap.u, sizeof(ro->cap.u)); /* no badge */
	assert_true(mdb_same_object(&ro->cap, &frame->cap));
	FAILS(caps_mint(ro, &root[10],
			&(struct mint_words){ CAPRIGHTS_READ | CAPRIGHTS_WRITE, 0, 0, 0 }),
	      SYS_ERR_RIGHTS_INVALID);
	FAILS(caps_mint(ro, &root[10], &(struct mint_words){ 0x10, 0, 0, 0 }),
	      SYS_ERR_RIGHTS_INVALID);
	ok(caps_mint(ro, &root[10], &(struct mint_words){ 0, 0, 0, 0 }));
	ok(caps_copy(ro, &root[11]));
	assert_int_equal(root[11].cap.rights, CAPRIGHTS_READ);

	retype_ok(ram, ObjType_Dispatcher, KiB(4), KiB(4), 1, 3);
	retype_ok(disp, ObjType_EndPoint, 0, 0, 1, 4);
	ok(caps_mint(ep, &root[5], &(struct mint_words){ CAPRIGHTS_ALLRIGHTS, 0xbad6e, 0, 0 }));
	assert_int_equal(root[5].cap.u.endpoint.badge, 0xbad6e);
	assert_ptr_equal(root[5].mdb.parent, disp);
	assert_true(mdb_has_copies(ep)); /* a badged EndPoint is a copy */
	ok(caps_copy(&root[5], &root[6]));
	assert_int_equal(root[6].cap.u.endpoint.badge, 0xbad6e);
}

#define MINT(src, dest, rights, badge, offset, buflen) \
	caps_mint(src, dest, &(struct mint_words){ rights, badge, offset, buflen })

/* An EndPoint's badge and buffer are set once; mint keeps them after that (docs/ipc.md). */
static void test_mint_endpoint_badge_and_buffer(void **state)
{
	struct cte *disp = &root[3], *ep = &root[4];

	(void)state;
	retype_ok(ram, ObjType_Dispatcher, KiB(4), KiB(4), 1, 3);
	retype_ok(disp, ObjType_EndPoint, 0, 0, 1, 4);
	/* The buffer: word-aligned, LMP_BUF_MIN_WORDS..LMP_BUF_MAX_WORDS, in the first 16 MiB. */
	FAILS(MINT(ep, &root[5], CAPRIGHTS_ALLRIGHTS, 0, 2, 64), SYS_ERR_ENDPOINT_BUFFER_INVALID);
	FAILS(MINT(ep, &root[5], CAPRIGHTS_ALLRIGHTS, 0, 0, LMP_BUF_MIN_WORDS - 1),
	      SYS_ERR_ENDPOINT_BUFFER_INVALID);
	FAILS(MINT(ep, &root[5], CAPRIGHTS_ALLRIGHTS, 0, 0, LMP_BUF_MAX_WORDS + 1),
	      SYS_ERR_ENDPOINT_BUFFER_INVALID);
	FAILS(MINT(ep, &root[5], CAPRIGHTS_ALLRIGHTS, 0, LMP_FRAME_MAX_OFFSET + 4, 64),
	      SYS_ERR_ENDPOINT_BUFFER_INVALID);
	assert_true(cte_is_empty(&root[5]));
	ok(MINT(ep, &root[5], CAPRIGHTS_ALLRIGHTS, 7, 256, LMP_BUF_MIN_WORDS));
	assert_int_equal(root[5].cap.u.endpoint.badge, 7);
	assert_int_equal(root[5].cap.u.endpoint.offset, 256);
	assert_int_equal(root[5].cap.u.endpoint.buflen, LMP_BUF_MIN_WORDS);
	/* Neither can change now: not the badge, not the buffer (even without a badge). */
	FAILS(MINT(&root[5], &root[6], CAPRIGHTS_ALLRIGHTS, 8, 0, 0), SYS_ERR_ENDPOINT_BADGE_SET);
	FAILS(MINT(&root[5], &root[6], CAPRIGHTS_ALLRIGHTS, 0, 0, 64), SYS_ERR_ENDPOINT_BUFFER_SET);
	FAILS(MINT(&root[5], &root[6], CAPRIGHTS_ALLRIGHTS, 0, 512, LMP_BUF_MIN_WORDS),
	      SYS_ERR_ENDPOINT_BUFFER_SET);
	assert_true(cte_is_empty(&root[6]));
	/* 0 keeps them, and so does their own value; the rights may still narrow. */
	ok(MINT(&root[5], &root[6], CAPRIGHTS_REVOKE, 0, 0, 0));
	assert_int_equal(root[6].cap.u.endpoint.badge, 7);
	assert_int_equal(root[6].cap.u.endpoint.offset, 256);
	assert_int_equal(root[6].cap.u.endpoint.buflen, LMP_BUF_MIN_WORDS);
	assert_int_equal(root[6].cap.rights, CAPRIGHTS_REVOKE);
	ok(MINT(&root[5], &root[7], CAPRIGHTS_ALLRIGHTS, 7, 256, LMP_BUF_MIN_WORDS));
	/* An unbadged EndPoint with a buffer may still get a badge. */
	ok(MINT(ep, &root[8], CAPRIGHTS_ALLRIGHTS, 0, 1024, 64));
	ok(MINT(&root[8], &root[9], CAPRIGHTS_ALLRIGHTS, 9, 0, 0));
	assert_int_equal(root[9].cap.u.endpoint.badge, 9);
	assert_int_equal(root[9].cap.u.endpoint.offset, 1024);
	/* Other types ignore the EndPoint words. */
	ok(MINT(ram, &root[10], CAPRIGHTS_ALLRIGHTS, 3, 4, 64));
	assert_true(mdb_check_invariants());
}

/* --- delete ----------------------------------------------------------------------- */

static void test_delete_errors(void **state)
{
	(void)state;
	FAILS(caps_delete(&root[3]), SYS_ERR_CAP_NOT_FOUND);
	FAILS(caps_revoke(&root[3]), SYS_ERR_CAP_NOT_FOUND);
}

static void test_delete_copy_moves_children(void **state)
{
	struct cte *r1 = &root[1], *copy = &root[2];

	(void)state;
	retype_ok(ram, ObjType_RAM, 0, KiB(64), 1, 1);
	ok(caps_copy(r1, copy));
	retype_ok(r1, ObjType_Frame, 0, KiB(4), 3, 10);
	retype_ok(copy, ObjType_Frame, KiB(16), KiB(4), 2, 20);
	ok(caps_delete(r1));
	assert_true(cte_is_empty(r1));
	assert_int_equal(fake_destroyed[ObjType_RAM], 0); /* the object lives on */
	for (int i = 0; i < 3; i++)
		assert_ptr_equal(root[10 + i].mdb.parent, copy);
	assert_ptr_equal(root[20].mdb.parent, copy);
	assert_int_equal(cap_core()->live_count[ObjType_RAM], 2);
	assert_int_equal(cap_core()->live_count[ObjType_Frame], 5);
	/* Now copy is the last one: its children move up to the root RAM cap. */
	ok(caps_delete(copy));
	assert_int_equal(fake_destroyed[ObjType_RAM], 1);
	for (int i = 0; i < 3; i++)
		assert_ptr_equal(root[10 + i].mdb.parent, ram);
	assert_int_equal(cap_core()->live_count[ObjType_RAM], 1);
}

static void test_delete_root_children_become_roots(void **state)
{
	(void)state;
	retype_ok(ram, ObjType_RAM, 0, KiB(64), 1, 1);
	retype_ok(ram, ObjType_Frame, KiB(64), KiB(4), 1, 2);
	ok(caps_delete(ram));
	assert_null(root[1].mdb.parent);
	assert_null(root[2].mdb.parent);
	assert_int_equal(fake_destroyed[ObjType_RAM], 1);
	/* The memory is theirs alone now: the rest is gone with the root cap. */
	assert_int_equal(live_total(), 2);
}

static void insert_mapping(struct cte *parent, enum objtype type, uint32_t slot, uint16_t entry)
{
	struct capability map = parent->cap;

	map.type = (uint8_t)type;
	map.u.mapping.table = RAM_BASE + KiB(512);
	map.u.mapping.entry = entry;
	map.u.mapping.pte_count = 1;
	caps_insert_child(parent, &root[slot], &map);
	assert_true(mdb_check_invariants());
}

static void test_delete_last_copy_kills_dependents(void **state)
{
	struct cte *frame = &root[1], *copy = &root[2], *sub = &root[3];

	(void)state;
	retype_ok(ram, ObjType_Frame, 0, KiB(16), 1, 1);
	ok(caps_copy(frame, copy));
	retype_ok(frame, ObjType_Frame, KiB(8), KiB(4), 1, 3); /* survives */
	insert_mapping(frame, ObjType_Frame_Mapping, 4, 0);
	insert_mapping(copy, ObjType_Frame_Mapping, 5, 1);
	insert_mapping(frame, ObjType_Frame_Mapping, 6, 2);
	ok(caps_delete(frame)); /* not the last: mappings move to the copy */
	assert_int_equal(cap_core()->live_count[ObjType_Frame_Mapping], 3);
	assert_ptr_equal(root[4].mdb.parent, copy);
	assert_ptr_equal(sub->mdb.parent, copy);
	ok(caps_delete(copy));
	assert_int_equal(cap_core()->live_count[ObjType_Frame_Mapping], 0);
	assert_int_equal(fake_destroyed[ObjType_Frame_Mapping], 3); /* each mapping once */
	assert_int_equal(fake_destroyed[ObjType_Frame], 1);
	assert_true(cte_is_empty(&root[4]) && cte_is_empty(&root[5]) && cte_is_empty(&root[6]));
	assert_ptr_equal(sub->mdb.parent, ram);

	/* Dispatcher: its EndPoint and the EndPoint's copies die with it. */
	retype_ok(ram, ObjType_Dispatcher, KiB(64), KiB(4), 1, 10);
	retype_ok(&root[10], ObjType_EndPoint, 0, 0, 1, 11);
	ok(caps_mint(&root[11], &root[12], &(struct mint_words){ CAPRIGHTS_ALLRIGHTS, 5, 0, 0 }));
	ok(caps_delete(&root[10]));
	assert_int_equal(cap_core()->live_count[ObjType_EndPoint], 0);
	assert_int_equal(fake_destroyed[ObjType_EndPoint], 1); /* one object */
	assert_int_equal(fake_destroyed[ObjType_Dispatcher], 1);

	/* L2 VNode: its mapping into an L1 table goes with it. */
	retype_ok(ram, ObjType_VNode_ARM_l2, KiB(68), OBJSIZE_VNODE_ARM_L2, 1, 20);
	insert_mapping(&root[20], ObjType_VNode_ARM_l2_Mapping, 21, 7);
	ok(caps_delete(&root[20]));
	assert_true(cte_is_empty(&root[21]));
	assert_int_equal(fake_destroyed[ObjType_VNode_ARM_l2_Mapping], 1);

	/* Device frames too. */
	struct capability dev = mkcap(ObjType_DevFrame, DEV_BASE, KiB(64));
	caps_create_root(&root[30], &dev);
	insert_mapping(&root[30], ObjType_DevFrame_Mapping, 31, 0);
	ok(caps_delete(&root[31])); /* unmap: delete the mapping alone */
	assert_int_equal(fake_destroyed[ObjType_DevFrame_Mapping], 1);
	insert_mapping(&root[30], ObjType_DevFrame_Mapping, 31, 0);
	ok(caps_delete(&root[30]));
	assert_int_equal(fake_destroyed[ObjType_DevFrame_Mapping], 2);
	assert_int_equal(live_total(), 2); /* ram and sub */
}

static struct cte *cnode_slots(const struct cte *cn)
{
	return cap_kva(cn->cap.base);
}

static void test_delete_cnode_deletes_contents(void **state)
{
	struct cte *cn = &root[1], *slots, *inner;

	(void)state;
	retype_ok(ram, ObjType_L2CNode, 0, KiB(16), 1, 1);
	slots = cnode_slots(cn);
	assert_err(caps_retype(ram, ObjType_RAM, KiB(64), KiB(64), 1, slots, 0, 256), SYS_ERR_OK);
	assert_err(caps_retype(&slots[0], ObjType_Frame, 0, KiB(4), 2, slots, 10, 256), SYS_ERR_OK);
	assert_err(caps_retype(ram, ObjType_L2CNode, KiB(16), KiB(16), 1, slots, 255, 256),
		   SYS_ERR_OK);
	inner = cnode_slots(&slots[255]);
	assert_err(caps_retype(ram, ObjType_Frame, KiB(32), KiB(4), 1, inner, 3, 256), SYS_ERR_OK);
	ok(caps_copy(&slots[10], &root[2])); /* a copy outside survives */
	ok(caps_copy(ram, &inner[4]));	     /* a copy of the root RAM */
	retype_ok(&slots[10], ObjType_Frame, 0, KiB(4), 1, 3);
	assert_int_equal(live_total(), 10);

	ok(caps_delete(cn));
	assert_int_equal(fake_destroyed[ObjType_L2CNode], 2);
	assert_int_equal(fake_destroyed[ObjType_RAM], 1); /* the inner RAM, not the root's */
	assert_int_equal(fake_destroyed[ObjType_Frame], 2);
	assert_int_equal(live_total(), 3);
	assert_ptr_equal(root[2].mdb.parent, ram); /* its parent RAM died: moved up */
	assert_ptr_equal(root[3].mdb.parent, &root[2]);
	for (int i = 0; i < 256; i++)
		assert_true(cte_is_empty(&slots[i]) && cte_is_empty(&inner[i]));
}

/* What the kernel does before every invocation: finish the deletion work left over. */
static unsigned finish_deletions(void)
{
	unsigned stops = 0;

	while (caps_finish_deletions() == SYS_ERR_PREEMPTED)
		stops++;
	assert_false(caps_deletions_pending());
	assert_true(mdb_check_invariants());
	return stops;
}

/* A revoke that is told to stop leaves a whole tree and gets further each time. */
static void test_revoke_stops_and_restarts(void **state)
{
	struct cte *cn = &root[1], *slots;
	uint32_t before;
	unsigned calls = 1;
	errval_t err;

	(void)state;
	retype_ok(ram, ObjType_L2CNode, 0, KiB(16), 1, 1);
	slots = cnode_slots(cn);
	assert_err(caps_retype(ram, ObjType_Frame, KiB(64), KiB(4), 200, slots, 0, 256),
		   SYS_ERR_OK);
	retype_ok(ram, ObjType_Frame, KiB(1024) - KiB(8), KiB(4), 2, 2);
	ok(caps_copy(&root[2], &root[4]));
	assert_int_equal(live_total(), 205);
	cap_delete_chunk = 4;
	fake_stop_every = 1;
	before = live_total();
	while ((err = caps_revoke(ram)) == SYS_ERR_PREEMPTED) {
		calls++;
		assert_false(cte_is_empty(ram)); /* the target stays until it is done */
		calls += finish_deletions();	 /* the tree is whole between two calls */
		assert_true(live_total() < before);
		before = live_total();
	}
	assert_err(err, SYS_ERR_OK);
	finish_deletions();
	assert_true(calls >= 200 / 4);
	assert_int_equal(live_total(), 1);
	assert_int_equal(fake_destroyed[ObjType_Frame], 202);
	assert_int_equal(fake_destroyed[ObjType_L2CNode], 1);
	assert_true(cte_is_empty(cn) && cte_is_empty(&root[2]) && cte_is_empty(&root[4]));
	/* The same tree without stops: one call. */
	fake_stop_every = 0;
	retype_ok(ram, ObjType_Frame, 0, KiB(4), 50, 1);
	ok(caps_revoke(ram));
	assert_int_equal(live_total(), 1);
}

/* With the revoke right, the other copies go first, and that part stops too. */
static void test_revoke_of_many_copies_restarts(void **state)
{
	struct cte *cn = &root[1], *slots;
	unsigned calls = 1;
	errval_t err;

	(void)state;
	retype_ok(ram, ObjType_L2CNode, 0, KiB(16), 1, 1);
	slots = cnode_slots(cn);
	retype_ok(ram, ObjType_Frame, KiB(64), KiB(64), 1, 2);
	for (int i = 0; i < 100; i++)
		ok(caps_copy(&root[2], &slots[i]));
	retype_ok(&slots[7], ObjType_Frame, 0, KiB(4), 3, 3);
	cap_delete_chunk = 8;
	fake_stop_every = 1;
	while ((err = caps_revoke(&root[2])) == SYS_ERR_PREEMPTED) {
		calls++;
		assert_int_equal(root[2].cap.type, ObjType_Frame);
		finish_deletions();
	}
	assert_err(err, SYS_ERR_OK);
	assert_true(calls >= 100 / 8);
	for (int i = 0; i < 100; i++)
		assert_true(cte_is_empty(&slots[i]));
	assert_true(cte_is_empty(&root[3]) && cte_is_empty(&root[5]));
	assert_int_equal(cap_core()->live_count[ObjType_Frame], 1);
	assert_int_equal(fake_destroyed[ObjType_Frame], 3);
	assert_true(mdb_check_invariants());
}

/*
 * Deleting the last copy of a full CNode returns at once when told to stop:
 * the CNode is gone, its slots wait on the worklist and are finished before
 * the next invocation, where the kernel calls caps_finish_deletions.
 */
static void test_delete_cnode_finishes_later(void **state)
{
	struct cte *cn = &root[1], *slots, *inner;
	unsigned stops;

	(void)state;
	retype_ok(ram, ObjType_L2CNode, 0, KiB(16), 1, 1);
	slots = cnode_slots(cn);
	assert_err(caps_retype(ram, ObjType_Frame, KiB(64), KiB(4), 120, slots, 0, 256),
		   SYS_ERR_OK);
	assert_err(caps_retype(ram, ObjType_L2CNode, KiB(16), KiB(16), 1, slots, 200, 256),
		   SYS_ERR_OK);
	inner = cnode_slots(&slots[200]);
	assert_err(caps_retype(ram, ObjType_Frame, KiB(640), KiB(4), 60, inner, 0, 256),
		   SYS_ERR_OK);
	ok(caps_copy(&slots[5], &root[2])); /* a copy outside survives */
	cap_delete_chunk = 4;
	fake_stop_every = 1;
	assert_err(caps_delete(cn), SYS_ERR_OK);
	assert_true(caps_deletions_pending());
	assert_true(fake_destroyed[ObjType_Frame] < 179);
	stops = finish_deletions();
	assert_true(stops >= 170 / 4);
	assert_int_equal(fake_destroyed[ObjType_L2CNode], 2);
	assert_int_equal(fake_destroyed[ObjType_Frame], 179);
	assert_int_equal(live_total(), 2); /* the root RAM and the copy outside */
	for (int i = 0; i < 256; i++)
		assert_true(cte_is_empty(&slots[i]) && cte_is_empty(&inner[i]));
	assert_true(cte_is_empty(cn));
}

static void test_cnode_holding_itself(void **state)
{
	struct cte *cn = &root[1], *slots;

	(void)state;
	retype_ok(ram, ObjType_L1CNode, 0, KiB(16), 1, 1);
	slots = cnode_slots(cn);
	ok(caps_copy(cn, &slots[0])); /* a root CNode holds a copy of itself */
	retype_ok(ram, ObjType_Frame, KiB(16), KiB(4), 1, 2);
	ok(caps_copy(&root[2], &slots[1]));
	ok(caps_delete(cn)); /* not the last copy */
	assert_int_equal(fake_destroyed[ObjType_L1CNode], 0);
	assert_int_equal(live_total(), 4);
	ok(caps_delete(&slots[0])); /* the last copy, in its own slot */
	assert_int_equal(fake_destroyed[ObjType_L1CNode], 1);
	assert_int_equal(fake_destroyed[ObjType_Frame], 0);
	assert_int_equal(live_total(), 2);
	assert_true(cte_is_empty(&slots[0]) && cte_is_empty(&slots[1]));
}

static void measure_stack(const struct capability *cap)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0); /* the real stack, even under ASan */

	(void)cap;
	if (!stack_low || sp < stack_low)
		stack_low = sp;
	if (sp > stack_high)
		stack_high = sp;
}

#define CHAIN 1000

/* Root slot 1 holds CNode 0; slot 0 of CNode i holds CNode i + 1. */
static void make_cnode_chain(struct capability *big)
{
	struct cte *holder = root, *ram2 = &root[2];
	uint32_t holder_slot = 1, holder_n = NROOT;

	*big = mkcap(ObjType_RAM, RAM_BASE + RAM_BYTES, CHAIN * KiB(16));
	caps_create_root(ram2, big);
	for (uint32_t i = 0; i < CHAIN; i++) {
		assert_err(caps_retype(ram2, ObjType_L2CNode, i * KiB(16), KiB(16), 1, holder,
				       holder_slot, holder_n),
			   SYS_ERR_OK);
		holder = cnode_slots(&holder[holder_slot]);
		holder_slot = 0;
		holder_n = L2_CNODE_SLOTS;
	}
	/* A frame in the deepest CNode. */
	assert_err(caps_retype(ram, ObjType_Frame, 0, KiB(4), 1, holder, 1, 256), SYS_ERR_OK);
	assert_true(mdb_check_invariants());
}

static void test_delete_deep_cnode_chain_iteratively(void **state)
{
	struct capability big;

	(void)state;
	make_cnode_chain(&big);
	assert_int_equal(cap_core()->live_count[ObjType_L2CNode], CHAIN);
	fake_destroy_extra = measure_stack;
	ok(caps_delete(&root[1]));
	assert_int_equal(fake_destroyed[ObjType_L2CNode], CHAIN);
	assert_int_equal(fake_destroyed[ObjType_Frame], 1);
	assert_int_equal(cap_core()->live_count[ObjType_L2CNode], 0);
	assert_int_equal(live_total(), 2);
	/* Recursion would use at least 1000 frames; iteration a constant few. */
	assert_true(stack_high - stack_low < 512);
}

static void test_revoke_deep_cnode_chain_iteratively(void **state)
{
	struct capability big;

	(void)state;
	make_cnode_chain(&big);
	fake_destroy_extra = measure_stack;
	ok(caps_revoke(&root[2])); /* the RAM all CNodes came from */
	assert_int_equal(fake_destroyed[ObjType_L2CNode], CHAIN);
	assert_int_equal(fake_destroyed[ObjType_Frame], 1); /* held in the deepest CNode */
	assert_int_equal(live_total(), 2);
	assert_true(cte_is_empty(&root[1]));
	assert_true(stack_high - stack_low < 512);
}

/* --- revoke ----------------------------------------------------------------------- */

static void test_revoke_copies_and_descendants(void **state)
{
	struct cte *r1 = &root[1];

	(void)state;
	retype_ok(ram, ObjType_RAM, 0, KiB(256), 1, 1);
	ok(caps_copy(r1, &root[2]));
	ok(caps_copy(r1, &root[3]));
	retype_ok(&root[2], ObjType_RAM, 0, KiB(64), 1, 4);
	retype_ok(&root[4], ObjType_Frame, 0, KiB(4), 4, 5);
	ok(caps_copy(&root[5], &root[9]));
	insert_mapping(&root[5], ObjType_Frame_Mapping, 10, 0);
	retype_ok(&root[3], ObjType_Dispatcher, KiB(64), KiB(4), 1, 11);
	retype_ok(&root[11], ObjType_EndPoint, 0, 0, 1, 12);
	retype_ok(ram, ObjType_Frame, KiB(512), KiB(4), 1, 13); /* not r1's */
	assert_int_equal(live_total(), 14);

	ok(caps_revoke(r1));
	assert_int_equal(cap_core()->live_count[ObjType_RAM], 2);
	assert_int_equal(cap_core()->live_count[ObjType_Frame], 1);
	assert_int_equal(live_total(), 3);
	assert_false(cte_is_empty(r1));
	assert_false(mdb_has_copies(r1));
	assert_false(mdb_has_descendants(r1));
	assert_int_equal(fake_destroyed[ObjType_RAM], 1); /* root[4]; r1's object lives */
	assert_int_equal(fake_destroyed[ObjType_Frame], 4);
	assert_int_equal(fake_destroyed[ObjType_Frame_Mapping], 1);
	assert_int_equal(fake_destroyed[ObjType_Dispatcher], 1);
	assert_int_equal(fake_destroyed[ObjType_EndPoint], 1);
	/* And the memory can be used again. */
	retype_ok(r1, ObjType_Frame, 0, KiB(256), 1, 20);
}

/*
 * Without the revoke right (a share), revoke deletes only what was derived
 * through that capability; the other copies and their children stay.
 */
static void test_revoke_without_right_spares_other_copies(void **state)
{
	struct cte *r1 = &root[1], *share = &root[2];

	(void)state;
	retype_ok(ram, ObjType_RAM, 0, KiB(256), 1, 1);
	ok(caps_mint(r1, share, &(struct mint_words){ CAPRIGHTS_SHARED, 0, 0, 0 }));
	retype_ok(r1, ObjType_Frame, 0, KiB(4), 1, 3);		/* through the holder's copy */
	retype_ok(share, ObjType_Frame, KiB(64), KiB(4), 2, 4); /* through the share */
	assert_int_equal(share->mdb.first_child, &root[4]);

	ok(caps_revoke(share));
	assert_false(cte_is_empty(r1));
	assert_false(cte_is_empty(share));
	assert_false(cte_is_empty(&root[3]));
	assert_true(cte_is_empty(&root[4]) && cte_is_empty(&root[5]));
	assert_int_equal(fake_destroyed[ObjType_Frame], 2);
	/* The holder's own revoke, with the right, takes everything. */
	ok(caps_revoke(r1));
	assert_true(cte_is_empty(share) && cte_is_empty(&root[3]));
	assert_int_equal(fake_destroyed[ObjType_Frame], 3);
}

/* A capability without the write right cannot be retyped, and nothing changes. */
static void test_retype_needs_write(void **state)
{
	struct cte *r1 = &root[1], *ro = &root[2];

	(void)state;
	retype_ok(ram, ObjType_RAM, 0, KiB(64), 1, 1);
	ok(caps_mint(r1, ro, &(struct mint_words){ CAPRIGHTS_READ | CAPRIGHTS_REVOKE, 0, 0, 0 }));
	assert_err(retype(ro, ObjType_Frame, 0, KiB(4), 1, 3), SYS_ERR_RETYPE_RIGHTS);
	assert_true(cte_is_empty(&root[3]));
	assert_false(mdb_has_descendants(r1));
	retype_ok(r1, ObjType_Dispatcher, 0, OBJSIZE_DISPATCHER, 1, 3);
	ok(caps_mint(&root[3], &root[4], &(struct mint_words){ CAPRIGHTS_READ, 0, 0, 0 }));
	assert_err(retype(&root[4], ObjType_EndPoint, 0, 0, 1, 5), SYS_ERR_RETYPE_RIGHTS);
}

/* The object table: facts that the rest of the core relies on. */
static void test_object_table_is_consistent(void **state)
{
	(void)state;
	for (uint32_t t = 1; t < ObjType_Num; t++) {
		const struct objtype_info *o = &objtype_info[t];

		assert_non_null(o->name);
		/* A mapping is made by map, never by retype, and dies with what it maps. */
		if (o->flags & OBJF_MAPPING) {
			assert_int_equal(o->size_rule, OBJSIZE_RULE_NONE);
			assert_true(o->flags & OBJF_DEPENDENT);
			assert_false(o->flags & OBJF_COPYABLE);
		}
		/* Each mappable type has exactly one mapping type, made from it. */
		if (o->flags & OBJF_MAPPABLE) {
			uint32_t m = objtype_mapping_of(t), mappings = 0;

			assert_true(objtype_has(m, OBJF_MAPPING));
			assert_true(objtype_may_derive(t, m));
			for (uint32_t u = 1; u < ObjType_Num; u++)
				mappings +=
				    objtype_has(u, OBJF_MAPPING) && objtype_may_derive(t, u);
			assert_int_equal(mappings, 1);
		} else {
			assert_int_equal(objtype_mapping_of(t), ObjType_Null);
		}
		/* An EXACT size is a size the rule accepts, and only that one. */
		if (o->size_rule == OBJSIZE_RULE_EXACT) {
			assert_true(objtype_size_valid((enum objtype)t, o->exact_size));
			assert_false(objtype_size_valid((enum objtype)t, o->exact_size + KiB(4)));
		}
	}
	assert_string_equal(objtype_name(ObjType_VNode_ARM_l2_Mapping), "VNode_ARM_l2_Mapping");
	assert_string_equal(objtype_name(ObjType_Num), "?");
	assert_int_equal(objtype_mapping_of(ObjType_Null), ObjType_Null);
	assert_int_equal(objtype_mapping_of(ObjType_Num), ObjType_Null);
	assert_int_equal(objtype_mapping_of(0xffffffffu), ObjType_Null);
	assert_int_equal(objtype_mapping_of(ObjType_Frame), ObjType_Frame_Mapping);
	assert_int_equal(objtype_mapping_of(ObjType_DevFrame), ObjType_DevFrame_Mapping);
	assert_int_equal(objtype_mapping_of(ObjType_VNode_ARM_l2), ObjType_VNode_ARM_l2_Mapping);
	assert_false(objtype_may_retype(ObjType_RAM, ObjType_Kernel));
	assert_false(objtype_may_retype(ObjType_Frame, ObjType_Frame_Mapping));
	assert_true(objtype_may_retype(ObjType_Dispatcher, ObjType_EndPoint));
}

/* RAM into identical RAM, 1000 levels deep: the walk must not recurse. */
static void test_revoke_deep_derivation_chain(void **state)
{
	struct cte *cn = &root[1], *slots;

	(void)state;
	retype_ok(ram, ObjType_L1CNode, 0, KiB(64), 1, 1);
	slots = cnode_slots(cn);
	assert_err(caps_retype(ram, ObjType_RAM, KiB(64), KiB(64), 1, slots, 0, 1024), SYS_ERR_OK);
	for (int i = 1; i < CHAIN; i++)
		assert_err(caps_retype(&slots[i - 1], ObjType_RAM, 0, KiB(64), 1, slots, i, 1024),
			   SYS_ERR_OK);
	assert_ptr_equal(slots[CHAIN - 1].mdb.parent, &slots[CHAIN - 2]);
	assert_true(mdb_check_invariants());
	fake_destroy_extra = measure_stack;
	ok(caps_revoke(&slots[0]));
	assert_int_equal(fake_destroyed[ObjType_RAM], CHAIN - 1);
	assert_int_equal(live_total(), 3);
	assert_true(stack_high - stack_low < 512);
	/* Deleting the middle of a chain moves the rest up one level. */
	for (int i = 1; i < 4; i++)
		assert_err(caps_retype(&slots[i - 1], ObjType_RAM, 0, KiB(64), 1, slots, i, 1024),
			   SYS_ERR_OK);
	ok(caps_delete(&slots[1]));
	assert_ptr_equal(slots[2].mdb.parent, &slots[0]);
}

static void test_revoke_inside_own_descendant(void **state)
{
	struct cte *r1 = &root[1], *slots;

	(void)state;
	/* r1 is held only in a CNode made from r1 itself: revoke deletes it too. */
	retype_ok(ram, ObjType_RAM, 0, KiB(64), 1, 1);
	retype_ok(r1, ObjType_L2CNode, 0, KiB(16), 1, 2);
	slots = cnode_slots(&root[2]);
	ok(caps_copy(r1, &slots[0]));
	ok(caps_delete(r1));
	ok(caps_revoke(&slots[0]));
	assert_int_equal(live_total(), 1);
	assert_int_equal(fake_destroyed[ObjType_RAM], 1);
	assert_int_equal(fake_destroyed[ObjType_L2CNode], 1);
}

/* The same with many more descendants and stops asked for: the revoke never stops once
 * its target lies in a dying CNode, since its next call could not find it. */
static void test_revoke_inside_own_descendant_does_not_stop(void **state)
{
	struct cte *r1 = &root[1], *slots;

	(void)state;
	retype_ok(ram, ObjType_RAM, 0, KiB(512), 1, 1);
	retype_ok(r1, ObjType_L2CNode, 0, KiB(16), 1, 2);
	slots = cnode_slots(&root[2]);
	ok(caps_copy(r1, &slots[0]));
	ok(caps_delete(r1));
	assert_err(caps_retype(&slots[0], ObjType_Frame, KiB(64), KiB(4), 100, slots, 1, 256),
		   SYS_ERR_OK);
	cap_delete_chunk = 2;
	fake_stop_every = 1;
	assert_err(caps_revoke(&slots[0]), SYS_ERR_OK);
	finish_deletions();
	assert_true(fake_stop_checks > 0);
	assert_int_equal(live_total(), 1);
	assert_int_equal(fake_destroyed[ObjType_Frame], 100);
	assert_int_equal(fake_destroyed[ObjType_L2CNode], 1);
}

/* --- the destroy hook may delete what the dying object holds (a DCB's copies) ----- */

static void delete_dcb_slots(const struct capability *cap)
{
	struct cte *dcb_slots;

	if (cap->type != ObjType_Dispatcher)
		return;
	dcb_slots = cap_kva(cap->base);
	for (int i = 0; i < 3; i++)
		if (!cte_is_empty(&dcb_slots[i]))
			assert_err(caps_delete(&dcb_slots[i]), SYS_ERR_OK);
}

static void test_finalise_deletes_dcb_slots(void **state)
{
	struct cte *disp = &root[1], *cspace = &root[2], *dcb;

	(void)state;
	fake_destroy_extra = delete_dcb_slots;
	retype_ok(ram, ObjType_Dispatcher, 0, KiB(4), 1, 1);
	retype_ok(ram, ObjType_L1CNode, KiB(16), KiB(16), 1, 2);
	retype_ok(ram, ObjType_Frame, KiB(32), KiB(4), 1, 3);
	dcb = cnode_slots(disp);
	ok(caps_copy(cspace, &dcb[0]));
	ok(caps_copy(&root[3], &dcb[2]));
	/* The CSpace holds the dispatcher and a CNode chain of its own. */
	ok(caps_copy(disp, &cnode_slots(cspace)[1]));
	ok(caps_delete(cspace));
	ok(caps_delete(&root[3]));
	assert_int_equal(live_total(), 5);
	ok(caps_delete(disp)); /* not the last: the CSpace holds a copy */
	assert_int_equal(fake_destroyed[ObjType_Dispatcher], 0);
	/* Revoking the RAM kills the dispatcher; its hook deletes the DCB's copies,
	 * the last copy of the CSpace, which holds the last dispatcher copy. */
	ok(caps_revoke(ram));
	assert_int_equal(fake_destroyed[ObjType_Dispatcher], 1);
	assert_int_equal(fake_destroyed[ObjType_L1CNode], 1);
	assert_int_equal(fake_destroyed[ObjType_Frame], 1);
	assert_int_equal(live_total(), 1);
	for (int i = 0; i < 3; i++)
		assert_true(cte_is_empty(&dcb[i]));
}

/* --- the invariant checker sees corruption ---------------------------------------- */

static void test_invariant_checker_catches_damage(void **state)
{
	struct cte saved;

	(void)state;
	retype_ok(ram, ObjType_Frame, 0, KiB(4), 3, 1);
	saved = root[2];
	root[2].cap.base = RAM_BASE + KiB(64); /* out of order */
	assert_false(mdb_check_invariants());
	root[2].cap.base = RAM_BASE + KiB(2); /* overlaps its neighbours */
	assert_false(mdb_check_invariants());
	root[2] = saved;
	root[2].mdb.parent = NULL; /* wrong parent */
	assert_false(mdb_check_invariants());
	root[2] = saved;
	root[2].mdb.prev = &root[3]; /* bad link */
	assert_false(mdb_check_invariants());
	root[2] = saved;
	root[2].cap.bytes = RAM_BYTES; /* outside its parent */
	assert_false(mdb_check_invariants());
	root[2] = saved;
	root[2].cap.type = ObjType_EndPoint; /* cannot come from RAM */
	assert_false(mdb_check_invariants());
	root[2] = saved;
	root[3].mdb.next = &root[1]; /* a cycle */
	assert_false(mdb_check_invariants());
	root[3].mdb.next = NULL;
	cap_core()->live_count[ObjType_Frame]++; /* a count that is off */
	assert_false(mdb_check_invariants());
	cap_core()->live_count[ObjType_Frame]--;
	assert_true(mdb_check_invariants());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_retype_each_type_from_ram, setup),
		cmocka_unit_test_setup(test_mint_endpoint_badge_and_buffer, setup),
		cmocka_unit_test_setup(test_retype_large_frame_zeroed_in_chunks, setup),
		cmocka_unit_test_setup(test_retype_many_sorted, setup),
		cmocka_unit_test_setup(test_retype_frames_and_devframes, setup),
		cmocka_unit_test_setup(test_retype_ram_into_identical_ram, setup),
		cmocka_unit_test_setup(test_retype_endpoint_from_dispatcher, setup),
		cmocka_unit_test_setup(test_retype_source_and_dest_types, setup),
		cmocka_unit_test_setup(test_retype_offset_and_sizes, setup),
		cmocka_unit_test_setup(test_retype_count_and_range, setup),
		cmocka_unit_test_setup(test_retype_revoke_first, setup),
		cmocka_unit_test_setup(test_retype_destination_slots, setup),
		cmocka_unit_test_setup(test_retype_check_matches, setup),
		cmocka_unit_test_setup(test_copy_is_a_sibling, setup),
		cmocka_unit_test_setup(test_copy_errors, setup),
		cmocka_unit_test_setup(test_mint_rights_and_badge, setup),
		cmocka_unit_test_setup(test_delete_errors, setup),
		cmocka_unit_test_setup(test_delete_copy_moves_children, setup),
		cmocka_unit_test_setup(test_delete_root_children_become_roots, setup),
		cmocka_unit_test_setup(test_delete_last_copy_kills_dependents, setup),
		cmocka_unit_test_setup(test_delete_cnode_deletes_contents, setup),
		cmocka_unit_test_setup(test_cnode_holding_itself, setup),
		cmocka_unit_test_setup(test_revoke_stops_and_restarts, setup),
		cmocka_unit_test_setup(test_revoke_of_many_copies_restarts, setup),
		cmocka_unit_test_setup(test_delete_cnode_finishes_later, setup),
		cmocka_unit_test_setup(test_delete_deep_cnode_chain_iteratively, setup),
		cmocka_unit_test_setup(test_revoke_deep_cnode_chain_iteratively, setup),
		cmocka_unit_test_setup(test_revoke_copies_and_descendants, setup),
		cmocka_unit_test_setup(test_revoke_without_right_spares_other_copies, setup),
		cmocka_unit_test_setup(test_retype_needs_write, setup),
		cmocka_unit_test_setup(test_object_table_is_consistent, setup),
		cmocka_unit_test_setup(test_revoke_deep_derivation_chain, setup),
		cmocka_unit_test_setup(test_revoke_inside_own_descendant, setup),
		cmocka_unit_test_setup(test_revoke_inside_own_descendant_does_not_stop, setup),
		cmocka_unit_test_setup(test_finalise_deletes_dcb_slots, setup),
		cmocka_unit_test_setup(test_invariant_checker_catches_damage, setup),
		cmocka_unit_test(test_random_sequences),
		cmocka_unit_test(test_random_sequences_preempted),
	};
	return cmocka_run_group_tests_name("caps", tests, NULL, NULL);
}
