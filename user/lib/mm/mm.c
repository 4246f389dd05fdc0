/* init's RAM allocator (mm.h): first fit over a sorted table of free blocks. */
#include <stdint.h>

#include <capabilities.h>
#include <slot_alloc.h>

#include "mm.h"

static uint32_t round_up(uint32_t v, uint32_t align)
{
	return (v + align - 1) & ~(align - 1);
}

void mm_init(struct mm *mm)
{
	mm->nparents = mm->nfree = 0;
	mm->total_bytes = mm->free_bytes = 0;
}

static void insert_at(struct mm *mm, uint32_t i, struct mm_block b)
{
	for (uint32_t j = mm->nfree; j > i; j--)
		mm->free[j] = mm->free[j - 1];
	mm->free[i] = b;
	mm->nfree++;
}

static void remove_at(struct mm *mm, uint32_t i)
{
	for (uint32_t j = i; j + 1 < mm->nfree; j++)
		mm->free[j] = mm->free[j + 1];
	mm->nfree--;
}

/* Where a block at base belongs in the sorted table. */
static uint32_t position_of(const struct mm *mm, uint32_t base)
{
	uint32_t i = 0;

	while (i < mm->nfree && mm->free[i].base < base)
		i++;
	return i;
}

errval_t mm_add(struct mm *mm, struct capref cap, uint32_t base, uint32_t bytes)
{
	struct mm_parent *p;

	if (bytes < BASE_PAGE_SIZE || base % BASE_PAGE_SIZE || (uint64_t)base + bytes > 1ull << 32)
		return MM_ERR_BAD_REGION;
	if (mm->nparents == MM_MAX_PARENTS || mm->nfree == MM_MAX_BLOCKS)
		return MM_ERR_TOO_MANY_BLOCKS;
	p = &mm->parents[mm->nparents];
	*p = (struct mm_parent){ cap, base, bytes & ~(BASE_PAGE_SIZE - 1) };
	insert_at(mm, position_of(mm, base), (struct mm_block){ base, p->bytes, mm->nparents });
	mm->nparents++;
	mm->total_bytes += p->bytes;
	mm->free_bytes += p->bytes;
	return SYS_ERR_OK;
}

/* Carve [base, base + bytes) out of free block i (it lies inside it). */
static void carve(struct mm *mm, uint32_t i, uint32_t base, uint32_t bytes)
{
	struct mm_block b = mm->free[i];
	uint32_t end = base + bytes, b_end = b.base + b.bytes;

	/* In place where it can be: a carve from either end moves no other entry. */
	if (base > b.base) {
		mm->free[i].bytes = base - b.base;
		if (end < b_end)
			insert_at(mm, i + 1, (struct mm_block){ end, b_end - end, b.parent });
	} else if (end < b_end) {
		mm->free[i] = (struct mm_block){ end, b_end - end, b.parent };
	} else {
		remove_at(mm, i);
	}
	mm->free_bytes -= bytes;
}

/* The first free block from `first` on with room for size bytes at an aligned base, or -1. */
static int find_fit(const struct mm *mm, uint32_t first, uint32_t size, uint32_t alignment,
		    uint32_t *base)
{
	for (uint32_t i = first; i < mm->nfree; i++) {
		const struct mm_block *b = &mm->free[i];
		uint64_t at = ((uint64_t)b->base + alignment - 1) & ~(uint64_t)(alignment - 1);

		if (at + size <= (uint64_t)b->base + b->bytes) {
			*base = (uint32_t)at;
			return (int)i;
		}
	}
	return -1;
}

errval_t mm_alloc_object(struct mm *mm, struct capref dest, const struct ram_request *req,
			 uint32_t *base_ret)
{
	uint32_t size = round_up((uint32_t)req->bytes, BASE_PAGE_SIZE), alignment, base;
	const struct mm_block *b;
	errval_t err = MM_ERR_OUT_OF_MEMORY;
	int i;

	if (!ram_request_valid(req))
		return MM_ERR_BAD_REQUEST;
	alignment = req->alignment < BASE_PAGE_SIZE ? BASE_PAGE_SIZE : (uint32_t)req->alignment;
	for (i = find_fit(mm, 0, size, alignment, &base); i >= 0;
	     i = find_fit(mm, (uint32_t)i + 1, size, alignment, &base)) {
		b = &mm->free[i];
		/* A split in the middle needs one more table entry. */
		if (base > b->base && base + size < b->base + b->bytes &&
		    mm->nfree == MM_MAX_BLOCKS)
			return MM_ERR_TOO_MANY_BLOCKS;
		err = cap_retype(dest, mm->parents[b->parent].cap,
				 base - mm->parents[b->parent].base, req->type, req->objsize, 1);
		if (err_is_ok(err)) {
			carve(mm, (uint32_t)i, base, size);
			if (base_ret)
				*base_ret = base;
			return SYS_ERR_OK;
		}
		/* Something made outside the allocator still lives there: try further on. */
		if (err != SYS_ERR_REVOKE_FIRST)
			return err;
	}
	return i < 0 ? MM_ERR_OUT_OF_MEMORY : err;
}

