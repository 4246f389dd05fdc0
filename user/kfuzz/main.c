/*
 * kfuzz: the kernel fuzzer's child (docs/reliability.md).  It makes a
 * reproducible stream of random system calls and invocations, the system
 * call of step i a function of (seed, i) alone:
 *
 *   kfuzz SEED START END     run calls [START, END), then exit 0
 *   kfuzz regress NAME       run one fixed sequence (regression())
 *
 * Capability addresses lean towards its own slots (a work CNode it makes
 * in root slot 12, the well-known slots of include/cspace.h) and slot
 * boundaries; arguments lean towards 0, -1, 0x80000000, page and section
 * boundaries and huge sizes.  Every block of 16 calls is either random
 * calls or a scenario: a sequence that makes page tables, frames, CNodes
 * and dispatchers from RAM, maps them, deletes or revokes them, retypes
 * the same RAM into something else and then uses the old capabilities and
 * mappings, so that freed memory is reused while stale references might
 * survive.  A few scenario steps also touch (write and read back) what the
 * scenario mapped, when its maps worked in this run.  A second dispatcher
 * of its own, the server (make_server), waits for calls in a loop of
 * SYS_REPLY_WAIT: steps call it, so that calls are taken and answered, and
 * take its pieces away under it; it is made again when it is gone.
 *
 * It may destroy itself (delete its CSpace, fault, exit): init's driver
 * (user/init/kfuzz_driver.c) reaps it, checks the kernel and starts it
 * again at the next call.  Progress goes to the record of include/kfuzz.h,
 * never to the console; the fuzzer prints nothing but a usage line.  It
 * uses no malloc and no stdio after start-up, so that the RAM and slots it
 * wrecks are never needed again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arch/armv7/dispatcher_arch.h>
#include <captypes.h>
#include <cspace.h>
#include <dispatcher.h>
#include <errors.h>
#include <invocations.h>
#include <kfuzz.h>
#include <lmp.h>
#include <spawn_params.h>
#include <syscalls.h>

/* The fuzzer's own layout: work CNodes in root slots 12.., RAM for the scenarios in W[255]. */
#define W_ROOT_SLOT    ROOTCN_FIRST_FREE_SLOT
#define W_CNODES       4
#define W_RAM_SLOT     255
#define W(slot)	       CAPADDR(W_ROOT_SLOT, (slot))
#define W_CNODE	       CAPADDR(W_ROOT_SLOT, 0) /* level 1 */
#define ROOT_ADDR      CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN)
#define VROOT_ADDR     CAPADDR(ROOTCN_SLOT_PAGECN, PAGECN_SLOT_VROOT)
#define HEAPRAM_ADDR   CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_HEAPRAM)
#define DISP_ADDR      CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPATCHER)
#define DISPFRAME_ADDR CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME)
#define SELFEP_ADDR    CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_SELFEP)
#define L2	       2
#define L1	       1
/* Where it maps things in its own VSpace: L1 entries 0x500.. (0x50000000), 1 MiB each. */
#define FUZZ_L1_ENTRY	     0x500u
#define FUZZ_L1_SPAN	     4u
#define FUZZ_VA(entry, page) (((entry) << 20) + (page)*BASE_PAGE_SIZE)
#define SECTION		     U32(0x100000)
#define BLOCK		     16u /* calls per block: random calls or one scenario */
#define KEEP_USEFUL	     64u /* calls between checks that the work CNode is still there */
#define KFUZZ_NEVER_SEEN     0xffffffffu /* an lmp_seen no delivery count reaches */

/*
 * A server for calls (make_server): a second dispatcher in our CSpace and
 * VSpace, made from the last three pages of the heap RAM's first MiB, its
 * capabilities in the work CNode's slots SRV_TABLE..SRV_FRAME_MAP, its
 * frame mapped at SERVER_VA.
 */
enum server_slot { SRV_TABLE = 248, SRV_FRAME, SRV_DISP, SRV_EP, SRV_TABLE_MAP, SRV_FRAME_MAP };
#define SRV_SLOTS	6
#define SERVER_RAM	(SECTION - 3 * BASE_PAGE_SIZE)
#define SERVER_L1_ENTRY (FUZZ_L1_ENTRY + 8) /* outside what steps map and touch */
#define SERVER_VA	FUZZ_VA(SERVER_L1_ENTRY, 0)

static volatile struct kfuzz_shared *sh;

/* Our dispatcher frame, from TPIDRURO. */
static volatile struct dispatcher_frame *disp_frame_of_self(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(v));
	return (volatile struct dispatcher_frame *)v;
}
static uint32_t heap_bytes; /* the RAM cap in TASKCN_SLOT_HEAPRAM */

/* --- randomness: call i's generator depends on (seed, i) only ------------------ */

static uint32_t mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

struct rng {
	uint32_t s;
};

static uint32_t rnd(struct rng *r)
{
	r->s += 0x9e3779b9u;
	return mix(r->s);
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return rnd(r) % n;
}

static int chance(struct rng *r, uint32_t percent)
{
	return below(r, 100) < percent;
}

#define PICK(r, array) ((array)[below((r), sizeof(array) / sizeof((array)[0]))])

static const uint32_t interesting[] = {
	0,	    1,		2,	    3,		4,	    0xff,	0x100,
	0x101,	    0x3ff,	0x400,	    0x7ff,	0x800,	    0xfff,	0x1000,
	0x1001,	    0x2000,	0x3fff,	    0x4000,	0x8000,	    0xffff,	0x10000,
	0xfffff,    0x100000,	0x100001,   0x200000,	0x400000,   0xfff000,	0x1000000,
	0x7fffffff, 0x80000000, 0x80000001, 0x80001000, 0xc0000000, 0xfff00000, 0xfffff000,
	0xfffffffe, 0xffffffff, 256,	    255,	2047,	    2048,	4095,
	4096,	    0x40000000, 0x10000000, 0x7ff00000, 0xffff0000, 0x00ff00ff,
};

static uint32_t interesting_word(struct rng *r)
{
	if (chance(r, 85))
		return PICK(r, interesting);
	return rnd(r);
}

static uint32_t bad_level(struct rng *r)
{
	static const uint32_t levels[] = { 0, 1, 2, 3, 0xff, 0x101, 0x201 };
	return chance(r, 80) ? PICK(r, levels) : rnd(r);
}

/* --- capability addresses ----------------------------------------------------- */

static uint32_t small_slot(struct rng *r)
{
	uint32_t x = below(r, 16);

	if (x < 12)
		return below(r, 16);
	if (x == 12)
		return 255;
	if (x == 13)
		return 254;
	if (x == 14)
		return 16 + below(r, 16);
	return below(r, 256);
}

static uint32_t work_cnode_slot(struct rng *r)
{
	return W_ROOT_SLOT + (chance(r, 15) ? below(r, W_CNODES) : 0);
}

