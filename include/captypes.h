/*
 * Capability types, rights and object sizes: the kernel-user interface.
 * See docs/capabilities.md.
 */
#ifndef CAPTYPES_H
#define CAPTYPES_H

#include <stdint.h>

#include <bits.h>

/* A capability address in a two-level CSpace: (l1_slot << 8) | l2_slot. */
typedef uint32_t capaddr_t;

enum objtype {
	ObjType_Null = 0,
	ObjType_RAM,		      /* untyped memory, retyped into everything else */
	ObjType_Frame,		      /* mappable RAM */
	ObjType_DevFrame,	      /* mappable device memory (given to init at boot) */
	ObjType_L1CNode,	      /* root CNode: a multiple of 16 KiB, 256 slots per 16 KiB */
	ObjType_L2CNode,	      /* 16 KiB, 256 slots */
	ObjType_VNode_ARM_l1,	      /* 16 KiB L1 page table */
	ObjType_VNode_ARM_l2,	      /* 1 KiB L2 page table */
	ObjType_Frame_Mapping,	      /* one map of a Frame: unmap through it */
	ObjType_DevFrame_Mapping,     /* one map of a DevFrame */
	ObjType_VNode_ARM_l2_Mapping, /* one L2 table installed in an L1 table */
	ObjType_Dispatcher,	      /* a dispatcher control block */
	ObjType_EndPoint,	      /* retyped from a Dispatcher */
	ObjType_Kernel,		      /* authority over the kernel (init only) */
	ObjType_Num
};

/* Rights: what an operation through the capability may do. */
#define CAPRIGHTS_READ	    BIT(0)
#define CAPRIGHTS_WRITE	    BIT(1)
#define CAPRIGHTS_EXECUTE   BIT(2)
#define CAPRIGHTS_GRANT	    BIT(3)
#define CAPRIGHTS_ALLRIGHTS U32(0xf)

/* Object sizes. */
#define BASE_PAGE_SIZE	     U32(4096)
#define OBJSIZE_L2CNODE	     U32(16384) /* 256 slots of 64 bytes */
#define L2_CNODE_SLOTS	     U32(256)
#define L2_CNODE_BITS	     8
#define OBJSIZE_VNODE_ARM_L1 U32(16384)
#define OBJSIZE_VNODE_ARM_L2 U32(1024)
#define OBJSIZE_DISPATCHER   U32(4096)
#define CTE_SIZE	     U32(64)

#define VNODE_ARM_L1_ENTRIES	  U32(4096)
#define VNODE_ARM_L1_USER_ENTRIES U32(2048) /* entries >= 2048 belong to the kernel */
#define VNODE_ARM_L2_ENTRIES	  U32(256)

#endif
