/*
 * The structure offsets and constants the assembly needs (the fast paths,
 * syscall_fast.S and lmp_fast.S).  The build compiles this file to assembly
 * and turns each `->NAME value` line into `#define NAME value` in
 * gen/asm_offsets.h, so the assembly follows the C structures whatever
 * their layout.  Nothing here is linked.
 */
#include <stddef.h>

#include <arch/context.h>
#include <cap.h>
#include <core.h>
#include <cspace.h>
#include <dispatch.h>
#include <errors.h>
#include <invocations.h>
#include <lmp.h>
#include <memlayout.h>
#include <objtype.h>
#include <timer.h>

#define DEFINE(name, value)	   __asm__ volatile("\n->" #name " %0" : : "i"(value))
#define OFFSET(name, type, member) DEFINE(name, offsetof(type, member))

void asm_offsets(void);

void asm_offsets(void)
{
	OFFSET(CORE_CURRENT, struct core, sched.current);
	OFFSET(CORE_CAPS_WORKLIST, struct core, caps.worklist);
	OFFSET(CORE_CAPS_DRAINING, struct core, caps.draining);
	OFFSET(CORE_RESCHEDULE_PENDING, struct core, sched.reschedule_pending);
	OFFSET(CORE_PROC_HEAD, struct core, sched.proc_head);
	OFFSET(CORE_RAN_GROUP, struct core, sched.ran_group);
	OFFSET(CORE_RAN_GROUP_VALID, struct core, sched.ran_group_valid);
	OFFSET(CORE_TURN_OWNER, struct core, sched.turn_owner);
	OFFSET(CORE_YIELD_TO, struct core, sched.yield_to);
	DEFINE(CORE_BOOL_SIZE, sizeof(bool));
	OFFSET(CORE_TICKS, struct core, tick.ticks);
	OFFSET(CORE_ENTRIES_UNTICKED, struct core, tick.entries_unticked);
	DEFINE(TICK_WATCH_PERIOD, TICK_WATCH_ENTRIES);
	OFFSET(DCB_CSPACE_ROOT, struct dcb, slots[DCB_SLOT_CSPACE]);
	OFFSET(DCB_VSPACE_ROOT, struct dcb, slots[DCB_SLOT_VSPACE]);
	OFFSET(DCB_DISPFRAME, struct dcb, slots[DCB_SLOT_DISPFRAME]);
	OFFSET(DCB_LMPFRAME, struct dcb, slots[DCB_SLOT_LMPFRAME]);
	OFFSET(DCB_STATE, struct dcb, state);
	OFFSET(DCB_FRAME, struct dcb, frame);
	OFFSET(DCB_TPIDRURW, struct dcb, tpidrurw);
	OFFSET(DCB_SAVED_DISABLED, struct dcb, saved_disabled);
	OFFSET(DCB_SLICE_LEFT, struct dcb, slice_left);
	OFFSET(DCB_LMP_DELIVERED, struct dcb, lmp_delivered);
	OFFSET(DCB_RUNS, struct dcb, runs);
	OFFSET(DCB_NEXT, struct dcb, next);
	OFFSET(DCB_GNEXT, struct dcb, gnext);
	OFFSET(DCB_GROUP, struct dcb, group);
	OFFSET(DCB_TIMESLICE, struct dcb, timeslice);
	OFFSET(DCB_CALLING, struct dcb, calling);
	OFFSET(DCB_REPLY_TO, struct dcb, reply_to);
	OFFSET(DCB_ACCEPTS_CALL, struct dcb, accepts_call);
	DEFINE(DCB_ACCEPTS_CALL_SIZE, sizeof(((struct dcb *)0)->accepts_call));
	OFFSET(DCB_PENDING_EXITS, struct dcb, pending_exits);
	OFFSET(DCB_WAKEUP, struct dcb, wakeup);
	OFFSET(CORE_CONSOLE_IN_COUNT, struct core, console_in.count);
	DEFINE(CORE_CONSOLE_IN_COUNT_SIZE, sizeof(((struct core *)0)->console_in.count));
	DEFINE(DISPATCHER_SLICE_DEFAULT, DISPATCHER_DEFAULT_TIMESLICE);
	DEFINE(DCB_SAVED_DISABLED_SIZE, sizeof(((struct dcb *)0)->saved_disabled));
	DEFINE(DISPATCHER_CREATED, DISPATCHER_STATE_CREATED);
	DEFINE(DISPATCHER_EXITED, DISPATCHER_STATE_EXITED);
	DEFINE(DISPATCHER_RUNNABLE, DISPATCHER_STATE_RUNNABLE);
	DEFINE(DISPATCHER_BLOCKED, DISPATCHER_STATE_BLOCKED);
	DEFINE(DISPATCHER_CALLING, DISPATCHER_STATE_CALLING);
	OFFSET(FRAME_DISABLED, struct dispatcher_frame, shared.disabled);
	OFFSET(FRAME_UDISP, struct dispatcher_frame, shared.udisp);
	OFFSET(FRAME_RUN, struct dispatcher_frame, shared.run);
	OFFSET(FRAME_GOT_BASE, struct dispatcher_frame, arm.got_base);
	OFFSET(FRAME_CRIT_PC_LOW, struct dispatcher_frame, arm.crit_pc_low);
	OFFSET(FRAME_CRIT_PC_HIGH, struct dispatcher_frame, arm.crit_pc_high);
	OFFSET(FRAME_LMP_DELIVERED, struct dispatcher_frame, generic.lmp_delivered);
	OFFSET(FRAME_LMP_SEEN, struct dispatcher_frame, generic.lmp_seen);
	OFFSET(FRAME_WAKEUP, struct dispatcher_frame, wakeup);
	OFFSET(FRAME_ENABLED_AREA, struct dispatcher_frame, enabled_area);
	OFFSET(FRAME_DISABLED_AREA, struct dispatcher_frame, disabled_area);
	DEFINE(FRAME_UPCALL_STACK_TOP, DISP_UPCALL_STACK_TOP);
	DEFINE(PSR_USER_KEEP, PSR_USER_KEEP_MASK);
	OFFSET(CAP_TYPE, struct capability, type);
	OFFSET(CAP_RIGHTS, struct capability, rights);
	OFFSET(CAP_BASE, struct capability, base);
	OFFSET(CAP_BYTES, struct capability, bytes);
	OFFSET(CTE_CAP, struct cte, cap);
	OFFSET(CAP_EP_BADGE, struct capability, u.endpoint.badge);
	OFFSET(CAP_EP_OFFSET, struct capability, u.endpoint.offset);
	OFFSET(CAP_EP_BUFLEN, struct capability, u.endpoint.buflen);
	DEFINE(CTE_SIZE_SHIFT, __builtin_ctz(CTE_SIZE));
	DEFINE(PHYS_TO_VIRT_OFFSET, KERNEL_VBASE - BOARD_RAM_BASE); /* phys_to_virt's addend */
	DEFINE(CAPRIGHTS_READ_BIT, CAPRIGHTS_READ);
	DEFINE(CAPADDR_LEVEL_2, CAPADDR_LEVEL_L2);
	DEFINE(L2_CNODE_INDEX_BITS, L2_CNODE_BITS);
	DEFINE(MEMORYCMD_IDENTIFY, MemoryCmd_Identify);
	DEFINE(ERR_OK, SYS_ERR_OK);
	DEFINE(OBJTYPE_NULL, ObjType_Null);
	DEFINE(OBJTYPE_RAM, ObjType_RAM);
	DEFINE(OBJTYPE_FRAME, ObjType_Frame);
	DEFINE(OBJTYPE_DEVFRAME, ObjType_DevFrame);
	DEFINE(OBJTYPE_L1CNODE, ObjType_L1CNode);
	DEFINE(OBJTYPE_L2CNODE, ObjType_L2CNode);
	DEFINE(OBJTYPE_ENDPOINT, ObjType_EndPoint);
	DEFINE(ENDPOINTCMD_SEND, EndPointCmd_Send);
	DEFINE(ENDPOINTCMD_CALL, EndPointCmd_Call);
}
