/*
 * SYS_INVOKE: finish any deletion left over, find the capability, then hand
 * it to its type's invocations.  SYS_ERR_PREEMPTED from here means "restart
 * me" (kernel/syscall.c).
 */
#include <stdint.h>

#include <cap.h>
#include <console.h>
#include <dispatch.h>
#include <exceptions.h>
#include <invariants.h>
#include <invocations.h>
#include <invoke.h>
#include <kprintf.h>
#include <objtype.h>
#include <plat.h>

struct cte *caller_cspace_root(void)
{
	return &dispatch_current()->slots[DCB_SLOT_CSPACE];
}

errval_t lookup_slot(uint32_t addr, uint32_t level, uint8_t rights, struct cte **ret)
{
	return cspace_lookup_slot(caller_cspace_root(), addr, level, rights, ret);
}

errval_t lookup_cap(uint32_t addr, uint32_t level, uint8_t rights, struct cte **ret)
{
	return cspace_lookup_cap(caller_cspace_root(), addr, level, rights, ret);
}

errval_t lookup_cnode_slots(struct cte *root, uint32_t addr, uint32_t level, struct cte **slots,
			    uint32_t *nslots)
{
	struct cte *cnode;
	errval_t err = cspace_lookup_cap(root, addr, level, CAPRIGHTS_WRITE, &cnode);

	if (err_is_fail(err))
		return err;
	if (!objtype_has(cnode->cap.type, OBJF_CNODE))
		return SYS_ERR_CNODE_TYPE;
	if (!cap_has_rights(cnode, CAPRIGHTS_WRITE))
		return SYS_ERR_CNODE_RIGHTS;
	*slots = cap_kva(cnode->cap.base);
	*nslots = cnode->cap.bytes / CTE_SIZE;
	return SYS_ERR_OK;
}

static struct sysret invoke_memory(struct cte *cte, uint32_t cmd, const uint32_t *args)
{
	struct sysret ret = { SYS_ERR_OK, { cte->cap.base, cte->cap.bytes, 0, 0 } };

	(void)args;
	if (cmd != MemoryCmd_Identify)
		return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
	return ret;
}

static struct sysret invoke_kernel(struct cte *cte, uint32_t cmd, const uint32_t *args)
{
	struct sysret ret = { SYS_ERR_OK, { 0, 0, 0, 0 } };

	(void)cte;
	if (cmd == KernelCmd_CheckInvariants)
		return sysret_error(kernel_check_invariants());
	if (cmd == KernelCmd_DispatcherTimeslice)
		return sysret_error(dispatcher_set_timeslice(args[0], args[1], args[2]));
	if (cmd == KernelCmd_SchedCounters)
		return sched_counters(args[0], args[1]);
	if (cmd == KernelCmd_ConsoleBind)
		return console_in_bind(args[0], args[1]);
	if (cmd == KernelCmd_Shutdown) {
		kprintf("kernel: shutdown asked for, status %d\n", (int32_t)args[0]);
		plat_shutdown((int32_t)args[0]);
	}
	if (cmd == KernelCmd_SyscallFastpath) {
		if (args[0] > 1)
			return sysret_error(SYS_ERR_FASTPATH_SWITCH);
		ret.value[0] = exceptions_syscall_fastpath(args[0] == 1);
		return ret;
	}
	if (cmd == KernelCmd_IdleTicks) {
		ret.value[0] = (uint32_t)this_core()->sched.idle_ticks;
		ret.value[1] = (uint32_t)(this_core()->sched.idle_ticks >> 32);
		return ret;
	}
	if (cmd != KernelCmd_CapCounts)
		return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
	if (args[0] >= ObjType_Num)
		return sysret_error(SYS_ERR_DEST_TYPE_INVALID);
	ret.value[0] = cap_core()->live_count[args[0]];
	ret.value[1] = (uint32_t)cap_core()->live_bytes[args[0]];
	ret.value[2] = (uint32_t)(cap_core()->live_bytes[args[0]] >> 32);
	return ret;
}

static struct sysret invoke_nothing(struct cte *cte, uint32_t cmd, const uint32_t *args)
{
	(void)cte;
	(void)cmd;
	(void)args;
	return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
}

typedef struct sysret (*invoke_fn)(struct cte *cte, uint32_t cmd, const uint32_t *args);

/* The invocations of each type (a mapping is used through unmap). */
static const invoke_fn invocations[ObjType_Num] = {
	[ObjType_Null] = invoke_nothing,
	[ObjType_RAM] = invoke_memory,
	[ObjType_Frame] = invoke_memory,
	[ObjType_DevFrame] = invoke_memory,
	[ObjType_L1CNode] = invoke_cnode,
	[ObjType_L2CNode] = invoke_cnode,
	[ObjType_VNode_ARM_l1] = invoke_vnode,
	[ObjType_VNode_ARM_l2] = invoke_vnode,
	[ObjType_Frame_Mapping] = invoke_nothing,
	[ObjType_DevFrame_Mapping] = invoke_nothing,
	[ObjType_VNode_ARM_l2_Mapping] = invoke_nothing,
	[ObjType_Dispatcher] = invoke_dispatcher,
	[ObjType_EndPoint] = invoke_endpoint,
	[ObjType_Kernel] = invoke_kernel,
};
_Static_assert(ObjType_Num == 14, "every type of include/objtype.def has its invocations here");

errval_t invoke_lookup(uint32_t cptr, uint32_t word, struct cte **cte)
{
	/* Deletion work an earlier call left first: no invocation sees a half-dead CNode. */
	errval_t err = caps_finish_needed(cap_core()) ? caps_finish_deletions() : SYS_ERR_OK;

	/* That work may have destroyed the caller itself: then it has no CSpace to look in. */
	if (err_is_ok(err) && !dispatch_current_can_run())
		err = SYS_ERR_DISP_EXITED;
	if (err_is_fail(err))
		return err;
	if ((*cte = cspace_lookup_fast(caller_cspace_root(), cptr, INVOKE_WORD_LEVEL(word))))
		return SYS_ERR_OK;
	return lookup_cap(cptr, INVOKE_WORD_LEVEL(word), CAPRIGHTS_READ, cte);
}

struct sysret invoke_cap(struct cte *cte, uint32_t word, const uint32_t args[SYS_INVOKE_ARGS])
{
	return invocations[cte->cap.type](cte, INVOKE_WORD_CMD(word), args);
}
