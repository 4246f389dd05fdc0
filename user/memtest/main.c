/*
 * memtest: maps all the RAM its spawner gave it through its own paging
 * library, touches every page, gives it back, maps it all again (the
 * kernel's proof that it was given back), and reports the sizes.  Frames
 * of 1 MiB first, then single pages for what is left.  Exit status 1 when
 * anything differs.
 */
#include <stdio.h>
#include <stdlib.h>

#include <capabilities.h>
#include <mm.h>
#include <paging.h>
#include <runtime.h>

#define KiB	   1024u
#define MAX_FRAMES 1024

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

int main(int argc, char **argv)
{
	struct mm *ram = runtime_ram_allocator();
	uint32_t given = ram->total_bytes, free_before = ram->free_bytes, mapped, again, bad = 0;
	unsigned n = 0;

	(void)argc;
	(void)argv;
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
