/* Board hooks of the TI OMAP4 (PandaBoard): the 32 kHz sync timer as the board clock. */
#include <stdint.h>

#include <board.h>
#include <devwindow.h>
#include <plat.h>

static volatile uint32_t *const sync_32k =
    (volatile uint32_t *)DEVICE_VADDR(BOARD_SYNC_32K_WINDOW_SLOT, BOARD_SYNC_32K_PHYS);

/* The counter is 32 bits wide (it wraps every 36 hours): extend it. */
uint64_t plat_clock_now(void)
{
	static uint32_t last;
	static uint64_t high;

	return plat_clock_extend(*sync_32k, &last, &high);
}

uint32_t plat_clock_hz(void)
{
	return BOARD_SYNC_32K_HZ;
}
