/*
 * spawn: the child's VSpace.  Our paging state for it maps the ELF
 * segments, a stack, the dispatcher frame and the arguments page; the
 * arguments page then tells the child what was mapped, so that its own
 * paging library carries on from there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elf.h>
#include <slot_alloc.h>
#include <spawn_params.h>
#include <vspace_layout.h>

#include "spawn_internal.h"

/* ELF's PF_* bits are not VREGION flags: convert explicitly. */
static uint32_t vregion_flags_from_elf(uint32_t p_flags)
{
	return ((p_flags & PF_R) ? VREGION_FLAGS_READ : 0) |
	       ((p_flags & PF_W) ? VREGION_FLAGS_WRITE : 0) |
	       ((p_flags & PF_X) ? VREGION_FLAGS_EXECUTE : 0);
}

/* What elf_load's callbacks work on. */
struct load_state {
	struct spawninfo *si;
	const struct spawn_image *image;
};

/*
 * elf_load's allocator: a fresh frame per segment, mapped writable in our
 * VSpace for the loader to fill.  It is mapped into the child only after
 * the loader has written it, so that the kernel makes the instruction
 * cache coherent for the bytes the child will run.
 */
static errval_t allocate_segment(void *state, uint32_t base, size_t size, uint32_t flags,
				 void **ret)
{
	struct spawninfo *si = ((struct load_state *)state)->si;
	struct spawn_segment *seg = &si->segments[si->nsegments];
	errval_t err;

	if (si->nsegments == SPAWN_MAX_SEGMENTS)
		return SPAWN_ERR_TOO_MANY_SEGMENTS;
	if ((err = frame_alloc(&seg->frame, size, NULL)))
		return err;
	err = paging_map_frame_attr(get_current_paging_state(), &seg->spawner_addr, size,
				    seg->frame, VREGION_FLAGS_READ_WRITE);
	if (err_is_fail(err)) {
		frame_free(seg->frame);
		seg->frame = NULL_CAP;
		return err;
	}
	seg->vaddr = base;
	seg->bytes = (uint32_t)size;
	seg->flags = vregion_flags_from_elf(flags);
	seg->shared = false;
	si->nsegments++;
	*ret = seg->spawner_addr;
	return SYS_ERR_OK;
}

/*
 * elf_load's sharing: a read-only segment (the program's text and constants)
 * is mapped into the child straight from the boot module's frame, read-only:
 * no RAM, no copy, and every child of the program shares the pages.  The
 * module's frame stays ours (it is never freed with the child).
 */
static errval_t share_segment(void *state, uint32_t base, size_t size, uint32_t flags,
			      uint32_t offset)
{
	struct load_state *ls = state;
	struct spawninfo *si = ls->si;
	struct spawn_segment *seg = &si->segments[si->nsegments];
	errval_t err;

	if (si->nsegments == SPAWN_MAX_SEGMENTS)
		return SPAWN_ERR_TOO_MANY_SEGMENTS;
	err = paging_map_fixed_offset(si->vspace, base, ls->image->frame, offset, size,
				      (int)vregion_flags_from_elf(flags));
	if (err_is_fail(err))
		return err;
	*seg = (struct spawn_segment){ .frame = NULL_CAP,
				       .vaddr = base,
				       .bytes = (uint32_t)size,
				       .flags = vregion_flags_from_elf(flags),
				       .shared = true };
	si->nsegments++;
	return SYS_ERR_OK;
}

static errval_t load_elf(struct spawninfo *si, const struct spawn_image *image)
{
	struct paging_state *self = get_current_paging_state();
	const Elf32_Shdr *got;
	const uint8_t *elf;
	errval_t err;

	err = paging_map_frame_attr(self, (void **)&elf, image->frame_bytes, image->frame,
				    VREGION_FLAGS_READ);
	if (err_is_fail(err))
		return err;
	if (spawn_verbose)
		printf("spawn: %s: ELF magic %02x %02x %02x %02x, %u bytes\n", si->name, elf[0],
		       elf[1], elf[2], elf[3], (unsigned)image->bytes);
	err = elf_load_sharing(EM_ARM, allocate_segment, share_segment,
			       &(struct load_state){ si, image }, elf, image->bytes, &si->entry);
	if (err_is_ok(err)) {
		got = elf32_find_section_header_name(elf, image->bytes, ".got");
		si->got = got ? got->sh_addr : 0;
		err = elf_stack_size(EM_ARM, elf, image->bytes, &si->stack_bytes);
	}
	paging_unmap(self, elf);
	for (uint32_t i = 0; err_is_ok(err) && i < si->nsegments; i++) {
		struct spawn_segment *seg = &si->segments[i];

		if (seg->shared)
			continue; /* mapped already, from the module */

		err = paging_map_fixed_attr(si->vspace, seg->vaddr, seg->frame, seg->bytes,
					    (int)seg->flags);
		paging_unmap(self, seg->spawner_addr);
		seg->spawner_addr = NULL;
	}
	return err;
}

/* A frame of ours mapped read-write in both VSpaces. */
static errval_t map_shared(struct spawninfo *si, struct capref frame, uint32_t bytes, void **ours,
			   uint32_t *childs)
{
	void *child_addr = NULL;
	errval_t err;

	err =
	    paging_map_frame_attr(si->vspace, &child_addr, bytes, frame, VREGION_FLAGS_READ_WRITE);
	if (err_is_ok(err))
		err = paging_map_frame_attr(get_current_paging_state(), ours, bytes, frame,
					    VREGION_FLAGS_READ_WRITE);
	*childs = (uint32_t)child_addr;
	return err;
}

