/*
 * The Arm generic timer's virtual timer (CNTV) as the periodic tick: the
 * Cortex-A15 and later cores, which have no A9 private timer.  The timer
 * fires when the virtual count reaches CVAL; each tick moves CVAL on by one
 * period, so the tick does not drift.  CNTFRQ, the count's rate, is set by
 * the firmware (QEMU: 62.5 MHz).
 */
#include <stdint.h>

#include <arch/generic_timer.h>
#include <board.h>
#include <kprintf.h>
#include <plat.h>
#include <timer.h>

static uint64_t period, deadline;

unsigned timer_start(unsigned hz)
{
	uint32_t freq = cp15_read_cntfrq();

	if (freq < hz) {
		kprintf("timer: CNTFRQ is %u Hz: the firmware did not set the generic timer's "
			"rate; stopping\n",
			freq);
		plat_shutdown(1);
	}
	period = freq / hz;
	deadline = cp15_read_cntvct() + period;
	cp15_write_cntv_cval(deadline);
	cp15_write_cntv_ctl(CNTV_CTL_ENABLE);
	return BOARD_TIMER_IRQ;
}

void timer_clear_interrupt(void)
{
	uint64_t now = cp15_read_cntvct();

	/* The next deadline, one period on; ticks missed (the kernel ran masked) are dropped. */
	deadline += period;
	if (deadline <= now)
		deadline = now + period;
	cp15_write_cntv_cval(deadline);
}
