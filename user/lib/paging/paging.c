/*
 * The paging library (paging.h): paging states, allocating virtual
 * regions, mapping frames one L2 table at a time, and unmapping them.
 */
#include <stdint.h>
#include <string.h>

#include <capabilities.h>
#include <memlayout.h>
#include <slot_alloc.h>
#include <spawn_params.h>

#include "paging.h"
#include "paging_internal.h"

#define L1_ENTRY(va)  ((va) >> 20)
#define L2_ENTRY(va)  (((va) >> 12) & (VNODE_ARM_L2_ENTRIES - 1))
#define SECTION_BYTES 0x100000u

static struct paging_state self_state;
/* self_state lies in bss: zero until its first set-up, which need not zero it again. */
static bool self_state_used;

struct paging_state *get_current_paging_state(void)
{
	return &self_state;
}

uint32_t vregion_flags_to_kernel(int flags)
{
	uint32_t f = 0;

	if (flags & VREGION_FLAGS_READ)
		f |= MAP_FLAG_READ;
	if (flags & VREGION_FLAGS_WRITE)
		f |= MAP_FLAG_WRITE;
	if (flags & VREGION_FLAGS_EXECUTE)
		f |= MAP_FLAG_EXECUTE;
	if (flags & VREGION_FLAGS_NOCACHE)
		f |= MAP_FLAG_NOCACHE;
	return f;
}

static struct region *node_alloc(void *arg)
{
	(void)arg;
	return paging_slab_alloc();
}

static void node_free(void *arg, struct region *node)
{
	(void)arg;
	paging_slab_free(node);
}

/* Where the shadow group of L1 entry l1e is kept. */
static struct paging_l2_group **group_slot(struct paging_state *st, uint32_t l1e)
{
	return &st->l2_groups[l1e / PAGING_L2_GROUP_ENTRIES];
}

/* The shadow group of L1 entry l1e, made (zeroed, from the slab) if it is not there yet. */
static errval_t get_group(struct paging_state *st, uint32_t l1e, struct paging_l2_group **ret)
{
	struct paging_l2_group **g = group_slot(st, l1e);

	if (!*g && !(*g = paging_slab_alloc()))
		return PAGING_ERR_NODE_ALLOC;
	*ret = *g;
	return SYS_ERR_OK;
}

/* A group with no entry left goes back to the slab. */
static void put_group_if_empty(struct paging_state *st, uint32_t l1e)
{
	struct paging_l2_group **g = group_slot(st, l1e);

	if (*g && !(*g)->used) {
		paging_slab_free(*g);
		*g = NULL;
	}
}

/* Enter l2 as the table of L1 entry l1e (in its group, got first, and the list), or take
 * it out. */
static void install_l2(struct paging_state *st, struct paging_l2_group *g, uint32_t l1e,
		       struct paging_l2 *l2)
{
	l2->l1e = (uint16_t)l1e;
	l2->next = st->l2_list;
	st->l2_list = l2;
	g->l2[l1e % PAGING_L2_GROUP_ENTRIES] = l2;
	g->used++;
}

static void uninstall_l2(struct paging_state *st, struct paging_l2 *l2)
{
	struct paging_l2_group *g = *group_slot(st, l2->l1e);
	struct paging_l2 **at = &st->l2_list;

	while (*at != l2) /* a VSpace has a few dozen tables at most */
		at = &(*at)->next;
	*at = l2->next;
	g->l2[l2->l1e % PAGING_L2_GROUP_ENTRIES] = NULL;
	g->used--;
	put_group_if_empty(st, l2->l1e);
}

errval_t paging_init_state(struct paging_state *st, lvaddr_t start_vaddr, lvaddr_t end_vaddr,
			   struct capref pdir)
{
	if (start_vaddr % BASE_PAGE_SIZE || end_vaddr % BASE_PAGE_SIZE || start_vaddr == 0 ||
	    end_vaddr > USER_SPACE_TOP || start_vaddr >= end_vaddr)
		return PAGING_ERR_BAD_VADDR;
	if (st != &self_state || self_state_used)
		memset(st, 0, sizeof(*st));
	if (st == &self_state)
		self_state_used = true;
	st->l1 = pdir;
	return region_tree_init(&st->regions, start_vaddr, end_vaddr, node_alloc, node_free, st);
}

errval_t paging_init(void)
{
	return paging_init_state(&self_state, PAGING_SELF_START, PAGING_SELF_END, cap_vroot);
}