/* Append a string to the arguments page; returns its child address, or 0 if it is full. */
static uint32_t put_string(struct spawninfo *si, uint32_t *off, const char *s)
{
	size_t len = strlen(s) + 1;
	uint32_t at = *off;

	if (*off + len > BASE_PAGE_SIZE)
		return 0;
	memcpy((char *)si->argspage_addr + at, s, len);
	*off += (uint32_t)len;
	return si->argspage_vaddr + at;
}

/* paging_export_inherit's share: the child's copy of one of its L2 tables, in its PAGECN from
 * slot 1 on. */
static errval_t share_l2(void *arg, struct capref table, uint32_t index, uint32_t *pagecn_slot)
{
	struct capref dest =
	    spawn_child_slot(arg, ROOTCN_SLOT_PAGECN, PAGECN_SLOT_VROOT + 1 + index);

	*pagecn_slot = dest.slot;
	return spawn_share(dest, table);
}

/* struct spawn_domain_params, the VSpace description, then the strings. */
static errval_t fill_args(struct spawninfo *si, int argc, char *argv[])
{
	struct spawn_domain_params *p = si->argspage_addr;
	struct spawn_vspace_info *info = (struct spawn_vspace_info *)(p + 1);
	uint32_t off = sizeof(*p) + sizeof(*info);

	if (argc > SPAWN_MAX_ARGS)
		return SPAWN_ERR_ARGS_TOO_LONG;
	p->argc = (uint32_t)argc;
	for (int i = 0; i < argc; i++)
		if (!(p->argv[i] = put_string(si, &off, argv[i])))
			return SPAWN_ERR_ARGS_TOO_LONG;
	p->argv[argc] = 0;
	p->envp[0] = 0;
	p->pid = si->pid;
	p->pagesize = BASE_PAGE_SIZE;
	p->slot_cnodes = SPAWN_CHILD_SLOT_CNODES;
	p->heap_ram_bytes = si->heap_ram_bytes;
	p->base_pages = si->objects.id.base + SPAWN_BLOCK_BASE_PAGES; /* the child need not ask */
	p->vspace_buf = si->argspage_vaddr + sizeof(*p);
	p->vspace_buf_len = sizeof(*info);
	/* Last: every mapping for the child is made.  Its used regions and its L2 tables. */
	return paging_export_inherit(si->vspace, info, share_l2, si);
}

errval_t spawn_setup_vspace(struct spawninfo *si, const struct spawn_image *image, int argc,
			    char *argv[])
{
	void *stack_region, *stack_top;
	errval_t err;

	if ((err = spawn_carve(si, &si->l1_vnode, ObjType_VNode_ARM_l1, SPAWN_BLOCK_VROOT,
			       OBJSIZE_VNODE_ARM_L1)))
		return err;
	if ((err = spawn_share(spawn_child_slot(si, ROOTCN_SLOT_PAGECN, PAGECN_SLOT_VROOT),
			       si->l1_vnode.cap)))
		return err;
	if (!(si->vspace = malloc(sizeof(*si->vspace))))
		return PAGING_ERR_NODE_ALLOC;
	err = paging_init_state(si->vspace, CHILD_VSPACE_START, CHILD_VSPACE_END, si->l1_vnode.cap);
	if (err_is_fail(err)) {
		free(si->vspace);
		si->vspace = NULL;
		return err;
	}
	if ((err = load_elf(si, image)))
		return err;
	if (si->stack_bytes == 0)
		si->stack_bytes = CHILD_STACK_DEFAULT;
	if (si->stack_bytes > CHILD_STACK_MAX)
		return SPAWN_ERR_STACK_TOO_BIG;
	if ((err = paging_alloc_stack(si->vspace, si->stack_bytes, &stack_region, &stack_top)))
		return err;
	si->stack_top = (uint32_t)stack_top;
	if ((err = map_shared(si, si->dispframe.cap, DISPATCHER_FRAME_SIZE,
			      (void **)&si->dispframe_addr, &si->dispframe_vaddr)))
		return err;
	if ((err = map_shared(si, si->argspage.cap, BASE_PAGE_SIZE, &si->argspage_addr,
			      &si->argspage_vaddr)))
		return err;
	return fill_args(si, argc, argv);
}

void spawn_unmap_from_spawner(struct spawninfo *si)
{
	struct paging_state *self = get_current_paging_state();

	if (si->dispframe_addr)
		paging_unmap(self, si->dispframe_addr);
	if (si->argspage_addr)
		paging_unmap(self, si->argspage_addr);
	si->dispframe_addr = NULL;
	si->argspage_addr = NULL;
}

void spawn_vspace_cleanup(struct spawninfo *si)
{
	struct paging_state *self = get_current_paging_state();

	spawn_unmap_from_spawner(si);
	for (uint32_t i = 0; i < si->nsegments; i++) {
		struct spawn_segment *seg = &si->segments[i];

		if (seg->spawner_addr)
			paging_unmap(self, seg->spawner_addr);
	}
	/* Our mappings in the child, its stack, and the L2 tables (with the child's copies). */
	if (si->vspace) {
		paging_destroy_state(si->vspace);
		free(si->vspace);
		si->vspace = NULL;
	}
	for (uint32_t i = 0; i < si->nsegments; i++)
		if (!capref_is_null(si->segments[i].frame))
			frame_free(si->segments[i].frame);
	si->nsegments = 0;
}
