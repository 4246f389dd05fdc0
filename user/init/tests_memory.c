/*
 * In-system tests of memory management: the RAM allocator, the paging
 * library (many alloc/map/unmap cycles that must lose nothing, a foreign
 * VSpace, faults after unmap, read-only mappings, stack guards) and malloc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <paging.h>
#include <slot_alloc.h>

#include "helper.h"
#include "mem.h"
#include "slab.h"
#include "snapshot.h"
#include "tests.h"

#define CYCLES 6000
#define LIVE   16

size_t morecore_backed_bytes(void);

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static void test_ram_alloc_free_coalesce(void)
{
	struct capref caps[8];
	uint32_t free_before = init_mm.free_bytes, blocks_before = init_mm.nfree;
	struct capability_identity id;

	for (int i = 0; i < 8; i++)
		EXPECT_OK(ram_alloc_aligned(&caps[i], (uint32_t)(i + 1) * 4 * KiB,
					    i == 3 ? 16 * KiB : 4 * KiB));
	EXPECT_OK(cap_identify(caps[3], &id));
	EXPECT(id.type == ObjType_RAM && id.base % (16 * KiB) == 0 && id.bytes == 16 * KiB);
	/* Free in an order that needs merging on both sides. */
	for (int i = 0; i < 8; i += 2)
		EXPECT_OK(ram_free(caps[i]));
	for (int i = 1; i < 8; i += 2)
		EXPECT_OK(ram_free(caps[i]));
	for (int i = 0; i < 8; i++)
		slot_free(caps[i]);
	EXPECT(init_mm.free_bytes == free_before);
	EXPECT(init_mm.nfree == blocks_before);
	EXPECT_ERR(ram_free(caps[0]), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(ram_alloc_aligned(&caps[0], 4 * KiB, 3 * KiB), MM_ERR_BAD_REQUEST);
}

/*
 * The RAM allocator retypes the object asked for straight from its RAM and
 * says where: a frame leaves no RAM capability behind, a page table's
 * identity comes from the allocator as cap_identify would give it, and a
 * request the allocator or the kernel refuses (an object too big or too
 * small for its block, a bad alignment, a type RAM cannot become) leaves
 * the slot empty and the RAM free.
 */
static void test_ram_objects_made_directly(void)
{
	struct snapshot before, made, after;
	struct capability_identity told, asked;
	struct capref frame, table, slot;
	uint32_t free_ram;
	const struct ram_request too_big = { ObjType_Frame, 2 * BASE_PAGE_SIZE, BASE_PAGE_SIZE,
					     BASE_PAGE_SIZE };
	/* A request the allocator takes and the kernel refuses (an EndPoint comes from a
	 * dispatcher, never from RAM). */
	const struct ram_request not_from_ram = { ObjType_EndPoint, BASE_PAGE_SIZE, BASE_PAGE_SIZE,
						  BASE_PAGE_SIZE };
	errval_t err;
	const struct ram_request bad_alignment = { ObjType_Frame, BASE_PAGE_SIZE, BASE_PAGE_SIZE,
						   3 * BASE_PAGE_SIZE };
	const struct ram_request too_small = { ObjType_Frame, BASE_PAGE_SIZE, 2 * BASE_PAGE_SIZE,
					       BASE_PAGE_SIZE };
	const struct ram_request page = { ObjType_Frame, BASE_PAGE_SIZE, BASE_PAGE_SIZE,
					  BASE_PAGE_SIZE };
	uint32_t base = 0;

	EXPECT_OK(slot_alloc(&slot)); /* before the snapshot: a refill would change it */
	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(frame_alloc(&frame, BASE_PAGE_SIZE, NULL));
	EXPECT_OK(slot_alloc(&table));
	EXPECT_OK(vnode_create_identified(table, ObjType_VNode_ARM_l2, &told));
	EXPECT_OK(cap_identify(table, &asked));
	EXPECT(told.type == asked.type && told.base == asked.base && told.bytes == asked.bytes &&
	       told.rights == asked.rights && told.badge == asked.badge);
	EXPECT_OK(take_snapshot(&made));
	EXPECT(made.caps[ObjType_RAM] == before.caps[ObjType_RAM]);
	EXPECT(made.caps[ObjType_Frame] == before.caps[ObjType_Frame] + 1);
	EXPECT(made.caps[ObjType_VNode_ARM_l2] == before.caps[ObjType_VNode_ARM_l2] + 1);
	EXPECT(made.free_ram == before.free_ram - 2 * BASE_PAGE_SIZE);
	/* Refusals, by the allocator and by the kernel: nothing made, nothing taken. */
	free_ram = init_mm.free_bytes;
	EXPECT_ERR(mm_alloc_object(&init_mm, slot, &too_big, NULL), MM_ERR_BAD_REQUEST);
	EXPECT_ERR(mm_alloc_object(&init_mm, slot, &bad_alignment, NULL), MM_ERR_BAD_REQUEST);
	EXPECT_ERR(mm_alloc_object(&init_mm, slot, &too_small, NULL), MM_ERR_BAD_REQUEST);
	EXPECT_ERR(ram_alloc_aligned(&table, 0, BASE_PAGE_SIZE), MM_ERR_BAD_REQUEST);
	err = mm_alloc_object(&init_mm, slot, &not_from_ram, NULL);
	EXPECT(err_is_fail(err) && err != MM_ERR_BAD_REQUEST && err != MM_ERR_OUT_OF_MEMORY);
	EXPECT_ERR(cap_identify(slot, &asked), SYS_ERR_CAP_NOT_FOUND);
	EXPECT(init_mm.free_bytes == free_ram);
	/* The base the allocator says is where the kernel put the object. */
	EXPECT_OK(mm_alloc_object(&init_mm, slot, &page, &base));
	EXPECT_OK(cap_identify(slot, &asked));
	EXPECT(asked.type == ObjType_Frame && asked.base == base && asked.bytes == BASE_PAGE_SIZE);
	EXPECT_OK(ram_free(slot));
	EXPECT_OK(ram_give_back(table, &told));
	EXPECT_OK(frame_free(frame));
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
	slot_free(slot);
}

