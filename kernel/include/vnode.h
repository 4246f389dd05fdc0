/*
 * Page tables as kernel objects, the hooks the generic kernel calls and the
 * architecture implements (kernel/arch/armv7/vnode.c): mappings in and out
 * of them, their finalisation, and the check of the invariant that every
 * valid user entry has exactly one live mapping capability behind it.
 */
#ifndef VNODE_H
#define VNODE_H

#include <stdbool.h>

#include <cap.h>

/* The check prints at most this many faults per run. */
#define VNODE_CHECK_MAX_COMPLAINTS 8

/* The number of entries user mappings may use in the table. */
uint32_t vnode_user_entries(const struct capability *vnode);
/* Are entries [first, first + count) of the table free? */
bool vnode_entries_free(const struct capability *vnode, uint32_t first, uint32_t count);
/* Write the entries of a new mapping (its capability is complete and in its
 * slot): first_pte, first_pte + step, ...; record it as their owner. */
void vnode_install(struct cte *mapping, uint32_t first_pte, uint32_t step);

/* cap_finalise of a mapping, and of the last copy of a table. */
void vnode_mapping_finalise(struct cte *mapping);
void vnode_table_finalise(struct cte *table);

/* Map like VNodeCmd_Map, with the capabilities given directly (init's VSpace at boot). */
errval_t vnode_map_kernel(struct cte *vnode, struct cte *src, uint32_t entry, uint32_t flags,
			  uint32_t offset, uint32_t count, struct cte *mapping_slot);

/* The invariant check (kernel/invariants.c): one table object, one mapping. */
void vnode_check_begin(void);
bool vnode_check_table(const struct capability *vnode, uint32_t *valid);
bool vnode_check_mapping(const struct cte *mapping, uint32_t *claimed);

#endif
