/*
 * What the capability core (kernel/cap/) needs from the rest of the kernel
 * besides finalisation (kernel/finalise.c): a point where a long operation
 * lets the tick in, and whether a deletion should stop because the time
 * slice is over (cap_kva and cap_core are inline: cap_hooks.h).
 */
#include <stdint.h>

#include <arch/cpu.h>
#include <cap.h>
#include <core.h>
#include <dispatch.h>
#include <mmu.h>

/* Take pending interrupts (the tick) in the middle of a long operation. */
void cap_preemption_point(void)
{
	irq_enable();
	isb(); /* an interrupt that is pending is taken here */
	irq_disable();
}

/* Deletion asks whether to stop: take the tick, and stop when the slice is over. */
bool cap_should_stop(void)
{
	cap_preemption_point();
	return dispatch_reschedule_pending();
}
