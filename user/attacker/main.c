/*
 * attacker: a hostile child for init's in-system tests.  It holds nothing
 * but what spawn gives every child (and a RAM capability for its heap), and
 * tries one attack on the kernel's guarantees, named by argv[1]:
 *
 *   attacker SCENARIO
 *
 * It exits 0 when the kernel refused the attack with the expected error and
 * everything it can still see is as it should be, 1 with a line saying what
 * went wrong otherwise, 2 for an unknown scenario.  Scenarios that must
 * end in a fault (reading kernel memory) never return.  init checks the
 * kernel's accounting and invariants after each run (tests_attacks.c).
 */
#include <stdio.h>
#include <string.h>

#include <arch/armv7/psr.h>
#include <capabilities.h>
#include <cspace.h>
#include <dump.h>
#include <invocations.h>
#include <paging.h>
#include <runtime.h>
#include <slot_alloc.h>
#include <syscalls.h>

#include "../init/helper.h"

#define KiB 1024u

static const char *scenario;

#define FAIL(...)                                                                        \
	do {                                                                             \
		printf("attacker[%u]: %s: line %d: ", (unsigned)runtime_pid(), scenario, \
		       __LINE__);                                                        \
		printf(__VA_ARGS__);                                                     \
		printf("\n");                                                            \
		return 1;                                                                \
	} while (0)

#define EXPECT_ERR(call, expected)                                              \
	do {                                                                    \
		errval_t e_ = (call);                                           \
		if (e_ != (expected))                                           \
			FAIL("%s gave %s, expected %s", #call, err_getname(e_), \
			     err_getname(expected));                            \
	} while (0)
#define EXPECT_OK(call) EXPECT_ERR(call, SYS_ERR_OK)
#define EXPECT(cond)                                \
	do {                                        \
		if (!(cond))                        \
			FAIL("expected %s", #cond); \
	} while (0)

static struct capref slot(void)
{
	struct capref s = NULL_CAP;

	slot_alloc(&s);
	return s;
}

/* RAM of `bytes` from the child's own allocator, and a retype of it. */
static errval_t object(struct capref *ret, struct capref ram, uint32_t offset, enum objtype type,
		       uint32_t bytes)
{
	*ret = slot();
	return cap_retype(*ret, ram, offset, type, bytes, 1);
}

/* An L1 entry nobody uses: a 1 MiB-aligned region reserved in our own VSpace. */
static errval_t free_l1_entry(uint32_t *entry, uint32_t **va)
{
	void *buf;
	errval_t err = paging_alloc(get_current_paging_state(), &buf, 1024 * KiB, 1024 * KiB);

	*entry = (uint32_t)buf >> 20;
	*va = buf;
	return err;
}

static bool gone(struct capref cap)
{
	struct capability_identity id;

	return cap_identify(cap, &id) == SYS_ERR_CAP_NOT_FOUND;
}

/* --- the mapping class: no mapping capability outlives its table --------------------- */

/* An L2 table T at L1 entry E, a frame F mapped into T[0]: the state most attacks start from. */
struct mapped {
	struct capref ram, table, table_mapping, frame, frame_mapping;
	uint32_t entry;
	uint32_t *va;
};

static int map_setup(struct mapped *m, uint32_t ram_bytes)
{
	EXPECT_OK(ram_alloc(&m->ram, ram_bytes));
	EXPECT_OK(object(&m->table, m->ram, 0, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2));
	EXPECT_OK(frame_alloc(&m->frame, 8 * KiB, NULL));
	EXPECT_OK(free_l1_entry(&m->entry, &m->va));
	m->table_mapping = slot();
	m->frame_mapping = slot();
	EXPECT_OK(vnode_map(cap_vroot, m->table, m->entry, 0, 0, 1, m->table_mapping));
	EXPECT_OK(
	    vnode_map(m->table, m->frame, 0, VREGION_FLAGS_READ_WRITE, 0, 1, m->frame_mapping));
	m->va[0] = 0x5a5a5a5a; /* the mapping works */
	EXPECT(m->va[0] == 0x5a5a5a5a);
	return 0;
}

/* Delete the table: the mapping into it dies with it, and its L1 entry is free again. */
static int table_dies_first(void)
{
	struct mapped m;
	struct capref t2, t2_mapping = slot();

	if (map_setup(&m, 4 * KiB))
		return 1;
	EXPECT_OK(cap_delete(m.table));
	EXPECT(gone(m.frame_mapping));
	EXPECT(gone(m.table_mapping));
	EXPECT_ERR(cap_delete(m.frame_mapping), SYS_ERR_CAP_NOT_FOUND);
	/* The same memory, a new table, the same frame at the same entry: untouched by the old. */
	EXPECT_OK(object(&t2, m.ram, 0, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2));
	EXPECT_OK(vnode_map(cap_vroot, t2, m.entry, 0, 0, 1, t2_mapping));
	EXPECT_OK(vnode_map(t2, m.frame, 0, VREGION_FLAGS_READ_WRITE, 0, 1, m.frame_mapping));
	EXPECT(m.va[0] == 0x5a5a5a5a);
	return 0;
}

/* Revoke the RAM under a live table, make a CNode of it: the stale mapping cannot touch it. */
static int ram_under_table_revoked(void)
{
	struct mapped m;
	struct capability_identity id;
	struct cnoderef cn;
	cslot_t root_slot;

	if (map_setup(&m, 16 * KiB))
		return 1;
	EXPECT_OK(cap_revoke(m.ram));
	EXPECT(gone(m.table) && gone(m.frame_mapping) && gone(m.table_mapping));
	/* The same memory becomes an L2 CNode in a root slot of ours. */
	EXPECT_OK(root_slot_alloc(&root_slot));
	EXPECT_OK(cap_retype((struct capref){ cnode_root, root_slot }, m.ram, 0, ObjType_L2CNode,
			     OBJSIZE_L2CNODE, 1));
	cn = (struct cnoderef){ CAPADDR(root_slot, 0), CAPADDR_LEVEL_L1 };
	EXPECT_OK(cap_copy((struct capref){ cn, 0 }, m.frame));
	EXPECT_ERR(cap_delete(m.frame_mapping), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(vnode_unmap(m.table, m.frame_mapping), SYS_ERR_CAP_NOT_FOUND);
	/* The CNode is whole: its slot 0 still names the frame. */
	EXPECT_OK(cap_identify((struct capref){ cn, 0 }, &id));
	EXPECT(id.type == ObjType_Frame && id.bytes == 8 * KiB);
	return 0;
}

/*
 * The old kernel's part-way unmap: a stale one-page mapping clears one entry
 * of a newer two-page mapping, which then cannot clear the other when its
 * frame dies, leaving an entry onto freed memory.  Here every step either
 * finds the stale mapping gone or clears all of its entries.
 */
static int part_way_unmap(void)
{
	struct mapped m;
	struct capref t2, t2_mapping = slot(), f_page1 = slot(), f_both = slot(), other,
			  other_mapping = slot();

	if (map_setup(&m, 4 * KiB))
		return 1;
	EXPECT_OK(vnode_map(m.table, m.frame, 1, VREGION_FLAGS_READ_WRITE, 4 * KiB, 1, f_page1));
	EXPECT_OK(cap_delete(m.table));
	EXPECT_OK(object(&t2, m.ram, 0, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2));
	EXPECT_OK(vnode_map(cap_vroot, t2, m.entry, 0, 0, 1, t2_mapping));
	EXPECT_OK(vnode_map(t2, m.frame, 0, VREGION_FLAGS_READ_WRITE, 0, 2, f_both));
	EXPECT_ERR(cap_delete(f_page1), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_OK(frame_free(m.frame)); /* the frame dies: f_both clears both entries */
	EXPECT(gone(f_both));
	EXPECT_OK(frame_alloc(&other, 4 * KiB, NULL));
	EXPECT_OK(vnode_map(t2, other, 0, VREGION_FLAGS_READ_WRITE, 0, 1, other_mapping));
	EXPECT_OK(vnode_map(t2, other, 1, VREGION_FLAGS_READ_WRITE, 0, 1, slot()));
	return 0;
}

/* A table with two copies lives until the second goes. */
static int table_copy_keeps_mappings(void)
{
	struct mapped m;
	struct capref copy = slot();

	if (map_setup(&m, 4 * KiB))
		return 1;
	EXPECT_OK(cap_copy(copy, m.table));
	EXPECT_OK(cap_delete(m.table));
	EXPECT(!gone(m.frame_mapping) && !gone(m.table_mapping));
	EXPECT(m.va[0] == 0x5a5a5a5a);
	EXPECT_OK(cap_delete(copy));
	EXPECT(gone(m.frame_mapping) && gone(m.table_mapping));
	return 0;
}

/* The frame dies first: its mapping goes, and the entry can be used again. */
static int frame_dies_first(void)
{
	struct mapped m;
	struct capref other, second, second_mapping = slot();

	if (map_setup(&m, 4 * KiB))
		return 1;
	EXPECT_OK(frame_free(m.frame)); /* revokes first: the mapping dies as a descendant */
	EXPECT(gone(m.frame_mapping));
	EXPECT_OK(frame_alloc(&other, 4 * KiB, NULL));
	EXPECT_OK(vnode_map(m.table, other, 0, VREGION_FLAGS_READ_WRITE, 0, 1, m.frame_mapping));
	/* A plain delete of a mapped frame's only capability: the mapping dies with it. */
	EXPECT_OK(frame_alloc(&second, 4 * KiB, NULL));
	EXPECT_OK(vnode_map(m.table, second, 1, VREGION_FLAGS_READ_WRITE, 0, 1, second_mapping));
	EXPECT_OK(cap_delete(second));
	EXPECT(gone(second_mapping));
	EXPECT_OK(vnode_map(m.table, other, 1, VREGION_FLAGS_READ, 0, 1, second_mapping));
	return 0;
}

/* Unmap through a mapping of another table, unmap twice, map over a used entry. */
static int unmap_rules(void)
{
	struct mapped m;

	if (map_setup(&m, 4 * KiB))
		return 1;
	EXPECT_ERR(vnode_unmap(cap_vroot, m.frame_mapping), SYS_ERR_WRONG_MAPPING);
	EXPECT_ERR(vnode_unmap(m.table, m.table), SYS_ERR_MAPPING_TYPE);
	EXPECT_ERR(vnode_map(m.table, m.frame, 0, VREGION_FLAGS_READ, 0, 1, slot()),
		   SYS_ERR_VNODE_SLOT_INUSE);
	EXPECT_OK(vnode_unmap(m.table, m.frame_mapping));
	EXPECT_ERR(vnode_unmap(m.table, m.frame_mapping), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_copy(slot(), m.table_mapping), SYS_ERR_CAP_NOT_COPYABLE);
	return 0;
}

/* --- the CSpace: a CNode capability reaches only the CSpace it roots -------------------- */

static struct sysret raw_invoke(capaddr_t cptr, uint32_t level, uint32_t cmd, uint32_t a0,
				uint32_t a1)
{
	return syscall_invoke(cptr, level, cmd, a0, a1, 0, 0, 0, 0, 0, 0);
}

/* Invoking an L2 CNode (here one of our slot allocator's) is refused. */
static int l2_cnode_invocation(void)
{
	capaddr_t l2 = CAPADDR(ROOTCN_SLOT_SLOT_ALLOC0, 0);
	capaddr_t victim = CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME);

	EXPECT_ERR(
	    raw_invoke(l2, CAPADDR_LEVEL_L1, CNodeCmd_Identify, victim, CAPADDR_LEVEL_L2).error,
	    SYS_ERR_CNODE_NOT_ROOT);
	EXPECT_ERR(
	    raw_invoke(l2, CAPADDR_LEVEL_L1, CNodeCmd_Delete, victim, CAPADDR_LEVEL_L2).error,
	    SYS_ERR_CNODE_NOT_ROOT);
	EXPECT(!gone(cap_dispframe));
	return 0;
}

/* A level is exactly 1 or 2: 0x102 is not 2. */
static int level_must_be_exact(void)
{
	capaddr_t root = CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN);
	capaddr_t frame = CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME);

	EXPECT_ERR(raw_invoke(root, CAPADDR_LEVEL_L2, CNodeCmd_Identify, frame, 0x102).error,
		   SYS_ERR_INVALID_LEVEL);
	EXPECT_ERR(raw_invoke(root, CAPADDR_LEVEL_L2, CNodeCmd_Identify, frame, 0).error,
		   SYS_ERR_INVALID_LEVEL);
	EXPECT_ERR(raw_invoke(root, CAPADDR_LEVEL_L2, CNodeCmd_Identify, frame, 3).error,
		   SYS_ERR_INVALID_LEVEL);
	EXPECT_OK(raw_invoke(root, CAPADDR_LEVEL_L2, CNodeCmd_Identify, frame, 2).error);
	return 0;
}

