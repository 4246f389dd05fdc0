/*
 * memtest: maps all the RAM its spawner gave it through its own paging
 * library, touches every page, gives it back, maps it all again (the
 * kernel's proof that it was given back), and reports the sizes.  Frames
 * of 1 MiB first, then single pages for what is left.  Exit status 1 when
 * anything differs.
 *
 * memtest slots N: takes N capability slots, more than the one L2 CNode
 * its spawner made for its slot allocator holds, so that the allocator
 * makes CNodes of its own; copies a capability into each, and gives them
 * all back.
 *
 * memtest stack N: uses N bytes of its stack (it asks for 64 KiB:
 * memtest_STACK in the Makefile) and exits 0; past its stack it faults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capabilities.h>
#include <mm.h>
#include <paging.h>
#include <runtime.h>
#include <slot_alloc.h>

#define KiB	   1024u
#define MAX_FRAMES 1024
#define MAX_SLOTS  1024 /* memtest slots N: at most this N */

static struct capref frames[MAX_FRAMES];
static uint32_t *bufs[MAX_FRAMES];
static uint32_t sizes[MAX_FRAMES];

/* Map as many frames of `size` as the RAM allows; returns the bytes mapped. */
static uint32_t map_all(uint32_t size, unsigned *n)
{
	struct paging_state *st = get_current_paging_state();
	uint32_t bytes = 0;

	while (*n < MAX_FRAMES && err_is_ok(frame_alloc(&frames[*n], size, NULL))) {
		errval_t err = paging_map_frame(st, (void **)&bufs[*n], size, frames[*n]);

		if (err_is_fail(err)) {
			frame_free(frames[*n]);
			break;
		}
		sizes[(*n)++] = size;
		bytes += size;
	}
	return bytes;
}

/* Unmap and free every frame map_all made. */
static void give_back(unsigned *n)
{
	for (unsigned i = 0; i < *n; i++) {
		paging_unmap(get_current_paging_state(), bufs[i]);
		frame_free(frames[i]);
	}
	*n = 0;
}

/* Map all the RAM there is, 1 MiB frames first; returns the bytes mapped. */
static uint32_t map_everything(unsigned *n)
{
	uint32_t mapped = map_all(1024 * KiB, n);

	return mapped + map_all(4 * KiB, n);
}

/* `memtest slots N`: status 0 if every slot took a copy and went back. */
static int take_slots(uint32_t n)
{
	static struct capref slots[MAX_SLOTS];
	uint32_t in_use = slot_alloc_in_use(), taken = 0;
	errval_t err = SYS_ERR_OK;

	if (n > MAX_SLOTS) {
		printf("memtest: at most %u slots\n", (unsigned)MAX_SLOTS);
		return 1;
	}
	while (taken < n && err_is_ok(err = slot_alloc(&slots[taken]))) {
		if (err_is_fail(err = cap_copy(slots[taken++], cap_dispframe)))
			break;
	}
	for (uint32_t i = 0; i < taken; i++)
		if (err_is_fail(cap_delete(slots[i])) || err_is_fail(slot_free(slots[i])))
			err = LIB_ERR_SLOT_FREE_INVALID;
	/* What stays in use is the capabilities of the CNodes it made (slot_alloc.c keeps them). */
	printf("memtest[%u]: took %u slots and gave them back: %s; %u in use before, %u after\n",
	       (unsigned)runtime_pid(), (unsigned)taken, err_getname(err), (unsigned)in_use,
	       (unsigned)slot_alloc_in_use());
	return err_is_ok(err) && taken == n && slot_alloc_in_use() > in_use ? 0 : 1;
}

/* Use `bytes` of stack, a KiB a frame, every byte written and read back. */
static uint32_t use_stack(uint32_t bytes)
{
	volatile uint8_t frame[1024];
	uint32_t sum = 0;

	for (uint32_t i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i + bytes);
	if (bytes > sizeof(frame))
		sum = use_stack(bytes - sizeof(frame));
	for (uint32_t i = 0; i < sizeof(frame); i++)
		sum += frame[i];
	return sum;
}

int main(int argc, char **argv)
{
	struct mm *ram = runtime_ram_allocator();
	uint32_t given = ram->total_bytes, free_before = ram->free_bytes, mapped, again, bad = 0;
	unsigned n = 0;

	if (argc == 3 && strcmp(argv[1], "slots") == 0)
		return take_slots((uint32_t)strtoul(argv[2], NULL, 0));
	if (argc == 3 && strcmp(argv[1], "stack") == 0) {
		uint32_t bytes = (uint32_t)strtoul(argv[2], NULL, 0);

		printf("memtest[%u]: used %u bytes of stack (sum %u)\n", (unsigned)runtime_pid(),
		       (unsigned)bytes, (unsigned)use_stack(bytes));
		return 0;
	}
	/* All of the RAM it was given, and no more: init is not asked (its accounting below). */
	runtime_ram_from_init(false);
	mapped = map_everything(&n);
	for (unsigned i = 0; i < n; i++)
		for (uint32_t w = 0; w < sizes[i] / 4; w += 1024)
			bufs[i][w] = w ^ i;
	for (unsigned i = 0; i < n; i++)
		for (uint32_t w = 0; w < sizes[i] / 4; w += 1024)
			bad += bufs[i][w] != (w ^ i);
	printf("memtest[%u]: given %u KiB of RAM; mapped and touched %u KiB in %u frames, %s; "
	       "%u KiB left for its page tables, heap and stack\n",
	       (unsigned)runtime_pid(), (unsigned)(given / KiB), (unsigned)(mapped / KiB), n,
	       bad ? "MISMATCH" : "all correct", (unsigned)((given - mapped) / KiB));
	give_back(&n);
	/*
	 * Its allocator's count is its own bookkeeping; the kernel retyping the
	 * same RAM again (which it refuses while old frames live) is the proof.
	 */
	again = map_everything(&n);
	give_back(&n);
	printf("memtest[%u]: gave it all back: %u KiB free of %u KiB before; mapped %u KiB "
	       "again\n",
	       (unsigned)runtime_pid(), (unsigned)(ram->free_bytes / KiB),
	       (unsigned)(free_before / KiB), (unsigned)(again / KiB));
	return bad || ram->free_bytes != free_before || again != mapped ? 1 : 0;
}
