/*
 * plat_shutdown for every board: end QEMU (or the debugger's session) with
 * the status through semihosting where the build has it, then stop the core.
 */
#include <stdbool.h>
#include <stdint.h>

#include <arch/cpu.h>
#include <plat.h>

#include "semihosting.h"

void plat_shutdown(int status)
{
#if BOARD_HAS_SEMIHOSTING
	static bool tried;

	/* Once only: without a debugger the call traps, and the report calls here again. */
	if (!tried) {
		tried = true;
		semihosting_exit(status);
	}
#else
	(void)status;
#endif
	for (;;) {
		irq_disable();
		wfi();
	}
}