/* A read-only copy of our root CNode: invocations through it may read, not change. */
static int readonly_root(void)
{
	struct capref ro = slot();
	capaddr_t ro_addr, frame = CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME);
	uint8_t level;

	EXPECT_OK(cap_mint(ro, cap_root, CAPRIGHTS_READ, 0));
	EXPECT_OK(capref_addr(ro, &ro_addr, &level));
	EXPECT_OK(raw_invoke(ro_addr, level, CNodeCmd_Identify, frame, CAPADDR_LEVEL_L2).error);
	EXPECT_ERR(raw_invoke(ro_addr, level, CNodeCmd_Delete, frame, CAPADDR_LEVEL_L2).error,
		   SYS_ERR_CNODE_RIGHTS);
	EXPECT_ERR(raw_invoke(ro_addr, level, CNodeCmd_Revoke, frame, CAPADDR_LEVEL_L2).error,
		   SYS_ERR_CNODE_RIGHTS);
	EXPECT(!gone(cap_dispframe));
	return 0;
}

/* A read-only L2 CNode on the path makes its slots read-only, whatever the root allows. */
static int readonly_l2_on_path(void)
{
	struct capref l2, ram;
	struct cnoderef ref;
	cslot_t root_slot;

	EXPECT_OK(cnode_create_l2(&l2, &ref));
	EXPECT_OK(root_slot_alloc(&root_slot));
	/* Root slot root_slot: a read-only copy of the L2 CNode. */
	EXPECT_OK(cap_mint((struct capref){ cnode_root, root_slot }, l2, CAPRIGHTS_READ, 0));
	EXPECT_OK(ram_alloc(&ram, 4 * KiB));
	struct cnoderef ro_ref = { CAPADDR(root_slot, 0), CAPADDR_LEVEL_L1 };
	EXPECT_ERR(cap_copy((struct capref){ ro_ref, 3 }, ram), SYS_ERR_CNODE_RIGHTS);
	EXPECT_ERR(cap_retype((struct capref){ ro_ref, 4 }, ram, 0, ObjType_Frame, 4 * KiB, 1),
		   SYS_ERR_CNODE_RIGHTS);
	/* Through the writable capability the same slot can change. */
	EXPECT_OK(cap_copy((struct capref){ ref, 3 }, ram));
	EXPECT_ERR(cap_delete((struct capref){ ro_ref, 3 }), SYS_ERR_CNODE_RIGHTS);
	EXPECT_OK(cap_delete((struct capref){ ref, 3 }));
	return 0;
}