errval_t paging_init_inherited(const struct spawn_vspace_info *info)
{
	struct paging_state *st = &self_state;
	struct region *r;
	errval_t err;

	if (info->nregions > SPAWN_MAX_REGIONS || info->nl2 > SPAWN_MAX_L2)
		return PAGING_ERR_BAD_VADDR;
	if ((err = paging_init_state(st, info->start, info->end, cap_vroot)))
		return err;
	for (uint32_t i = 0; i < info->nregions; i++)
		if ((err = region_tree_reserve(&st->regions, info->regions[i].base,
					       info->regions[i].size, &r)))
			return err;
	for (uint32_t i = 0; i < info->nl2; i++) {
		uint32_t l1e = info->l2[i].l1_index;
		struct paging_l2_group *g;
		struct paging_l2 *l2;

		if (l1e >= VNODE_ARM_L1_USER_ENTRIES || paging_l2_at(st, l1e))
			return PAGING_ERR_BAD_VADDR;
		if ((err = get_group(st, l1e, &g)))
			return err;
		if (!(l2 = paging_slab_alloc())) {
			put_group_if_empty(st, l1e);
			return PAGING_ERR_NODE_ALLOC;
		}
		l2->table = (struct capref){ cnode_page, info->l2[i].pagecn_slot };
		l2->inherited = true;
		install_l2(st, g, l1e, l2);
	}
	return SYS_ERR_OK;
}

/* --- the L2 shadow ------------------------------------------------------------ */

errval_t paging_export_inherit(const struct paging_state *st, struct spawn_vspace_info *info,
			       errval_t (*share)(void *arg, struct capref table, uint32_t index,
						 uint32_t *pagecn_slot),
			       void *arg)
{
	uint32_t slot;
	errval_t err;

	info->start = st->regions.start;
	info->end = st->regions.end;
	info->nregions = info->nl2 = 0;
	for (const struct region *r = region_tree_first(&st->regions); r; r = region_tree_next(r)) {
		if (r->free)
			continue;
		if (info->nregions == SPAWN_MAX_REGIONS)
			return SPAWN_ERR_VSPACE_TOO_BIG;
		info->regions[info->nregions++] = (struct spawn_vspace_region){ r->base, r->size };
	}
	for (const struct paging_l2 *l2 = st->l2_list; l2; l2 = l2->next) {
		if (info->nl2 == SPAWN_MAX_L2)
			return SPAWN_ERR_VSPACE_TOO_BIG;
		if ((err = share(arg, l2->table, info->nl2, &slot)))
			return err;
		info->l2[info->nl2++] = (struct spawn_vspace_l2){ l2->l1e, slot };
	}
	return SYS_ERR_OK;
}

/* The L2 table for L1 entry l1e, made and installed on first use. */
static errval_t get_l2(struct paging_state *st, uint32_t l1e, struct paging_l2 **ret)
{
	struct paging_l2 *l2 = paging_l2_at(st, l1e);
	struct paging_l2_group *g;
	errval_t err;

	if (l2) {
		*ret = l2;
		return SYS_ERR_OK;
	}
	if ((err = get_group(st, l1e, &g)))
		return err;
	if (!(l2 = paging_slab_alloc())) {
		err = PAGING_ERR_NODE_ALLOC;
		goto fail_group;
	}
	if ((err = slot_alloc(&l2->table)))
		goto fail_slab;
	if ((err = slot_alloc(&l2->mapping)))
		goto fail_table_slot;
	if ((err = vnode_create_identified(l2->table, ObjType_VNode_ARM_l2, &l2->id)))
		goto fail_mapping_slot;
	if ((err = vnode_map(st->l1, l2->table, l1e, 0, 0, 1, l2->mapping)))
		goto fail_vnode;
	install_l2(st, g, l1e, l2);
	st->l2_tables++;
	*ret = l2;
	return SYS_ERR_OK;

fail_vnode:
	ram_free(l2->table);
fail_mapping_slot:
	slot_free(l2->mapping);
fail_table_slot:
	slot_free(l2->table);
fail_slab:
	paging_slab_free(l2);
fail_group:
	put_group_if_empty(st, l1e);
	return err;
}

/*
 * Unmap through a mapping capability and free its slot.  If the table was
 * revoked away (a child holding a copy can do that), delete the mapping
 * capability itself: the slot must be empty before it is reused.
 */
static void unmap_and_free_slot(struct capref table, struct capref mapping)
{
	if (err_is_fail(vnode_unmap(table, mapping)))
		cap_delete(mapping);
	slot_free(mapping);
}

/* Pages through l1e's table went away; the last one takes the table with it. */
static void put_l2(struct paging_state *st, uint32_t l1e, uint32_t pages)
{
	struct paging_l2 *l2 = paging_l2_at(st, l1e);

	l2->pages -= pages;
	if (l2->pages || l2->inherited)
		return;
	unmap_and_free_slot(st->l1, l2->mapping);
	/* A child we gave a copy to may have revoked ours away: then by its range. */
	ram_give_back(l2->table, &l2->id);
	uninstall_l2(st, l2);
	paging_slab_free(l2);
	st->l2_tables--;
}

