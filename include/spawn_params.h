/*
 * The arguments page of a new process (struct spawn_domain_params), one
 * page whose child address the process gets in r0.  Every pointer in it is
 * an address in the child; the strings follow the structure; argv and envp
 * end with a NULL entry.
 */
#ifndef SPAWN_PARAMS_H
#define SPAWN_PARAMS_H

#include <stdint.h>

#define SPAWN_MAX_ARGS 32
#define SPAWN_MAX_ENV  8

struct spawn_domain_params {
	uint32_t argc;
	uint32_t argv[SPAWN_MAX_ARGS + 1];
	uint32_t envp[SPAWN_MAX_ENV + 1];
	uint32_t pid;
	uint32_t vspace_buf; /* the child's paging state, when the spawner passes it */
	uint32_t vspace_buf_len;
	uint32_t pagesize;
	uint32_t heap_base; /* where the child's heap may start */
	uint32_t heap_size;
	/* strings follow */
};

#endif
