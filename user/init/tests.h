/*
 * init's in-system tests: each prints "test NAME: ok" or what went wrong;
 * the run ends with "N passed, N failed".  tests_kernel.c checks the CPU
 * driver's rules, tests_context.c registers and flags across preemption,
 * tests_memory.c the RAM allocator, paging and malloc, tests_spawn.c
 * spawning, tests_sched.c scheduling and the kernel's latency, tests_lmp.c
 * message passing, tests_rpc.c init as a server, tests_time.c sleeping,
 * tests_fastpath.c the system-call fast path against the full path, and
 * tests_sendpath.c the send fast path's switch against the C path, and
 * tests_call.c calls through the kernel (both paths).
 */
#ifndef INIT_TESTS_H
#define INIT_TESTS_H

#include <stdio.h>

#include <capabilities.h>

#include "snapshot.h"

#define SPIN_SLICES 50 /* time slices each spinner gets before they are compared */
#define KiB	    1024u

extern int test_failures;

#define EXPECT_ERR(call, expected)                                                              \
	do {                                                                                    \
		errval_t e_ = (call);                                                           \
		if (e_ != (expected)) {                                                         \
			printf("  %s:%d: %s gave %s, expected %s\n", __func__, __LINE__, #call, \
			       err_getname(e_), err_getname(expected));                         \
			test_failures++;                                                        \
			return;                                                                 \
		}                                                                               \
	} while (0)
#define EXPECT_OK(call) EXPECT_ERR(call, SYS_ERR_OK)
#define EXPECT(cond)                                                                 \
	do {                                                                         \
		if (!(cond)) {                                                       \
			printf("  %s:%d: expected %s\n", __func__, __LINE__, #cond); \
			test_failures++;                                             \
			return;                                                      \
		}                                                                    \
	} while (0)

struct test {
	const char *name;
	void (*run)(void);
};

extern const struct test kernel_tests[];
extern const unsigned kernel_test_count;
extern const struct test context_tests[];
extern const unsigned context_test_count;
extern const struct test memory_tests[];
extern const unsigned memory_test_count;
extern const struct test spawn_tests[];
extern const unsigned spawn_test_count;
extern const struct test attack_tests[];
extern const unsigned attack_test_count;
extern const struct test sched_tests[];
extern const unsigned sched_test_count;
extern const struct test lmp_tests[];
extern const unsigned lmp_test_count;
extern const struct test rpc_tests[];
extern const unsigned rpc_test_count;
extern const struct test time_tests[];
extern const unsigned time_test_count;
extern const struct test fastpath_tests[];
extern const unsigned fastpath_test_count;
extern const struct test sendpath_tests[];
extern const unsigned sendpath_test_count;
extern const struct test call_tests[];
extern const unsigned call_test_count;

/* The number of live capabilities of one type, system-wide. */
uint32_t count_of(enum objtype type);

int run_tests(void);

#endif
