/*
 * The paging library's bookkeeping memory: fixed-size objects (region tree
 * nodes, mapping records, L2 shadow entries) from one slab.  It starts on a
 * static seed and grows by whole pages, mapped through the process's own
 * paging state.
 */
#ifndef PAGING_SLAB_H
#define PAGING_SLAB_H

#include <stdint.h>

#include <errors.h>

#define PAGING_SLAB_OBJECT_SIZE	 56
#define PAGING_SLAB_SEED	 256 /* objects in the static seed */
#define PAGING_SLAB_RESERVE	 32  /* kept free for the refill's own map (it needs ~6) */
#define PAGING_SLAB_REFILL_BYTES (4u * 4096u)

void *paging_slab_alloc(void);
void paging_slab_free(void *obj);
/*
 * Called first by every public operation that may need objects, with how
 * many it may need at most: while fewer than need + PAGING_SLAB_RESERVE
 * are free and no refill is running, map fresh frames for the slab (each
 * refill's own map runs on the reserve).  A failed refill is not an error
 * here: the operation goes on, and fails cleanly if the objects run out.
 */
void paging_slab_reserve(uint32_t need);
uint32_t paging_slab_in_use(void);
uint32_t paging_slab_pages(void);

#endif
