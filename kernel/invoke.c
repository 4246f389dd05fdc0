/* SYS_INVOKE: find the capability, then hand it to its type's invocations. */
#include <stdint.h>

#include <cap.h>
#include <dispatch.h>
#include <invocations.h>
#include <invoke.h>

static struct cte *cspace_root(void)
{
	return &dcb_current->slots[DCB_SLOT_CSPACE];
}

errval_t lookup_slot(uint32_t addr, uint32_t level, struct cte **ret)
{
	return cspace_lookup_slot(cspace_root(), addr, (uint8_t)level, ret);
}

errval_t lookup_cap(uint32_t addr, uint32_t level, struct cte **ret)
{
	return cspace_lookup_cap(cspace_root(), addr, (uint8_t)level, ret);
}

errval_t lookup_cnode_slots(uint32_t addr, uint32_t level, struct cte **slots, uint32_t *nslots)
{
	struct cte *cnode;
	errval_t err = lookup_cap(addr, level, &cnode);

	if (err_is_fail(err))
		return err;
	if (cnode->cap.type != ObjType_L1CNode && cnode->cap.type != ObjType_L2CNode)
		return SYS_ERR_CNODE_TYPE;
	*slots = cap_kva(cnode->cap.base);
	*nslots = cnode->cap.bytes / CTE_SIZE;
	return SYS_ERR_OK;
}

static struct sysret invoke_memory(struct cte *cte, uint32_t cmd)
{
	struct sysret ret = { SYS_ERR_OK, { cte->cap.base, cte->cap.bytes, 0 } };

	if (cmd != MemoryCmd_Identify)
		return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
	return ret;
}

static struct sysret invoke_kernel(uint32_t cmd, const uint32_t *args)
{
	struct sysret ret = { SYS_ERR_OK, { 0, 0, 0 } };

	if (cmd != KernelCmd_CapCounts)
		return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
	if (args[0] >= ObjType_Num)
		return sysret_error(SYS_ERR_DEST_TYPE_INVALID);
	ret.value[0] = cap_live_count[args[0]];
	return ret;
}

struct sysret invoke(uint32_t cptr, uint32_t word, const uint32_t args[SYS_INVOKE_ARGS])
{
	uint32_t level = word & 0xffu, cmd = word >> 8;
	struct cte *cte;
	errval_t err = lookup_cap(cptr, level, &cte);

	if (err_is_fail(err))
		return sysret_error(err);
	switch (cte->cap.type) {
	case ObjType_L1CNode:
	case ObjType_L2CNode: return invoke_cnode(cte, cmd, args);
	case ObjType_RAM:
	case ObjType_Frame:
	case ObjType_DevFrame: return invoke_memory(cte, cmd);
	case ObjType_VNode_ARM_l1:
	case ObjType_VNode_ARM_l2: return invoke_vnode(cte, cmd, args);
	case ObjType_Dispatcher: return invoke_dispatcher(cte, cmd, args);
	case ObjType_Kernel: return invoke_kernel(cmd, args);
	default: return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
	}
}
