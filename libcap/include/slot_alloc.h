/*
 * Capability slot allocation.  The process's slot allocator hands out
 * slots of its L2 CNodes (at first SLOT_ALLOC0..2 of the CSpace layout) and
 * refills itself with a new L2 CNode when it runs low.  Refilling needs a
 * slot of its own (for the RAM the CNode is made from), so a refill starts
 * while SLOT_REFILL_RESERVE slots are still free and a refill in progress
 * never starts another one: the classic recursion cannot happen.
 *
 * Root-CNode slots (where L2 CNodes live) come from a second, fixed-size
 * allocator.
 */
#ifndef LIBCAP_SLOT_ALLOC_H
#define LIBCAP_SLOT_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include <capabilities.h>

#define SLOT_ALLOC_MAX_CNODES 128 /* 32768 slots */
#define SLOT_REFILL_RESERVE   32  /* refill when fewer slots than this are free */

struct slot_cnode {
	struct cnoderef cnode;
	uint32_t free;			      /* free slots in it */
	uint32_t bitmap[L2_CNODE_SLOTS / 32]; /* bit set: slot free */
};

struct slot_allocator {
	struct slot_cnode cnodes[SLOT_ALLOC_MAX_CNODES];
	uint32_t ncnodes;
	uint32_t free; /* over all its CNodes */
	uint32_t total;
	bool refilling;
	uint32_t root_bitmap[ROOTCN_SLOTS_INIT / 32]; /* bit set: root slot free */
};

/*
 * Start the process's slot allocator on empty L2 CNodes (SLOT_ALLOC0..2);
 * root slots from ROOTCN_FIRST_FREE_SLOT on are free.
 */
void slot_alloc_init(const uint32_t *rootcn_slots, uint32_t n);
/* Hand an L2 CNode in a root slot, with some slots already in use, to the allocator. */
errval_t slot_alloc_add_cnode(uint32_t rootcn_slot, uint32_t first_free);

errval_t slot_alloc(struct capref *ret);
/* The slot must be empty again (its capability deleted). */
errval_t slot_free(struct capref cap);
/* Slots handed out and not freed (refills do not change this number). */
uint32_t slot_alloc_in_use(void);
uint32_t slot_alloc_free(void);

errval_t root_slot_alloc(cslot_t *ret);
void root_slot_free(cslot_t slot);

#endif