/* --- chunks ------------------------------------------------------------------------ */

static void unmap_one(struct paging_state *st, struct paging_map *m)
{
	unmap_and_free_slot(m->l2 ? m->l2->table : st->l1, m->mapping);
	if (m->l2)
		put_l2(st, L1_ENTRY(m->vaddr), m->count);
	st->maps--;
	paging_slab_free(m);
}

void paging_unmap_chunk(struct paging_state *st, struct paging_chunk *c)
{
	while (c->maps) {
		struct paging_map *m = c->maps;
		c->maps = m->next;
		unmap_one(st, m);
	}
	if (c->owned)
		frame_free(c->frame);
	paging_slab_free(c);
}

/* Can [va, va + left) start with sections: aligned, at least 1 MiB, no L2 table there? */
static bool section_fits(const struct paging_state *st, uint32_t va, uint32_t paddr, uint32_t left,
			 int flags)
{
	return (flags & VREGION_FLAGS_LARGE) && va % SECTION_BYTES == 0 &&
	       paddr % SECTION_BYTES == 0 && left >= SECTION_BYTES &&
	       !paging_l2_at(st, L1_ENTRY(va));
}

/* One map invocation: as many pages (or sections) as one table takes. */
static errval_t map_step(struct paging_state *st, struct paging_chunk *c, uint32_t offset,
			 uint32_t paddr, int flags, uint32_t *mapped)
{
	uint32_t va = c->vaddr + offset, left = c->bytes - offset, count, entry;
	struct paging_map *m;
	struct capref table;
	errval_t err;

	if (!(m = paging_slab_alloc()))
		return PAGING_ERR_NODE_ALLOC;
	if (section_fits(st, va, paddr, left, flags)) {
		entry = L1_ENTRY(va);
		/* The whole run lies in this chunk's own region: no other table is there. */
		count = left / SECTION_BYTES;
		table = st->l1;
		*mapped = count * SECTION_BYTES;
	} else {
		if ((err = get_l2(st, L1_ENTRY(va), &m->l2))) {
			paging_slab_free(m);
			return err;
		}
		entry = L2_ENTRY(va);
		count = VNODE_ARM_L2_ENTRIES - entry;
		if (count > left / BASE_PAGE_SIZE)
			count = left / BASE_PAGE_SIZE;
		table = m->l2->table;
		*mapped = count * BASE_PAGE_SIZE;
	}
	if ((err = slot_alloc(&m->mapping)))
		goto fail;
	err = vnode_map(table, c->frame, entry, vregion_flags_to_kernel(flags),
			c->frame_offset + offset, count, m->mapping);
	if (err_is_fail(err)) {
		slot_free(m->mapping);
		goto fail;
	}
	m->vaddr = va;
	m->count = count;
	if (m->l2)
		m->l2->pages += count;
	m->next = c->maps;
	c->maps = m;
	st->maps++;
	return SYS_ERR_OK;

fail:
	if (m->l2 && !m->l2->pages)
		put_l2(st, L1_ENTRY(va), 0);
	paging_slab_free(m);
	return err;
}

errval_t paging_map_chunk(struct paging_state *st, struct region *r, uint32_t vaddr,
			  struct capref frame, uint32_t frame_offset, uint32_t bytes, int flags,
			  bool owned)
{
	struct paging_chunk *c = paging_slab_alloc();
	struct frame_identity fi = { 0, 0 };
	uint32_t offset = 0, mapped;
	errval_t err;

	if (!c)
		return PAGING_ERR_NODE_ALLOC;
	*c = (struct paging_chunk){ .frame = frame,
				    .owned = false,
				    .vaddr = vaddr,
				    .bytes = bytes,
				    .frame_offset = frame_offset };
	if ((err = frame_identify(frame, &fi)))
		goto fail;
	if (fi.bytes < frame_offset || fi.bytes - frame_offset < bytes) {
		err = PAGING_ERR_FRAME_TOO_SMALL;
		goto fail;
	}
	while (offset < bytes) {
		if ((err =
			 map_step(st, c, offset, fi.base + frame_offset + offset, flags, &mapped)))
			goto fail;
		offset += mapped;
	}
	c->owned = owned;
	c->next = r->data;
	r->data = c;
	return SYS_ERR_OK;

fail:
	paging_unmap_chunk(st, c); /* not owned yet: the frame stays the caller's */
	return err;
}

/* --- the public operations ---------------------------------------------------------- */

