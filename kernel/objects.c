/*
 * What the capability core (kernel/cap/) needs from the rest of the kernel:
 * the kernel's address of an object, and the side effects of an object's
 * death: a mapping clears its page-table entries, a dispatcher leaves the
 * run queue.
 */
#include <stdint.h>

#include <arch/cpu.h>
#include <cap.h>
#include <dispatch.h>
#include <mmu.h>
#include <vnode.h>

void *cap_kva(uint32_t phys)
{
	return phys_to_virt(phys);
}

void cap_destroy_hook(const struct capability *cap)
{
	switch (cap->type) {
	case ObjType_Frame_Mapping:
	case ObjType_DevFrame_Mapping:
	case ObjType_VNode_ARM_l2_Mapping: vnode_mapping_destroyed(cap); break;
	case ObjType_Dispatcher: dispatch_destroy(dcb_of(cap)); break;
	default: break;
	}
}

/* Take pending interrupts (the tick) in the middle of a long operation. */
void cap_preemption_point(void)
{
	irq_enable();
	isb(); /* an interrupt that is pending is taken here */
	irq_disable();
}
