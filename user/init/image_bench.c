/* The benchmark image's init (image.h): the benchmarks (bench.h, docs/benchmarks.md). */
#include "bench.h"
#include "image.h"

int image_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_benchmarks();
}
