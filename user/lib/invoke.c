/* Capability invocations under Barrelfish's names (docs/syscalls.md). */
#include <stdint.h>

#include <runtime.h>

#define LEVEL_L2 2

static errval_t inv(capaddr_t cap, uint32_t level, uint32_t cmd, uint32_t a0, uint32_t a1,
		    uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t a7)
{
	return (errval_t)syscall_invoke(cap, level, cmd, a0, a1, a2, a3, a4, a5, a6, a7).error;
}

errval_t cap_retype(capaddr_t dest_cnode, uint32_t dest_level, uint32_t dest_slot, capaddr_t src,
		    uint32_t offset, enum objtype type, uint32_t objsize, uint32_t count)
{
	return inv(CAP_ROOTCN, LEVEL_L2, CNodeCmd_Retype, src, LEVEL_L2, offset, type, objsize, count,
		   dest_cnode, dest_slot | (dest_level << 16));
}

errval_t cap_copy(capaddr_t dest_cnode, uint32_t dest_level, uint32_t dest_slot, capaddr_t src)
{
	return inv(CAP_ROOTCN, LEVEL_L2, CNodeCmd_Copy, dest_cnode, dest_level, dest_slot, src,
		   LEVEL_L2, 0, 0, 0);
}

errval_t cap_mint(capaddr_t dest_cnode, uint32_t dest_level, uint32_t dest_slot, capaddr_t src,
		  uint32_t rights, uint32_t badge)
{
	return inv(CAP_ROOTCN, LEVEL_L2, CNodeCmd_Mint, dest_cnode, dest_level, dest_slot, src,
		   LEVEL_L2, rights, badge, 0);
}

errval_t cap_delete(capaddr_t cap)
{
	return inv(CAP_ROOTCN, LEVEL_L2, CNodeCmd_Delete, cap, LEVEL_L2, 0, 0, 0, 0, 0, 0);
}

errval_t cap_revoke(capaddr_t cap)
{
	return inv(CAP_ROOTCN, LEVEL_L2, CNodeCmd_Revoke, cap, LEVEL_L2, 0, 0, 0, 0, 0, 0);
}

errval_t cap_identify(capaddr_t cap, uint32_t *type, uint32_t *base, uint32_t *bytes)
{
	struct sysret r = syscall_invoke(CAP_ROOTCN, LEVEL_L2, CNodeCmd_Identify, cap, LEVEL_L2, 0,
					 0, 0, 0, 0, 0);
	*type = r.value[0];
	*base = r.value[1];
	*bytes = r.value[2];
	return (errval_t)r.error;
}

errval_t frame_identify(capaddr_t frame, uint32_t *base, uint32_t *bytes)
{
	struct sysret r = syscall_invoke(frame, LEVEL_L2, MemoryCmd_Identify, 0, 0, 0, 0, 0, 0, 0, 0);
	*base = r.value[0];
	*bytes = r.value[1];
	return (errval_t)r.error;
}

errval_t vnode_map(capaddr_t vnode, uint32_t entry, capaddr_t src, uint32_t flags,
		   uint32_t offset, uint32_t pte_count, capaddr_t mapping_cnode,
		   uint32_t mapping_slot)
{
	return inv(vnode, LEVEL_L2, VNodeCmd_Map, entry, src, LEVEL_L2 | (flags << 8), offset,
		   pte_count, mapping_cnode, 1, mapping_slot);
}

errval_t vnode_unmap(capaddr_t vnode, capaddr_t mapping)
{
	return inv(vnode, LEVEL_L2, VNodeCmd_Unmap, mapping, LEVEL_L2, 0, 0, 0, 0, 0, 0);
}

errval_t vnode_dump(capaddr_t vnode)
{
	return inv(vnode, LEVEL_L2, VNodeCmd_Dump, 0, 0, 0, 0, 0, 0, 0, 0);
}

errval_t invoke_dispatcher(capaddr_t disp, capaddr_t cspace, capaddr_t vspace, capaddr_t frame,
			   int run)
{
	return inv(disp, LEVEL_L2, DispatcherCmd_Setup, cspace, LEVEL_L2, vspace, LEVEL_L2, frame,
		   LEVEL_L2, (uint32_t)run, 0);
}

errval_t dispatcher_status(capaddr_t disp, uint32_t *state, int32_t *status)
{
	struct sysret r = syscall_invoke(disp, LEVEL_L2, DispatcherCmd_Status, 0, 0, 0, 0, 0, 0, 0, 0);
	*state = r.value[0];
	*status = (int32_t)r.value[1];
	return (errval_t)r.error;
}

errval_t kernel_cap_count(enum objtype type, uint32_t *count)
{
	struct sysret r = syscall_invoke(CAP_KERNEL, LEVEL_L2, KernelCmd_CapCounts, type, 0, 0, 0, 0,
					 0, 0, 0);
	*count = r.value[0];
	return (errval_t)r.error;
}
