/*
 * init's RAM allocator.  It owns the big RAM capabilities the kernel gave
 * init (SUPERCN) and hands out blocks of them: each block is retyped from
 * its parent at the block's offset, as RAM or straight into the object
 * asked for.  Free blocks are kept in a table sorted by address; freeing a block
 * merges it with free neighbours of the same parent.  Its bookkeeping is
 * fixed-size: allocating never needs memory, so it can serve the slot
 * allocator's and the paging library's refills.
 */
#ifndef MM_H
#define MM_H

#include <stddef.h>
#include <stdint.h>

#include <capabilities.h>

#define MM_MAX_PARENTS 32
#define MM_MAX_BLOCKS  512

struct mm_parent {
	struct capref cap;
	uint32_t base, bytes;
};

struct mm_block {
	uint32_t base, bytes;
	uint32_t parent; /* index into parents */
};

struct mm {
	struct mm_parent parents[MM_MAX_PARENTS];
	uint32_t nparents;
	struct mm_block free[MM_MAX_BLOCKS]; /* sorted by base, never two adjacent of one parent */
	uint32_t nfree;
	uint32_t total_bytes, free_bytes;
};

void mm_init(struct mm *mm);
/* Manage all of the RAM capability cap (a SUPERCN slot), [base, base + bytes). */
errval_t mm_add(struct mm *mm, struct capref cap, uint32_t base, uint32_t bytes);
/*
 * The object req asks for, retyped straight from a parent into dest (the
 * caller's empty slot) over a block of req->bytes (rounded up to pages) at
 * an aligned base, returned in *base if base is not NULL.  On any error
 * nothing changed (the allocator's table, the RAM, dest).  RAM itself
 * (ObjType_RAM) comes this way too, through ram_alloc_aligned once
 * mm_install has made mm the process's allocator.
 */
errval_t mm_alloc_object(struct mm *mm, struct capref dest, const struct ram_request *req,
			 uint32_t *base);
/*
 * Give back the block that cap covers (from its base to its end rounded up
 * to a page): cap is the RAM cap of the block, or an object retyped from
 * all of it.  The capability is revoked (its copies and descendants, in
 * anyone's CSpace, go too, so the block is really free) and deleted; its
 * slot stays the caller's.
 */
errval_t mm_free(struct mm *mm, struct capref cap);
/*
 * Give back a block whose capability is already gone (revoked by someone
 * who held a copy).  Safe even if a copy still lives somewhere: the kernel
 * refuses to retype over it (SYS_ERR_REVOKE_FIRST), and mm_alloc then
 * takes the next block.
 */
errval_t mm_free_range(struct mm *mm, uint32_t base, uint32_t bytes);
/*
 * Give back [base, base + bytes), whose last capability is cap (the
 * caller knows the range, so no identify): the range is checked first,
 * then cap is revoked and deleted, then the range is free.  On any error
 * nothing changed.
 */
errval_t mm_free_known(struct mm *mm, struct capref cap, uint32_t base, uint32_t bytes);

/* Install mm as the process's RAM allocator (ram_alloc, ram_free). */
void mm_install(struct mm *mm);

#endif