static int parent_of(const struct mm *mm, uint32_t base, uint32_t bytes)
{
	for (uint32_t i = 0; i < mm->nparents; i++) {
		const struct mm_parent *p = &mm->parents[i];
		if (base >= p->base && (uint64_t)base + bytes <= (uint64_t)p->base + p->bytes)
			return (int)i;
	}
	return -1;
}

/* Put [base, base + bytes) back into the free table, merged with free neighbours. */
static errval_t add_free(struct mm *mm, uint32_t base, uint32_t bytes, bool delete_first,
			 struct capref cap)
{
	bool merge_prev, merge_next;
	uint32_t i, parent;
	errval_t err;
	int p;

	bytes = round_up(bytes, BASE_PAGE_SIZE);
	p = parent_of(mm, base, bytes);
	if (p < 0 || bytes == 0)
		return MM_ERR_NOT_ALLOCATED;
	parent = (uint32_t)p;
	i = position_of(mm, base);
	/* Not free already: no overlap with the free neighbours. */
	if ((i < mm->nfree && mm->free[i].base < base + bytes) ||
	    (i > 0 && mm->free[i - 1].base + mm->free[i - 1].bytes > base))
		return MM_ERR_NOT_ALLOCATED;
	merge_prev = i > 0 && mm->free[i - 1].parent == parent &&
		     mm->free[i - 1].base + mm->free[i - 1].bytes == base;
	merge_next =
	    i < mm->nfree && mm->free[i].parent == parent && mm->free[i].base == base + bytes;
	if (!merge_prev && !merge_next && mm->nfree == MM_MAX_BLOCKS)
		return MM_ERR_TOO_MANY_BLOCKS;
	/* Copies of it (a dispatcher's, a child's) and anything made from it go too. */
	if (delete_first && ((err = cap_revoke(cap)) || (err = cap_delete(cap))))
		return err;
	if (merge_prev) {
		mm->free[i - 1].bytes += bytes;
		if (merge_next) {
			mm->free[i - 1].bytes += mm->free[i].bytes;
			remove_at(mm, i);
		}
	} else if (merge_next) {
		mm->free[i].base = base;
		mm->free[i].bytes += bytes;
	} else {
		insert_at(mm, i, (struct mm_block){ base, bytes, parent });
	}
	mm->free_bytes += bytes;
	return SYS_ERR_OK;
}

errval_t mm_free(struct mm *mm, struct capref cap)
{
	struct capability_identity id;
	errval_t err = cap_identify(cap, &id);

	if (err_is_fail(err))
		return err;
	return add_free(mm, id.base, id.bytes, true, cap);
}

errval_t mm_free_known(struct mm *mm, struct capref cap, uint32_t base, uint32_t bytes)
{
	return add_free(mm, base, bytes, true, cap);
}

errval_t mm_free_range(struct mm *mm, uint32_t base, uint32_t bytes)
{
	return add_free(mm, base, bytes, false, NULL_CAP);
}

static errval_t install_alloc(void *state, struct capref dest, const struct ram_request *req,
			      uint32_t *base)
{
	return mm_alloc_object(state, dest, req, base);
}

static errval_t install_free(void *state, struct capref cap)
{
	return mm_free(state, cap);
}

static errval_t install_free_range(void *state, struct capref cap, uint32_t base, uint32_t bytes)
{
	return capref_is_null(cap) ? mm_free_range(state, base, bytes)
				   : mm_free_known(state, cap, base, bytes);
}

void mm_install(struct mm *mm)
{
	ram_alloc_set(install_alloc, install_free, install_free_range, mm);
}