struct cap {
	uint32_t addr, level;
};

static struct cap known_cap(struct rng *r)
{
	static const uint8_t known[][2] = {
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPATCHER },
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN },
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME },
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ARGSPAGE },
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_HEAPRAM },
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_SELFEP },
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_INITEP },
		{ ROOTCN_SLOT_TASKCN, 0 },
		{ ROOTCN_SLOT_PAGECN, PAGECN_SLOT_VROOT },
		{ ROOTCN_SLOT_PAGECN, 1 },
		{ ROOTCN_SLOT_PAGECN, 2 },
		{ ROOTCN_SLOT_PAGECN, 3 },
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_BASE_PAGE0 },
		{ ROOTCN_SLOT_TASKCN, TASKCN_SLOT_BASE_PAGE0 + BASE_PAGE_CAPS - 1 },
		{ ROOTCN_SLOT_SLOT_ALLOC0, 0 },
		{ ROOTCN_SLOT_SLOT_ALLOC0, 255 },
	};
	uint32_t k = below(r, sizeof(known) / sizeof(known[0]));
	uint32_t l2 = known[k][1];

	if (l2 == TASKCN_SLOT_BASE_PAGE0)
		l2 += below(r, BASE_PAGE_CAPS + 1); /* a base page, or the slot after them */
	return (struct cap){ CAPADDR(known[k][0], l2), L2 };
}

/* A root slot named at level 1 (an L2 CNode, or whatever is there). */
static struct cap root_slot_cap(struct rng *r)
{
	static const uint32_t slots[] = { ROOTCN_SLOT_TASKCN,
					  ROOTCN_SLOT_PAGECN,
					  2, /* empty (Barrelfish's BASE_PAGE_CN) */
					  ROOTCN_SLOT_SLOT_ALLOC0,
					  ROOTCN_SLOT_SLOT_ALLOC2, /* empty in a spawned child */
					  W_ROOT_SLOT,
					  W_ROOT_SLOT + 1,
					  W_ROOT_SLOT + W_CNODES - 1,
					  255,
					  256,
					  0xffffff };
	uint32_t s = chance(r, 80) ? PICK(r, slots) : below(r, 256);

	return (struct cap){ (s << L2_CNODE_ADDR_BITS) | (chance(r, 80) ? 0 : below(r, 256)), L1 };
}

static struct cap pick_cap(struct rng *r)
{
	uint32_t x = below(r, 100);
	struct cap c = { 0, L2 };

	if (x < 50)
		c.addr = CAPADDR(work_cnode_slot(r), small_slot(r));
	else if (x < 68)
		c = known_cap(r);
	else if (x < 80)
		c = root_slot_cap(r);
	else if (x < 90)
		c.addr = interesting_word(r);
	else
		c.addr = rnd(r);
	if (chance(r, 6))
		c.level = bad_level(r);
	return c;
}

/* A CNode to put something into: (address, level) as Copy, Retype and Map take it. */
static struct cap pick_cnode(struct rng *r)
{
	uint32_t x = below(r, 100);

	if (x < 60)
		return (struct cap){ CAPADDR(work_cnode_slot(r), 0), L1 };
	if (x < 75)
		return (struct cap){ ROOT_ADDR, L2 };
	if (x < 85)
		return root_slot_cap(r);
	return pick_cap(r);
}

/* A slot in that CNode; in the root CNode, mostly the work CNode slots. */
static uint32_t pick_dest_slot(struct rng *r, struct cap cnode)
{
	if (cnode.addr == ROOT_ADDR && chance(r, 60))
		return W_ROOT_SLOT + below(r, W_CNODES);
	if (chance(r, 90))
		return small_slot(r);
	return interesting_word(r);
}

static struct cap pick_vnode(struct rng *r)
{
	uint32_t x = below(r, 100);

	if (x < 35)
		return (struct cap){ VROOT_ADDR, L2 };
	if (x < 85)
		return (struct cap){ W(small_slot(r)), L2 };
	return pick_cap(r);
}

/* --- arguments ---------------------------------------------------------------- */

static const uint32_t made_types[] = {
	ObjType_RAM,	      ObjType_Frame,	    ObjType_L1CNode,	ObjType_L2CNode,
	ObjType_VNode_ARM_l1, ObjType_VNode_ARM_l2, ObjType_Dispatcher, ObjType_EndPoint,
};

static uint32_t pick_type(struct rng *r)
{
	if (chance(r, 88))
		return PICK(r, made_types);
	return chance(r, 50) ? below(r, ObjType_Num + 2) : interesting_word(r);
}

static uint32_t natural_size(struct rng *r, uint32_t type)
{
	switch (type) {
	case ObjType_RAM:
	case ObjType_Frame:
		if (chance(r, 5))
			return SECTION;
		return BASE_PAGE_SIZE << (chance(r, 70) ? 0 : below(r, 5));
	case ObjType_L1CNode: return OBJSIZE_L2CNODE * (chance(r, 90) ? 1 : 2);
	case ObjType_L2CNode: return OBJSIZE_L2CNODE;
	case ObjType_VNode_ARM_l1: return OBJSIZE_VNODE_ARM_L1;
	case ObjType_VNode_ARM_l2: return OBJSIZE_VNODE_ARM_L2;
	case ObjType_Dispatcher: return OBJSIZE_DISPATCHER;
	default: return 0;
	}
}

static uint32_t pick_size(struct rng *r, uint32_t type)
{
	return chance(r, 80) ? natural_size(r, type) : interesting_word(r);
}

static uint32_t pick_offset(struct rng *r)
{
	uint32_t x = below(r, 100);

	if (x < 30)
		return BASE_PAGE_SIZE * below(r, 16);
	if (x < 50)
		return OBJSIZE_L2CNODE * below(r, 16);
	if (x < 65)
		return 0;
	if (x < 80 && heap_bytes >= BASE_PAGE_SIZE)
		return BASE_PAGE_SIZE * below(r, heap_bytes / BASE_PAGE_SIZE);
	return interesting_word(r);
}

static uint32_t pick_count(struct rng *r)
{
	uint32_t x = below(r, 100);

	if (x < 75)
		return 1;
	if (x < 90)
		return 2 + below(r, 7);
	return interesting_word(r);
}

/* --- one step: a system call, and perhaps a memory touch before it --------------- */

struct step {
	uint32_t a[SYS_ARGS_WORDS];
	uint32_t touch; /* address to write and read back first, or 0 */
	uint32_t kind;	/* enum kfuzz_kind */
};

/* An invocation with all ten argument words (CNode retype takes ten). */
static void invoke10(struct step *s, struct cap c, uint32_t cmd, const uint32_t a[SYS_INVOKE_ARGS])
{
	s->a[0] = SYS_INVOKE;
	s->a[1] = c.addr;
	s->a[2] = INVOKE_WORD(c.level & 0xff, cmd);
	for (int i = 0; i < SYS_INVOKE_ARGS; i++)
		s->a[3 + i] = a[i];
}

