/*
 * The paging library: virtual memory for any VSpace the caller holds the L1
 * VNode of (its own, or a child's), under Barrelfish's names.
 *
 *  - Virtual regions live in an AVL tree keyed by address (region_tree.h):
 *    paging_alloc finds a free range in O(log n), freeing merges neighbours.
 *  - Mapping a frame makes one map invocation per L2 table it touches (not
 *    per page); L2 tables are made on demand, remembered in a shadow of the
 *    L1 table, and given back when their last page is unmapped.  With
 *    VREGION_FLAGS_LARGE, 1 MiB-aligned parts become 1 MiB sections.
 *  - The library's own bookkeeping comes from a slab that is refilled (by
 *    mapping a fresh frame into the caller's own VSpace) before any
 *    operation starts, while a reserve is left, and a refill never starts
 *    another: mapping never recurses into itself.  docs/paging.md has the
 *    details.
 */
#ifndef PAGING_H
#define PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <capabilities.h>
#include <vspace_layout.h>

#include "region_tree.h"

typedef uint32_t lvaddr_t;

/* Access rights of a mapping.  Not ELF's PF_* values: convert explicitly. */
#define VREGION_FLAGS_READ	   0x01u
#define VREGION_FLAGS_WRITE	   0x02u
#define VREGION_FLAGS_EXECUTE	   0x04u
#define VREGION_FLAGS_NOCACHE	   0x08u
#define VREGION_FLAGS_LARGE	   0x10u /* use 1 MiB sections where frame and address allow */
#define VREGION_FLAGS_READ_WRITE   (VREGION_FLAGS_READ | VREGION_FLAGS_WRITE)
#define VREGION_FLAGS_READ_EXECUTE (VREGION_FLAGS_READ | VREGION_FLAGS_EXECUTE)

/* Where a process's own paging state starts and ends (docs/memory.md). */
#define PAGING_SELF_START INIT_FIRST_FREE_VADDR
#define PAGING_SELF_END	  0x70000000u

/* One L2 table of a VSpace: the shadow of one L1 entry. */
struct paging_l2 {
	struct capref table;	       /* the L2 VNode */
	struct capref mapping;	       /* its mapping into the L1 table */
	struct capability_identity id; /* what table names (to give it back if revoked away) */
	uint32_t pages;		       /* pages mapped through it */
	uint16_t l1e;		       /* the L1 entry it serves */
	bool inherited;		       /* made by our spawner: never given back by us */
	struct paging_l2 *next;	       /* the state's list of its L2 tables */
};

/*
 * The shadow of the L1 table, eight entries a group: a group is made (from
 * the slab) when its first table is, and goes with its last, so that a
 * paging state holds 256 group pointers (1 KiB) instead of 2,048 entries.
 */
#define PAGING_L2_GROUP_ENTRIES 8
struct paging_l2_group {
	struct paging_l2 *l2[PAGING_L2_GROUP_ENTRIES];
	uint32_t used; /* entries that are not NULL */
};

struct paging_state {
	struct capref l1;	    /* the L1 VNode of the VSpace */
	struct region_tree regions; /* free and used virtual regions */
	struct paging_l2_group *l2_groups[VNODE_ARM_L1_USER_ENTRIES / PAGING_L2_GROUP_ENTRIES];
	struct paging_l2 *l2_list; /* the same tables, as a list */
	uint32_t l2_tables;	   /* L2 tables made by this state and alive */
	uint32_t maps;		   /* map invocations alive (mapping capabilities held) */
};

/* The L2 table record of L1 entry l1e (below VNODE_ARM_L1_USER_ENTRIES), or NULL. */
static inline struct paging_l2 *paging_l2_at(const struct paging_state *st, uint32_t l1e)
{
	const struct paging_l2_group *g = st->l2_groups[l1e / PAGING_L2_GROUP_ENTRIES];

	return g ? g->l2[l1e % PAGING_L2_GROUP_ENTRIES] : NULL;
}

/* The process's own paging state (set up by paging_init). */
struct paging_state *get_current_paging_state(void);

