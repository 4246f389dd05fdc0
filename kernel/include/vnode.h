/* Kernel-internal mapping, used to build init's VSpace. */
#ifndef VNODE_H
#define VNODE_H

#include <cap.h>

/* Map like VNodeCmd_Map, with the capabilities given directly. */
errval_t vnode_map_kernel(struct cte *vnode, struct cte *src, uint32_t entry, uint32_t flags,
			  uint32_t offset, uint32_t count, struct cte *mapping_slot);
/* A mapping capability died: clear its page-table entries. */
void vnode_mapping_destroyed(const struct capability *cap);

#endif