static void invoke(struct step *s, struct cap c, uint32_t cmd, uint32_t a0, uint32_t a1,
		   uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t a7)
{
	invoke10(s, c, cmd, (const uint32_t[SYS_INVOKE_ARGS]){ a0, a1, a2, a3, a4, a5, a6, a7 });
}

static const struct cap root = { ROOT_ADDR, L2 };

/* The source root of a copy or mint: our own root mostly, else any word. */
static uint32_t pick_source_root(struct rng *r)
{
	return chance(r, 90) ? ROOT_ADDR : interesting_word(r);
}
static const struct cap vroot = { VROOT_ADDR, L2 };

/* Retype src at offset into count objects of type into slot of cnode. */
static void retype(struct step *s, struct cap src, uint32_t offset, uint32_t type, uint32_t size,
		   uint32_t count, struct cap cnode, uint32_t slot)
{
	invoke10(s, root, CNodeCmd_Retype,
		 (const uint32_t[SYS_INVOKE_ARGS]){ ROOT_ADDR, src.addr, src.level, offset, type,
						    size, count, cnode.addr, cnode.level, slot });
}

static void map(struct step *s, struct cap vnode, uint32_t entry, struct cap src, uint32_t flags,
		uint32_t offset, uint32_t count, struct cap cnode, uint32_t slot)
{
	invoke(s, vnode, VNodeCmd_Map, entry, src.addr, (src.level & 0xff) | flags << 8, offset,
	       count, cnode.addr, cnode.level, slot);
}

static void on_cap(struct step *s, uint32_t cmd, struct cap c)
{
	invoke(s, root, cmd, c.addr, c.level, 0, 0, 0, 0, 0, 0);
}

static uint32_t pick_map_flags(struct rng *r)
{
	uint32_t x = below(r, 100);

	if (x < 60)
		return MAP_FLAG_READ | MAP_FLAG_WRITE;
	if (x < 85)
		return below(r, 16);
	return rnd(r) & 0xffffffu;
}

static uint32_t pick_entry(struct rng *r, struct cap vnode)
{
	static const uint32_t l1_edges[] = { 0, 4, 2047, 2048, 4095, 4096, 0xffffffff, 0x7ff };
	static const uint32_t l2_edges[] = { 0, 255, 256, 0xffff, 0xffffffff, 128 };

	if (vnode.addr == VROOT_ADDR)
		return chance(r, 75) ? FUZZ_L1_ENTRY + below(r, FUZZ_L1_SPAN) : PICK(r, l1_edges);
	return chance(r, 75) ? below(r, 16) : PICK(r, l2_edges);
}

static uint32_t pick_touch(struct rng *r)
{
	uint32_t entry = FUZZ_L1_ENTRY + below(r, FUZZ_L1_SPAN);

	return FUZZ_VA(entry, below(r, 16)) + 4 * below(r, 1024);
}

static const uint32_t bad_pointers[] = { 0x80000000, 0x80010000, 0xfffffff0, 0xffffffff,
					 0x7ffffff0, 0xc0000000, 0x9fffff00 };

static void random_syscall(struct rng *r, struct step *s)
{
	static char buf[8];
	uint32_t x = below(r, 100);

	s->a[0] = SYS_YIELD;
	if (x < 20) {
		s->a[0] = SYS_YIELD;
	} else if (x < 25) {
		s->a[0] = SYS_REPLY_WAIT; /* holds no call: a wait, which returns at once */
	} else if (x < 40) {
		s->a[0] = SYS_CLOCK;
	} else if (x < 70) { /* never a readable buffer with a length that prints */
		s->a[0] = SYS_PRINT;
		if (chance(r, 60)) {
			s->a[1] = PICK(r, bad_pointers);
			s->a[2] = chance(r, 50) ? 1 + below(r, SYS_PRINT_MAX) : interesting_word(r);
		} else {
			s->a[1] = (uint32_t)buf;
			s->a[2] = chance(r, 30) ? 0 : SYS_PRINT_MAX + 1 + below(r, 1u << 20);
		}
	} else if (x < 99) {
		static const uint32_t numbers[] = { 0,		SYS_COUNT,  SYS_COUNT + 1,
						    0xffffffff, 0x80000001, 0x100 | SYS_INVOKE };
		s->a[0] = chance(r, 70) ? PICK(r, numbers) : rnd(r);
		if (s->a[0] >= SYS_INVOKE && s->a[0] < SYS_COUNT)
			s->a[0] = 0;
	} else {
		s->a[0] = SYS_EXIT;
		s->a[1] = interesting_word(r);
	}
	for (int i = 3; i < SYS_ARGS_WORDS; i++)
		s->a[i] = interesting_word(r);
}

