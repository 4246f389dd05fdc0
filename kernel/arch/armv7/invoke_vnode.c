/*
 * VNode invocations: map a Frame, DevFrame or L2 table into a page table,
 * unmap it through the mapping capability the map returned, and read one
 * entry of a table (for dumps made in user space).  Frames go into L2 tables as 4 KiB pages, or
 * into L1 tables as 1 MiB sections; L2 tables go into L1 tables.
 */
#include <stdint.h>

#include <arch/mmu.h>
#include <arch/pte.h>
#include <cap.h>
#include <invocations.h>
#include <invoke.h>
#include <memlayout.h>
#include <objtype.h>
#include <vnode.h>

#define MAP_FLAGS_ALL (MAP_FLAG_READ | MAP_FLAG_WRITE | MAP_FLAG_EXECUTE | MAP_FLAG_NOCACHE)

struct map_request {
	struct cte *vnode, *src, *mapping;
	uint32_t entry, flags, offset, count;
	uint32_t step; /* bytes one entry maps */
	enum objtype mapping_type;
};

static errval_t check_rights(const struct capability *src, uint32_t flags)
{
	if ((flags & MAP_FLAG_WRITE) && !(src->rights & CAPRIGHTS_WRITE))
		return SYS_ERR_MAP_RIGHTS;
	if ((flags & MAP_FLAG_EXECUTE) && !(src->rights & CAPRIGHTS_EXECUTE))
		return SYS_ERR_MAP_RIGHTS;
	if (!(src->rights & CAPRIGHTS_READ))
		return SYS_ERR_MAP_RIGHTS;
	if ((flags & MAP_FLAG_NOCACHE) && src->type == ObjType_Frame)
		return SYS_ERR_NOCACHE_RAM;
	return SYS_ERR_OK;
}

/* The entry range [entry, entry + count) of a table with `entries` usable entries. */
static errval_t check_entries(const struct map_request *r, uint32_t entries, int l1)
{
	if (l1 && r->entry >= VNODE_ARM_L1_USER_ENTRIES)
		return SYS_ERR_VNODE_SLOT_RESERVED;
	if (r->count == 0 || r->entry >= entries || r->count > entries - r->entry)
		return l1 ? SYS_ERR_VNODE_SLOT_RESERVED : SYS_ERR_VNODE_SLOT_INVALID;
	return SYS_ERR_OK;
}

/* Which source types fit which table, and how much one entry maps. */
static errval_t check_source(struct map_request *r, int l1)
{
	enum objtype t = r->src->cap.type;

	r->mapping_type = objtype_mapping_of(t); /* the object table says which */
	if (t == ObjType_Frame || t == ObjType_DevFrame) {
		r->step = l1 ? SECTION_SIZE : PAGE_SIZE;
		if ((uint64_t)r->offset + (uint64_t)r->count * r->step > r->src->cap.bytes)
			return SYS_ERR_FRAME_OFFSET_INVALID;
		if (l1 && (r->src->cap.base + r->offset) % SECTION_SIZE)
			return SYS_ERR_SECTION_UNALIGNED;
		if (r->offset % PAGE_SIZE)
			return SYS_ERR_FRAME_OFFSET_INVALID;
		return check_rights(&r->src->cap, r->flags);
	}
	if (t == ObjType_VNode_ARM_l2 && l1) {
		r->step = 0;
		/* Installing a table gives its mappings: it takes the right to change it. */
		if (!cap_has_rights(r->src, CAPRIGHTS_READ | CAPRIGHTS_WRITE))
			return SYS_ERR_VNODE_RIGHTS;
		return (r->count == 1 && r->offset == 0) ? SYS_ERR_OK : SYS_ERR_VNODE_SLOT_INVALID;
	}
	return SYS_ERR_WRONG_MAPPING;
}

/* Check a request whose capabilities are known; changes nothing. */
static errval_t map_check(struct map_request *r)
{
	int l1 = r->vnode->cap.type == ObjType_VNode_ARM_l1;
	uint32_t entries = vnode_user_entries(&r->vnode->cap);
	errval_t err;

	if (!cte_is_empty(r->mapping))
		return SYS_ERR_SLOT_IN_USE;
	if (r->flags & ~MAP_FLAGS_ALL)
		return SYS_ERR_ILLEGAL_INVOCATION;
	if ((err = check_entries(r, entries, l1)))
		return err;
	if ((err = check_source(r, l1)))
		return err;
	if (!vnode_entries_free(&r->vnode->cap, r->entry, r->count))
		return SYS_ERR_VNODE_SLOT_INUSE;
	return SYS_ERR_OK;
}

/* a0 entry, a1 source, a2 source level | flags << 8, a3 offset, a4 pte count,
 * a5 mapping CNode, a6 its level, a7 mapping slot. */
