/*
 * spawn: the child's CSpace, its dispatcher, and taking everything back.
 * The VSpace half (ELF, stack, arguments page) is in spawn_vspace.c.
 * docs/spawn.md has the picture.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/armv7/dispatcher_arch.h>
#include <cmdline.h>
#include <slot_alloc.h>

#include "spawn.h"
#include "spawn_internal.h"

bool spawn_verbose = true;
static uint32_t next_pid = 1;

/*
 * The child's L2 CNodes, made by us in its root CNode (the CSpace layout of
 * cspace.h).  Its slot allocator starts with one; it makes more itself when
 * it needs them (libcap/slot_alloc.c), so SLOT_ALLOC1 and 2 stay empty.
 */
static const uint32_t child_l2_cnodes[] = {
	ROOTCN_SLOT_TASKCN,
	ROOTCN_SLOT_PAGECN,
	ROOTCN_SLOT_SLOT_ALLOC0,
};
_Static_assert(sizeof(child_l2_cnodes) / sizeof(child_l2_cnodes[0]) == SPAWN_CHILD_L2_CNODES,
	       "the block has room for each");

struct capref spawn_child_slot(const struct spawninfo *si, uint32_t rootcn_slot, cslot_t slot)
{
	return (struct capref){ si->l2_refs[rootcn_slot], slot };
}

/* Note what c names, for giving it back even if the child revokes our copy. */
static errval_t remember(struct spawn_cap *c)
{
	return cap_identify(c->cap, &c->id);
}

/* Give back a block of ours (and every copy the child holds) and its slot; false if the
 * allocator refused it (the capability then stays, and so does c). */
static bool release(struct spawn_cap *c)
{
	if (err_is_fail(ram_give_back(c->cap, &c->id)))
		return false;
	c->cap = NULL_CAP;
	c->id.bytes = 0;
	return true;
}

errval_t spawn_share(struct capref dest, struct capref src)
{
	return cap_mint(dest, src, CAPRIGHTS_SHARED, 0);
}

errval_t spawn_carve(struct spawninfo *si, struct spawn_cap *c, enum objtype type, uint32_t offset,
		     uint32_t objsize)
{
	errval_t err;

	if ((err = slot_alloc(&c->cap)))
		return err;
	if ((err = cap_retype(c->cap, si->objects.cap, offset, type, objsize, 1))) {
		slot_free(c->cap);
		c->cap = NULL_CAP;
		return err;
	}
	c->id = (struct capability_identity){ .type = type,
					      .base = si->objects.id.base + offset,
					      .bytes = objsize,
					      .rights = CAPRIGHTS_ALLRIGHTS };
	return SYS_ERR_OK;
}

/* Destroy the child's dispatcher (our capability, the child's copy, its SELFEP): it is off
 * the run queue for good, whatever it was doing. */
static void stop(struct spawninfo *si)
{
	if (!capref_is_null(si->dispatcher.cap) && err_is_ok(cap_revoke(si->dispatcher.cap)))
		cap_delete(si->dispatcher.cap);
}

/* The slot of an object carved from the block: its capability went with the block. */
static void forget(struct spawn_cap *c)
{
	if (!capref_is_null(c->cap))
		slot_free(c->cap);
	c->cap = NULL_CAP;
	c->id.bytes = 0;
}

/* An L2 CNode of the child's, in its root slot s: ours, and the child's copy. */
static errval_t make_l2_cnode(struct spawninfo *si, uint32_t s, uint32_t offset)
{
	struct spawn_cap *ours = &si->l2_caps[s];
	errval_t err;

	if ((err = spawn_carve(si, ours, ObjType_L2CNode, offset, OBJSIZE_L2CNODE)))
		return err;
	si->l2_refs[s] = cnode_at(ours->cap);
	/* Theirs without the revoke right (spawn_share): see cnode_create_foreign_l2. */
	return spawn_share((struct capref){ si->rootcn_ref, s }, ours->cap);
}

/*
 * The block, and from it the root CNode, its L2 CNodes, and the RAM the
 * child may use itself.
 */