/* --- rights --------------------------------------------------------------------------- */

static int readonly_dispatcher_frame(void)
{
	struct capref ram, disp, frame, ro = slot();

	EXPECT_OK(ram_alloc(&ram, 4 * KiB));
	EXPECT_OK(object(&disp, ram, 0, ObjType_Dispatcher, OBJSIZE_DISPATCHER));
	EXPECT_OK(frame_alloc(&frame, DISPATCHER_FRAME_SIZE, NULL));
	EXPECT_OK(cap_mint(ro, frame, CAPRIGHTS_READ, 0));
	EXPECT_ERR(invoke_dispatcher(disp, cap_dispatcher, cap_root, cap_vroot, ro, true),
		   SYS_ERR_DISP_FRAME_RIGHTS);
	return 0;
}

static int vnode_without_write(void)
{
	struct capref ro = slot(), frame;
	uint32_t entry, *va;

	EXPECT_OK(free_l1_entry(&entry, &va));
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL)); /* the table's rights are checked first */
	EXPECT_OK(cap_mint(ro, cap_vroot, CAPRIGHTS_READ, 0));
	EXPECT_ERR(vnode_map(ro, frame, entry, VREGION_FLAGS_READ, 0, 1, slot()),
		   SYS_ERR_VNODE_RIGHTS);
	/* Reading an entry needs the read right: a copy with no rights reads nothing. */
	struct capref none = slot();
	uint32_t pte, next, entries;
	EXPECT_OK(vnode_entry(ro, 0, &pte, &next, &entries));
	EXPECT_OK(cap_mint(none, cap_vroot, 0, 0));
	EXPECT_ERR(vnode_entry(none, 0, &pte, &next, &entries), SYS_ERR_VNODE_RIGHTS);
	return 0;
}

static int frame_rights_bound_the_map(void)
{
	struct capref ro = slot(), frame, table;
	struct mapped m;

	if (map_setup(&m, 4 * KiB))
		return 1;
	table = m.table;
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(cap_mint(ro, frame, CAPRIGHTS_READ, 0));
	EXPECT_ERR(vnode_map(table, ro, 2, VREGION_FLAGS_READ_WRITE, 0, 1, slot()),
		   SYS_ERR_MAP_RIGHTS);
	EXPECT_ERR(vnode_map(table, ro, 2, VREGION_FLAGS_READ_EXECUTE, 0, 1, slot()),
		   SYS_ERR_MAP_RIGHTS);
	EXPECT_OK(vnode_map(table, ro, 2, VREGION_FLAGS_READ, 0, 1, slot()));
	return 0;
}

static int dispatcher_without_rights(void)
{
	struct capref none = slot();
	uint32_t state;
	int32_t status;

	EXPECT_OK(cap_mint(none, cap_dispatcher, 0, 0));
	EXPECT_ERR(invoke_dispatcher_properties(none, 1), SYS_ERR_DISP_RIGHTS);
	EXPECT_ERR(invoke_dispatcher_status(none, &state, &status), SYS_ERR_DISP_RIGHTS);
	return 0;
}

static int retype_without_write(void)
{
	struct capref ram, ro = slot(), dest = slot();

	EXPECT_OK(ram_alloc(&ram, 4 * KiB));
	EXPECT_OK(cap_mint(ro, ram, CAPRIGHTS_READ | CAPRIGHTS_REVOKE, 0));
	EXPECT_ERR(cap_retype(dest, ro, 0, ObjType_Frame, 4 * KiB, 1), SYS_ERR_RETYPE_RIGHTS);
	EXPECT(gone(dest));
	return 0;
}

static int mint_cannot_add_rights(void)
{
	struct capref ro = slot(), rw = slot(), frame;
	struct capability_identity id;

	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(cap_mint(ro, frame, CAPRIGHTS_READ, 0));
	EXPECT_ERR(cap_mint(rw, ro, CAPRIGHTS_READ | CAPRIGHTS_WRITE, 0), SYS_ERR_RIGHTS_INVALID);
	EXPECT_ERR(cap_mint(rw, frame, 0x100 | CAPRIGHTS_READ, 0), SYS_ERR_RIGHTS_INVALID);
	EXPECT_OK(cap_identify(ro, &id));
	EXPECT(id.rights == CAPRIGHTS_READ);
	return 0;
}

/* Spawn shares our own dispatcher etc. without the revoke right. */
static int shares_lack_revoke(void)
{
	struct capability_identity id;

	EXPECT_OK(cap_identify(cap_dispatcher, &id));
	EXPECT(!(id.rights & CAPRIGHTS_REVOKE));
	EXPECT_OK(cap_identify(cap_root, &id));
	EXPECT(!(id.rights & CAPRIGHTS_REVOKE));
	EXPECT_OK(cap_identify(cap_vroot, &id));
	EXPECT(!(id.rights & CAPRIGHTS_REVOKE));
	EXPECT_OK(cap_revoke(cap_dispframe));
	EXPECT(!gone(cap_dispframe));
	return 0;
}

/* --- scheduling authority ---------------------------------------------------------------- */

static int timeslice_needs_authority(void)
{
	EXPECT_ERR(invoke_dispatcher_properties(cap_dispatcher, DISPATCHER_MAX_TIMESLICE),
		   SYS_ERR_DISP_TIMESLICE_AUTHORITY);
	EXPECT_ERR(invoke_dispatcher_properties(cap_dispatcher, 2),
		   SYS_ERR_DISP_TIMESLICE_AUTHORITY);
	EXPECT_OK(invoke_dispatcher_properties(cap_dispatcher, DISPATCHER_DEFAULT_TIMESLICE));
	/* A child has no Kernel capability. */
	EXPECT_ERR(invoke_kernel_dispatcher_timeslice(cap_dispatcher, 2), SYS_ERR_CAP_NOT_FOUND);
	return 0;
}

/* --- isolation ------------------------------------------------------------------------ */

static int map_into_kernel_half(void)
{
	struct capref frame;

	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL)); /* the entry is checked first */
	EXPECT_ERR(vnode_map(cap_vroot, frame, 2048, VREGION_FLAGS_READ, 0, 1, slot()),
		   SYS_ERR_VNODE_SLOT_RESERVED);
	EXPECT_ERR(vnode_map(cap_vroot, frame, 4095, VREGION_FLAGS_READ, 0, 1, slot()),
		   SYS_ERR_VNODE_SLOT_RESERVED);
	/* A range that starts in the user half and runs into the kernel's. */
	EXPECT_ERR(vnode_map(cap_vroot, frame, 2047, VREGION_FLAGS_READ, 0, 2, slot()),
		   SYS_ERR_VNODE_SLOT_RESERVED);
	return 0;
}