static errval_t map_decode(struct cte *vnode, const uint32_t *a, struct map_request *r)
{
	struct cte *slots;
	uint32_t nslots;
	errval_t err;

	*r = (struct map_request){
		.vnode = vnode, .entry = a[0], .flags = a[2] >> 8, .offset = a[3], .count = a[4]
	};
	if (!cap_has_rights(vnode, CAPRIGHTS_WRITE))
		return SYS_ERR_VNODE_RIGHTS;
	if ((err = lookup_cap(a[1], a[2] & 0xffu, CAPRIGHTS_READ, &r->src)))
		return err;
	if ((err = lookup_cnode_slots(caller_cspace_root(), a[5], a[6], &slots, &nslots)))
		return err;
	if (a[7] >= nslots)
		return SYS_ERR_SLOTS_INVALID;
	r->mapping = &slots[a[7]];
	return map_check(r);
}

static void map_invoke(const struct map_request *r)
{
	uint32_t paddr = r->src->cap.base + r->offset;
	int device = r->src->cap.type == ObjType_DevFrame;
	struct capability mapping = r->src->cap;
	uint32_t first_pte;

	if ((r->flags & MAP_FLAG_EXECUTE) && !device)
		cache_sync_icache(cap_kva(paddr), r->count * r->step);
	if (r->mapping_type == ObjType_VNode_ARM_l2_Mapping)
		first_pte = pte_page_table(paddr);
	else if (r->vnode->cap.type == ObjType_VNode_ARM_l1)
		first_pte = pte_section(paddr, r->flags, device);
	else
		first_pte = pte_small_page(paddr, r->flags, device);

	mapping.type = (uint8_t)r->mapping_type;
	mapping.rights = 0;
	mapping.u.mapping.table = r->vnode->cap.base;
	mapping.u.mapping.entry = (uint16_t)r->entry;
	mapping.u.mapping.pte_count = (uint16_t)r->count;
	mapping.u.mapping.offset = r->offset;
	mapping.u.mapping.table_type = r->vnode->cap.type;
	mapping.u.mapping.flags = (uint8_t)r->flags;
	caps_insert_child(r->src, r->mapping, &mapping);
	vnode_install(r->mapping, first_pte, r->step);
}

/* a0 mapping capability, a1 its level. */
static errval_t unmap(struct cte *vnode, const uint32_t *a)
{
	struct cte *mapping;
	errval_t err = lookup_cap(a[0], a[1], CAPRIGHTS_WRITE, &mapping);

	if (!cap_has_rights(vnode, CAPRIGHTS_WRITE))
		return SYS_ERR_VNODE_RIGHTS;
	if (err_is_fail(err))
		return err;
	if (!objtype_has(mapping->cap.type, OBJF_MAPPING))
		return SYS_ERR_MAPPING_TYPE;
	if (mapping->cap.u.mapping.table != vnode->cap.base)
		return SYS_ERR_WRONG_MAPPING;
	return caps_delete(mapping); /* vnode_mapping_finalise() clears the entries */
}

/*
 * a0 entry: r1 its value, r2 the next entry after it that is valid (or the
 * number of entries), r3 the number of user entries.  A dump reads a
 * table this way, one call per valid entry; each call reads at most the
 * table (8 KiB), so it never holds the kernel long.
 */
static struct sysret read_entry(const struct cte *vnode, uint32_t entry)
{
	const uint32_t *table = cap_kva(vnode->cap.base);
	uint32_t entries = vnode_user_entries(&vnode->cap), next = entry + 1;
	struct sysret ret = { SYS_ERR_OK, { 0, 0, entries, 0 } };

	if (!cap_has_rights(vnode, CAPRIGHTS_READ))
		return sysret_error(SYS_ERR_VNODE_RIGHTS);
	if (entry >= entries)
		return sysret_error(SYS_ERR_VNODE_SLOT_INVALID);
	while (next < entries && !table[next])
		next++;
	ret.value[0] = table[entry];
	ret.value[1] = next;
	return ret;
}

errval_t vnode_map_kernel(struct cte *vnode, struct cte *src, uint32_t entry, uint32_t flags,
			  uint32_t offset, uint32_t count, struct cte *mapping_slot)
{
	struct map_request r = { .vnode = vnode,
				 .src = src,
				 .mapping = mapping_slot,
				 .entry = entry,
				 .flags = flags,
				 .offset = offset,
				 .count = count };
	errval_t err = map_check(&r);

	if (err_is_ok(err))
		map_invoke(&r);
	return err;
}

struct sysret invoke_vnode(struct cte *vnode, uint32_t cmd, const uint32_t *args)
{
	struct map_request req;
	errval_t err;

	switch (cmd) {
	case VNodeCmd_Map:
		if ((err = map_decode(vnode, args, &req)))
			return sysret_error(err);
		map_invoke(&req);
		return sysret_error(SYS_ERR_OK);
	case VNodeCmd_Unmap: return sysret_error(unmap(vnode, args));
	case VNodeCmd_Entry: return read_entry(vnode, args[0]);
	default: return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
	}
}
