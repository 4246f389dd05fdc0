/* init's benchmarks (bench.c), run in the benchmark image (make bench). */
#ifndef INIT_BENCH_H
#define INIT_BENCH_H

int run_benchmarks(void);

#endif
