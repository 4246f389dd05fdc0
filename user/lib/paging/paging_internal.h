/* The paging library's records, shared by paging.c and paging_region.c. */
#ifndef PAGING_INTERNAL_H
#define PAGING_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "paging.h"
#include "slab.h"

/* One map invocation: entries [first, first + count) of one table. */
struct paging_map {
	struct paging_map *next;
	struct paging_l2 *l2; /* NULL: sections in the L1 table */
	struct capref mapping;
	uint32_t vaddr;
	uint32_t count;
};

/* One frame mapped into a region, with the map invocations that did it. */
struct paging_chunk {
	struct paging_chunk *next;
	struct paging_map *maps;
	struct capref frame;
	bool owned; /* the library allocated the frame and frees it */
	uint32_t vaddr, bytes;
	uint32_t frame_offset; /* the frame's byte mapped at vaddr */
};

_Static_assert(sizeof(struct paging_l2) <= PAGING_SLAB_OBJECT_SIZE, "slab object size");
_Static_assert(sizeof(struct paging_l2_group) <= PAGING_SLAB_OBJECT_SIZE, "slab object size");
_Static_assert(sizeof(struct paging_map) <= PAGING_SLAB_OBJECT_SIZE, "slab object size");
_Static_assert(sizeof(struct paging_chunk) <= PAGING_SLAB_OBJECT_SIZE, "slab object size");
_Static_assert(sizeof(struct region) <= PAGING_SLAB_OBJECT_SIZE, "slab object size");

static inline uint32_t page_round_up(uint32_t bytes)
{
	return (bytes + BASE_PAGE_SIZE - 1) & ~(BASE_PAGE_SIZE - 1);
}

/*
 * The most slab objects mapping `bytes` can take: per MiB touched, a map
 * record, an L2 shadow entry and perhaps the group of that entry; plus a
 * chunk and two region-tree nodes.
 */
static inline uint32_t paging_objects_for(uint32_t bytes)
{
	return 3 * (bytes / 0x100000u + 2) + 3;
}

/* Map `bytes` of frame, from its byte frame_offset, at vaddr inside the used region r, as a
 * new chunk.  On failure nothing stays mapped and the frame is not freed. */
errval_t paging_map_chunk(struct paging_state *st, struct region *r, uint32_t vaddr,
			  struct capref frame, uint32_t frame_offset, uint32_t bytes, int flags,
			  bool owned);
/* Unmap one chunk (and free its frame if owned); it must be unlinked already. */
void paging_unmap_chunk(struct paging_state *st, struct paging_chunk *c);

#endif