/* Reading the kernel's half faults: the child exits with EXIT_STATUS_FAULT. */
static int read_kernel(void)
{
	volatile uint32_t *kernel = (volatile uint32_t *)0x80000000u;

	printf("attacker[%u]: read_kernel: 0x%08x\n", (unsigned)runtime_pid(), (unsigned)*kernel);
	return 1; /* only reached if the read worked */
}

static int write_kernel(void)
{
	*(volatile uint32_t *)0x80008000u = 0;
	return 1;
}

/* Capability addresses past our CSpace, or in an empty root slot. */
static int addresses_out_of_reach(void)
{
	capaddr_t root = CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN);

	EXPECT_ERR(raw_invoke(root, CAPADDR_LEVEL_L2, CNodeCmd_Identify, 0xffffffffu, 2).error,
		   SYS_ERR_L1_INDEX_INVALID);
	EXPECT_ERR(raw_invoke(root, CAPADDR_LEVEL_L2, CNodeCmd_Identify, CAPADDR(200, 0), 2).error,
		   SYS_ERR_CNODE_NOT_FOUND);
	EXPECT_ERR(raw_invoke(0xffffffffu, CAPADDR_LEVEL_L2, CNodeCmd_Identify, 0, 0).error,
		   SYS_ERR_L1_INDEX_INVALID);
	return 0;
}

/* --- retype, copy, mint, delete from a child ------------------------------------------- */

/* A new range that meets an existing child in any way is refused, through any copy. */
static int retype_overlap_layouts(void)
{
	static const struct {
		uint32_t offset, bytes;
		errval_t err;
	} layouts[] = {
		{ 20 * KiB, 4 * KiB, SYS_ERR_REVOKE_FIRST },  /* inside the child */
		{ 0, 64 * KiB, SYS_ERR_REVOKE_FIRST },	      /* covering it */
		{ 12 * KiB, 8 * KiB, SYS_ERR_REVOKE_FIRST },  /* over its start */
		{ 28 * KiB, 8 * KiB, SYS_ERR_REVOKE_FIRST },  /* over its end */
		{ 16 * KiB, 16 * KiB, SYS_ERR_REVOKE_FIRST }, /* exactly it */
		{ 8 * KiB, 8 * KiB, SYS_ERR_OK },	      /* just before */
		{ 32 * KiB, 8 * KiB, SYS_ERR_OK },	      /* just after */
		{ 4 * KiB, 4 * KiB, SYS_ERR_OK },	      /* just after the first */
		{ 40 * KiB, 12 * KiB, SYS_ERR_REVOKE_FIRST }, /* over the last one's start */
		{ 60 * KiB, 4 * KiB, SYS_ERR_REVOKE_FIRST },  /* inside the last */
	};
	struct capref ram, copy = slot(), child, first, last;

	/* Three children, [0, 4K), [16K, 32K) and [48K, 64K): the scan must pass the first. */
	EXPECT_OK(ram_alloc(&ram, 64 * KiB));
	EXPECT_OK(cap_copy(copy, ram));
	EXPECT_OK(object(&first, ram, 0, ObjType_Frame, 4 * KiB));
	EXPECT_OK(object(&child, ram, 16 * KiB, ObjType_Frame, 16 * KiB));
	EXPECT_OK(object(&last, ram, 48 * KiB, ObjType_Frame, 16 * KiB));
	for (unsigned i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		struct capref a = slot(), b = slot();

		/* Through the capability the child came from, and through a copy of it. */
		EXPECT_ERR(
		    cap_retype(a, ram, layouts[i].offset, ObjType_Frame, layouts[i].bytes, 1),
		    layouts[i].err);
		if (err_is_ok(layouts[i].err))
			EXPECT_OK(cap_delete(a));
		EXPECT_ERR(
		    cap_retype(b, copy, layouts[i].offset, ObjType_Frame, layouts[i].bytes, 1),
		    layouts[i].err);
	}
	return 0;
}

static int retype_argument_rules(void)
{
	struct capref ram, frame, d = slot(), cn_cap;
	struct capability_identity id;
	struct cnoderef cn;
	uint32_t off;

	EXPECT_OK(ram_alloc(&ram, 64 * KiB));
	EXPECT_ERR(cap_retype(d, ram, 100, ObjType_Frame, 4 * KiB, 1),
		   SYS_ERR_RETYPE_INVALID_OFFSET);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_Frame, 5000, 1), SYS_ERR_RETYPE_INVALID_SIZE);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_L2CNode, 8 * KiB, 1), SYS_ERR_RETYPE_INVALID_SIZE);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_VNode_ARM_l2, 1 * KiB, 1),
		   SYS_ERR_RETYPE_INVALID_SIZE);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_Dispatcher, 8 * KiB, 1),
		   SYS_ERR_RETYPE_INVALID_SIZE);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_Frame, 4 * KiB, 0), SYS_ERR_RETYPE_INVALID_COUNT);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_Frame, 4 * KiB, 17), SYS_ERR_RETYPE_OUT_OF_RANGE);
	EXPECT_ERR(cap_retype(d, ram, 60 * KiB, ObjType_Frame, 8 * KiB, 1),
		   SYS_ERR_RETYPE_OUT_OF_RANGE);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_Frame, 0x80000000u, 2),
		   SYS_ERR_RETYPE_OUT_OF_RANGE); /* count * size wraps in 32 bits */
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_Kernel, 4 * KiB, 1), SYS_ERR_DEST_TYPE_INVALID);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_Frame_Mapping, 4 * KiB, 1),
		   SYS_ERR_DEST_TYPE_INVALID);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_Null, 4 * KiB, 1), SYS_ERR_DEST_TYPE_INVALID);
	EXPECT_ERR(cap_retype(d, ram, 0, (enum objtype)99, 4 * KiB, 1), SYS_ERR_DEST_TYPE_INVALID);
	EXPECT_ERR(cap_retype(d, ram, 0, ObjType_EndPoint, 0, 1), SYS_ERR_INVALID_SOURCE_TYPE);
	EXPECT_OK(object(&frame, ram, 0, ObjType_Frame, 16 * KiB));
	EXPECT_ERR(cap_retype(d, frame, 0, ObjType_L2CNode, 16 * KiB, 1),
		   SYS_ERR_INVALID_SOURCE_TYPE);
	/* An L1 table starts on a 16 KiB boundary: 20 or 24 KiB in is not one. */
	EXPECT_OK(cap_identify(ram, &id));
	off = (id.base + 20 * KiB) % (16 * KiB) ? 20 * KiB : 24 * KiB;
	EXPECT_ERR(cap_retype(d, ram, off, ObjType_VNode_ARM_l1, 16 * KiB, 1),
		   SYS_ERR_RETYPE_VNODE_ALIGN);
	EXPECT_OK(cnode_create_l2(&cn_cap, &cn));
	EXPECT_ERR(cap_retype((struct capref){ cn, 250 }, ram, 32 * KiB, ObjType_Frame, 4 * KiB, 8),
		   SYS_ERR_SLOTS_INVALID);
	EXPECT_OK(cap_retype((struct capref){ cn, 3 }, ram, 32 * KiB, ObjType_Frame, 4 * KiB, 1));
	EXPECT_ERR(cap_retype((struct capref){ cn, 2 }, ram, 36 * KiB, ObjType_Frame, 4 * KiB, 2),
		   SYS_ERR_SLOT_IN_USE);
	EXPECT(gone((struct capref){ cn, 2 })); /* nothing of the failed retype stayed */
	return 0;
}

