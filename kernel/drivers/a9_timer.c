/* The Cortex-A9 MPCore private timer as the periodic tick. */
#include <stdint.h>

#include <board.h>
#include <devwindow.h>
#include <timer.h>

#define PTIMER_LOAD		0x00
#define PTIMER_CONTROL		0x08
#define PTIMER_INTSTAT		0x0c
#define PTIMER_CTRL_ENABLE	(1u << 0)
#define PTIMER_CTRL_AUTO_RELOAD (1u << 1)
#define PTIMER_CTRL_IRQ_ENABLE	(1u << 2)
#define PTIMER_INTSTAT_EVENT	1u

static volatile uint32_t *const ptimer =
    (volatile uint32_t *)DEVICE_VADDR(BOARD_PTIMER_WINDOW_SLOT, BOARD_PTIMER_PHYS);

unsigned timer_start(unsigned hz)
{
	ptimer[PTIMER_CONTROL / 4] = 0;
	ptimer[PTIMER_INTSTAT / 4] = PTIMER_INTSTAT_EVENT;
	/* The counter runs from LOAD down to 0 inclusive: LOAD + 1 clocks per tick. */
	ptimer[PTIMER_LOAD / 4] = BOARD_PRIVATE_TIMER_HZ / hz - 1u;
	ptimer[PTIMER_CONTROL / 4] =
	    PTIMER_CTRL_ENABLE | PTIMER_CTRL_AUTO_RELOAD | PTIMER_CTRL_IRQ_ENABLE;
	return BOARD_TIMER_IRQ;
}

void timer_clear_interrupt(void)
{
	ptimer[PTIMER_INTSTAT / 4] = PTIMER_INTSTAT_EVENT;
}