static errval_t setup_cspace(struct spawninfo *si)
{
	errval_t err;

	/* 16 KiB-aligned: the L1 VNode at its start needs it. */
	if ((err = ram_alloc_aligned(&si->objects.cap, SPAWN_BLOCK_BYTES, OBJSIZE_VNODE_ARM_L1)) ||
	    (err = remember(&si->objects)))
		return err;
	if ((err = spawn_carve(si, &si->rootcn, ObjType_L1CNode, SPAWN_BLOCK_ROOTCN,
			       OBJSIZE_L2CNODE)))
		return err;
	si->rootcn_ref = cnode_at(si->rootcn.cap);
	for (unsigned i = 0; i < sizeof(child_l2_cnodes) / sizeof(child_l2_cnodes[0]); i++)
		if ((err = make_l2_cnode(si, child_l2_cnodes[i],
					 SPAWN_BLOCK_L2CNODES + i * OBJSIZE_L2CNODE)))
			return err;
	/* TASKCN[ROOTCN]: the child names its own root CNode through it. */
	if ((err = spawn_share(spawn_child_slot(si, ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN),
			       si->rootcn.cap)))
		return err;
	/* The child's 4 KiB RAM caps, in TASKCN, retyped in one call.  They are children of
	 * the block, not copies: the child's revoke reaches only what it made from them, and
	 * ours of the block takes them all. */
	if ((err = cap_retype(spawn_child_slot(si, ROOTCN_SLOT_TASKCN, TASKCN_SLOT_BASE_PAGE0),
			      si->objects.cap, SPAWN_BLOCK_BASE_PAGES, ObjType_RAM, BASE_PAGE_SIZE,
			      BASE_PAGE_CAPS)))
		return err;
	if (si->heap_ram_bytes) {
		if ((err = ram_alloc(&si->heap_ram.cap, si->heap_ram_bytes)) ||
		    (err = remember(&si->heap_ram)))
			return err;
		if ((err =
			 spawn_share(spawn_child_slot(si, ROOTCN_SLOT_TASKCN, TASKCN_SLOT_HEAPRAM),
				     si->heap_ram.cap)))
			return err;
	}
	return SYS_ERR_OK;
}

/* The dispatcher, its SELFEP, the dispatcher frame and the arguments page. */
static errval_t setup_dispatcher(struct spawninfo *si)
{
	errval_t err;

	if ((err = spawn_carve(si, &si->dispatcher, ObjType_Dispatcher, SPAWN_BLOCK_DISPATCHER,
			       OBJSIZE_DISPATCHER)))
		return err;
	if ((err = spawn_share(spawn_child_slot(si, ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPATCHER),
			       si->dispatcher.cap)))
		return err;
	/* SELFEP: an EndPoint to the child's own dispatcher, retyped from it. */
	if ((err = cap_retype(spawn_child_slot(si, ROOTCN_SLOT_TASKCN, TASKCN_SLOT_SELFEP),
			      si->dispatcher.cap, 0, ObjType_EndPoint, 0, 1)))
		return err;
	/* The spawner learns of the child's exit by a message (docs/ipc.md). */
	if (!capref_is_null(si->exitep) &&
	    (err = invoke_dispatcher_exit_endpoint(si->dispatcher.cap, si->exitep)))
		return err;
	/* INITEP: the spawner's EndPoint for the child's calls (docs/ipc.md). */
	if (!capref_is_null(si->initep) &&
	    (err = spawn_share(spawn_child_slot(si, ROOTCN_SLOT_TASKCN, TASKCN_SLOT_INITEP),
			       si->initep)))
		return err;
	if ((err = spawn_carve(si, &si->dispframe, ObjType_Frame, SPAWN_BLOCK_DISPFRAME,
			       DISPATCHER_FRAME_SIZE)) ||
	    (err = spawn_share(spawn_child_slot(si, ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME),
			       si->dispframe.cap)))
		return err;
	if ((err = spawn_carve(si, &si->argspage, ObjType_Frame, SPAWN_BLOCK_ARGSPAGE,
			       BASE_PAGE_SIZE)))
		return err;
	return spawn_share(spawn_child_slot(si, ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ARGSPAGE),
			   si->argspage.cap);
}

/* The dispatcher frame: the child starts disabled at its entry point (dispatcher.h). */
static void fill_dispatcher_frame(struct spawninfo *si)
{
	struct dispatcher_frame *f = si->dispframe_addr;

	memcpy(f->shared.name, si->name, DISP_NAME_LEN - 1); /* the frame is zeroed: NUL-ended */
	f->shared.udisp = si->dispframe_vaddr;
	f->shared.disabled = 1;
	f->shared.fpu_trap = 1;
	f->shared.core_id = 0;
	f->generic.core_id = 0;
	f->generic.pid = si->pid;
	f->arm.got_base = si->got;
	arch_dispatcher_initial_state(&f->disabled_area, si->entry, si->stack_top,
				      si->argspage_vaddr, si->got);
}

