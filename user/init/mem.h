/*
 * init's first, simple memory management: RAM retyped from SUPERCN[0] at
 * a growing offset, slots taken in order from the SLOT_ALLOC CNodes,
 * virtual addresses handed out in order from INIT_FIRST_FREE_VADDR.  The
 * RAM allocator and the paging library replace it.
 */
#ifndef INIT_MEM_H
#define INIT_MEM_H

#include <runtime.h>

capaddr_t slot_alloc(void);
/* A new object of `type` from init's RAM, in a fresh slot. */
errval_t object_alloc(enum objtype type, uint32_t bytes, capaddr_t *ret);
/* Map all of `frame` (bytes long) at vaddr, making L2 tables as needed. */
errval_t map_frame_at(uint32_t vaddr, capaddr_t frame, uint32_t bytes, uint32_t flags);
/* A new frame mapped at a fresh address. */
errval_t frame_alloc_map(uint32_t bytes, uint32_t flags, capaddr_t *frame, void **vaddr);
/* Reserve `bytes` of virtual address space (a guard page is left unmapped before it). */
uint32_t vaddr_alloc(uint32_t bytes);

#endif