static int endpoint_rules(void)
{
	struct capref ram, disp, ep = slot(), ep2 = slot(), badged = slot();
	struct capability_identity id;

	EXPECT_OK(ram_alloc(&ram, 4 * KiB));
	EXPECT_OK(object(&disp, ram, 0, ObjType_Dispatcher, OBJSIZE_DISPATCHER));
	EXPECT_ERR(cap_retype(ep, disp, 4 * KiB, ObjType_EndPoint, 0, 1),
		   SYS_ERR_RETYPE_ENDPOINT_OFFSET);
	EXPECT_ERR(cap_retype(ep, disp, 0, ObjType_EndPoint, 0, 2), SYS_ERR_RETYPE_ENDPOINT_COUNT);
	EXPECT_OK(cap_retype(ep, disp, 0, ObjType_EndPoint, 0, 1));
	EXPECT_ERR(cap_retype(ep2, disp, 0, ObjType_EndPoint, 0, 1), SYS_ERR_REVOKE_FIRST);
	EXPECT_OK(cap_mint(badged, ep, CAPRIGHTS_GRANT, 7));
	EXPECT_OK(cap_identify(badged, &id));
	EXPECT(id.type == ObjType_EndPoint && id.badge == 7 && id.rights == CAPRIGHTS_GRANT);
	/* An EndPoint dies with its dispatcher, every copy of it. */
	EXPECT_OK(cap_delete(disp));
	EXPECT(gone(ep) && gone(badged));
	return 0;
}

