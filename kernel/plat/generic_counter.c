/*
 * The board clock from the Arm generic timer's virtual count, for boards
 * without a clock of their own (QEMU virt): 64 bits, at CNTFRQ.
 */
#include <stdint.h>

#include <arch/generic_timer.h>
#include <plat.h>

uint64_t plat_clock_now(void)
{
	return cp15_read_cntvct();
}

uint32_t plat_clock_hz(void)
{
	return cp15_read_cntfrq();
}
