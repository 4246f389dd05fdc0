/*
 * The structure offsets and constants the assembly needs (vectors.S's
 * system-call fast path).  The build compiles this file to assembly and
 * turns each `->NAME value` line into `#define NAME value` in
 * gen/asm_offsets.h, so the assembly follows the C structures whatever
 * their layout.  Nothing here is linked.
 */
#include <stddef.h>

#include <cap.h>
#include <core.h>
#include <cspace.h>
#include <dispatch.h>
#include <errors.h>
#include <invocations.h>
#include <memlayout.h>
#include <objtype.h>

#define DEFINE(name, value)	   __asm__ volatile("\n->" #name " %0" : : "i"(value))
#define OFFSET(name, type, member) DEFINE(name, offsetof(type, member))

void asm_offsets(void);

void asm_offsets(void)
{
	OFFSET(CORE_CURRENT, struct core, sched.current);
	OFFSET(CORE_CAPS_WORKLIST, struct core, caps.worklist);
	OFFSET(CORE_CAPS_DRAINING, struct core, caps.draining);
	OFFSET(DCB_CSPACE_ROOT, struct dcb, slots[DCB_SLOT_CSPACE]);
	OFFSET(CAP_TYPE, struct capability, type);
	OFFSET(CAP_RIGHTS, struct capability, rights);
	OFFSET(CAP_BASE, struct capability, base);
	OFFSET(CAP_BYTES, struct capability, bytes);
	OFFSET(CTE_CAP, struct cte, cap);
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
}
