/* Shared between the two halves of the spawn library. */
#ifndef SPAWN_INTERNAL_H
#define SPAWN_INTERNAL_H

#include <dispatcher.h>

#include "spawn.h"

/* TASKCN, PAGECN and SLOT_ALLOC0 (spawn.c's child_l2_cnodes). */
#define SPAWN_CHILD_L2_CNODES 3u
/* Of those, the empty ones for the child's slot allocator, from SLOT_ALLOC0 on. */
#define SPAWN_CHILD_SLOT_CNODES 1u

/* The ELF module to load: its Frame capability (MODULECN) and sizes. */
struct spawn_image {
	struct capref frame;
	uint32_t bytes;	      /* the file */
	uint32_t frame_bytes; /* the frame (whole pages) */
};

/*
 * Where the child's fixed objects lie in its block (spawninfo.objects), one
 * after the other; the block is 16 KiB-aligned, for the L1 VNode at its start.
 */
#define SPAWN_BLOCK_VROOT      0u
#define SPAWN_BLOCK_ROOTCN     (SPAWN_BLOCK_VROOT + OBJSIZE_VNODE_ARM_L1)
#define SPAWN_BLOCK_L2CNODES   (SPAWN_BLOCK_ROOTCN + OBJSIZE_L2CNODE)
#define SPAWN_BLOCK_BASE_PAGES (SPAWN_BLOCK_L2CNODES + SPAWN_CHILD_L2_CNODES * OBJSIZE_L2CNODE)
#define SPAWN_BLOCK_DISPATCHER (SPAWN_BLOCK_BASE_PAGES + BASE_PAGE_CAPS * BASE_PAGE_SIZE)
#define SPAWN_BLOCK_DISPFRAME  (SPAWN_BLOCK_DISPATCHER + OBJSIZE_DISPATCHER)
#define SPAWN_BLOCK_ARGSPAGE   (SPAWN_BLOCK_DISPFRAME + DISPATCHER_FRAME_SIZE)
#define SPAWN_BLOCK_BYTES      (SPAWN_BLOCK_ARGSPAGE + BASE_PAGE_SIZE)

/* Make c a new object of the child's, retyped from the block at offset (no identify: its
 * place is known). */
errval_t spawn_carve(struct spawninfo *si, struct spawn_cap *c, enum objtype type, uint32_t offset,
		     uint32_t objsize);

/* The child's VSpace: L1 VNode, ELF segments, stack, dispatcher frame, arguments page. */
errval_t spawn_setup_vspace(struct spawninfo *si, const struct spawn_image *image, int argc,
			    char *argv[]);
/* Unmap the dispatcher frame and arguments page from the spawner's VSpace. */
void spawn_unmap_from_spawner(struct spawninfo *si);
/* Give back what spawn_setup_vspace took (except the frames spawn.c releases). */
void spawn_vspace_cleanup(struct spawninfo *si);

#endif
