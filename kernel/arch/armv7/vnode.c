/*
 * Page tables as kernel objects: installing and removing mappings, and
 * what happens when a table or a mapping dies.
 *
 * Each table carries a reverse index beside its hardware entries: for every
 * user entry, the mapping capability (CTE) that put it there, or NULL.  An
 * L2 object is 2 KiB, the 1 KiB hardware table and then 256 owner pointers
 * (as Linux's ARM port keeps a software table beside each hardware one).
 * An L1 object is 16 KiB, of which TTBR0 walks only the first 8 KiB under
 * TTBCR.N = 1; the 2048 owner pointers fill the other half.  So:
 *
 *  - a dying table finds every mapping into it and deletes it, and no
 *    mapping capability ever outlives its table;
 *  - a dying mapping clears exactly the entries that it owns, all of them
 *    or none, and never writes memory that is not a live table.
 *
 * Mapping CTEs never move (no invocation moves a capability), so the owner
 * pointers stay valid for as long as the mapping lives.
 */
#include <stdbool.h>
#include <stdint.h>

#include <arch/context.h>
#include <arch/mmu.h>
#include <arch/pte.h>
#include <cap.h>
#include <kprintf.h>
#include <memlayout.h>
#include <objtype.h>
#include <vnode.h>

_Static_assert(sizeof(struct cte *) == sizeof(uint32_t), "an owner pointer is one entry wide");
_Static_assert(OBJSIZE_VNODE_ARM_L2 == 2 * VNODE_ARM_L2_ENTRIES * sizeof(uint32_t),
	       "an L2 object is its table and the owners of its entries");
_Static_assert(OBJSIZE_VNODE_ARM_L1 == 2 * VNODE_ARM_L1_USER_ENTRIES * sizeof(uint32_t),
	       "an L1 object is its user half and the owners of its entries");

/* The entries of a table and the owner of each. */
struct table_view {
	uint32_t *pte;
	struct cte **owner;
	uint32_t entries; /* user entries */
};

static struct table_view view_of(uint32_t table, uint8_t table_type)
{
	uint32_t entries =
	    table_type == ObjType_VNode_ARM_l1 ? VNODE_ARM_L1_USER_ENTRIES : VNODE_ARM_L2_ENTRIES;
	uint32_t *pte = cap_kva(table);

	return (struct table_view){ pte, (struct cte **)(pte + entries), entries };
}

uint32_t vnode_user_entries(const struct capability *vnode)
{
	return view_of(vnode->base, vnode->type).entries;
}

bool vnode_entries_free(const struct capability *vnode, uint32_t first, uint32_t count)
{
	struct table_view v = view_of(vnode->base, vnode->type);

	for (uint32_t i = 0; i < count; i++)
		if (v.pte[first + i] || v.owner[first + i])
			return false;
	return true;
}

void vnode_install(struct cte *mapping, uint32_t first_pte, uint32_t step)
{
	const struct capability *m = &mapping->cap;
	struct table_view v = view_of(m->u.mapping.table, m->u.mapping.table_type);

	for (uint32_t i = 0; i < m->u.mapping.pte_count; i++)
		v.owner[m->u.mapping.entry + i] = mapping;
	pte_write(v.pte, m->u.mapping.entry, m->u.mapping.pte_count, first_pte, step);
}

/* Clear the entries of a mapping and forget it; it must own all of them. */
static void uninstall(struct cte *mapping)
{
	struct capability *m = &mapping->cap;
	struct table_view v = view_of(m->u.mapping.table, m->u.mapping.table_type);

	for (uint32_t i = 0; i < m->u.mapping.pte_count; i++)
		v.owner[m->u.mapping.entry + i] = NULL;
	pte_clear(v.pte, m->u.mapping.entry, m->u.mapping.pte_count);
	m->u.mapping.pte_count = 0;
}

static bool owns_all(const struct cte *mapping)
{
	const struct capability *m = &mapping->cap;
	struct table_view v = view_of(m->u.mapping.table, m->u.mapping.table_type);

	for (uint32_t i = 0; i < m->u.mapping.pte_count; i++)
		if (v.owner[m->u.mapping.entry + i] != mapping)
			return false;
	return true;
}

