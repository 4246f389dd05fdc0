/*
 * The test image's init (image.h): memory management at work, then the
 * in-system tests (tests.h); the machine stops with their result, so QEMU
 * exits with it.
 */
#include <capabilities.h>

#include "image.h"
#include "tests.h"

int image_main(int argc, char **argv)
{
	errval_t err;
	int failed;

	(void)argc;
	(void)argv;
	if ((err = large_frame_round_trip())) {
		DEBUG_ERR(err, "large frame round trip");
		return 1;
	}
	failed = run_tests();
	invoke_kernel_shutdown(failed ? 1 : 0);
	return failed;
}
