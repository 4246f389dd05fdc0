/* Running init's in-system tests (tests.h). */
#include <stdio.h>

#include "tests.h"

static void run_list(const struct test *tests, unsigned n, int *passed, int *failed)
{
	for (unsigned i = 0; i < n; i++) {
		int before = test_failures;
		errval_t err;

		tests[i].run();
		/* Whatever the test did, the kernel's own bookkeeping must still hold. */
		if ((err = invoke_kernel_check_invariants())) {
			printf("  after the test: %s\n", err_getstring(err));
			test_failures++;
		}
		if (test_failures == before) {
			printf("test %s: ok\n", tests[i].name);
			(*passed)++;
		} else {
			printf("test %s: FAILED\n", tests[i].name);
			(*failed)++;
		}
	}
}

int run_tests(void)
{
	int passed = 0, failed = 0;

	run_list(kernel_tests, kernel_test_count, &passed, &failed);
	run_list(context_tests, context_test_count, &passed, &failed);
	run_list(memory_tests, memory_test_count, &passed, &failed);
	run_list(spawn_tests, spawn_test_count, &passed, &failed);
	run_list(attack_tests, attack_test_count, &passed, &failed);
	run_list(sched_tests, sched_test_count, &passed, &failed);
	run_list(lmp_tests, lmp_test_count, &passed, &failed);
	run_list(rpc_tests, rpc_test_count, &passed, &failed);
	run_list(time_tests, time_test_count, &passed, &failed);
	run_list(fastpath_tests, fastpath_test_count, &passed, &failed);
	run_list(sendpath_tests, sendpath_test_count, &passed, &failed);
	run_list(call_tests, call_test_count, &passed, &failed);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