/* One random call. */
static void random_step(struct rng *r, struct step *s)
{
	uint32_t x = below(r, 1000);
	struct cap c = pick_cap(r), d;

	if (x < 200) {
		uint32_t type = pick_type(r);
		struct cap src = chance(r, 50) ? (struct cap){ W(W_RAM_SLOT), L2 } : c;

		if (chance(r, 25))
			src = (struct cap){ HEAPRAM_ADDR, L2 };
		d = pick_cnode(r);
		retype(s, src, pick_offset(r), type, pick_size(r, type), pick_count(r), d,
		       pick_dest_slot(r, d));
		s->kind = KFUZZ_retype;
	} else if (x < 300) {
		d = pick_cnode(r);
		s->kind = KFUZZ_copy;
		if (chance(r, 50))
			invoke(s, root, CNodeCmd_Copy, d.addr, d.level, pick_dest_slot(r, d),
			       pick_source_root(r), c.addr, c.level, 0, 0);
		else
			s->kind = KFUZZ_mint,
			invoke(s, root, CNodeCmd_Mint, d.addr, d.level, pick_dest_slot(r, d),
			       pick_source_root(r), c.addr, c.level,
			       chance(r, 80) ? below(r, 32) : interesting_word(r), rnd(r));
	} else if (x < 400) {
		on_cap(s, CNodeCmd_Delete, c);
		s->kind = KFUZZ_delete;
	} else if (x < 450) {
		on_cap(s, CNodeCmd_Revoke, c);
		s->kind = KFUZZ_revoke;
	} else if (x < 500) {
		on_cap(s, CNodeCmd_Identify, c);
		s->kind = KFUZZ_identify;
	} else if (x < 530) {
		invoke(s, c, MemoryCmd_Identify, 0, 0, 0, 0, 0, 0, 0, 0);
		s->kind = KFUZZ_memory_identify;
	} else if (x < 700) {
		struct cap v = pick_vnode(r),
			   src = chance(r, 70) ? (struct cap){ W(small_slot(r)), L2 } : c;

		d = chance(r, 80) ? (struct cap){ W_CNODE, L1 } : pick_cnode(r);
		s->kind = KFUZZ_map;
		map(s, v, pick_entry(r, v), src, pick_map_flags(r),
		    chance(r, 70)
			? 0
			: (chance(r, 50) ? BASE_PAGE_SIZE * below(r, 16) : interesting_word(r)),
		    pick_count(r), d, small_slot(r));
	} else if (x < 780) {
		struct cap v = pick_vnode(r);

		invoke(s, v, VNodeCmd_Unmap, c.addr, c.level, 0, 0, 0, 0, 0, 0);
		s->kind = KFUZZ_unmap;
	} else if (x < 830) {
		struct cap disp = chance(r, 30) ? (struct cap){ DISP_ADDR, L2 } : c;
		struct cap frame = chance(r, 30) ? (struct cap){ DISPFRAME_ADDR, L2 } : pick_cap(r);
		struct cap cs = chance(r, 70) ? root : pick_cap(r);
		struct cap vs = chance(r, 70) ? vroot : pick_cap(r);
		uint32_t y = below(r, 3);

		s->kind = KFUZZ_dispatcher;
		if (y == 0)
			invoke(s, disp, DispatcherCmd_Setup, cs.addr, cs.level, vs.addr, vs.level,
			       frame.addr, frame.level, chance(r, 20), 0);
		else if (y == 1)
			invoke(s, disp, DispatcherCmd_Status, 0, 0, 0, 0, 0, 0, 0, 0);
		else
			invoke(s, disp, DispatcherCmd_Properties, interesting_word(r), 0, 0, 0, 0,
			       0, 0, 0);
	} else if (x < 850) { /* set up the work CNode and its RAM again, as at start-up */
		s->kind = KFUZZ_retype;
		if (chance(r, 50))
			retype(s, (struct cap){ HEAPRAM_ADDR, L2 }, 0, ObjType_L2CNode,
			       OBJSIZE_L2CNODE, 1, root, W_ROOT_SLOT + below(r, W_CNODES));
		else
			retype(s, (struct cap){ HEAPRAM_ADDR, L2 }, SECTION, ObjType_RAM,
			       heap_bytes - SECTION, 1, (struct cap){ W_CNODE, L1 }, W_RAM_SLOT);
	} else if (x < 920) { /* any command on anything */
		uint32_t cmd = chance(r, 80) ? below(r, 8) : interesting_word(r);

		s->kind = KFUZZ_any_command;
		invoke(s, c, cmd, interesting_word(r), interesting_word(r), interesting_word(r),
		       interesting_word(r), interesting_word(r), interesting_word(r),
		       interesting_word(r), interesting_word(r));
	} else {
		random_syscall(r, s);
		s->kind = KFUZZ_other_syscall;
	}
	if (below(r, 5000) == 0)
		s->touch = pick_touch(r);
}

/*
 * Did step k of the block starting at call `base` succeed, in this run of
 * the fuzzer?  Scenarios touch what they mapped only when the maps
 * worked, so that most touches find memory (a fault ends the run; the
 * invariant checks find entries that should have gone).
 */
static int prior_ok(uint32_t base, uint32_t k)
{
	const volatile struct kfuzz_call *t = &sh->trace[(base + k) % KFUZZ_TRACE];

	return base + k >= sh->start && t->index == base + k && t->ret[0] == SYS_ERR_OK;
}

/*
 * Scenarios: one per block.  R is the RAM they carve (W[255], or the heap
 * RAM itself, or a base page), o an offset in it; slots a..e of the work
 * CNode hold what they make.
 */
struct scenario {
	uint32_t kind;
	struct cap ram;
	uint32_t o, o2;
	uint32_t a, b, c, d, e;
	uint32_t entry, page, reuse_type, kill;
};

static void scenario_params(uint32_t seed, uint32_t block, struct scenario *p)
{
	struct rng r = { mix(seed * 0x85ebca6bu ^ mix(block ^ 0xb10c0000u)) };
	static const uint32_t reuse[] = {
		ObjType_L2CNode, ObjType_VNode_ARM_l2, ObjType_Frame,
		ObjType_L1CNode, ObjType_VNode_ARM_l1, ObjType_Dispatcher
	};

	p->kind = below(&r, 8); /* 0..4 scenarios, 5..7 random calls */
	p->ram = (struct cap){ W(W_RAM_SLOT), L2 };
	if (chance(&r, 15))
		p->ram = (struct cap){ HEAPRAM_ADDR, L2 };
	p->o = OBJSIZE_L2CNODE * below(&r, 8);
	p->o2 = p->o + OBJSIZE_L2CNODE * (1 + below(&r, 3));
	if (chance(&r, 20)) { /* reuse exactly, or overlap */
		p->o2 = p->o;
	}
	p->a = 1 + below(&r, 12);
	p->b = (p->a + 1 + below(&r, 3)) % 16;
	p->c = (p->b + 1 + below(&r, 3)) % 16;
	p->d = (p->c + 1 + below(&r, 3)) % 16;
	p->e = (p->d + 1 + below(&r, 3)) % 16;
	p->entry = FUZZ_L1_ENTRY + below(&r, FUZZ_L1_SPAN);
	p->page = below(&r, 16);
	p->reuse_type = PICK(&r, reuse);
	p->kill = below(&r, 6);
}

static struct cap w(uint32_t slot)
{
	return (struct cap){ W(slot), L2 };
}

static const struct cap wcn = { W_CNODE, L1 };

