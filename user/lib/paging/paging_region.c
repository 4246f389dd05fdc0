/*
 * Paging regions and stacks (paging.h): reserved ranges backed with fresh
 * frames on demand.  The heap (user/lib/morecore.c) is one.
 */
#include <stdint.h>

#include <capabilities.h>

#include "paging.h"
#include "paging_internal.h"

/* The used region of st that starts at base. */
static struct region *region_at(struct paging_state *st, uint32_t base)
{
	struct region *r = region_tree_find(&st->regions, base);

	return (r && !r->free && r->base == base) ? r : NULL;
}

/* Back [vaddr, vaddr + bytes) of the used region r with one fresh frame. */
static errval_t back_with_frame(struct paging_state *st, struct region *r, uint32_t vaddr,
				uint32_t bytes, int flags)
{
	struct capref frame;
	errval_t err = frame_alloc(&frame, bytes, NULL);

	if (err_is_fail(err))
		return err;
	err = paging_map_chunk(st, r, vaddr, frame, 0, bytes, flags, true);
	if (err_is_fail(err))
		frame_free(frame);
	return err;
}

errval_t paging_alloc_stack(struct paging_state *st, size_t bytes, void **region, void **top)
{
	uint32_t size = page_round_up((uint32_t)bytes);
	void *base;
	errval_t err;

	paging_slab_reserve(paging_objects_for(size));
	/* The guard page is the region's first page, never mapped. */
	if ((err = paging_alloc(st, &base, size + BASE_PAGE_SIZE, BASE_PAGE_SIZE)))
		return err;
	err = back_with_frame(st, region_at(st, (uint32_t)base), (uint32_t)base + BASE_PAGE_SIZE,
			      size, VREGION_FLAGS_READ_WRITE);
	if (err_is_fail(err)) {
		paging_unmap(st, base);
		return err;
	}
	*region = base;
	*top = (char *)base + BASE_PAGE_SIZE + size;
	return SYS_ERR_OK;
}

errval_t paging_region_init(struct paging_state *st, struct paging_region *pr, size_t size,
			    int flags)
{
	void *base;
	errval_t err = paging_alloc(st, &base, size, BASE_PAGE_SIZE);

	if (err_is_fail(err))
		return err;
	*pr = (struct paging_region){ st, (lvaddr_t)base, (lvaddr_t)base,
				      page_round_up((uint32_t)size), flags };
	return SYS_ERR_OK;
}

errval_t paging_region_map(struct paging_region *pr, size_t req_size, void **retbuf,
			   size_t *ret_size)
{
	uint32_t size = page_round_up((uint32_t)req_size);
	struct region *r = region_at(pr->st, pr->base_addr);
	errval_t err;

	if (!r)
		return PAGING_ERR_REGION_NOT_FOUND;
	if (req_size == 0 || size == 0 || size > pr->base_addr + pr->region_size - pr->current_addr)
		return PAGING_ERR_REGION_FULL;
	paging_slab_reserve(paging_objects_for(size));
	if ((err = back_with_frame(pr->st, r, pr->current_addr, size, pr->flags)))
		return err;
	*retbuf = (void *)pr->current_addr;
	if (ret_size)
		*ret_size = size;
	pr->current_addr += size;
	return SYS_ERR_OK;
}

errval_t paging_region_unmap(struct paging_region *pr, lvaddr_t base)
{
	struct region *r = region_at(pr->st, pr->base_addr);
	struct paging_chunk **link, *c;
	uint32_t top = pr->base_addr;

	if (!r)
		return PAGING_ERR_REGION_NOT_FOUND;
	if (base % BASE_PAGE_SIZE || base < pr->base_addr)
		return PAGING_ERR_BAD_VADDR;
	/* Chunks wholly at or above base go; the highest end of the rest is the new top. */
	for (link = (struct paging_chunk **)&r->data; (c = *link);) {
		if (c->vaddr >= base) {
			*link = c->next;
			paging_unmap_chunk(pr->st, c);
			continue;
		}
		if (c->vaddr + c->bytes > top)
			top = c->vaddr + c->bytes;
		link = &c->next;
	}
	pr->current_addr = top;
	return SYS_ERR_OK;
}