void vnode_mapping_finalise(struct cte *mapping)
{
	if (mapping->cap.u.mapping.pte_count == 0)
		return; /* its table died first and cleared its entries */
	if (!owns_all(mapping)) {
		/* Cannot happen while the reverse index is right; write nothing. */
		kprintf("vnode: mapping of table 0x%08x entry %u does not own its entries\n",
			mapping->cap.u.mapping.table, mapping->cap.u.mapping.entry);
		return;
	}
	uninstall(mapping);
}

/*
 * The last copy of a table is going: every mapping into it goes first.  A
 * mapping that cannot be deleted now (it is itself being deleted, further
 * up the kernel stack) loses its entries here and is left with none.
 */
void vnode_table_finalise(struct cte *table)
{
	struct table_view v = view_of(table->cap.base, table->cap.type);
	const uint32_t *owners = (const uint32_t *)v.owner;

	_Static_assert(VNODE_ARM_L2_ENTRIES % 8 == 0 && VNODE_ARM_L1_USER_ENTRIES % 8 == 0,
		       "tables are scanned eight owners at a time");
	for (uint32_t e = 0; e < v.entries; e += 8) {
		/* Most entries of a dying table are empty: pass them eight at a time. */
		e = (uint32_t)(words_first_nonzero_group(&owners[e], &owners[v.entries]) - owners);
		if (e == v.entries)
			break;
		for (uint32_t i = e; i < e + 8; i++) {
			struct cte *m = v.owner[i];

			if (!m)
				continue;
			caps_delete(m);
			if (v.owner[i] == m)
				uninstall(m);
		}
	}
	if (table->cap.type == ObjType_VNode_ARM_l1)
		arch_vspace_gone(table->cap.base);
}

/* --- the invariant: every valid entry has exactly one live mapping behind it --- */

/* The value entry i of a mapping must have. */
static uint32_t expected_pte(const struct capability *m, uint32_t i)
{
	uint32_t paddr = m->base + m->u.mapping.offset;
	int device = m->type == ObjType_DevFrame_Mapping;

	if (m->type == ObjType_VNode_ARM_l2_Mapping)
		return pte_page_table(m->base);
	if (m->u.mapping.table_type == ObjType_VNode_ARM_l1)
		return pte_section(paddr + i * SECTION_SIZE, m->u.mapping.flags, device);
	return pte_small_page(paddr + i * PAGE_SIZE, m->u.mapping.flags, device);
}

static uint32_t complaints;

static bool bad(const char *what, uint32_t table, uint32_t entry)
{
	if (complaints++ < VNODE_CHECK_MAX_COMPLAINTS)
		kprintf("vnode check: %s: table 0x%08x entry %u\n", what, table, entry);
	return false;
}

/* Every entry of one table (one object, not each copy): returns false on a fault. */
bool vnode_check_table(const struct capability *vnode, uint32_t *valid)
{
	struct table_view v = view_of(vnode->base, vnode->type);
	bool ok = true;

	for (uint32_t e = 0; e < v.entries; e++) {
		const struct cte *m = v.owner[e];

		if (!v.pte[e] && !m)
			continue;
		if (!v.pte[e] || !m) {
			ok = bad(m ? "an owned entry is invalid" : "a valid entry has no owner",
				 vnode->base, e);
			continue;
		}
		(*valid)++;
		if (!objtype_has(m->cap.type, OBJF_MAPPING) ||
		    m->cap.u.mapping.table != vnode->base || e < m->cap.u.mapping.entry ||
		    e >= m->cap.u.mapping.entry + m->cap.u.mapping.pte_count)
			ok = bad("the owner of an entry is not a mapping of it", vnode->base, e);
		else if (v.pte[e] != expected_pte(&m->cap, e - m->cap.u.mapping.entry))
			ok =
			    bad("an entry differs from what its mapping put there", vnode->base, e);
	}
	return ok;
}

bool vnode_check_mapping(const struct cte *mapping, uint32_t *claimed)
{
	const struct capability *m = &mapping->cap;

	if (m->u.mapping.pte_count == 0)
		return bad("a mapping outlived its table", m->u.mapping.table, m->u.mapping.entry);
	*claimed += m->u.mapping.pte_count;
	if (!owns_all(mapping))
		return bad("a mapping does not own its entries", m->u.mapping.table,
			   m->u.mapping.entry);
	return true;
}

void vnode_check_begin(void)
{
	complaints = 0;
}
