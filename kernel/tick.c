/* Counting ticks, and checking them against the board's own clock. */
#include <stdint.h>

#include <config.h>
#include <core.h>
#include <irq.h>
#include <kprintf.h>
#include <plat.h>
#include <selftest.h>
#include <timer.h>

static struct tick_state *tick(void)
{
	return &this_core()->tick;
}

void tick_init(unsigned hz)
{
	unsigned irq = timer_start(hz);

	tick()->clock_at_start = plat_clock_now();
	tick()->started = true;
	irq_set_timer(irq);
	if (!selftest_tick_masked())
		irq_unmask(irq);
}

void tick_check_alive(void)
{
	struct tick_state *t = tick();

	if (!t->started || t->ticks || plat_clock_now() - t->clock_at_start < plat_clock_hz())
		return;
	kprintf("tick: no timer interrupt (ID %u) in the second since the timer started: this "
		"board's timer or interrupt controller does not work; stopping\n",
		t->timer_irq);
	plat_shutdown(1);
}

uint64_t tick_count(void)
{
	return tick()->ticks;
}

/* One debug line: the ticks counted and the time the board clock measured. */
static void tick_report(void)
{
	uint64_t elapsed = plat_clock_now() - tick()->clock_at_start;

	kprintf("tick: %llu ticks at %u Hz = %llu ms; board clock: %llu ms\n", tick()->ticks,
		TICK_HZ, tick()->ticks * 1000 / TICK_HZ, elapsed * 1000 / plat_clock_hz());
}

void tick_handle(void)
{
	tick()->ticks++;
	if (!KERNEL_QUIET && tick()->ticks % TICK_HZ == 0 &&
	    tick()->ticks / TICK_HZ <= TICK_REPORT_SECONDS)
		tick_report();
}
