/*
 * The kernel fuzzer's progress record, shared by the fuzzer (user/kfuzz/)
 * and the driver in init (user/init/kfuzz_driver.c); docs/reliability.md.
 *
 * It lies in the second half of the fuzzer's arguments page: spawn puts the
 * arguments (struct spawn_domain_params, the VSpace summary and the
 * strings) in the first half, the fuzzer writes this record, and init,
 * which keeps a capability to the page, maps it and reads the record once
 * the fuzzer has exited and before it is reaped.  Nothing the fuzzer does
 * to its own CSpace can take the page away: the mapping capabilities of
 * what spawn mapped are init's.
 *
 * The system call of step i of a stream is a function of (seed, i) alone
 * (whether a scenario step touches memory first depends on whether the
 * scenario's earlier maps worked).  Before call i the
 * fuzzer sets started = i + 1 and fills trace[i % KFUZZ_TRACE]; after it,
 * finished = i + 1 and the trace entry's results.  When the fuzzer dies,
 * calls [start, started) ran (the last perhaps killing it); the driver
 * starts the next fuzzer at `started`.
 */
#ifndef KFUZZ_H
#define KFUZZ_H

#include <stdint.h>

#include <syscalls.h>

#define KFUZZ_MAGIC	    0x4b46555au /* "KFUZ" */
#define KFUZZ_SHARED_OFFSET 2048u	/* in the arguments page */
#define KFUZZ_TRACE	    16u		/* the last calls, kept for the report */

/* What a step of the stream did: a system call (and perhaps a memory touch before it). */
struct kfuzz_call {
	uint32_t index;
	uint32_t args[SYS_ARGS_WORDS]; /* r0..r12 as syscall_raw loads them */
	uint32_t ret[5]; /* r0..r4 after the call (ret[0] KFUZZ_IN_FLIGHT until then) */
	uint32_t touch;	 /* the address touched before the call, or 0 */
};

#define KFUZZ_IN_FLIGHT 0xeeeeeeeeu

/* Exit statuses of the fuzzer besides 0 (done) and those of exit calls among its steps. */
#define KFUZZ_EXIT_LOST	   3   /* it lost its work CNode for good */
#define KFUZZ_EXIT_MISREAD 4   /* memory it mapped did not read back what it wrote */
#define KFUZZ_RESULTS	   128 /* errval_t codes counted; larger ones count as the last */

/* What the steps do, for the statistics: X(name).  (clang-format reflows this on every run.) */
/* clang-format off */
#define KFUZZ_KINDS(X)                                                                      \
	X(retype) X(copy) X(mint) X(delete) X(revoke) X(identify) X(memory_identify) X(map) \
	X(unmap) X(dispatcher) X(any_command) X(other_syscall) X(scenario_retype)           \
	X(scenario_map) X(scenario_other) X(scenario_lmp)
/* clang-format on */

enum kfuzz_kind {
#define KFUZZ_KIND_ENUM(name) KFUZZ_##name,
	KFUZZ_KINDS(KFUZZ_KIND_ENUM)
#undef KFUZZ_KIND_ENUM
	    KFUZZ_NKINDS
};

struct kfuzz_shared {
	uint32_t magic;
	uint32_t seed;
	uint32_t start, end;  /* the fuzzer runs calls [start, end) */
	uint32_t started;     /* calls [start, started) began */
	uint32_t finished;    /* calls [start, finished) returned */
	uint32_t extra_calls; /* system calls outside the stream (start-up, guards) */
	uint32_t done;	      /* 1: ran all of [start, end) and exits by itself */
	uint32_t calls[KFUZZ_NKINDS], ok[KFUZZ_NKINDS]; /* steps of each kind, and successes */
	uint32_t results[KFUZZ_RESULTS];		/* steps by errval_t returned */
	struct kfuzz_call trace[KFUZZ_TRACE];
};

_Static_assert(KFUZZ_SHARED_OFFSET + sizeof(struct kfuzz_shared) <= 4096,
	       "the record fits in the arguments page");

#endif