/* Page table reuse: table and frame from R, mapped, killed, R retyped anew, old caps used. */
static int scenario_table(const struct scenario *p, uint32_t base, uint32_t step, struct step *s)
{
	const uint32_t rw = MAP_FLAG_READ | MAP_FLAG_WRITE;

	switch (step) {
	case 0:
		retype(s, p->ram, p->o, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2, 1, wcn, p->a);
		return 1;
	case 1:
		retype(s, p->ram, p->o2 + BASE_PAGE_SIZE, ObjType_Frame, BASE_PAGE_SIZE, 1, wcn,
		       p->b);
		return 1;
	case 2: map(s, w(p->a), p->page, w(p->b), rw, 0, 1, wcn, p->c); return 1;
	case 3: map(s, vroot, p->entry, w(p->a), 0, 0, 1, wcn, p->d); return 1;
	case 4:
		if (prior_ok(base, 2) && prior_ok(base, 3))
			s->touch = FUZZ_VA(p->entry, p->page);
		invoke(s, w(p->b), MemoryCmd_Identify, 0, 0, 0, 0, 0, 0, 0, 0);
		return 1;
	case 5:
		switch (p->kill) {
		case 0: on_cap(s, CNodeCmd_Delete, w(p->a)); break;
		case 1: on_cap(s, CNodeCmd_Revoke, p->ram); break;
		case 2: on_cap(s, CNodeCmd_Delete, w(p->b)); break;
		case 3: on_cap(s, CNodeCmd_Revoke, w(p->b)); break;
		case 4: on_cap(s, CNodeCmd_Delete, w(p->d)); break;
		default: on_cap(s, CNodeCmd_Revoke, w(p->a)); break;
		}
		return 1;
	case 6:
		retype(s, p->ram, p->o, p->reuse_type,
		       natural_size(&(struct rng){ p->o }, p->reuse_type), 1, wcn, p->e);
		return 1;
	case 7:
		retype(s, p->ram, p->o2, ObjType_Frame, 4 * BASE_PAGE_SIZE, 1, wcn, p->e + 1);
		return 1;
	case 8:
		invoke(s, p->kill & 1 ? vroot : w(p->a), VNodeCmd_Unmap, W(p->c), L2, 0, 0, 0, 0, 0,
		       0);
		return 1;
	case 9: invoke(s, vroot, VNodeCmd_Unmap, W(p->d), L2, 0, 0, 0, 0, 0, 0); return 1;
	case 10:
		if (prior_ok(base, 2) && prior_ok(base, 3) && !prior_ok(base, 5))
			s->touch = FUZZ_VA(p->entry, p->page);
		on_cap(s, CNodeCmd_Identify, w(p->e));
		return 1;
	case 11: map(s, w(p->e), p->page, w(p->e + 1), rw, 0, 1, wcn, p->c); return 1;
	case 12: map(s, vroot, p->entry, w(p->e), 0, 0, 1, wcn, p->d); return 1;
	case 13:
		if (prior_ok(base, 11) && prior_ok(base, 12))
			s->touch = FUZZ_VA(p->entry, p->page);
		on_cap(s, CNodeCmd_Delete, w(p->c));
		return 1;
	case 14: on_cap(s, CNodeCmd_Revoke, p->ram); return 1;
	default: return 0;
	}
}

/* CNode reuse: a CNode from R holding capabilities, copied into the root, then R reused. */
static int scenario_cnode(const struct scenario *p, uint32_t base, uint32_t step, struct step *s)
{
	struct cap newcn = { W(p->a), L2 }; /* the new L2 CNode, named by its slot */
	struct cap alias = { CAPADDR(W_ROOT_SLOT + 1 + p->b % (W_CNODES - 1), 0), L1 };

	switch (step) {
	case 0: retype(s, p->ram, p->o, ObjType_L2CNode, OBJSIZE_L2CNODE, 1, wcn, p->a); return 1;
	case 1:
		invoke(s, root, CNodeCmd_Copy, ROOT_ADDR, L2, CAPADDR_L1(alias.addr), ROOT_ADDR,
		       W(p->a), L2, 0, 0);
		return 1;
	case 2:
		retype(s, p->ram, p->o2 + OBJSIZE_L2CNODE, ObjType_Frame, BASE_PAGE_SIZE, 2, newcn,
		       p->c);
		return 1;
	case 3:
		invoke(s, root, CNodeCmd_Copy, newcn.addr, L2, p->d, ROOT_ADDR, ROOT_ADDR, L2, 0,
		       0);
		return 1;
	case 4:
		map(s, vroot, p->entry, (struct cap){ alias.addr | p->c, L2 }, 0, 0, 1, wcn, p->e);
		return 1;
	case 5: /* a frame in the new CNode into a page table of ours */
		retype(s, p->ram, p->o2 + 2 * OBJSIZE_L2CNODE, ObjType_VNode_ARM_l2,
		       OBJSIZE_VNODE_ARM_L2, 1, wcn, p->b);
		return 1;
	case 6:
		map(s, w(p->b), p->page, (struct cap){ alias.addr | p->c, L2 },
		    MAP_FLAG_READ | MAP_FLAG_WRITE, 0, 1, newcn, p->e);
		return 1;
	case 7: map(s, vroot, p->entry, w(p->b), 0, 0, 1, wcn, p->e); return 1;
	case 8:
		if (prior_ok(base, 6) && prior_ok(base, 7))
			s->touch = FUZZ_VA(p->entry, p->page);
		on_cap(s, p->kill & 1 ? CNodeCmd_Delete : CNodeCmd_Revoke,
		       p->kill < 2 ? w(p->a) : p->ram);
		return 1;
	case 9: on_cap(s, CNodeCmd_Delete, (struct cap){ alias.addr, L1 }); return 1;
	case 10: retype(s, p->ram, p->o, p->reuse_type, OBJSIZE_L2CNODE, 1, wcn, p->a); return 1;
	case 11:
		if (prior_ok(base, 6) && prior_ok(base, 7) && !prior_ok(base, 8))
			s->touch = FUZZ_VA(p->entry, p->page);
		on_cap(s, CNodeCmd_Identify, (struct cap){ alias.addr | p->c, L2 });
		return 1;
	case 12: invoke(s, vroot, VNodeCmd_Unmap, W(p->e), L2, 0, 0, 0, 0, 0, 0); return 1;
	case 13: on_cap(s, CNodeCmd_Revoke, p->ram); return 1;
	default: return 0;
	}
}

/*
 * Dispatchers: made, given an EndPoint, set up (perhaps run), deleted,
 * memory reused; then a piece of the server taken away, and a call to it.
 */
static int scenario_dispatcher(const struct scenario *p, uint32_t base, uint32_t step,
			       struct step *s)
{
	(void)base;
	struct cap frame =
	    chance(&(struct rng){ p->o2 }, 50) ? w(p->c) : (struct cap){ DISPFRAME_ADDR, L2 };

	switch (step) {
	case 0:
		retype(s, p->ram, p->o, ObjType_Dispatcher, OBJSIZE_DISPATCHER, 1, wcn, p->a);
		return 1;
	case 1: retype(s, w(p->a), 0, ObjType_EndPoint, 0, 1, wcn, p->b); return 1;
	case 2:
		invoke(s, root, CNodeCmd_Mint, W_CNODE, L1, p->d, ROOT_ADDR, W(p->b), L2,
		       CAPRIGHTS_GRANT, p->entry);
		return 1;
	case 3:
		retype(s, p->ram, p->o2 + BASE_PAGE_SIZE, ObjType_Frame, BASE_PAGE_SIZE, 1, wcn,
		       p->c);
		return 1;
	case 4:
		invoke(s, w(p->a), DispatcherCmd_Setup, ROOT_ADDR, L2, VROOT_ADDR, L2, frame.addr,
		       frame.level, p->kill == 0 && frame.addr != DISPFRAME_ADDR, 0);
		return 1;
	case 5: invoke(s, w(p->a), DispatcherCmd_Status, 0, 0, 0, 0, 0, 0, 0, 0); return 1;
	case 6: invoke(s, w(p->a), DispatcherCmd_Properties, 1, 0, 0, 0, 0, 0, 0, 0); return 1;
	case 7:
		on_cap(s, p->kill & 1 ? CNodeCmd_Delete : CNodeCmd_Revoke,
		       p->kill < 3 ? w(p->a) : p->ram);
		return 1;
	case 8:
		retype(s, p->ram, p->o, p->reuse_type,
		       natural_size(&(struct rng){ p->o }, p->reuse_type), 1, wcn, p->e);
		return 1;
	case 9: invoke(s, w(p->b), DispatcherCmd_Status, 0, 0, 0, 0, 0, 0, 0, 0); return 1;
	case 10: invoke(s, w(p->a), DispatcherCmd_Status, 0, 0, 0, 0, 0, 0, 0, 0); return 1;
	case 11: on_cap(s, CNodeCmd_Delete, w(p->c)); return 1;
	case 12: on_cap(s, CNodeCmd_Identify, w(p->d)); return 1;
	case 13: on_cap(s, CNodeCmd_Revoke, p->ram); return 1;
	case 14: /* the server loses a piece: its table, frame, dispatcher, EndPoint, mappings */
		on_cap(s, p->kill & 1 ? CNodeCmd_Delete : CNodeCmd_Revoke,
		       w(SRV_TABLE + p->o2 % SRV_SLOTS));
		return 1;
	case 15: /* and is called */
		invoke10(
		    s, w(SRV_EP), EndPointCmd_Call,
		    (const uint32_t[SYS_INVOKE_ARGS]){ p->page % 5, 0, step, p->o, p->o2, p->a });
		return 1;
	default: return 0;
	}
}