static int copy_and_delete_rules(void)
{
	struct capref frame, copy = slot(), empty = slot();

	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(cap_copy(copy, frame));
	EXPECT_ERR(cap_copy(copy, frame), SYS_ERR_SLOT_IN_USE);
	EXPECT_ERR(cap_copy(slot(), empty), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_delete(empty), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_revoke(empty), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_OK(cap_delete(copy));
	EXPECT_ERR(vnode_map(cap_vroot, copy, 0x500, VREGION_FLAGS_READ, 0, 1, slot()),
		   SYS_ERR_CAP_NOT_FOUND);
	EXPECT(!gone(frame));
	return 0;
}

/* Map what cannot be mapped, where it does not fit. */
static int map_type_rules(void)
{
	struct mapped m;
	struct capref other_l2, ram, disp;

	if (map_setup(&m, 4 * KiB))
		return 1;
	EXPECT_OK(ram_alloc(&ram, 8 * KiB));
	EXPECT_OK(object(&other_l2, ram, 0, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2));
	EXPECT_OK(object(&disp, ram, 4 * KiB, ObjType_Dispatcher, OBJSIZE_DISPATCHER));
	EXPECT_ERR(vnode_map(m.table, other_l2, 5, 0, 0, 1, slot()), SYS_ERR_WRONG_MAPPING);
	EXPECT_ERR(vnode_map(m.table, ram, 5, VREGION_FLAGS_READ, 0, 1, slot()),
		   SYS_ERR_WRONG_MAPPING);
	EXPECT_ERR(vnode_map(m.table, disp, 5, VREGION_FLAGS_READ, 0, 1, slot()),
		   SYS_ERR_WRONG_MAPPING);
	EXPECT_ERR(vnode_map(m.table, m.frame, 5, VREGION_FLAGS_READ, 0, 0, slot()),
		   SYS_ERR_VNODE_SLOT_INVALID);
	EXPECT_ERR(vnode_map(m.table, m.frame, 255, VREGION_FLAGS_READ, 0, 2, slot()),
		   SYS_ERR_VNODE_SLOT_INVALID);
	EXPECT_ERR(vnode_map(m.table, m.frame, 5, VREGION_FLAGS_READ, 4 * KiB, 2, slot()),
		   SYS_ERR_FRAME_OFFSET_INVALID);
	EXPECT_ERR(vnode_map(m.table, m.frame, 5, VREGION_FLAGS_READ, 100, 1, slot()),
		   SYS_ERR_FRAME_OFFSET_INVALID);
	EXPECT_ERR(vnode_map(m.table, m.frame, 5, VREGION_FLAGS_READ | VREGION_FLAGS_NOCACHE, 0, 1,
			     slot()),
		   SYS_ERR_NOCACHE_RAM);
	EXPECT_ERR(vnode_map(m.table, m.frame, 5, 0x100, 0, 1, slot()),
		   SYS_ERR_ILLEGAL_INVOCATION); /* an unknown flag */
	return 0;
}

static int dispatcher_setup_rules(void)
{
	struct capref ram, disp, frame, small;
	uint32_t state;
	int32_t status;

	EXPECT_OK(ram_alloc(&ram, 8 * KiB));
	EXPECT_OK(object(&disp, ram, 0, ObjType_Dispatcher, OBJSIZE_DISPATCHER));
	EXPECT_OK(frame_alloc(&frame, DISPATCHER_FRAME_SIZE, NULL));
	EXPECT_OK(object(&small, ram, 4 * KiB, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2));
	EXPECT_ERR(invoke_dispatcher(disp, cap_dispatcher, cap_vroot, cap_vroot, frame, false),
		   SYS_ERR_DISP_CSPACE_INVALID);
	EXPECT_ERR(invoke_dispatcher(disp, cap_dispatcher, cap_root, cap_root, frame, false),
		   SYS_ERR_DISP_VSPACE_INVALID);
	EXPECT_ERR(invoke_dispatcher(disp, cap_dispatcher, cap_root, cap_vroot, small, false),
		   SYS_ERR_DISP_FRAME_INVALID);
	EXPECT_OK(invoke_dispatcher_status(disp, &state, &status));
	EXPECT(state == DISPATCHER_STATE_CREATED);
	/* Our own dispatcher runs: setting it up again is refused. */
	EXPECT_ERR(
	    invoke_dispatcher(cap_dispatcher, cap_dispatcher, cap_root, cap_vroot, frame, true),
	    SYS_ERR_DISP_RUNNING);
	return 0;
}

/* A child may delete its own copies: it hurts nobody, and the DCB keeps it running. */
static int delete_own_shares(void)
{
	EXPECT_OK(cap_delete(cap_dispframe));
	EXPECT_OK(cap_delete(cap_dispatcher));
	EXPECT_OK(cap_delete(cap_vroot));
	EXPECT(gone(cap_dispframe) && gone(cap_dispatcher) && gone(cap_vroot));
	for (volatile int i = 0; i < 100000; i++) /* preempted on the way, resumed all the same */
		;
	EXPECT_OK(cap_delete(cap_root)); /* our own name for our root: CNode calls end here */
	EXPECT_ERR(cap_delete(cap_argspage), SYS_ERR_CAP_NOT_FOUND);
	return 0;
}

/* Revoking its own heap RAM takes the child's own heap away: it faults, nobody else does. */
static int revoke_own_heap(void)
{
	struct capref heap = { cnode_task, TASKCN_SLOT_HEAPRAM }, frame;
	uint32_t *buf;

	EXPECT_OK(frame_alloc(&frame, 64 * KiB, NULL));
	EXPECT_OK(paging_map_frame(get_current_paging_state(), (void **)&buf, 64 * KiB, frame));
	buf[0] = 1;
	EXPECT_OK(cap_revoke(heap));
	buf[0] = 2; /* the frame is gone, and its mapping with it */
	return 1;
}

/* A dispatcher of its own (init's helper.c), with a privileged mode forged into its first state. */
static int report_mode(uint32_t arg)
{
	uint32_t cpsr;

	(void)arg;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return (int)(cpsr & PSR_MODE_MASK);
}

static int forged_save_area(void)
{
	struct helper h;

	EXPECT_OK(helper_start_cpsr(&h, "forger", report_mode, 0, PSR_MODE_SVC | PSR_I | PSR_F));
	EXPECT(helper_wait(&h) == (int32_t)PSR_MODE_USR);
	return 0;
}

/* What init holds and a child was never given stays out of reach. */
static int caps_it_was_not_given(void)
{
	struct capability_identity id;

	EXPECT_ERR(cap_identify(cap_kernel, &id), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_identify(cap_bootinfo, &id), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_identify((struct capref){ cnode_super, 0 }, &id), SYS_ERR_CNODE_NOT_FOUND);
	EXPECT_ERR(cap_identify((struct capref){ cnode_module, 1 }, &id), SYS_ERR_CNODE_NOT_FOUND);
	EXPECT_ERR(cap_identify((struct capref){ cnode_pacn, 0 }, &id), SYS_ERR_CNODE_NOT_FOUND);
	EXPECT_ERR(invoke_kernel_check_invariants(), SYS_ERR_CAP_NOT_FOUND);
	return 0;
}

/*
 * Reuse, many times over: tables and frames made, mapped, torn down in
 * every order, and the same memory made into something else while the old
 * capabilities are tried again.  Deterministic; init checks the kernel's
 * invariants afterwards.
 */
static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static int reuse_churn(void)
{
	struct capref ram, frame, table, table_mapping, frame_mapping, cn;
	uint32_t entry, *va;
	cslot_t root_slot;

	EXPECT_OK(ram_alloc(&ram, 16 * KiB));
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(free_l1_entry(&entry, &va));
	EXPECT_OK(root_slot_alloc(&root_slot));
	cn = (struct capref){ cnode_root, root_slot };
	table = slot();
	table_mapping = slot();
	frame_mapping = slot();
	for (int i = 0; i < 300; i++) {
		EXPECT_OK(cap_retype(table, ram, 0, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2, 1));
		EXPECT_OK(vnode_map(cap_vroot, table, entry, 0, 0, 1, table_mapping));
		EXPECT_OK(vnode_map(table, frame, rng() % 256, VREGION_FLAGS_READ_WRITE, 0, 1,
				    frame_mapping));
		switch (rng() % 4) {
		case 0: EXPECT_OK(cap_delete(table)); break;
		case 1: EXPECT_OK(cap_revoke(ram)); break;
		case 2:
			EXPECT_OK(cap_delete(table_mapping));
			EXPECT_OK(cap_delete(table));
			break;
		default:
			EXPECT_OK(cap_delete(frame_mapping));
			EXPECT_OK(cap_revoke(ram));
			break;
		}
		/* Whatever the order, nothing of the table is left, and the memory is free. */
		EXPECT(gone(table) && gone(table_mapping) && gone(frame_mapping));
		if (rng() % 2) {
			EXPECT_OK(cap_retype(cn, ram, 0, ObjType_L2CNode, OBJSIZE_L2CNODE, 1));
			EXPECT_ERR(cap_delete(frame_mapping), SYS_ERR_CAP_NOT_FOUND);
			EXPECT_OK(cap_delete(cn));
		}
	}
	return 0;
}

/* --- source roots, and more rights --------------------------------------------------------- */

#define OUR_ROOT CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN)

static struct sysret raw_invoke10(capaddr_t cptr, uint32_t level, uint32_t cmd,
				  const uint32_t a[SYS_INVOKE_ARGS])
{
	return syscall_invoke_args(cptr, level, cmd, a);
}

/* The level-2 address of a capability in one of our L2 CNodes. */
static capaddr_t addr_of(struct capref c)
{
	capaddr_t addr;
	uint8_t level;

	return err_is_ok(capref_addr(c, &addr, &level)) && level == CAPADDR_LEVEL_L2 ? addr : 0;
}

/*
 * A second CSpace X of our own: copies go into it through X (destinations
 * resolve in the invoked root) from our CSpace (the source root names
 * ours), and back from X into ours (the source root names X).
 */
static int source_and_dest_roots(void)
{
	struct capref x, frame, back = slot(), x_ro = slot();
	struct capability_identity id;
	capaddr_t xa, fa;

	EXPECT_OK(cnode_create_l1(&x, NULL));
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	xa = addr_of(x);
	fa = addr_of(frame);
	EXPECT(xa && fa);
	/* X[0] = X itself, so that X can name its own slots as a destination CNode. */
	EXPECT_OK(raw_invoke10(OUR_ROOT, CAPADDR_LEVEL_L2, CNodeCmd_Copy,
			       (const uint32_t[SYS_INVOKE_ARGS]){ xa, CAPADDR_LEVEL_L2, 0, OUR_ROOT,
								  xa, CAPADDR_LEVEL_L2 })
		      .error);
	/* X[7] = our frame: invoked on X, the source in our root. */
	EXPECT_OK(raw_invoke10(xa, CAPADDR_LEVEL_L2, CNodeCmd_Copy,
			       (const uint32_t[SYS_INVOKE_ARGS]){ 0, CAPADDR_LEVEL_L1, 7, OUR_ROOT,
								  fa, CAPADDR_LEVEL_L2 })
		      .error);
	/* And back into our CSpace, the source in X. */
	EXPECT_OK(raw_invoke10(OUR_ROOT, CAPADDR_LEVEL_L2, CNodeCmd_Copy,
			       (const uint32_t[SYS_INVOKE_ARGS]){
				   addr_of(back) & ~0xffu, CAPADDR_LEVEL_L1, addr_of(back) & 0xff,
				   xa, CAPADDR(7, 0), CAPADDR_LEVEL_L1 })
		      .error);
	EXPECT_OK(cap_identify(back, &id));
	EXPECT(id.type == ObjType_Frame && id.bytes == 4 * KiB);
	/* A source root must be an L1 CNode: a frame, or nothing, is refused. */
	EXPECT_ERR(raw_invoke10(OUR_ROOT, CAPADDR_LEVEL_L2, CNodeCmd_Copy,
				(const uint32_t[SYS_INVOKE_ARGS]){ addr_of(back) & ~0xffu,
								   CAPADDR_LEVEL_L1, 200, fa, 0,
								   CAPADDR_LEVEL_L1 })
		       .error,
		   SYS_ERR_SOURCE_ROOT_INVALID);
	EXPECT_ERR(raw_invoke10(OUR_ROOT, CAPADDR_LEVEL_L2, CNodeCmd_Copy,
				(const uint32_t[SYS_INVOKE_ARGS]){
				    addr_of(back) & ~0xffu, CAPADDR_LEVEL_L1, 200, addr_of(slot()),
				    0, CAPADDR_LEVEL_L1 })
		       .error,
		   SYS_ERR_CAP_NOT_FOUND);
	/* A read-only X: copying out of it is fine, copying into it through it is not. */
	EXPECT_OK(cap_mint(x_ro, x, CAPRIGHTS_READ, 0));
	EXPECT_ERR(raw_invoke10(addr_of(x_ro), CAPADDR_LEVEL_L2, CNodeCmd_Copy,
				(const uint32_t[SYS_INVOKE_ARGS]){ 0, CAPADDR_LEVEL_L1, 9, OUR_ROOT,
								   fa, CAPADDR_LEVEL_L2 })
		       .error,
		   SYS_ERR_CNODE_RIGHTS);
	EXPECT_OK(raw_invoke10(OUR_ROOT, CAPADDR_LEVEL_L2, CNodeCmd_Copy,
			       (const uint32_t[SYS_INVOKE_ARGS]){
				   addr_of(back) & ~0xffu, CAPADDR_LEVEL_L1, 201, addr_of(x_ro),
				   CAPADDR(7, 0), CAPADDR_LEVEL_L1 })
		      .error);
	return 0;
}

static int mint_cannot_add_revoke(void)
{
	EXPECT_ERR(cap_mint(slot(), cap_dispatcher, CAPRIGHTS_ALLRIGHTS, 0),
		   SYS_ERR_RIGHTS_INVALID);
	EXPECT_ERR(cap_mint(slot(), cap_vroot, CAPRIGHTS_REVOKE, 0), SYS_ERR_RIGHTS_INVALID);
	EXPECT_OK(cap_mint(slot(), cap_vroot, CAPRIGHTS_SHARED, 0));
	return 0;
}

static int copy_keeps_rights(void)
{
	struct capref frame, ro = slot(), copy = slot();
	struct capability_identity id;
	struct mapped m;

	if (map_setup(&m, 4 * KiB))
		return 1;
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(cap_mint(ro, frame, CAPRIGHTS_READ, 0));
	EXPECT_OK(cap_copy(copy, ro));
	EXPECT_OK(cap_identify(copy, &id));
	EXPECT(id.rights == CAPRIGHTS_READ && id.badge == 0);
	EXPECT_ERR(vnode_map(m.table, copy, 3, VREGION_FLAGS_READ_WRITE, 0, 1, slot()),
		   SYS_ERR_MAP_RIGHTS);
	return 0;
}

static int unmap_needs_write(void)
{
	struct capref ro = slot();
	struct mapped m;

	if (map_setup(&m, 4 * KiB))
		return 1;
	EXPECT_OK(cap_mint(ro, m.table, CAPRIGHTS_READ, 0));
	EXPECT_ERR(vnode_unmap(ro, m.frame_mapping), SYS_ERR_VNODE_RIGHTS);
	EXPECT(!gone(m.frame_mapping));
	EXPECT(m.va[0] == 0x5a5a5a5a);
	EXPECT_OK(vnode_unmap(m.table, m.frame_mapping));
	EXPECT(gone(m.frame_mapping));
	return 0;
}

static int endpoint_needs_write(void)
{
	struct capref ram, disp, ro = slot();

	EXPECT_OK(ram_alloc(&ram, 4 * KiB));
	EXPECT_OK(object(&disp, ram, 0, ObjType_Dispatcher, OBJSIZE_DISPATCHER));
	EXPECT_OK(cap_mint(ro, disp, CAPRIGHTS_READ, 0));
	EXPECT_ERR(cap_retype(slot(), ro, 0, ObjType_EndPoint, 0, 1), SYS_ERR_RETYPE_RIGHTS);
	EXPECT_OK(cap_retype(slot(), disp, 0, ObjType_EndPoint, 0, 1));
	return 0;
}

/* What revoke reaches depends on the revoke right of the capability used. */
static int revoke_reach_by_right(void)
{
	struct capref ram, share = slot(), through_ram, through_share;
	struct capability_identity id;

	EXPECT_OK(ram_alloc(&ram, 16 * KiB));
	EXPECT_OK(cap_identify(ram, &id));
	EXPECT(id.rights & CAPRIGHTS_REVOKE); /* made by our own allocator: all rights */
	EXPECT_OK(cap_mint(share, ram, CAPRIGHTS_SHARED, 0));
	EXPECT_OK(object(&through_ram, ram, 0, ObjType_Frame, 4 * KiB));
	EXPECT_OK(object(&through_share, share, 8 * KiB, ObjType_Frame, 4 * KiB));
	EXPECT_OK(cap_revoke(share));
	EXPECT(gone(through_share) && !gone(through_ram) && !gone(ram) && !gone(share));
	EXPECT_OK(cap_revoke(ram));
	EXPECT(gone(through_ram) && gone(share) && !gone(ram));
	return 0;
}

static int exit_42(uint32_t arg)
{
	(void)arg;
	return 42;
}

/* A dispatcher of our own runs, exits with its status, and cannot be set up again. */
static int own_dispatcher_lifecycle(void)
{
	struct helper h;

	EXPECT_OK(helper_start(&h, "exit42", exit_42, 0));
	EXPECT(helper_wait(&h) == 42);
	EXPECT_ERR(invoke_dispatcher(h.disp, cap_dispatcher, cap_root, cap_vroot, h.frame, true),
		   SYS_ERR_DISP_EXITED);
	return 0;
}

/* A read-only table capability cannot be installed: that would give its mappings. */
static int readonly_table_not_installed(void)
{
	struct capref ram, table, ro = slot();
	uint32_t entry, *va;

	EXPECT_OK(ram_alloc(&ram, 4 * KiB));
	EXPECT_OK(object(&table, ram, 0, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2));
	EXPECT_OK(free_l1_entry(&entry, &va));
	EXPECT_OK(cap_mint(ro, table, CAPRIGHTS_READ, 0));
	EXPECT_ERR(vnode_map(cap_vroot, ro, entry, 0, 0, 1, slot()), SYS_ERR_VNODE_RIGHTS);
	EXPECT_OK(vnode_map(cap_vroot, table, entry, 0, 0, 1, slot()));
	return 0;
}

/* Nor can a dispatcher run in a VSpace its capability only lets it read. */
static int readonly_vspace_not_run(void)
{
	struct capref ram, disp, frame, ro = slot();

	EXPECT_OK(ram_alloc(&ram, 4 * KiB));
	EXPECT_OK(object(&disp, ram, 0, ObjType_Dispatcher, OBJSIZE_DISPATCHER));
	EXPECT_OK(frame_alloc(&frame, DISPATCHER_FRAME_SIZE, NULL));
	EXPECT_OK(cap_mint(ro, cap_vroot, CAPRIGHTS_READ, 0));
	EXPECT_ERR(invoke_dispatcher(disp, cap_dispatcher, cap_root, ro, frame, false),
		   SYS_ERR_DISP_VSPACE_RIGHTS);
	return 0;
}

/*
 * A dispatcher D whose only capability sits in the last slot of a CNode
 * inside a CNode X full of CNodes full of capabilities.  D deletes X late
 * in its time slice, so the drain of X's slots may stop part-way
 * (preemptible deletion) and go on at the next invocation of anyone, until
 * it deletes D.  D must stop running then, wherever the drain is finished
 * (in its own call, or another's), and nobody else may lose anything.  (The
 * case where D's own later invocation finishes the drain is guarded in
 * kernel/invoke.c; other dispatchers' invocations usually come first.)
 */
#define NESTED_CNODES 8
static cslot_t x_root_slot;
static volatile uint32_t d_progress;

static int d_main(uint32_t arg)
{
	struct tick_sample t0 = sys_ticks(), t;
	capaddr_t x = CAPADDR(x_root_slot, 0);

	(void)arg;
	/* Start of a fresh slice: wait for a tick, then spend most of the next one. */
	do
		t = sys_ticks();
	while (t.ticks == t0.ticks);
	t0 = t;
	do
		t = sys_ticks();
	while (t.ticks == t0.ticks && t.clock_low - t0.clock_low < 23000); /* 24 MHz: ~0.96 ms */
	d_progress = 1;
	syscall_invoke(OUR_ROOT, CAPADDR_LEVEL_L2, CNodeCmd_Delete, x, CAPADDR_LEVEL_L1, 0, 0, 0, 0,
		       0, 0);
	for (;;) { /* every invocation drains more, until one deletes us */
		d_progress++;
		syscall_invoke(OUR_ROOT, CAPADDR_LEVEL_L2, CNodeCmd_Identify, OUR_ROOT,
			       CAPADDR_LEVEL_L2, 0, 0, 0, 0, 0, 0);
	}
	return 0; /* not reached */
}

static int destroyed_by_pending_deletion(void)
{
	struct capref ram, frame;
	struct cnoderef x, y0 = { 0, 0 };
	struct helper d;
	cslot_t nested_slot[NESTED_CNODES];
	uint32_t filled = 0;

	EXPECT_OK(ram_alloc(&ram, (NESTED_CNODES + 1) * OBJSIZE_L2CNODE));
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(root_slot_alloc(&x_root_slot));
	EXPECT_OK(cap_retype((struct capref){ cnode_root, x_root_slot }, ram, 0, ObjType_L2CNode,
			     OBJSIZE_L2CNODE, 1));
	x = (struct cnoderef){ CAPADDR(x_root_slot, 0), CAPADDR_LEVEL_L1 };
	/* X[0..7]: CNodes, each full of copies of a frame; X[8..254]: copies too. */
	for (int n = 0; n < NESTED_CNODES; n++) {
		struct cnoderef y;

		EXPECT_OK(root_slot_alloc(&nested_slot[n]));
		EXPECT_OK(cap_retype((struct capref){ cnode_root, nested_slot[n] }, ram,
				     (n + 1) * OBJSIZE_L2CNODE, ObjType_L2CNode, OBJSIZE_L2CNODE,
				     1));
		y = (struct cnoderef){ CAPADDR(nested_slot[n], 0), CAPADDR_LEVEL_L1 };
		for (cslot_t i = 0; i < L2_CNODE_SLOTS - (n == 0); i++, filled++)
			EXPECT_OK(cap_copy((struct capref){ y, i }, frame));
		if (n == 0)
			y0 = y; /* its last slot gets D: the worklist drains it last */
		EXPECT_OK(cap_copy((struct capref){ x, n },
				   (struct capref){ cnode_root, nested_slot[n] }));
	}
	for (cslot_t i = NESTED_CNODES; i < L2_CNODE_SLOTS - 1; i++, filled++)
		EXPECT_OK(cap_copy((struct capref){ x, i }, frame));
	/* D, whose only capability goes into the last slot of X's first CNode. */
	EXPECT_OK(helper_start(&d, "d", d_main, 0));
	EXPECT_OK(cap_copy((struct capref){ y0, L2_CNODE_SLOTS - 1 }, d.disp));
	EXPECT_OK(cap_delete(d.disp));
	/* The nested CNodes' root slots go last: X then holds their only copies. */
	for (int n = 0; n < NESTED_CNODES; n++)
		EXPECT_OK(cap_delete((struct capref){ cnode_root, nested_slot[n] }));
	/* Watch: D deletes X, and is deleted by its own drain; we live on. */
	while (!gone((struct capref){ cnode_root, x_root_slot }))
		sys_yield();
	for (int i = 0; i < 1000; i++)
		sys_yield();
	printf(
	    "attacker[%u]: %s: %u capabilities under X; D made %u invocations after deleting it\n",
	    (unsigned)runtime_pid(), scenario, (unsigned)filled, (unsigned)d_progress - 1);
	EXPECT(gone((struct capref){ cnode_root, x_root_slot }));
	return 0;
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "table_dies_first", table_dies_first },
	{ "ram_under_table_revoked", ram_under_table_revoked },
	{ "part_way_unmap", part_way_unmap },
	{ "table_copy_keeps_mappings", table_copy_keeps_mappings },
	{ "frame_dies_first", frame_dies_first },
	{ "unmap_rules", unmap_rules },
	{ "l2_cnode_invocation", l2_cnode_invocation },
	{ "level_must_be_exact", level_must_be_exact },
	{ "readonly_root", readonly_root },
	{ "readonly_l2_on_path", readonly_l2_on_path },
	{ "readonly_dispatcher_frame", readonly_dispatcher_frame },
	{ "vnode_without_write", vnode_without_write },
	{ "frame_rights_bound_the_map", frame_rights_bound_the_map },
	{ "dispatcher_without_rights", dispatcher_without_rights },
	{ "retype_without_write", retype_without_write },
	{ "mint_cannot_add_rights", mint_cannot_add_rights },
	{ "shares_lack_revoke", shares_lack_revoke },
	{ "timeslice_needs_authority", timeslice_needs_authority },
	{ "map_into_kernel_half", map_into_kernel_half },
	{ "read_kernel", read_kernel },
	{ "write_kernel", write_kernel },
	{ "addresses_out_of_reach", addresses_out_of_reach },
	{ "retype_overlap_layouts", retype_overlap_layouts },
	{ "retype_argument_rules", retype_argument_rules },
	{ "endpoint_rules", endpoint_rules },
	{ "copy_and_delete_rules", copy_and_delete_rules },
	{ "map_type_rules", map_type_rules },
	{ "dispatcher_setup_rules", dispatcher_setup_rules },
	{ "delete_own_shares", delete_own_shares },
	{ "revoke_own_heap", revoke_own_heap },
	{ "forged_save_area", forged_save_area },
	{ "caps_it_was_not_given", caps_it_was_not_given },
	{ "reuse_churn", reuse_churn },
	{ "source_and_dest_roots", source_and_dest_roots },
	{ "mint_cannot_add_revoke", mint_cannot_add_revoke },
	{ "copy_keeps_rights", copy_keeps_rights },
	{ "unmap_needs_write", unmap_needs_write },
	{ "endpoint_needs_write", endpoint_needs_write },
	{ "revoke_reach_by_right", revoke_reach_by_right },
	{ "own_dispatcher_lifecycle", own_dispatcher_lifecycle },
	{ "readonly_table_not_installed", readonly_table_not_installed },
	{ "readonly_vspace_not_run", readonly_vspace_not_run },
	{ "destroyed_by_pending_deletion", destroyed_by_pending_deletion },
};

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	scenario = argv[1];
	for (unsigned i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (strcmp(scenarios[i].name, scenario) == 0)
			return scenarios[i].run();
	printf("attacker: no scenario '%s'\n", scenario);
	return 2;
}
