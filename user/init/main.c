/*
 * init: the first process.  It reads bootinfo (argv[1]), runs its RAM
 * allocator over the RAM the kernel gave it (mem.c, before main), makes the
 * receive buffers of its server, and then does what its image is for
 * (image.h): the normal image starts menu.lst's modules and the shell; the
 * test, benchmark and fuzzing images run what they are named for, and only
 * their init has that code.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bootinfo.h>
#include <capabilities.h>
#include <paging.h>
#include <runtime.h>
#include <spawn.h>

#include "image.h"
#include "mem.h"
#include "server.h"
#include "snapshot.h"

#define LARGE_FRAME_BYTES (64u << 20)
#define LARGE_FRAME_ALIGN (1u << 20)

static void show_bootinfo(const struct bootinfo *bi)
{
	printf("init: bootinfo at %p: %u regions, %u MiB of RAM in SUPERCN\n", (void *)bi,
	       (unsigned)bi->regions_length, (unsigned)(bi->mem_total >> 20));
	for (uint32_t i = 0; i < bi->regions_length; i++) {
		const struct mem_region *r = &bi->regions[i];
		if (r->mr_type == RegionType_Module)
			printf("init: module %u: '%s', %u bytes, MODULECN slot %u\n", (unsigned)i,
			       (const char *)bi + r->mrmod_data, (unsigned)r->mrmod_size,
			       (unsigned)r->mrmod_slot);
		else if (r->mr_type == RegionType_Device)
			printf("init: device '%s' at 0x%08x, %u KiB, PACN slot %u\n",
			       (const char *)bi + r->mrmod_data, (unsigned)r->mr_base,
			       (unsigned)(r->mr_bytes >> 10), (unsigned)r->mrmod_slot);
	}
}

/* Write every page of [buf, buf + bytes) with its own pattern, then read all back. */
static uint32_t touch_pages(volatile uint32_t *buf, uint32_t bytes)
{
	uint32_t words_per_page = BASE_PAGE_SIZE / sizeof(uint32_t), bad = 0;

	for (uint32_t p = 0; p < bytes / BASE_PAGE_SIZE; p++) {
		buf[p * words_per_page] = 0x4b000000u ^ p;
		buf[p * words_per_page + words_per_page - 1] = ~p;
	}
	for (uint32_t p = 0; p < bytes / BASE_PAGE_SIZE; p++)
		if (buf[p * words_per_page] != (0x4b000000u ^ p) ||
		    buf[p * words_per_page + words_per_page - 1] != ~p)
			bad++;
	return bad;
}

errval_t large_frame_round_trip(void)
{
	struct paging_state *st = get_current_paging_state();
	struct paging_stats before, mapped;
	struct snapshot start, end;
	uint32_t bad;
	struct frame_identity fi;
	struct capref frame;
	void *buf;
	errval_t err;

	if ((err = take_snapshot(&start)))
		return err;
	paging_get_stats(st, &before);
	if ((err = frame_alloc(&frame, LARGE_FRAME_BYTES, NULL)))
		return err;
	if ((err = frame_identify(frame, &fi)))
		return err;
	/*
	 * At a 1 MiB boundary, so that every MiB has a new L2 table of its own
	 * and one map invocation: find a free aligned range, then map there.
	 */
	if ((err = paging_alloc(st, &buf, LARGE_FRAME_BYTES, LARGE_FRAME_ALIGN)) ||
	    (err = paging_unmap(st, buf)) ||
	    (err = paging_map_fixed_attr(st, (lvaddr_t)buf, frame, LARGE_FRAME_BYTES,
					 VREGION_FLAGS_READ_WRITE))) {
		frame_free(frame);
		return err;
	}
	paging_get_stats(st, &mapped);
	printf("init: mapped a %u MiB frame (physical 0x%08x) at %p: %u L2 tables, %u map "
	       "invocations\n",
	       (unsigned)(fi.bytes / MiB), (unsigned)fi.base, buf,
	       (unsigned)(mapped.l2_tables - before.l2_tables),
	       (unsigned)(mapped.maps - before.maps));
	bad = touch_pages(buf, LARGE_FRAME_BYTES);
	printf("init: wrote and read back all %u pages: %s\n",
	       (unsigned)(LARGE_FRAME_BYTES / BASE_PAGE_SIZE), bad ? "MISMATCH" : "all correct");
	if ((err = paging_unmap(st, buf)) || (err = frame_free(frame)) ||
	    (err = take_snapshot(&end)))
		return err;
	/* As before by the kernel's count of every type of capability, not only ours. */
	printf("init: unmapped and freed it: %u MiB free of %u MiB, as before: %s\n",
	       (unsigned)(init_mm.free_bytes / MiB), (unsigned)(init_mm.total_bytes / MiB),
	       compare_snapshots(&start, &end, "init:   ") == 0 ? "yes" : "NO");
	if (bad)
		exit(1);
	return SYS_ERR_OK;
}

int main(int argc, char **argv)
{
	errval_t err;

	if (!init_is_quiet(argc, argv)) {
		printf("init: running in user mode, argc %d, argv[0] '%s', argv[1] '%s'\n", argc,
		       argv[0], argc > 1 ? argv[1] : "");
		show_bootinfo(init_bootinfo);
		printf("init: RAM allocator: %u MiB free of %u MiB, in %u blocks\n",
		       (unsigned)(init_mm.free_bytes / MiB), (unsigned)(init_mm.total_bytes / MiB),
		       (unsigned)init_mm.nfree);
	}
	spawn_set_bootinfo(init_bootinfo);
	/* Receive buffers for the children's calls (server.c): made once, before any child. */
	if ((err = server_init())) {
		DEBUG_ERR(err, "init's LMP frame");
		return 1;
	}
	return image_main(argc, argv);
}