/*
 * Message passing: an LMP frame of our own, an EndPoint minted from SELFEP
 * with a buffer in it, sends that carry capabilities (the frame itself,
 * moved), a blocking yield, the frame or its RAM taken away and reused,
 * and the old EndPoint used again; a call on it (never taken: we run) or
 * to the server (taken, while it lives), and a reply-and-wait that holds
 * no call.
 */
static int scenario_lmp(const struct scenario *p, uint32_t base, uint32_t step, struct step *s)
{
	const struct cap disp = { DISP_ADDR, L2 };
	uint32_t buflen = p->page % 2 ? LMP_BUF_MIN_WORDS : LMP_BUF_MIN_WORDS * (1 + p->page % 4);
	uint32_t offset = p->o2 % 5 == 4 ? BASE_PAGE_SIZE - 64 : (p->o2 % 4) * 256;
	uint32_t cap_flags = p->kill % 2 ? LMP_SEND_CAP_LEVEL(L2) : 0;

	(void)base;
	if (p->kill == 3)
		cap_flags |= LMP_SEND_MOVE;
	switch (step) {
	case 0:
		retype(s, p->ram, p->o2 + BASE_PAGE_SIZE, ObjType_Frame, BASE_PAGE_SIZE, 1, wcn,
		       p->c);
		return 1;
	case 1: invoke(s, disp, DispatcherCmd_LmpFrame, W(p->c), L2, 0, 0, 0, 0, 0, 0); return 1;
	case 2:
		invoke10(s, root, CNodeCmd_Mint,
			 (const uint32_t[SYS_INVOKE_ARGS]){
			     W_CNODE, L1, p->d, ROOT_ADDR, SELFEP_ADDR, L2,
			     p->kill == 5 ? CAPRIGHTS_REVOKE : CAPRIGHTS_ALLRIGHTS, p->entry,
			     offset, buflen });
		return 1;
	case 3:
	case 4:
	case 5:
		invoke10(s, w(p->d), EndPointCmd_Send,
			 (const uint32_t[SYS_INVOKE_ARGS]){
			     LMP_SEND_LENGTH(p->page % (LMP_MSG_WORDS + 1)) | cap_flags |
				 (step == 5 ? LMP_SEND_YIELD : 0),
			     step == 4 ? W(p->c) : W(p->a), step, p->o, p->o2, p->a, p->b });
		return 1;
	case 6:
		s->a[0] = SYS_YIELD;
		s->a[1] = SYS_YIELD_BLOCK;
		return 1;
	case 7:
		on_cap(s, p->kill & 1 ? CNodeCmd_Delete : CNodeCmd_Revoke,
		       p->kill < 4 ? w(p->c) : p->ram);
		return 1;
	case 8:
	case 10:
		invoke10(s, w(p->d), EndPointCmd_Send,
			 (const uint32_t[SYS_INVOKE_ARGS]){ LMP_SEND_LENGTH(2) | cap_flags, W(p->b),
							    step, p->e });
		return 1;
	case 9:
		retype(s, p->ram, p->o2 + BASE_PAGE_SIZE, p->reuse_type,
		       natural_size(&(struct rng){ p->o }, p->reuse_type), 1, wcn, p->e);
		return 1;
	case 11:
		invoke10(s, w(p->d), EndPointCmd_Identify, (const uint32_t[SYS_INVOKE_ARGS]){ 0 });
		return 1;
	case 12: invoke(s, disp, DispatcherCmd_LmpFrame, 0, 0, 0, 0, 0, 0, 0, 0); return 1;
	case 13: on_cap(s, CNodeCmd_Revoke, p->ram); return 1;
	case 14: /* a call: to the server, or to ourselves, who run; the flags as they come */
		invoke10(s, p->kill % 2 ? w(SRV_EP) : w(p->d), EndPointCmd_Call,
			 (const uint32_t[SYS_INVOKE_ARGS]){ p->kill % 3 ? p->page % 7 : p->o, 0,
							    step, p->o, p->o2, p->a });
		return 1;
	case 15: /* a reply with nobody to take it, then a wait that returns at once */
		s->a[0] = SYS_REPLY_WAIT;
		for (int k = 1; k <= LMP_CALL_WORDS; k++)
			s->a[k] = p->o2 + (uint32_t)k;
		return 1;
	default: return 0;
	}
}

