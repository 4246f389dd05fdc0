/* Shared between the two halves of the spawn library. */
#ifndef SPAWN_INTERNAL_H
#define SPAWN_INTERNAL_H

#include "spawn.h"

/* The ELF module to load: its Frame capability (MODULECN) and sizes. */
struct spawn_image {
	struct capref frame;
	uint32_t bytes;	      /* the file */
	uint32_t frame_bytes; /* the frame (whole pages) */
};

/* The child's VSpace: L1 VNode, ELF segments, stack, dispatcher frame, arguments page. */
errval_t spawn_setup_vspace(struct spawninfo *si, const struct spawn_image *image, int argc,
			    char *argv[]);
/* Unmap the dispatcher frame and arguments page from the spawner's VSpace. */
void spawn_unmap_from_spawner(struct spawninfo *si);
/* Give back what spawn_setup_vspace took (except the frames spawn.c releases). */
void spawn_vspace_cleanup(struct spawninfo *si);

#endif
