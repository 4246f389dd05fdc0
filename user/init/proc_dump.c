/*
 * init's dumps of a child (the shell's `caps` and `vspace`, INIT_RPC_DUMP):
 * read through init's own capabilities to its root CNode and page tables
 * (libcap/dump.h), and printed on the console.
 */
#include <stdio.h>

#include <dump.h>
#include <paging.h>
#include <slot_alloc.h>

#include "proc.h"

errval_t proc_dump_cspace(uint32_t pid)
{
	const struct spawninfo *si = proc_running_spawninfo(pid);

	if (!si)
		return SPAWN_ERR_NO_SUCH_PROC;
	return cspace_dump(si->rootcn.cap, dump_to_stdout, NULL, NULL);
}

/* What spawn put at a region of the child's VSpace. */
static const char *region_name(const struct spawninfo *si, uint32_t base, uint32_t size)
{
	for (uint32_t i = 0; i < si->nsegments; i++) {
		const struct spawn_segment *seg = &si->segments[i];

		if (seg->vaddr >= base && seg->vaddr < base + size)
			return seg->flags & VREGION_FLAGS_EXECUTE ? "program text" : "program data";
	}
	if (si->dispframe_vaddr == base)
		return "dispatcher frame";
	if (si->argspage_vaddr == base)
		return "arguments page";
	if (si->stack_top > base && si->stack_top <= base + size)
		return "stack";
	return "";
}

/* The regions spawn mapped (the child maps more itself, in its own paging state). */
static void dump_spawn_regions(const struct spawninfo *si)
{
	printf("Regions spawn mapped (the program maps more itself):\n");
	for (const struct region *r = region_tree_first(&si->vspace->regions); r;
	     r = region_tree_next(r)) {
		if (!r->free)
			printf("  0x%08x-0x%08x %6u KiB  %s\n", (unsigned)r->base,
			       (unsigned)(r->base + r->size - 1), (unsigned)(r->size >> 10),
			       region_name(si, r->base, r->size));
	}
}

errval_t proc_dump_vspace(uint32_t pid)
{
	const struct spawninfo *si = proc_running_spawninfo(pid);
	struct capability_identity id;
	struct capref copy;
	errval_t err;

	if (!si)
		return SPAWN_ERR_NO_SUCH_PROC;
	dump_spawn_regions(si);
	if ((err = vnode_dump_to(si->l1_vnode.cap, dump_to_stdout, NULL)))
		return err;
	/* Its L2 tables, in its PAGECN after the L1 table: each through a copy of ours. */
	if ((err = slot_alloc(&copy)))
		return err;
	for (cslot_t slot = PAGECN_SLOT_VROOT + 1; slot < L2_CNODE_SLOTS && err_is_ok(err);
	     slot++) {
		if (err_is_fail(cap_copy_foreign(
			copy, si->rootcn.cap, CAPADDR(ROOTCN_SLOT_PAGECN, slot), CAPADDR_LEVEL_L2)))
			continue; /* an empty slot */
		if (err_is_ok(cap_identify(copy, &id)) && id.type == ObjType_VNode_ARM_l2)
			err = vnode_dump_to(copy, dump_to_stdout, NULL);
		cap_delete(copy);
	}
	slot_free(copy);
	return err;
}