/* A second L1 table: L2 tables and sections in it, the L1 dies, the L2 moves on. */
static int scenario_l1(const struct scenario *p, uint32_t base, uint32_t step, struct step *s)
{
	const uint32_t rw = MAP_FLAG_READ | MAP_FLAG_WRITE;
	uint32_t l1_off = p->o & ~(OBJSIZE_VNODE_ARM_L1 - 1);

	switch (step) {
	case 0:
		retype(s, p->ram, l1_off, ObjType_VNode_ARM_l1, OBJSIZE_VNODE_ARM_L1, 1, wcn, p->a);
		return 1;
	case 1:
		retype(s, p->ram, p->o2 + OBJSIZE_L2CNODE, ObjType_VNode_ARM_l2,
		       OBJSIZE_VNODE_ARM_L2, 2, wcn, p->b);
		return 1;
	case 2: map(s, w(p->a), p->entry, w(p->b), 0, 0, 1, wcn, p->c); return 1;
	case 3:
		retype(s, p->ram, SECTION * (1 + p->page % 2), ObjType_Frame, SECTION, 1, wcn,
		       p->d);
		return 1;
	case 4: map(s, w(p->a), p->entry + 1, w(p->d), rw, 0, 1, wcn, p->e); return 1;
	case 5:
		map(s, w(p->b), p->page, w(p->d), rw, BASE_PAGE_SIZE * p->page, 1, wcn, p->e + 1);
		return 1;
	case 6: map(s, vroot, p->entry, w(p->b), 0, 0, 1, wcn, p->e + 2); return 1;
	case 7: map(s, vroot, p->entry + 1, w(p->d), rw, 0, 1, wcn, p->e + 3); return 1;
	case 8:
		if (prior_ok(base, 5) && prior_ok(base, 6))
			s->touch = FUZZ_VA(p->entry, p->page);
		on_cap(s, CNodeCmd_Delete, w(p->a));
		return 1;
	case 9: map(s, w(p->b + 1), 0, w(p->d), rw, 0, 1, wcn, p->c); return 1;
	case 10:
		retype(s, p->ram, l1_off, p->reuse_type,
		       natural_size(&(struct rng){ p->o }, p->reuse_type), 1, wcn, p->a);
		return 1;
	case 11:
		if (prior_ok(base, 7))
			s->touch = FUZZ_VA(p->entry + 1, p->page);
		on_cap(s, p->kill & 1 ? CNodeCmd_Revoke : CNodeCmd_Delete, w(p->d));
		return 1;
	case 12: invoke(s, vroot, VNodeCmd_Unmap, W(p->e + 2), L2, 0, 0, 0, 0, 0, 0); return 1;
	case 13: on_cap(s, CNodeCmd_Revoke, p->ram); return 1;
	default: return 0;
	}
}

/* Call i of the stream of seed. */
static void make_step(uint32_t seed, uint32_t i, struct step *s)
{
	struct rng r = { mix(seed ^ mix(i + 0x5eed1234u)) };
	struct scenario p;
	int made = 0;

	*s = (struct step){ { 0 }, 0, 0 };
	scenario_params(seed, i / BLOCK, &p);
	switch (p.kind) {
	case 0: made = scenario_table(&p, i - i % BLOCK, i % BLOCK, s); break;
	case 1: made = scenario_cnode(&p, i - i % BLOCK, i % BLOCK, s); break;
	case 2: made = scenario_dispatcher(&p, i - i % BLOCK, i % BLOCK, s); break;
	case 3: made = scenario_l1(&p, i - i % BLOCK, i % BLOCK, s); break;
	case 4: made = scenario_lmp(&p, i - i % BLOCK, i % BLOCK, s); break;
	default: break;
	}
	if (!made) {
		random_step(&r, s);
		return;
	}
	if (p.kind == 4)
		s->kind = KFUZZ_scenario_lmp;
	else if ((s->a[2] >> 8) == CNodeCmd_Retype && s->a[1] == ROOT_ADDR)
		s->kind = KFUZZ_scenario_retype;
	else if ((s->a[2] >> 8) == VNodeCmd_Map && s->a[1] != ROOT_ADDR)
		s->kind = KFUZZ_scenario_map;
	else
		s->kind = KFUZZ_scenario_other;
	/* A scenario step, now and then with one argument word made interesting. */
	if (chance(&r, 10))
		s->a[1 + below(&r, 10)] = interesting_word(&r);
}

/* --- running ------------------------------------------------------------------ */

static uint32_t parse_u32(const char *s)
{
	return (uint32_t)strtoul(s, NULL, 0);
}

static void say(const char *msg)
{
	uint32_t n = 0;

	while (msg[n])
		n++;
	sys_print(msg, n);
}

static struct sysret call(const uint32_t a[SYS_ARGS_WORDS])
{
	struct sysret ret;

	syscall_raw(a, &ret);
	return ret;
}

static struct sysret extra_invoke10(struct cap c, uint32_t cmd, const uint32_t a[SYS_INVOKE_ARGS])
{
	struct step s;

	invoke10(&s, c, cmd, a);
	sh->extra_calls++;
	return call(s.a);
}

static struct sysret extra_invoke(struct cap c, uint32_t cmd, uint32_t a0, uint32_t a1, uint32_t a2,
				  uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t a7)
{
	return extra_invoke10(c, cmd,
			      (const uint32_t[SYS_INVOKE_ARGS]){ a0, a1, a2, a3, a4, a5, a6, a7 });
}

/* The server's only code: SYS_REPLY_WAIT for ever, each reply what its last wait returned. */
static void __attribute__((naked, noreturn)) server_loop(void)
{
	_Static_assert(SYS_REPLY_WAIT == 7, "server_loop's call number");
	__asm__("1:	mov	r0, #7\n"
		"	svc	#0\n"
		"	b	1b\n");
}

/* One object of `type` from src at offset, into the work CNode's `slot`. */
static errval_t extra_retype(struct cap src, uint32_t offset, uint32_t type, uint32_t size,
			     uint32_t slot)
{
	return (errval_t)extra_invoke10(
		   root, CNodeCmd_Retype,
		   (const uint32_t[SYS_INVOKE_ARGS]){ ROOT_ADDR, src.addr, src.level, offset, type,
						      size, 1, W_CNODE, L1, slot })
	    .error;
}

static errval_t extra_map(struct cap table, uint32_t entry, struct cap src, uint32_t flags,
			  uint32_t slot)
{
	return (errval_t)extra_invoke(table, VNodeCmd_Map, entry, src.addr,
				      (src.level & 0xff) | flags << 8, 0, 1, W_CNODE, L1, slot)
	    .error;
}

/*
 * The server, made again if it is gone or has exited: steps call it (so
 * that calls are taken and answered) and take its pieces away under it.
 * Nothing here is a step: what it costs counts as extra calls.
 */
static void make_server(void)
{
	const struct cap heap = { HEAPRAM_ADDR, L2 };
	struct dispatcher_frame *f = (struct dispatcher_frame *)SERVER_VA;
	struct sysret st = extra_invoke(w(SRV_DISP), DispatcherCmd_Status, 0, 0, 0, 0, 0, 0, 0, 0);

	if (st.error == SYS_ERR_OK && st.value[0] != DISPATCHER_STATE_EXITED)
		return;
	for (uint32_t k = 0; k < SRV_SLOTS; k++)
		extra_invoke(root, CNodeCmd_Delete, W(SRV_TABLE + k), L2, 0, 0, 0, 0, 0, 0);
	if (heap_bytes <= SECTION ||
	    extra_retype(heap, SERVER_RAM, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2, SRV_TABLE) ||
	    extra_retype(heap, SERVER_RAM + BASE_PAGE_SIZE, ObjType_Frame, BASE_PAGE_SIZE,
			 SRV_FRAME) ||
	    extra_retype(heap, SERVER_RAM + 2 * BASE_PAGE_SIZE, ObjType_Dispatcher,
			 OBJSIZE_DISPATCHER, SRV_DISP) ||
	    extra_retype(w(SRV_DISP), 0, ObjType_EndPoint, 0, SRV_EP) ||
	    extra_map(vroot, SERVER_L1_ENTRY, w(SRV_TABLE), 0, SRV_TABLE_MAP) ||
	    extra_map(w(SRV_TABLE), 0, w(SRV_FRAME), MAP_FLAG_READ | MAP_FLAG_WRITE, SRV_FRAME_MAP))
		return; /* not now: the next look tries again */
	/* A fresh frame is zero: it starts disabled, at server_loop, and needs no stack. */
	f->shared.udisp = SERVER_VA;
	f->shared.disabled = 1;
	f->shared.fpu_trap = 1;
	memcpy(f->shared.name, "kfserver", 9);
	arch_dispatcher_initial_state(&f->disabled_area, (uint32_t)server_loop, 0, 0, 0);
	extra_invoke(w(SRV_DISP), DispatcherCmd_Setup, ROOT_ADDR, L2, VROOT_ADDR, L2, W(SRV_FRAME),
		     L2, 1, 0);
	sys_yield(); /* it runs, and waits for calls */
}

