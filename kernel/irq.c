/* Generic interrupt dispatch. */
#include <irq.h>
#include <kprintf.h>
#include <timer.h>

static unsigned timer_irq = IRQ_SPURIOUS;

void irq_set_timer(unsigned id)
{
	timer_irq = id;
}

void irq_handle(void)
{
	unsigned id = irq_acknowledge();

	if (id == IRQ_SPURIOUS)
		return;
	if (id == timer_irq) {
		timer_clear_interrupt();
		tick_handle();
	} else {
		kprintf("irq: unexpected interrupt %u\n", id);
	}
	irq_end(id);
}
