/*
 * The benchmark image's init (image.h): the benchmarks (bench.h,
 * docs/performance.md).  menu.lst gives it `bench` after the bootinfo
 * address, and perhaps a benchmark's key: then only that one runs (make
 * profile BENCH=KEY).
 */
#include <stddef.h>

#include "bench.h"
#include "image.h"

int image_main(int argc, char **argv)
{
	return run_benchmarks(argc > 3 ? argv[3] : NULL);
}
