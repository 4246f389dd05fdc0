/*
 * What happens when the last capability to an object goes (seL4's
 * finaliseCap), for every type in one place.  The capability core
 * (kernel/cap/caps.c) calls cap_finalise() once per dying object, after the
 * object has left the derivation tree; it has already deleted the objects
 * that depend on it (a frame's mappings, a dispatcher's EndPoints, an L2
 * table's mapping into its L1 table), and it deletes a dying CNode's slots
 * itself, from its worklist, after this returns.
 */
#include <cap.h>
#include <dispatch.h>
#include <vnode.h>

/* A new type must get its line below: this fails when the table grows. */
_Static_assert(ObjType_Num == 14, "cap_finalise handles every type of include/objtype.def");

void cap_finalise(struct cte *cte)
{
	switch ((enum objtype)cte->cap.type) {
	/* A mapping clears the entries it owns: all of them, or (if its table died first) none. */
	case ObjType_Frame_Mapping:
	case ObjType_DevFrame_Mapping:
	case ObjType_VNode_ARM_l2_Mapping: vnode_mapping_finalise(cte); break;
	/* A page table takes every mapping into it with it. */
	case ObjType_VNode_ARM_l1:
	case ObjType_VNode_ARM_l2: vnode_table_finalise(cte); break;
	/* A dispatcher leaves the scheduler and drops its own CTEs. */
	case ObjType_Dispatcher: dispatch_destroy(dcb_of(&cte->cap)); break;
	/* Memory: its mappings (dependents) are gone already; it returns to its parent. */
	case ObjType_RAM:
	case ObjType_Frame:
	case ObjType_DevFrame:
	/* CNodes: the capability core deletes their slots from its worklist. */
	case ObjType_L1CNode:
	case ObjType_L2CNode:
	/* An EndPoint names its dispatcher and owns nothing; Kernel is never destroyed. */
	case ObjType_EndPoint:
	case ObjType_Kernel:
	case ObjType_Null:
	case ObjType_Num: break;
	}
}
