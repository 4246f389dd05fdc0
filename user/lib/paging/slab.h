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

#define PAGING_SLAB_OBJECT_SIZE 48
#define PAGING_SLAB_SEED 256     /* objects in the static seed */
#define PAGING_SLAB_RESERVE 64   /* refill when fewer are free: one map needs at most ~8 */
#define PAGING_SLAB_REFILL_BYTES (4u * 4096u)

void *paging_slab_alloc(void);
void paging_slab_free(void *obj);
/*
 * Called first by every public operation that may need objects: if the slab
 * is low and no refill is running, map a fresh frame for it (the refill's
 * own map runs on the reserve).  A failed refill is not an error here: the
 * operation goes on with the reserve, and fails cleanly when that is gone.
 */
void paging_slab_refill_if_low(void);
uint32_t paging_slab_in_use(void);
uint32_t paging_slab_pages(void);

#endif
