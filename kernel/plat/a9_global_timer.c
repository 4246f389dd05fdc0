/*
 * The board clock from the Cortex-A9 MPCore's global timer, for boards
 * without a free-running clock of their own: 64 bits at PERIPHCLK, started
 * on first use.
 */
#include <stdint.h>

#include <board.h>
#include <devwindow.h>
#include <plat.h>

#define GTIMER_COUNT_LOW  0x00
#define GTIMER_COUNT_HIGH 0x04
#define GTIMER_CONTROL	  0x08
#define GTIMER_ENABLE	  1u

static volatile uint32_t *const gtimer =
    (volatile uint32_t *)DEVICE_VADDR(BOARD_GTIMER_WINDOW_SLOT, BOARD_GTIMER_PHYS);

uint64_t plat_clock_now(void)
{
	uint32_t high, low;

	if (!(gtimer[GTIMER_CONTROL / 4] & GTIMER_ENABLE))
		gtimer[GTIMER_CONTROL / 4] = GTIMER_ENABLE;
	/* Read high, low, high again: the low word may carry into the high one between. */
	do {
		high = gtimer[GTIMER_COUNT_HIGH / 4];
		low = gtimer[GTIMER_COUNT_LOW / 4];
	} while (high != gtimer[GTIMER_COUNT_HIGH / 4]);
	return (uint64_t)high << 32 | low;
}

uint32_t plat_clock_hz(void)
{
	return BOARD_PRIVATE_TIMER_HZ;
}
