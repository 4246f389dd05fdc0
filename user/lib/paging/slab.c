/* The paging library's slab (slab.h). */
#include <stdbool.h>
#include <stdint.h>

#include <capabilities.h>

#include "paging.h"
#include "slab.h"

union slab_object {
	union slab_object *next;
	uint32_t words[PAGING_SLAB_OBJECT_SIZE / 4];
};
_Static_assert(PAGING_SLAB_OBJECT_SIZE % 4 == 0, "objects are zeroed a word at a time");

/*
 * The seed is handed out from its start, never threaded onto the free list
 * (a process that needs a few dozen objects does not link 256 first): an
 * object comes from the free list, else from the seed's unused end.
 */
static union slab_object seed[PAGING_SLAB_SEED];
static uint32_t seed_used;
static union slab_object *free_list;
static uint32_t nfree = PAGING_SLAB_SEED, in_use, pages;
static bool refilling;

static void add_memory(union slab_object *objs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		objs[i].next = free_list;
		free_list = &objs[i];
	}
	nfree += n;
}

void *paging_slab_alloc(void)
{
	union slab_object *o;

	if (free_list) {
		o = free_list;
		free_list = o->next;
	} else if (seed_used < PAGING_SLAB_SEED) {
		o = &seed[seed_used++];
	} else {
		return NULL;
	}
	nfree--;
	in_use++;
	/* Word stores in line (the loop unrolled): a call to the generic memset costs about
	 * four times as much for so small an object. */
#pragma GCC unroll 16
	for (uint32_t i = 0; i < PAGING_SLAB_OBJECT_SIZE / 4; i++)
		o->words[i] = 0;
	return o;
}

void paging_slab_free(void *obj)
{
	union slab_object *o = obj;

	o->next = free_list;
	free_list = o;
	nfree++;
	in_use--;
}

/* Map one more frame of objects; false if that failed. */
static bool refill_once(void)
{
	struct capref frame;
	void *buf;

	if (err_is_fail(frame_alloc(&frame, PAGING_SLAB_REFILL_BYTES, NULL)))
		return false;
	if (err_is_fail(paging_map_frame_attr(get_current_paging_state(), &buf,
					      PAGING_SLAB_REFILL_BYTES, frame,
					      VREGION_FLAGS_READ_WRITE))) {
		frame_free(frame);
		return false;
	}
	add_memory(buf, PAGING_SLAB_REFILL_BYTES / sizeof(union slab_object));
	pages += PAGING_SLAB_REFILL_BYTES / BASE_PAGE_SIZE;
	return true;
}

void paging_slab_reserve(uint32_t need)
{
	if (refilling)
		return;
	refilling = true;
	while (nfree < need + PAGING_SLAB_RESERVE && refill_once())
		;
	refilling = false;
}

uint32_t paging_slab_in_use(void)
{
	return in_use;
}

uint32_t paging_slab_pages(void)
{
	return pages;
}