/* The work CNode (root slot 12, from the first 16 KiB of the heap RAM) and W[255]. */
static void setup(void)
{
	struct cap heap = { HEAPRAM_ADDR, L2 };

	extra_invoke10(root, CNodeCmd_Retype,
		       (const uint32_t[SYS_INVOKE_ARGS]){ ROOT_ADDR, heap.addr, heap.level, 0,
							  ObjType_L2CNode, OBJSIZE_L2CNODE, 1,
							  ROOT_ADDR, L2, W_ROOT_SLOT });
	if (heap_bytes > SECTION)
		extra_retype(heap, SECTION, ObjType_RAM, heap_bytes - SECTION, W_RAM_SLOT);
	make_server();
}

/*
 * Every KEEP_USEFUL calls: make the work CNode and its RAM again if they
 * are gone; if even that fails (the fuzzer lost its root CNode, its task
 * CNode or its RAM), exit, and the driver starts a fresh fuzzer.
 */
static void keep_useful(void)
{
	struct sysret id;

	setup();
	id = extra_invoke(root, CNodeCmd_Identify, W_CNODE, L1, 0, 0, 0, 0, 0, 0);
	if (id.error != SYS_ERR_OK || (id.value[0] & 0xff) != ObjType_L2CNode)
		sys_exit(KFUZZ_EXIT_LOST);
}

static void touch(uint32_t addr)
{
	volatile uint32_t *p = (volatile uint32_t *)addr;

	*p = addr;
	if (*p != addr)
		sys_exit(KFUZZ_EXIT_MISREAD);
}

/*
 * Regressions: fixed sequences for what the fuzzer once found
 * (docs/reliability.md), run by the driver before it fuzzes.
 */
static int regression(const char *name)
{
	struct step s;

	if (strcmp(name, "self-cycle-revoke") == 0) {
		/*
		 * Its task CNode into a slot of itself, and a revoke through that
		 * copy: when the child held its L2 CNodes with the revoke right,
		 * this deleted init's copy and left the CNode alive, reachable
		 * only from itself, in RAM init then gave out again.
		 */
		invoke(&s, root, CNodeCmd_Copy, CAPADDR(ROOTCN_SLOT_TASKCN, 0), L1,
		       TASKCN_FIRST_FREE_SLOT, ROOT_ADDR, CAPADDR(ROOTCN_SLOT_TASKCN, 0), L1, 0, 0);
		if (call(s.a).error != SYS_ERR_OK)
			return 1;
		on_cap(&s, CNodeCmd_Revoke,
		       (struct cap){ CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_FIRST_FREE_SLOT), L2 });
		call(s.a);
		on_cap(&s, CNodeCmd_Delete, (struct cap){ CAPADDR(ROOTCN_SLOT_TASKCN, 0), L1 });
		call(s.a);
		return 0;
	}
	return 2;
}

int main(int argc, char **argv)
{
	const struct spawn_domain_params *params;
	uint32_t seed, start, end;

	if (argc == 3 && strcmp(argv[1], "regress") == 0)
		sys_exit(regression(argv[2]));
	if (argc != 4) {
		say("kfuzz: usage: kfuzz SEED START END | kfuzz regress NAME\n");
		return 2;
	}
	seed = parse_u32(argv[1]);
	start = parse_u32(argv[2]);
	end = parse_u32(argv[3]);
	/* The arguments page holds argv: its first bytes are the spawn parameters. */
	params = (const struct spawn_domain_params *)((uint32_t)argv & ~(BASE_PAGE_SIZE - 1));
	heap_bytes = params->heap_ram_bytes;
	sh = (volatile struct kfuzz_shared *)((uint32_t)params + KFUZZ_SHARED_OFFSET);
	sh->seed = seed;
	sh->start = start;
	sh->end = end;
	sh->started = start;
	sh->finished = start;
	sh->extra_calls = 0;
	sh->done = 0;
	for (int k = 0; k < KFUZZ_NKINDS; k++)
		sh->calls[k] = sh->ok[k] = 0;
	for (int k = 0; k < KFUZZ_RESULTS; k++)
		sh->results[k] = 0;
	sh->magic = KFUZZ_MAGIC;
	setup();
	for (uint32_t i = start; i < end; i++) {
		volatile struct kfuzz_call *t = &sh->trace[i % KFUZZ_TRACE];
		struct sysret ret;
		struct step s;

		if (i % KEEP_USEFUL == 0 && i != start)
			keep_useful();
		make_step(seed, i, &s);
		t->index = i;
		for (int k = 0; k < SYS_ARGS_WORDS; k++)
			t->args[k] = s.a[k];
		t->ret[0] = KFUZZ_IN_FLIGHT;
		t->touch = s.touch;
		sh->started = i + 1;
		if (s.touch)
			touch(s.touch);
		/*
		 * A blocking yield would wait for ever (nothing sends to us): claim
		 * to have seen a count of deliveries the kernel's never reaches in a
		 * run, so that it returns at once.  Not the frame's own count + 1:
		 * another dispatcher set up on our frame rewrites that copy.
		 */
		if ((s.a[0] == SYS_YIELD && (s.a[1] & SYS_YIELD_BLOCK)) || s.a[0] == SYS_REPLY_WAIT)
			disp_frame_of_self()->generic.lmp_seen = KFUZZ_NEVER_SEEN;
		ret = call(s.a);
		t->ret[0] = ret.error;
		sh->calls[s.kind]++;
		sh->results[ret.error < KFUZZ_RESULTS ? ret.error : KFUZZ_RESULTS - 1]++;
		if (ret.error == SYS_ERR_OK)
			sh->ok[s.kind]++;
		for (int k = 0; k < 4; k++)
			t->ret[k + 1] = ret.value[k];
		sh->finished = i + 1;
	}
	sh->done = 1;
	sys_exit(0);
}
