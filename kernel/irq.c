/* Generic interrupt dispatch. */
#include <console.h>
#include <core.h>
#include <irq.h>
#include <kprintf.h>
#include <timer.h>

void irq_set_timer(unsigned id)
{
	this_core()->tick.timer_irq = id;
}

int irq_handle(void)
{
	unsigned id = irq_acknowledge();
	int preempt = 0;

	if (id == IRQ_SPURIOUS)
		return 0;
	if (id == this_core()->tick.timer_irq) {
		timer_clear_interrupt();
		tick_handle();
		preempt = 1; /* the scheduler decides whether the slice is over */
	} else if (id == console_in_irq()) {
		console_in_interrupt();
	} else {
		kprintf("irq: unexpected interrupt %u\n", id);
	}
	irq_end(id);
	return preempt;
}
