/* The Cortex-A9 MPCore private timer as the periodic tick. */
#include <stdint.h>

#include <board.h>
#include <devwindow.h>
#include <kprintf.h>
#include <plat.h>
#include <timer.h>

/* The calibration measures over 1 / CALIBRATION_PARTS of a second. */
#define CALIBRATION_PARTS 100u

#define PTIMER_LOAD		0x00
#define PTIMER_COUNTER		0x04
#define PTIMER_CONTROL		0x08
#define PTIMER_INTSTAT		0x0c
#define PTIMER_CTRL_ENABLE	(1u << 0)
#define PTIMER_CTRL_AUTO_RELOAD (1u << 1)
#define PTIMER_CTRL_IRQ_ENABLE	(1u << 2)
#define PTIMER_INTSTAT_EVENT	1u

static volatile uint32_t *const ptimer =
    (volatile uint32_t *)DEVICE_VADDR(BOARD_PTIMER_WINDOW_SLOT, BOARD_PTIMER_PHYS);

#ifdef BOARD_PRIVATE_TIMER_CALIBRATE
/*
 * The timer's rate, measured: how far it counts down in a hundredth of a
 * second of the board clock, from one edge of that clock (boards whose
 * PERIPHCLK depends on what the boot loader chose).
 */
static uint32_t private_timer_hz(void)
{
	uint64_t window = plat_clock_hz() / CALIBRATION_PARTS, start, edge;
	uint32_t before, after, hz;

	ptimer[PTIMER_CONTROL / 4] = 0;
	ptimer[PTIMER_LOAD / 4] = ~0u;
	ptimer[PTIMER_CONTROL / 4] = PTIMER_CTRL_ENABLE;
	for (start = plat_clock_now(); (edge = plat_clock_now()) == start;)
		;
	before = ptimer[PTIMER_COUNTER / 4];
	while (plat_clock_now() - edge < window)
		;
	after = ptimer[PTIMER_COUNTER / 4];
	ptimer[PTIMER_CONTROL / 4] = 0;
	hz = (uint32_t)((uint64_t)(before - after) * plat_clock_hz() / window);
	kprintf("timer: the A9 private timer counts at %u Hz (measured against the board clock)\n",
		hz);
	return hz;
}
#else
static uint32_t private_timer_hz(void)
{
	return BOARD_PRIVATE_TIMER_HZ;
}
#endif

unsigned timer_start(unsigned hz)
{
	uint32_t rate = private_timer_hz();

	ptimer[PTIMER_CONTROL / 4] = 0;
	ptimer[PTIMER_INTSTAT / 4] = PTIMER_INTSTAT_EVENT;
	/* The counter runs from LOAD down to 0 inclusive: LOAD + 1 clocks per tick. */
	ptimer[PTIMER_LOAD / 4] = rate / hz - 1u;
	ptimer[PTIMER_CONTROL / 4] =
	    PTIMER_CTRL_ENABLE | PTIMER_CTRL_AUTO_RELOAD | PTIMER_CTRL_IRQ_ENABLE;
	return BOARD_TIMER_IRQ;
}

void timer_clear_interrupt(void)
{
	ptimer[PTIMER_INTSTAT / 4] = PTIMER_INTSTAT_EVENT;
}
