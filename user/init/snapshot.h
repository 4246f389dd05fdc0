/*
 * What must come back exactly after a balanced sequence of operations
 * (map and unmap, spawn and reap, an attack refused): the kernel's own
 * facts, read through the Kernel capability (live capabilities of each type
 * and the sum of their sizes), and init's (free RAM, slots, paging).
 */
#ifndef INIT_SNAPSHOT_H
#define INIT_SNAPSHOT_H

#include <stdint.h>

#include <capabilities.h>

struct snapshot {
	uint32_t caps[ObjType_Num];	 /* the kernel's count of each type */
	uint64_t cap_bytes[ObjType_Num]; /* and their sizes, every copy counted */
	uint32_t free_ram, slots_in_use; /* init's RAM allocator and slot allocator */
	uint32_t used_regions, l2_tables, maps, slab_in_use; /* init's paging state */
};

errval_t take_snapshot(struct snapshot *s);
/* Print each difference on a line of its own after `prefix`; returns how many. */
int compare_snapshots(const struct snapshot *a, const struct snapshot *b, const char *prefix);

#endif
