/*
 * Default kernel hooks of the capability core, so that the core links on
 * its own.  They are weak: the kernel's real ones (kernel/objects.c: unmap
 * a mapping, take a dispatcher off the run queue) take their place.
 */
#include <stdint.h>

#include <cap.h>
#include <mmu.h>

__attribute__((weak)) void *cap_kva(uint32_t phys)
{
	return phys_to_virt(phys);
}

/* Nothing to undo yet: no object has side effects outside the tree. */
__attribute__((weak)) void cap_destroy_hook(const struct capability *cap)
{
	(void)cap;
}

__attribute__((weak)) void cap_preemption_point(void)
{
}