/* ram_free takes the copies with it, so the block is really free when it is handed out again. */
static void test_ram_free_revokes_copies(void)
{
	struct capref ram, copy, again;
	struct capability_identity id, id_again;

	EXPECT_OK(ram_alloc(&ram, 4 * KiB));
	EXPECT_OK(cap_identify(ram, &id));
	EXPECT_OK(slot_alloc(&copy));
	EXPECT_OK(cap_copy(copy, ram));
	EXPECT_OK(ram_free(ram));
	EXPECT_ERR(cap_identify(copy, &id_again), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_OK(ram_alloc(&again, 4 * KiB));
	EXPECT_OK(cap_identify(again, &id_again));
	EXPECT(id_again.base == id.base); /* first fit: the same block, usable */
	EXPECT_OK(ram_free(again));
	slot_free(ram);
	slot_free(copy);
	slot_free(again);
}

/* Several large mappings alive at once: the slab grows as much as they need. */
static void test_several_large_maps(void)
{
	enum { N = 3 };
	struct paging_state *st = get_current_paging_state();
	struct capref frames[N];
	uint32_t *bufs[N];

	for (int i = 0; i < N; i++) {
		EXPECT_OK(frame_alloc(&frames[i], 32 * MiB, NULL));
		EXPECT_OK(paging_map_frame(st, (void **)&bufs[i], 32 * MiB, frames[i]));
		for (uint32_t w = 0; w < 32 * MiB / 4; w += 1024)
			bufs[i][w] = w ^ (uint32_t)i;
	}
	for (int i = 0; i < N; i++) {
		for (uint32_t w = 0; w < 32 * MiB / 4; w += 1024)
			EXPECT(bufs[i][w] == (w ^ (uint32_t)i));
		EXPECT_OK(paging_unmap(st, bufs[i]));
		EXPECT_OK(frame_free(frames[i]));
	}
}

static void test_out_of_memory(void)
{
	struct capref caps[64], frame;
	uint32_t n = 0, free_before = init_mm.free_bytes;
	void *buf;
	errval_t err;

	EXPECT_ERR(frame_alloc(&frame, 1024 * MiB, NULL), MM_ERR_OUT_OF_MEMORY);
	/* Take every 16 MiB block there is, then one more. */
	while (n < 64 && err_is_ok(err = ram_alloc(&caps[n], 16 * MiB)))
		n++;
	EXPECT(n > 0 && n < 64);
	EXPECT_ERR(err, MM_ERR_OUT_OF_MEMORY);
	printf("  %u blocks of 16 MiB, then out of memory\n", (unsigned)n);
	for (uint32_t i = 0; i < n; i++) {
		EXPECT_OK(ram_free(caps[i]));
		slot_free(caps[i]);
	}
	EXPECT(init_mm.free_bytes == free_before);
	EXPECT_ERR(paging_alloc(get_current_paging_state(), &buf, 0x7f000000u, BASE_PAGE_SIZE),
		   PAGING_ERR_NO_SPACE);
	EXPECT(malloc(600 * MiB) == NULL);
}

/* Random paging_alloc/map/unmap cycles with up to LIVE regions alive: nothing may leak. */
static void test_paging_cycles_lose_nothing(void)
{
	struct paging_state *st = get_current_paging_state();
	struct {
		void *buf;
		struct capref frame;
		uint32_t bytes;
		bool mapped;
	} live[LIVE] = { { 0 } };
	struct snapshot before, after;
	uint32_t maps = 0, allocs = 0;

	EXPECT_OK(take_snapshot(&before));
	for (int i = 0; i < CYCLES; i++) {
		uint32_t k = rng() % LIVE;
		if (live[k].buf) {
			EXPECT_OK(paging_unmap(st, live[k].buf));
			if (live[k].mapped)
				EXPECT_OK(frame_free(live[k].frame));
			live[k].buf = NULL;
			continue;
		}
		live[k].bytes =
		    (1 + rng() % 300) * BASE_PAGE_SIZE; /* up to 1.2 MiB: 1 to 3 L2 tables */
		live[k].mapped = rng() % 4 != 0;
		if (!live[k].mapped) {
			uint32_t alignment = BASE_PAGE_SIZE << (rng() % 8);

			EXPECT_OK(paging_alloc(st, &live[k].buf, live[k].bytes, alignment));
			EXPECT((uint32_t)live[k].buf % alignment == 0);
			allocs++;
			continue;
		}
		EXPECT_OK(frame_alloc(&live[k].frame, live[k].bytes, NULL));
		EXPECT_OK(paging_map_frame_attr(st, &live[k].buf, live[k].bytes, live[k].frame,
						VREGION_FLAGS_READ_WRITE));
		volatile uint32_t *p = live[k].buf;
		p[0] = (uint32_t)i;
		p[live[k].bytes / 4 - 1] = (uint32_t)~i;
		EXPECT(p[0] == (uint32_t)i && p[live[k].bytes / 4 - 1] == (uint32_t)~i);
		maps++;
	}
	for (int k = 0; k < LIVE; k++) {
		if (!live[k].buf)
			continue;
		EXPECT_OK(paging_unmap(st, live[k].buf));
		if (live[k].mapped)
			EXPECT_OK(frame_free(live[k].frame));
	}
	EXPECT_OK(take_snapshot(&after));
	printf("  %u maps and %u bare allocations in %d steps\n", (unsigned)maps, (unsigned)allocs,
	       CYCLES);
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

static int read_word(uint32_t addr)
{
	return (int)*(volatile uint32_t *)addr;
}

static int write_word(uint32_t addr)
{
	*(volatile uint32_t *)addr = 1;
	return 0;
}

/* Run fn(arg) in a helper; it must fault. */
static bool helper_faults(const char *name, helper_fn fn, uint32_t arg)
{
	struct helper h;
	int32_t status;

	if (err_is_fail(helper_start(&h, name, fn, arg)))
		return false;
	status = helper_wait(&h);
	helper_destroy(&h);
	return status == EXIT_STATUS_FAULT;
}

struct probe {
	volatile uint32_t go;
	uint32_t addr;
};

/* Wait for the go, then read the address. */
static int read_when_told(uint32_t arg)
{
	struct probe *p = (struct probe *)arg;

	while (!p->go)
		;
	return read_word(p->addr);
}

static void test_access_after_unmap_faults(void)
{
	struct paging_state *st = get_current_paging_state();
	static struct probe probe;
	struct capref frame;
	struct helper h;
	uint32_t *buf;

	EXPECT_OK(frame_alloc(&frame, 8 * KiB, NULL));
	EXPECT_OK(paging_map_frame(st, (void **)&buf, 8 * KiB, frame));
	buf[0] = 0x600dcafe;
	/* The helper starts first, so that its own frame and stack cannot reuse buf's range. */
	probe.go = 0;
	probe.addr = (uint32_t)buf;
	EXPECT_OK(helper_start(&h, "after-unmap", read_when_told, (uint32_t)&probe));
	EXPECT(read_word((uint32_t)buf) == 0x600dcafe);
	EXPECT_OK(paging_unmap(st, buf));
	probe.go = 1;
	EXPECT(helper_wait(&h) == EXIT_STATUS_FAULT);
	helper_destroy(&h);
	EXPECT_ERR(paging_unmap(st, buf), PAGING_ERR_REGION_NOT_FOUND);
	EXPECT_OK(frame_free(frame));
}

static void test_read_only_mapping(void)
{
	struct paging_state *st = get_current_paging_state();
	struct capref frame;
	void *rw, *ro;

	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(paging_map_frame_attr(st, &rw, 4 * KiB, frame, VREGION_FLAGS_READ_WRITE));
	EXPECT_OK(paging_map_frame_attr(st, &ro, 4 * KiB, frame, VREGION_FLAGS_READ));
	*(volatile uint32_t *)rw = 77;
	EXPECT(read_word((uint32_t)ro) == 77);
	EXPECT(helper_faults("write-ro", write_word, (uint32_t)ro));
	EXPECT_OK(paging_unmap(st, rw));
	EXPECT_OK(paging_unmap(st, ro));
	EXPECT_OK(frame_free(frame));
}

static void test_fixed_mapping_rules(void)
{
	struct paging_state *st = get_current_paging_state();
	struct capref frame;
	void *buf;

	EXPECT_OK(frame_alloc(&frame, 16 * KiB, NULL));
	EXPECT_OK(paging_map_frame(st, &buf, 16 * KiB, frame));
	EXPECT_ERR(
	    paging_map_fixed_attr(st, (lvaddr_t)buf + 8 * KiB, frame, 4 * KiB, VREGION_FLAGS_READ),
	    PAGING_ERR_REGION_OVERLAP);
	EXPECT_ERR(paging_map_fixed_attr(st, 0x1000, frame, 4 * KiB, VREGION_FLAGS_READ),
		   PAGING_ERR_REGION_OVERLAP); /* below the managed range */
	EXPECT_ERR(paging_map_fixed_attr(st, 0x40000100, frame, 4 * KiB, VREGION_FLAGS_READ),
		   PAGING_ERR_BAD_VADDR);
	EXPECT_ERR(paging_map_fixed_attr(st, 0x40000000, frame, 64 * KiB, VREGION_FLAGS_READ),
		   PAGING_ERR_FRAME_TOO_SMALL);
	EXPECT_OK(paging_map_fixed_attr(st, 0x400ff000, frame, 16 * KiB, VREGION_FLAGS_READ));
	EXPECT(*(volatile uint32_t *)0x400ff000 == *(volatile uint32_t *)buf);
	EXPECT_OK(paging_unmap(st, (void *)0x400ff000));
	EXPECT_OK(paging_unmap(st, buf));
	EXPECT_OK(frame_free(frame));
}

static void test_large_sections(void)
{
	struct paging_state *st = get_current_paging_state();
	struct paging_stats before, mapped;
	struct capref ram, frame;
	uint32_t *buf;

	EXPECT_OK(ram_alloc_aligned(&ram, 4 * MiB, MiB));
	EXPECT_OK(slot_alloc(&frame));
	EXPECT_OK(cap_retype(frame, ram, 0, ObjType_Frame, 4 * MiB, 1));
	paging_get_stats(st, &before);
	EXPECT_OK(paging_map_frame_attr(st, (void **)&buf, 4 * MiB, frame,
					VREGION_FLAGS_READ_WRITE | VREGION_FLAGS_LARGE));
	paging_get_stats(st, &mapped);
	EXPECT(mapped.l2_tables == before.l2_tables && mapped.maps == before.maps + 1);
	for (uint32_t i = 0; i < 4 * MiB / 4; i += 1024)
		buf[i] = i;
	for (uint32_t i = 0; i < 4 * MiB / 4; i += 1024)
		EXPECT(buf[i] == i);
	EXPECT_OK(paging_unmap(st, buf));
	EXPECT_OK(cap_delete(frame));
	slot_free(frame);
	EXPECT_OK(ram_free(ram));
	slot_free(ram);
}

static int write_below_stack(uint32_t arg)
{
	(void)arg;
	uint32_t sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	/* The stack is 16 KiB; the page under it is the guard. */
	*(volatile uint32_t *)((sp & ~(BASE_PAGE_SIZE - 1)) - 4 * BASE_PAGE_SIZE + 16) = 1;
	return 0;
}

static void test_stack_guard_page(void)
{
	EXPECT(helper_faults("guard", write_below_stack, 0));
}

/* A device the kernel gave init (a DevFrame in PACN), mapped: its PrimeCell ID reads right. */
/* Arm PrimeCell devices a board may hand to init, by name, and their part numbers. */
static const struct {
	const char *name;
	uint32_t part;
} primecells[] = { { "uart1", 0x11 /* PL011 */ }, { "rtc", 0x31 /* PL031 */ } };

static void test_devframe_maps_device_registers(void)
{
	struct paging_state *st = get_current_paging_state();
	const struct bootinfo *bi = init_bootinfo;
	const struct mem_region *device = NULL;
	struct capref dev, slot;
	struct frame_identity fi;
	volatile uint32_t *regs;
	uint32_t id = 0, part = 0;

	/* The first device of the board's that is a PrimeCell (board.h, BOARD_INIT_DEVICES). */
	for (uint32_t i = 0; i < bi->regions_length && !device; i++)
		for (uint32_t k = 0; k < sizeof(primecells) / sizeof(primecells[0]); k++)
			if (bi->regions[i].mr_type == RegionType_Device &&
			    strcmp((const char *)bi + bi->regions[i].mrmod_data,
				   primecells[k].name) == 0) {
				device = &bi->regions[i];
				part = primecells[k].part;
			}
	if (!device) {
		/* Nothing to read whose registers are known: the DevFrame rules are checked
		 * by the attack tests all the same. */
		printf("  skipped: this board gives init no PrimeCell device (board.h)\n");
		return;
	}
	dev = (struct capref){ cnode_pacn, device->mrmod_slot };
	EXPECT_OK(frame_identify(dev, &fi));
	EXPECT(fi.base == device->mr_base && fi.bytes == BASE_PAGE_SIZE);
	EXPECT_OK(paging_map_frame_attr(st, (void **)&regs, BASE_PAGE_SIZE, dev,
					VREGION_FLAGS_READ_WRITE | VREGION_FLAGS_NOCACHE));
	/* A PrimeCell: the ID registers at 0xff0..0xffc read 0d f0 05 b1. */
	for (int i = 0; i < 4; i++)
		id |= (regs[(0xff0 >> 2) + i] & 0xffu) << (8 * i);
	printf("  %s at 0x%08x: PrimeCell ID 0x%08x, peripheral ID 0x%02x\n",
	       (const char *)bi + device->mrmod_data, (unsigned)fi.base, (unsigned)id,
	       (unsigned)(regs[0xfe0 >> 2] & 0xffu));
	EXPECT(id == 0xb105f00du);
	EXPECT((regs[0xfe0 >> 2] & 0xffu) == part);
	EXPECT_OK(paging_unmap(st, (void *)regs));
	/* Device memory never becomes RAM. */
	EXPECT_OK(slot_alloc(&slot));
	EXPECT_ERR(cap_retype(slot, dev, 0, ObjType_Frame, BASE_PAGE_SIZE, 1),
		   SYS_ERR_INVALID_SOURCE_TYPE);
	slot_free(slot);
}

/* A second L1 VNode: mapping into it must not touch init's own tables. */
static void test_foreign_vspace(void)
{
	struct paging_state *own = get_current_paging_state();
	static struct paging_state foreign;
	struct capref l1, frame;
	struct frame_identity fi;
	struct snapshot before, after;
	const uint32_t va = 0x60000000; /* far above init's heap and its own mappings */

	EXPECT_OK(take_snapshot(&before));
	EXPECT(region_tree_find(&own->regions, va)->free);
	EXPECT_OK(slot_alloc(&l1));
	EXPECT_OK(vnode_create(l1, ObjType_VNode_ARM_l1));
	EXPECT_OK(paging_init_state(&foreign, 0x10000000, 0x70000000, l1));
	EXPECT_OK(frame_alloc(&frame, 3 * MiB, NULL));
	EXPECT_OK(frame_identify(frame, &fi));
	EXPECT_OK(paging_map_fixed_attr(&foreign, va, frame, 3 * MiB, VREGION_FLAGS_READ_WRITE));
	EXPECT(foreign.l2_tables == 3 && foreign.maps == 3);
	/* Its three tables share one shadow group (0x600 to 0x602 lie in group 0xc0). */
	EXPECT(foreign.l2_groups[(va >> 20) / PAGING_L2_GROUP_ENTRIES]->used == 3);
	/* Init's own VSpace: still nothing at va. */
	EXPECT(region_tree_find(&own->regions, va)->free && !paging_l2_at(own, va >> 20));
	EXPECT(helper_faults("foreign-probe", read_word, va));
	/* The foreign table maps the frame: the kernel shows its first entries. */
	printf("  foreign L2 table for 0x%08x should map physical 0x%08x:\n", (unsigned)va,
	       (unsigned)fi.base);
	EXPECT_OK(vnode_dump(paging_l2_at(&foreign, va >> 20)->table));
	EXPECT_OK(paging_destroy_state(&foreign));
	for (uint32_t g = 0; g < VNODE_ARM_L1_USER_ENTRIES / PAGING_L2_GROUP_ENTRIES; g++)
		EXPECT(foreign.l2_groups[g] == NULL); /* each went with its last table */
	EXPECT_OK(frame_free(frame));
	EXPECT_OK(ram_free(l1));
	slot_free(l1);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

/*
 * A map whose new L2 table cannot go into the L1 table (its entry holds a
 * table the paging state does not know): the map fails, and the table, its
 * slots, the records and the shadow group made for it all go back.
 */
static void test_failed_l2_gives_back_its_group(void)
{
	static struct paging_state foreign;
	struct capref l1, squatter, squatter_map, frame;
	struct snapshot before, after;
	const uint32_t va = 0x60000000, group = (va >> 20) / PAGING_L2_GROUP_ENTRIES;
	uint32_t in_use;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(slot_alloc(&l1));
	EXPECT_OK(vnode_create(l1, ObjType_VNode_ARM_l1));
	EXPECT_OK(paging_init_state(&foreign, 0x10000000, 0x70000000, l1));
	/* A table put into the L1 entry by hand, behind the paging state's back. */
	EXPECT_OK(slot_alloc(&squatter));
	EXPECT_OK(slot_alloc(&squatter_map));
	EXPECT_OK(vnode_create(squatter, ObjType_VNode_ARM_l2));
	EXPECT_OK(vnode_map(l1, squatter, va >> 20, 0, 0, 1, squatter_map));
	EXPECT_OK(frame_alloc(&frame, BASE_PAGE_SIZE, NULL));
	in_use = paging_slab_in_use();
	EXPECT(err_is_fail(
	    paging_map_fixed_attr(&foreign, va, frame, BASE_PAGE_SIZE, VREGION_FLAGS_READ_WRITE)));
	EXPECT(foreign.l2_groups[group] == NULL && !paging_l2_at(&foreign, va >> 20));
	EXPECT(foreign.l2_tables == 0 && foreign.maps == 0);
	EXPECT(paging_slab_in_use() == in_use);
	EXPECT(region_tree_find(&foreign.regions, va)->free);
	EXPECT_OK(frame_free(frame));
	EXPECT_OK(vnode_unmap(l1, squatter_map));
	slot_free(squatter_map);
	EXPECT_OK(ram_free(squatter));
	slot_free(squatter);
	EXPECT_OK(paging_destroy_state(&foreign));
	EXPECT_OK(ram_free(l1));
	slot_free(l1);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

/*
 * A paging region backed chunk by chunk, then cut back: every chunk at or
 * above the cut goes (the one starting exactly there too), the next map
 * starts at the cut, and unmapping the region gives everything back.
 */
static void test_paging_region_cut_back(void)
{
	struct paging_state *st = get_current_paging_state();
	struct snapshot before, after;
	struct paging_region pr;
	uint32_t *chunk[3], *again;
	size_t got;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(paging_region_init(st, &pr, 64 * KiB, VREGION_FLAGS_READ_WRITE));
	for (int i = 0; i < 3; i++) {
		EXPECT_OK(paging_region_map(&pr, 8 * KiB, (void **)&chunk[i], &got));
		EXPECT(got == 8 * KiB &&
		       (lvaddr_t)chunk[i] == pr.base_addr + (uint32_t)i * 8 * KiB);
		chunk[i][0] = 0xc0de0000u + (uint32_t)i;
	}
	EXPECT_ERR(paging_region_map(&pr, 64 * KiB, (void **)&again, NULL), PAGING_ERR_REGION_FULL);
	/* Cut at the second chunk's start: the second and third chunks go. */
	EXPECT_OK(paging_region_unmap(&pr, (lvaddr_t)chunk[1]));
	EXPECT(pr.current_addr == (lvaddr_t)chunk[1]);
	EXPECT(chunk[0][0] == 0xc0de0000u);
	EXPECT(helper_faults("region-cut", read_word, (uint32_t)chunk[1]));
	EXPECT(helper_faults("region-cut", read_word, (uint32_t)chunk[2]));
	/* The next map starts at the cut, with a fresh (zeroed) frame. */
	EXPECT_OK(paging_region_map(&pr, 4 * KiB, (void **)&again, NULL));
	EXPECT(again == chunk[1] && again[0] == 0);
	/* Cut at the very start: nothing is left. */
	EXPECT_OK(paging_region_unmap(&pr, pr.base_addr));
	EXPECT(pr.current_addr == pr.base_addr);
	EXPECT(helper_faults("region-cut", read_word, (uint32_t)chunk[0]));
	EXPECT_OK(paging_unmap(st, (void *)pr.base_addr));
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

static void test_malloc_32_mib(void)
{
	enum { PIECES = 64 };
	uint8_t *piece[PIECES];
	size_t backed_before = morecore_backed_bytes();
	struct snapshot before, after;

	EXPECT_OK(take_snapshot(&before));

	for (int i = 0; i < PIECES; i++) {
		piece[i] = malloc(512 * KiB);
		EXPECT(piece[i] != NULL);
		memset(piece[i], i, 512 * KiB);
	}
	for (int i = 0; i < PIECES; i++)
		EXPECT(piece[i][0] == i && piece[i][512 * KiB - 1] == i);
	printf("  malloc: 32 MiB in %d pieces, heap backed by %u KiB\n", PIECES,
	       (unsigned)(morecore_backed_bytes() / KiB));
	EXPECT(morecore_backed_bytes() >= 32 * MiB);
	for (int i = PIECES - 1; i >= 0; i--)
		free(piece[i]);
	printf("  after free: heap backed by %u KiB (was %u KiB)\n",
	       (unsigned)(morecore_backed_bytes() / KiB), (unsigned)(backed_before / KiB));
	/* newlib trims the heap back to where it was, and every frame is given back. */
	EXPECT(morecore_backed_bytes() == backed_before);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

/* An L1 CNode and a foreign L2 CNode in it, filled through our copy of the L2 CNode. */
static void test_cnode_create_l1_and_foreign_l2(void)
{
	struct capref l1, frame;
	struct cnoderef l1_ref, foreign;
	uint32_t l1s = count_of(ObjType_L1CNode), l2s = count_of(ObjType_L2CNode);
	uint32_t frames = count_of(ObjType_Frame);

	EXPECT_OK(cnode_create_l1(&l1, &l1_ref));
	EXPECT(l1_ref.level == CAPADDR_LEVEL_L2);
	EXPECT_OK(cnode_create_foreign_l2(l1, ROOTCN_SLOT_TASKCN, &foreign));
	EXPECT(count_of(ObjType_L1CNode) == l1s + 1 && count_of(ObjType_L2CNode) == l2s + 2);
	uint32_t free_ram = init_mm.free_bytes, slots = slot_alloc_in_use();
	EXPECT_ERR(cnode_create_foreign_l2(l1, ROOTCN_SLOT_TASKCN, &foreign), SYS_ERR_SLOT_IN_USE);
	/* The failed call gave everything back. */
	EXPECT(count_of(ObjType_L2CNode) == l2s + 2);
	EXPECT(init_mm.free_bytes == free_ram && slot_alloc_in_use() == slots);
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(cap_copy((struct capref){ foreign, TASKCN_SLOT_DISPFRAME }, frame));
	EXPECT_ERR(cap_copy((struct capref){ foreign, TASKCN_SLOT_DISPFRAME }, frame),
		   SYS_ERR_SLOT_IN_USE);
	EXPECT_ERR(cap_copy((struct capref){ foreign, L2_CNODE_SLOTS }, frame),
		   SYS_ERR_SLOTS_INVALID);
	EXPECT(count_of(ObjType_Frame) == frames + 2);
	/* The L1 CNode goes: its copy of the L2 CNode with it, ours stays, then ours goes too. */
	EXPECT_OK(ram_free(l1));
	slot_free(l1);
	EXPECT(count_of(ObjType_L1CNode) == l1s && count_of(ObjType_L2CNode) == l2s + 1);
	EXPECT_OK(
	    ram_free((struct capref){ { CAPADDR(CAPADDR_L1(foreign.cnode), 0), CAPADDR_LEVEL_L1 },
				      CAPADDR_L2(foreign.cnode) }));
	slot_free((struct capref){ { CAPADDR(CAPADDR_L1(foreign.cnode), 0), CAPADDR_LEVEL_L1 },
				   CAPADDR_L2(foreign.cnode) });
	EXPECT(count_of(ObjType_L2CNode) == l2s && count_of(ObjType_Frame) == frames + 1);
	EXPECT_OK(frame_free(frame));
}

/* More slots than the first three CNodes hold: the allocator makes new L2 CNodes. */
static void test_slot_allocator_refills(void)
{
	enum { SLOTS = 1000 };
	static struct capref slots[SLOTS];
	uint32_t l2s = count_of(ObjType_L2CNode), in_use = slot_alloc_in_use();
	struct capref frame;

	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	for (int i = 0; i < SLOTS; i++)
		EXPECT_OK(slot_alloc(&slots[i]));
	EXPECT(count_of(ObjType_L2CNode) > l2s);
	printf("  %d slots taken: %u new L2 CNodes\n", SLOTS,
	       (unsigned)(count_of(ObjType_L2CNode) - l2s));
	/* Every slot is real and empty: a copy into each works. */
	for (int i = 0; i < SLOTS; i++)
		EXPECT_OK(cap_copy(slots[i], frame));
	for (int i = 0; i < SLOTS; i++) {
		EXPECT_OK(cap_delete(slots[i]));
		EXPECT_OK(slot_free(slots[i]));
	}
	EXPECT_ERR(slot_free(slots[0]), LIB_ERR_SLOT_FREE_INVALID);
	EXPECT(slot_alloc_in_use() == in_use + 1);
	EXPECT_OK(frame_free(frame));
}

/* The paging library's nodes come zeroed (an L2 record's page count, a mapping's table are
 * left to that), whatever they held before they were given back. */
static void test_paging_slab_nodes_come_zeroed(void)
{
	enum { NODES = 8 };
	uint8_t *nodes[NODES];
	uint32_t in_use = paging_slab_in_use(), dirty = 0;

	for (int i = 0; i < NODES; i++) {
		EXPECT((nodes[i] = paging_slab_alloc()) != NULL);
		if (nodes[i])
			memset(nodes[i], 0xa5, PAGING_SLAB_OBJECT_SIZE);
	}
	/* Given back and taken again: the same nodes, last freed first. */
	for (int i = 0; i < NODES; i++)
		if (nodes[i])
			paging_slab_free(nodes[i]);
	for (int i = 0; i < NODES; i++) {
		EXPECT((nodes[i] = paging_slab_alloc()) != NULL);
		for (uint32_t b = 0; nodes[i] && b < PAGING_SLAB_OBJECT_SIZE; b++)
			dirty += nodes[i][b] != 0;
	}
	EXPECT(dirty == 0);
	for (int i = 0; i < NODES; i++)
		if (nodes[i])
			paging_slab_free(nodes[i]);
	EXPECT(paging_slab_in_use() == in_use);
}

/* Enough regions that the paging library's slab must refill itself, several times. */
static void test_many_regions_refill_the_slab(void)
{
	enum { REGIONS = 1500 };
	static void *bufs[REGIONS];
	struct paging_state *st = get_current_paging_state();
	struct paging_stats before, full, after;
	uint32_t refills;

	paging_get_stats(st, &before);
	/* Every other page: no two used regions touch, so none can merge. */
	for (int i = 0; i < REGIONS; i++) {
		EXPECT_OK(paging_alloc(st, &bufs[i], 4 * KiB, 8 * KiB));
		EXPECT((uint32_t)bufs[i] % (8 * KiB) == 0);
	}
	paging_get_stats(st, &full);
	/* Each refill maps one more region of its own, for the slab's new pages. */
	refills =
	    (full.slab_pages - before.slab_pages) / (PAGING_SLAB_REFILL_BYTES / BASE_PAGE_SIZE);
	printf("  %d regions: the slab refilled itself %u times\n", REGIONS, (unsigned)refills);
	EXPECT(refills > 0);
	EXPECT(full.used_regions == before.used_regions + REGIONS + refills);
	for (int i = 0; i < REGIONS; i++)
		EXPECT_OK(paging_unmap(st, bufs[i]));
	paging_get_stats(st, &after);
	EXPECT(after.used_regions == before.used_regions + refills);
	EXPECT(region_tree_check(&st->regions));
}

const struct test memory_tests[] = {
	{ "cnode_create_l1_and_foreign_l2", test_cnode_create_l1_and_foreign_l2 },
	{ "slot_allocator_refills", test_slot_allocator_refills },
	{ "many_regions_refill_the_slab", test_many_regions_refill_the_slab },
	{ "paging_slab_nodes_come_zeroed", test_paging_slab_nodes_come_zeroed },
	{ "ram_alloc_free_coalesce", test_ram_alloc_free_coalesce },
	{ "ram_free_revokes_copies", test_ram_free_revokes_copies },
	{ "ram_objects_made_directly", test_ram_objects_made_directly },
	{ "several_large_maps", test_several_large_maps },
	{ "out_of_memory", test_out_of_memory },
	{ "paging_cycles_lose_nothing", test_paging_cycles_lose_nothing },
	{ "access_after_unmap_faults", test_access_after_unmap_faults },
	{ "read_only_mapping", test_read_only_mapping },
	{ "fixed_mapping_rules", test_fixed_mapping_rules },
	{ "large_sections", test_large_sections },
	{ "stack_guard_page", test_stack_guard_page },
	{ "foreign_vspace", test_foreign_vspace },
	{ "failed_l2_gives_back_its_group", test_failed_l2_gives_back_its_group },
	{ "devframe_maps_device_registers", test_devframe_maps_device_registers },
	{ "paging_region_cut_back", test_paging_region_cut_back },
	{ "malloc_32_mib", test_malloc_32_mib },
};
const unsigned memory_test_count = sizeof(memory_tests) / sizeof(memory_tests[0]);
