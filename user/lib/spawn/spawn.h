/*
 * The spawn library: make a process from an ELF module of the boot archive,
 * with its own CSpace and VSpace built entirely through capability
 * invocations, and start it (docs/spawn.md walks through every step).
 * Used by init; anything that holds a RAM allocator and the boot modules
 * could use it.
 */
#ifndef SPAWN_H
#define SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bootinfo.h>
#include <capabilities.h>
#include <dispatcher.h>
#include <paging.h>
#include <spawn_params.h>

#define SPAWN_MAX_SEGMENTS 8
#define SPAWN_NAME_LEN	   32

/* One loaded ELF segment: a frame of the spawner's, mapped in the child, or (shared) the
 * module's own pages of a read-only segment, mapped in the child read-only. */
struct spawn_segment {
	struct capref frame; /* NULL_CAP if shared */
	uint32_t vaddr, bytes;
	uint32_t flags;	    /* VREGION_FLAGS_* */
	void *spawner_addr; /* where the spawner sees it while loading, else NULL */
	bool shared;
};

/*
 * A capability of ours whose object the child holds a copy of.  The child's
 * copy lacks the revoke right (spawn_share), so its revoke deletes only
 * what it derived itself; what ours named is kept all the same, so that the
 * block always goes back to the RAM allocator (ram_give_back).
 */
struct spawn_cap {
	struct capref cap;
	struct capability_identity id;
};

/*
 * Everything a child was given, so that all of it can be taken back.  The
 * caller sets heap_ram_bytes (0: no heap RAM cap) before spawning; the
 * spawn functions fill in the rest.
 */
struct spawninfo {
	char name[SPAWN_NAME_LEN];
	uint32_t pid;
	uint32_t heap_ram_bytes; /* option: a RAM cap of this size for the child's heap */
	struct capref initep;	 /* option: copied to its TASKCN_SLOT_INITEP (NULL_CAP: none) */
	struct capref exitep;	 /* option: the kernel reports its exit on it (NULL_CAP: none) */

	/* CSpace: our capabilities to the child's CNodes, and the references to fill them. */
	struct spawn_cap rootcn;			  /* the child's L1 CNode */
	struct cnoderef rootcn_ref;			  /* level 2: names it for copies into it */
	struct spawn_cap l2_caps[ROOTCN_FIRST_FREE_SLOT]; /* our copies of its L2 CNodes */
	struct cnoderef l2_refs[ROOTCN_FIRST_FREE_SLOT];

	/*
	 * Objects made for the child: ours, and the child's copies.  All but the heap RAM are
	 * carved from one block of ours (`objects`, spawn_internal.h), and so are the 4 KiB
	 * RAM caps in its TASKCN: one revoke of the block takes them all back.
	 */
	struct spawn_cap objects;
	struct spawn_cap dispatcher, dispframe, argspage, l1_vnode, heap_ram;

	/* VSpace: our paging state for it, and what we mapped into it. */
	struct paging_state *vspace;
	struct spawn_segment segments[SPAWN_MAX_SEGMENTS];
	uint32_t nsegments;
	struct dispatcher_frame *dispframe_addr; /* our mapping of its dispatcher frame */
	void *argspage_addr;			 /* our mapping of its arguments page */
	uint32_t entry, got, stack_top, dispframe_vaddr, argspage_vaddr;
	uint32_t stack_bytes; /* its stack: what its ELF file asks for, or the default */
};

/* A slot in one of the child's L2 CNodes, named through our copy of it. */
struct capref spawn_child_slot(const struct spawninfo *si, uint32_t rootcn_slot, cslot_t slot);

/* Give the child a copy of src at dest, without the revoke right (CAPRIGHTS_SHARED). */
errval_t spawn_share(struct capref dest, struct capref src);

/* Print the steps (the ELF magic, where things go) while spawning. */
extern bool spawn_verbose;

/* Where the spawn library finds modules: init's bootinfo. */
void spawn_set_bootinfo(const struct bootinfo *bi);

/* Start the module `name` (e.g. "hello" or "/sbin/hello") with its menu.lst arguments. */
errval_t spawn_load_by_name(const char *name, struct spawninfo *si, uint32_t *pid);
/* Start this module (a region of bootinfo) with its own menu.lst arguments. */
errval_t spawn_load_module(const struct mem_region *module, struct spawninfo *si, uint32_t *pid);
/* Start the module argv[0] with exactly these arguments. */
errval_t spawn_load_argv(int argc, char *argv[], struct spawninfo *si, uint32_t *pid);
/*
 * Take back everything the child was given (it must not run: exited, or
 * never started).  spawn_load_* call it themselves when they fail.
 */
void spawn_cleanup(struct spawninfo *si);

/* The first module whose path (or its last part) is name, init itself excepted; or NULL. */
const struct mem_region *multiboot_find_module(const struct bootinfo *bi, const char *name);
/* The index-th module (0, 1, ...; init itself not counted), or NULL after the last. */
const struct mem_region *multiboot_module_at(const struct bootinfo *bi, uint32_t index);
/* The module's menu.lst line after its path ("arg1 arg2 ..."), or "" (needs spawn_set_bootinfo). */
const char *multiboot_module_opts(const struct mem_region *module);
/* The module's path as menu.lst gives it, up to the first space, copied into buf. */
void multiboot_module_name(const struct mem_region *module, char *buf, size_t size);
/* The bootinfo given to spawn_set_bootinfo. */
const struct bootinfo *spawn_bootinfo(void);

#endif
