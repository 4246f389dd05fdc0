/*
 * Board hooks of the Arm Versatile Express motherboard, shared by its
 * Cortex-A9 and Cortex-A15 tiles (kernel/plat/vexpress-a9, vexpress-a15).
 */
#include <stdint.h>

#include <board.h>
#include <devwindow.h>
#include <plat.h>

static volatile uint32_t *const sys_24mhz =
    (volatile uint32_t *)DEVICE_VADDR(BOARD_SYS_24MHZ_WINDOW_SLOT, BOARD_SYS_24MHZ_PHYS);

/* The 24 MHz counter is 32 bits wide (it wraps every 179 s): extend it. */
uint64_t plat_clock_now(void)
{
	static uint32_t last;
	static uint64_t high;

	return plat_clock_extend(*sys_24mhz, &last, &high);
}

uint32_t plat_clock_hz(void)
{
	return BOARD_SYS_24MHZ_HZ;
}
