/* The per-core state of the CPU driver (core.h). */
#include <stdint.h>

#include <config.h>
#include <core.h>
#include <irq.h>

static struct core cores[KERNEL_MAX_CORES];

void core_init(uint32_t id, uint8_t *kernel_stack_top)
{
	struct core *core = &cores[id];

	core->id = id;
	core->kernel_stack_top = kernel_stack_top;
	core->tick.timer_irq = IRQ_SPURIOUS;
	cp15_write_tpidrprw((uint32_t)core);
}