static errval_t check_alignment(size_t bytes, size_t alignment)
{
	if (bytes == 0 || bytes > USER_SPACE_TOP || alignment == 0 || (alignment & (alignment - 1)))
		return PAGING_ERR_BAD_ALIGNMENT;
	return SYS_ERR_OK;
}

errval_t paging_alloc(struct paging_state *st, void **buf, size_t bytes, size_t alignment)
{
	struct region *r;
	errval_t err;

	if ((err = check_alignment(bytes, alignment)))
		return err;
	paging_slab_reserve(paging_objects_for(0));
	if (alignment < BASE_PAGE_SIZE)
		alignment = BASE_PAGE_SIZE;
	err = region_tree_alloc(&st->regions, page_round_up((uint32_t)bytes), (uint32_t)alignment,
				&r);
	if (err_is_ok(err))
		*buf = (void *)r->base;
	return err;
}

/* Map frame, from byte offset, into the fresh used region r (all of it); on failure r is
 * free again. */
static errval_t map_region(struct paging_state *st, struct region *r, struct capref frame,
			   uint32_t offset, int flags)
{
	errval_t err = paging_map_chunk(st, r, r->base, frame, offset, r->size, flags, false);

	if (err_is_fail(err))
		region_tree_free(&st->regions, r->base);
	return err;
}

errval_t paging_map_fixed_attr(struct paging_state *st, lvaddr_t vaddr, struct capref frame,
			       size_t bytes, int flags)
{
	return paging_map_fixed_offset(st, vaddr, frame, 0, bytes, flags);
}

errval_t paging_map_fixed_offset(struct paging_state *st, lvaddr_t vaddr, struct capref frame,
				 size_t offset, size_t bytes, int flags)
{
	struct region *r;
	errval_t err;

	if (vaddr % BASE_PAGE_SIZE || offset % BASE_PAGE_SIZE)
		return PAGING_ERR_BAD_VADDR;
	if ((err = check_alignment(bytes, BASE_PAGE_SIZE)))
		return err;
	paging_slab_reserve(paging_objects_for((uint32_t)bytes));
	if ((err = region_tree_reserve(&st->regions, vaddr, page_round_up((uint32_t)bytes), &r)))
		return err;
	return map_region(st, r, frame, (uint32_t)offset, flags);
}

errval_t paging_map_frame_attr(struct paging_state *st, void **buf, size_t bytes,
			       struct capref frame, int flags)
{
	uint32_t alignment = (flags & VREGION_FLAGS_LARGE) ? SECTION_BYTES : BASE_PAGE_SIZE;
	struct region *r;
	errval_t err;

	if ((err = check_alignment(bytes, alignment)))
		return err;
	paging_slab_reserve(paging_objects_for((uint32_t)bytes));
	err = region_tree_alloc(&st->regions, page_round_up((uint32_t)bytes), alignment, &r);
	if (err_is_ok(err))
		err = map_region(st, r, frame, 0, flags);
	if (err_is_ok(err))
		*buf = (void *)r->base;
	return err;
}

/* Unmap every chunk of the used region r and free it. */
static void unmap_region(struct paging_state *st, struct region *r)
{
	while (r->data) {
		struct paging_chunk *c = r->data;
		r->data = c->next;
		paging_unmap_chunk(st, c);
	}
	region_tree_free(&st->regions, r->base);
}

errval_t paging_unmap(struct paging_state *st, const void *region)
{
	struct region *r = region_tree_find(&st->regions, (uint32_t)region);

	if (!r || r->free || r->base != (uint32_t)region)
		return PAGING_ERR_REGION_NOT_FOUND;
	unmap_region(st, r);
	return SYS_ERR_OK;
}

errval_t paging_destroy_state(struct paging_state *st)
{
	struct region *r = region_tree_first(&st->regions);

	if (st == &self_state)
		return PAGING_ERR_DESTROY_SELF; /* the slab, heap and stacks live in it */
	while (r) {
		if (r->free) {
			r = region_tree_next(r);
			continue;
		}
		unmap_region(st, r);
		r = region_tree_first(&st->regions); /* freeing merges: start again */
	}
	if (st->regions.root)
		paging_slab_free(st->regions.root);
	st->regions.root = st->regions.tail = NULL;
	st->regions.nodes = 0;
	return SYS_ERR_OK;
}

void paging_get_stats(const struct paging_state *st, struct paging_stats *stats)
{
	stats->used_regions = region_tree_used_count(&st->regions);
	stats->free_bytes = region_tree_free_bytes(&st->regions);
	stats->l2_tables = st->l2_tables;
	stats->maps = st->maps;
	stats->slab_in_use = paging_slab_in_use();
	stats->slab_pages = paging_slab_pages();
}