/* Set up the caller's own paging state over [PAGING_SELF_START, PAGING_SELF_END). */
errval_t paging_init(void);
struct spawn_vspace_info;
/*
 * Set up a spawned child's own paging state from what its spawner passed:
 * the regions it used are reserved, and the L2 tables it made (their
 * capabilities in our PAGECN) are used for further mappings.
 */
errval_t paging_init_inherited(const struct spawn_vspace_info *info);
/* Set up st for the VSpace whose L1 VNode is pdir, managing [start_vaddr, end_vaddr). */
errval_t paging_init_state(struct paging_state *st, lvaddr_t start_vaddr, lvaddr_t end_vaddr,
			   struct capref pdir);
/* Unmap everything st mapped, give back its L2 tables and regions (not the L1 table). */
errval_t paging_destroy_state(struct paging_state *st);

/* Reserve `bytes` of free virtual address space aligned to `alignment`. */
errval_t paging_alloc(struct paging_state *st, void **buf, size_t bytes, size_t alignment);
/* Map bytes of frame (from its start) at the free range at vaddr. */
errval_t paging_map_fixed_attr(struct paging_state *st, lvaddr_t vaddr, struct capref frame,
			       size_t bytes, int flags);
/* The same from byte `offset` of the frame (a multiple of 4 KiB): a part of a bigger frame,
 * such as a boot module's program text. */
errval_t paging_map_fixed_offset(struct paging_state *st, lvaddr_t vaddr, struct capref frame,
				 size_t offset, size_t bytes, int flags);
/* paging_alloc + paging_map_fixed_attr. */
errval_t paging_map_frame_attr(struct paging_state *st, void **buf, size_t bytes,
			       struct capref frame, int flags);
static inline errval_t paging_map_frame(struct paging_state *st, void **buf, size_t bytes,
					struct capref frame)
{
	return paging_map_frame_attr(st, buf, bytes, frame, VREGION_FLAGS_READ_WRITE);
}
/*
 * Describe st for the child that will take it over (paging_init_inherited):
 * its range, its used regions, and its L2 tables (from the state's list, not
 * a scan of the L1 table).  share(arg, table, index, &slot) gives the child a
 * copy of the index-th table and says which of its PAGECN slots holds it.
 */
errval_t paging_export_inherit(const struct paging_state *st, struct spawn_vspace_info *info,
			       errval_t (*share)(void *arg, struct capref table, uint32_t index,
						 uint32_t *pagecn_slot),
			       void *arg);
/* Unmap the region starting at region (from paging_alloc or a map) and free it.
 * Frames the caller passed in stay the caller's; frames the library allocated are freed. */
errval_t paging_unmap(struct paging_state *st, const void *region);

/*
 * A stack: `bytes` of fresh memory with an unmapped guard page below it;
 * *top is its top (sp starts there).  paging_unmap(st, *region) frees it all.
 */
errval_t paging_alloc_stack(struct paging_state *st, size_t bytes, void **region, void **top);

/*
 * A paging region: a reserved range that is backed with fresh frames on
 * demand from its bottom up (the heap uses one), and can be trimmed from
 * the top.
 */
struct paging_region {
	struct paging_state *st;
	lvaddr_t base_addr;    /* start of the reservation */
	lvaddr_t current_addr; /* everything below is backed */
	size_t region_size;
	int flags;
};
errval_t paging_region_init(struct paging_state *st, struct paging_region *pr, size_t size,
			    int flags);
/* Back the next req_size bytes (rounded up to pages) with one fresh frame. */
errval_t paging_region_map(struct paging_region *pr, size_t req_size, void **retbuf,
			   size_t *ret_size);
/* Unmap and free what was backed from base (page-aligned) up; current_addr moves down. */
errval_t paging_region_unmap(struct paging_region *pr, lvaddr_t base);

/* Bookkeeping numbers, for tests: live used regions, slab objects in use, slab pages. */
struct paging_stats {
	uint32_t used_regions;
	uint32_t free_bytes;
	uint32_t l2_tables;
	uint32_t maps;
	uint32_t slab_in_use;
	uint32_t slab_pages;
};
void paging_get_stats(const struct paging_state *st, struct paging_stats *stats);

/* The kernel's map flags for VREGION flags (explicit, never a cast). */
uint32_t vregion_flags_to_kernel(int flags);

#endif
