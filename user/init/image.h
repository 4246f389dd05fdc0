/*
 * What init does once it is set up depends on its image, and the Makefile
 * links exactly one of these into it, so the in-system tests, the
 * benchmarks and the kernel fuzzer's driver are in their own image's init
 * only (docs/testing.md):
 *
 *   image_normal.c  menu.lst's modules, then the shell (make qemu)
 *   image_test.c    the in-system tests; QEMU exits with the result (IMAGE=test)
 *   image_bench.c   the benchmarks (IMAGE=bench, make bench)
 *   image_kfuzz.c   the kernel fuzzer's driver (IMAGE=kfuzz, make fuzz-kernel)
 */
#ifndef INIT_IMAGE_H
#define INIT_IMAGE_H

#include <stdbool.h>
#include <string.h>

#include <errors.h>

/* argc and argv are init's: argv[2] on are menu.lst's arguments for it. */
int image_main(int argc, char **argv);

/* menu.lst's `init /sbin/init quiet` (make QUIET=1): only what goes wrong is printed. */
static inline bool init_is_quiet(int argc, char **argv)
{
	return argc > 2 && strcmp(argv[2], "quiet") == 0;
}

/* Map a 64 MiB frame through many L2 tables, use every page, and give everything back,
 * printing what it did (main.c). */
errval_t large_frame_round_trip(void);

#endif
