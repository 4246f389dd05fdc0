/*
 * The arguments page of a new process (struct spawn_domain_params), one
 * page whose child address the process gets in r0.  Every pointer in it is
 * an address in the child; the strings follow the structure; argv and envp
 * end with a NULL entry.
 */
#ifndef SPAWN_PARAMS_H
#define SPAWN_PARAMS_H

#include <stdint.h>

#define SPAWN_MAX_ARGS	  32
#define SPAWN_MAX_ENV	  8
#define SPAWN_MAX_REGIONS 32 /* used virtual regions passed to the child */
#define SPAWN_MAX_L2	  64 /* L2 tables passed to the child */

/*
 * What the spawner mapped in the child's VSpace: the used regions, and the
 * L2 tables it made, whose capabilities it copied into the child's PAGECN,
 * so that the child's own paging library maps around the first and into
 * the second.  Every address in it is a child address.
 */
struct spawn_vspace_region {
	uint32_t base, size;
};

struct spawn_vspace_l2 {
	uint32_t l1_index;    /* which MiB of the address space it maps */
	uint32_t pagecn_slot; /* its capability's slot in the child's PAGECN */
};

struct spawn_vspace_info {
	uint32_t start, end; /* the range the child's paging library manages */
	uint32_t nregions, nl2;
	struct spawn_vspace_region regions[SPAWN_MAX_REGIONS];
	struct spawn_vspace_l2 l2[SPAWN_MAX_L2];
};

struct spawn_domain_params {
	uint32_t argc;
	uint32_t argv[SPAWN_MAX_ARGS + 1];
	uint32_t envp[SPAWN_MAX_ENV + 1];
	uint32_t pid;
	uint32_t vspace_buf;	 /* child address of a struct spawn_vspace_info (0 for init) */
	uint32_t vspace_buf_len; /* its size in bytes */
	uint32_t pagesize;
	uint32_t slot_cnodes;	 /* empty L2 CNodes for its slot allocator, SLOT_ALLOC0 on (1..3) */
	uint32_t heap_ram_bytes; /* size of the RAM cap in TASKCN_SLOT_HEAPRAM (0: none) */
	uint32_t base_pages;	 /* physical address of the first base page (0: unknown) */
				 /* the struct spawn_vspace_info, then the strings */
};

#endif