void spawn_cleanup(struct spawninfo *si)
{
	/*
	 * The dispatcher first: a child that is killed may still be runnable,
	 * and must never run while its memory is taken down.  Then our paging
	 * state for it, while its L1 table stands: every mapping we made, its
	 * L2 tables, the stack and the segment frames.  Then one revoke of the
	 * block takes every other fixed object of the child (its CNodes, with
	 * every capability it holds, its VNode, frame and arguments page, its
	 * base pages and whatever it made from them) and every copy it was given.
	 */
	stop(si);
	spawn_vspace_cleanup(si);
	if (!release(&si->objects))
		return; /* its objects live on: their slots must stay taken */
	forget(&si->rootcn);
	for (uint32_t s = 0; s < ROOTCN_FIRST_FREE_SLOT; s++)
		forget(&si->l2_caps[s]);
	forget(&si->dispatcher);
	forget(&si->dispframe);
	forget(&si->argspage);
	forget(&si->l1_vnode);
	/* The heap RAM is a block of its own: whatever the child made from it dies too. */
	release(&si->heap_ram);
}

/* The last part of argv[0]: the dispatcher's name. */
static void set_name(struct spawninfo *si, const char *path)
{
	const char *slash = strrchr(path, '/');

	strncpy(si->name, slash ? slash + 1 : path, SPAWN_NAME_LEN - 1);
	si->name[SPAWN_NAME_LEN - 1] = 0;
}

/* Start the module with these arguments: everything between finding it and running it. */
static errval_t spawn_load_image(const struct mem_region *module, int argc, char *argv[],
				 struct spawninfo *si, uint32_t *pid)
{
	uint32_t heap_ram_bytes = si->heap_ram_bytes;
	struct capref initep = si->initep, exitep = si->exitep;
	struct spawn_image image;
	errval_t err;

	memset(si, 0, sizeof(*si));
	si->heap_ram_bytes = heap_ram_bytes;
	si->initep = initep;
	si->exitep = exitep;
	set_name(si, argv[0]);
	si->pid = next_pid;
	image.frame = (struct capref){ cnode_module, module->mrmod_slot };
	image.bytes = module->mrmod_size;
	image.frame_bytes = module->mr_bytes;
	if ((err = setup_cspace(si)) || (err = setup_dispatcher(si)) ||
	    (err = spawn_setup_vspace(si, &image, argc, argv)))
		goto fail;
	fill_dispatcher_frame(si);
	err = invoke_dispatcher(si->dispatcher.cap, cap_dispatcher, si->rootcn.cap,
				si->l1_vnode.cap, si->dispframe.cap, true);
	if (err_is_fail(err))
		goto fail;
	spawn_unmap_from_spawner(si); /* the child has its own mappings of both pages */
	next_pid++;
	if (spawn_verbose)
		printf("spawn: %s: pid %u running, entry 0x%08x, GOT 0x%08x, %u segments\n",
		       si->name, (unsigned)si->pid, (unsigned)si->entry, (unsigned)si->got,
		       (unsigned)si->nsegments);
	*pid = si->pid;
	return SYS_ERR_OK;

fail:
	spawn_cleanup(si);
	return err;
}

errval_t spawn_load_argv(int argc, char *argv[], struct spawninfo *si, uint32_t *pid)
{
	const struct mem_region *module;

	if (!spawn_bootinfo())
		return SPAWN_ERR_NO_BOOTINFO;
	if (argc < 1 || !argv[0] || !(module = multiboot_find_module(spawn_bootinfo(), argv[0])))
		return SPAWN_ERR_MODULE_NOT_FOUND;
	if (argc > SPAWN_MAX_ARGS)
		return SPAWN_ERR_ARGS_TOO_LONG;
	for (int i = 0; i < argc; i++)
		if (!argv[i])
			return SPAWN_ERR_ARGS_TOO_LONG;
	return spawn_load_image(module, argc, argv, si, pid);
}

errval_t spawn_load_by_name(const char *name, struct spawninfo *si, uint32_t *pid)
{
	const struct mem_region *module;

	if (!spawn_bootinfo())
		return SPAWN_ERR_NO_BOOTINFO;
	if (!(module = multiboot_find_module(spawn_bootinfo(), name)))
		return SPAWN_ERR_MODULE_NOT_FOUND;
	return spawn_load_module(module, si, pid);
}

/* The module's menu.lst arguments are split as the shell splits a line (cmdline.h). */
errval_t spawn_load_module(const struct mem_region *module, struct spawninfo *si, uint32_t *pid)
{
	static struct command line; /* too big for the stack of a small program */
	char path[SPAWN_NAME_LEN * 2], *argv[SPAWN_MAX_ARGS];

	if (!spawn_bootinfo())
		return SPAWN_ERR_NO_BOOTINFO;
	multiboot_module_name(module, path, sizeof(path));
	if (cmdline_parse(multiboot_module_opts(module), &line) || line.background)
		return SPAWN_ERR_ARGS_MALFORMED;
	if (line.argc + 1 > SPAWN_MAX_ARGS)
		return SPAWN_ERR_ARGS_TOO_LONG;
	argv[0] = path;
	for (int i = 0; i < line.argc; i++)
		argv[i + 1] = line.argv[i];
	return spawn_load_image(module, line.argc + 1, argv, si, pid);
}
