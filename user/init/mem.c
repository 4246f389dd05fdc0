/*
 * init brings its own RAM allocator: before main runs, every free-RAM region
 * of bootinfo (argv[1]) goes into it with its SUPERCN capability, and it
 * becomes the process's ram_alloc.
 */
#include <stdint.h>
#include <stdlib.h>

#include <capabilities.h>
#include <runtime.h>

#include "mem.h"

struct mm init_mm;
const struct bootinfo *init_bootinfo;

errval_t runtime_memory_init(int argc, char **argv)
{
	const struct bootinfo *bi;
	errval_t err;

	if (argc < 2)
		return MM_ERR_BAD_REGION;
	bi = (const struct bootinfo *)strtoul(argv[1], NULL, 16);
	mm_init(&init_mm);
	for (uint32_t i = 0; i < bi->regions_length; i++) {
		const struct mem_region *r = &bi->regions[i];
		struct capref cap = { cnode_super, r->mrmod_slot };

		if (r->mr_type != RegionType_Empty)
			continue;
		if ((err = mm_add(&init_mm, cap, r->mr_base, r->mr_bytes)))
			return err;
	}
	mm_install(&init_mm);
	init_bootinfo = bi;
	return SYS_ERR_OK;
}
