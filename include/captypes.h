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

/* One row per type in include/objtype.def, which holds every fact about it. */
enum objtype {
#define OBJTYPE(name, size, bytes, parents, flags, rights) ObjType_##name,
#include <objtype.def>
#undef OBJTYPE
	ObjType_Num
};

/* Rights: what an operation through the capability may do. */
#define CAPRIGHTS_READ	  BIT(0)
#define CAPRIGHTS_WRITE	  BIT(1)
#define CAPRIGHTS_EXECUTE BIT(2)
#define CAPRIGHTS_GRANT	  BIT(3)
/* Revoke deletes the other copies too, not only what was derived from this one. */
#define CAPRIGHTS_REVOKE    BIT(4)
#define CAPRIGHTS_ALLRIGHTS U32(0x1f)
/* Everything but REVOKE: what a process is given of what it shares with others. */
#define CAPRIGHTS_SHARED (CAPRIGHTS_ALLRIGHTS & ~CAPRIGHTS_REVOKE)

/* Object sizes. */
#define BASE_PAGE_SIZE	     U32(4096)
#define OBJSIZE_L2CNODE	     U32(16384) /* 256 slots of 64 bytes */
#define L2_CNODE_SLOTS	     U32(256)
#define L2_CNODE_BITS	     8
#define OBJSIZE_VNODE_ARM_L1 U32(16384)
/* An L2 table is the 1 KiB hardware table followed by the kernel's 1 KiB
 * reverse index of the mapping capability behind each entry. */
#define OBJSIZE_VNODE_ARM_L2 U32(2048)
#define OBJSIZE_DISPATCHER   U32(4096)
#define CTE_SIZE	     U32(64)

#define VNODE_ARM_L1_ENTRIES	  U32(4096)
#define VNODE_ARM_L1_USER_ENTRIES U32(2048) /* entries >= 2048 belong to the kernel */
#define VNODE_ARM_L2_ENTRIES	  U32(256)

#endif
