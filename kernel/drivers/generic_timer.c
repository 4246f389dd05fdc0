/*
 * The Arm generic timer's virtual timer (CNTV) as the periodic tick: the
 * Cortex-A15 and later cores, which have no A9 private timer.  The timer
 * fires when the virtual count reaches CVAL; each tick moves CVAL on by one
 * period, so the tick does not drift.  CNTFRQ, the count's rate, is set by
 * the firmware (QEMU: 62.5 MHz).
 */
#include <stdint.h>

#include <arch/cpu.h>
#include <board.h>
#include <kprintf.h>
#include <plat.h>
#include <timer.h>

#define CNTV_CTL_ENABLE 1u

static uint64_t period, deadline;

static inline uint32_t read_cntfrq(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
	return v;
}

static inline uint64_t read_cntvct(void)
{
	uint32_t lo, hi;

	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void write_cntv_cval(uint64_t v)
{
	__asm__ volatile("mcrr p15, 3, %0, %1, c14" ::"r"((uint32_t)v), "r"((uint32_t)(v >> 32)));
	isb();
}

static inline void write_cntv_ctl(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1" ::"r"(v));
	isb();
}

unsigned timer_start(unsigned hz)
{
	uint32_t freq = read_cntfrq();

	if (freq < hz) {
		kprintf("timer: CNTFRQ is %u Hz: the firmware did not set the generic timer's "
			"rate; stopping\n",
			freq);
		plat_shutdown(1);
	}
	period = freq / hz;
	deadline = read_cntvct() + period;
	write_cntv_cval(deadline);
	write_cntv_ctl(CNTV_CTL_ENABLE);
	return BOARD_TIMER_IRQ;
}

void timer_clear_interrupt(void)
{
	uint64_t now = read_cntvct();

	/* The next deadline, one period on; ticks missed (the kernel ran masked) are dropped. */
	deadline += period;
	if (deadline <= now)
		deadline = now + period;
	write_cntv_cval(deadline);
}
