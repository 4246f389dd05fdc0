/* init's benchmarks (bench.c), run in the benchmark image (make bench). */
#ifndef INIT_BENCH_H
#define INIT_BENCH_H

/*
 * struct bounce, at BOUNCE_OFFSET in the dispatcher frame of each of the
 * message-passing benchmarks' dispatchers (bounce.S): above struct
 * dispatcher_frame, in the page's upcall stack, which bounce_run never uses.
 */
#define BOUNCE_OFFSET 2048
#define BOUNCE_REGS   0	 /* r0..r5 of its system call */
#define BOUNCE_BUF    24 /* its buffer in the LMP frame */
#define BOUNCE_LEFT   28 /* upcalls left before it stops */
#define BOUNCE_END    32 /* the board clock when it stopped (low, high) */
#define BOUNCE_WAIT   40 /* nonzero: an upcall without a message waits for one */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct bounce {
	uint32_t regs[6];
	volatile uint32_t *buf;
	int32_t left;
	uint32_t end[2];
	uint32_t wait;
};

_Static_assert(__builtin_offsetof(struct bounce, buf) == BOUNCE_BUF &&
		   __builtin_offsetof(struct bounce, left) == BOUNCE_LEFT &&
		   __builtin_offsetof(struct bounce, end) == BOUNCE_END &&
		   __builtin_offsetof(struct bounce, wait) == BOUNCE_WAIT,
	       "bounce.S reads struct bounce at these offsets");

struct dispatcher_frame;

/* The `run` upcall of those dispatchers, and their first call (bounce.S). */
void bounce_run(struct dispatcher_frame *f) __attribute__((noreturn));
void bounce_start(struct dispatcher_frame *f) __attribute__((noreturn));
/* Run every benchmark, or only the one whose key is `only` (NULL: all). */
int run_benchmarks(const char *only);
/* The edges of a measured window (make profile). */
void bench_window_open(void);
void bench_window_close(void);
#endif

#endif
