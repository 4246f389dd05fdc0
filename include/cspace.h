/*
 * The CSpace layout every process shares (Barrelfish's init.h): which slot
 * of the root (L1) CNode and of the task CNode holds what.
 * A capability address is (l1_slot << 8) | l2_slot.
 */
#ifndef CSPACE_LAYOUT_H
#define CSPACE_LAYOUT_H

#include <bits.h>

#define L2_CNODE_ADDR_BITS 8
#define CAPADDR(l1, l2)	   (((l1) << L2_CNODE_ADDR_BITS) | (l2))
#define CAPADDR_L1(addr)   ((addr) >> L2_CNODE_ADDR_BITS)
#define CAPADDR_L2(addr)   ((addr)&U32(0xff))
/* The level of an address: 1 names a root slot, 2 a slot of the L2 CNode in one. */
#define CAPADDR_LEVEL_L1 1
#define CAPADDR_LEVEL_L2 2

/* Root CNode slots. */
#define ROOTCN_SLOT_TASKCN 0
#define ROOTCN_SLOT_PAGECN 1 /* slot 0: the L1 VNode */
/* Root slot 2 stays empty: Barrelfish's BASE_PAGE_CN; a child's base pages are in TASKCN. */
#define ROOTCN_SLOT_SUPERCN	 3 /* init: the big RAM caps */
#define ROOTCN_SLOT_SEGCN	 4 /* init: frames of its ELF segments and stack */
#define ROOTCN_SLOT_PACN	 5 /* init: DevFrame caps of devices (physical address caps) */
#define ROOTCN_SLOT_MODULECN	 6 /* init: boot modules */
#define ROOTCN_SLOT_SLOT_ALLOC0	 7 /* empty, for the slot allocator (children: this one only) */
#define ROOTCN_SLOT_SLOT_ALLOC1	 8 /* init only */
#define ROOTCN_SLOT_SLOT_ALLOC2	 9 /* init only */
#define ROOTCN_SLOT_ALLOC_CNODES 3 /* SLOT_ALLOC0..2 */
#define ROOTCN_SLOT_ARGCN	 10
#define ROOTCN_SLOT_MAPPINGCN	 11 /* init: mapping caps of what the kernel mapped */
#define ROOTCN_FIRST_FREE_SLOT	 12
#define ROOTCN_SLOTS_INIT	 256 /* init's root CNode: 16 KiB */

/* Task CNode slots. */
#define TASKCN_SLOT_DISPATCHER 1
#define TASKCN_SLOT_ROOTCN     2
#define TASKCN_SLOT_DISPFRAME  4
#define TASKCN_SLOT_BOOTINFO   7 /* init only */
#define TASKCN_SLOT_KERNELCAP  8 /* init only */
#define TASKCN_SLOT_ARGSPAGE   10
#define TASKCN_SLOT_HEAPRAM    12 /* children: an optional larger RAM cap for the heap */
#define TASKCN_SLOT_SELFEP     18
#define TASKCN_SLOT_INITEP     19 /* an EndPoint to init (docs/ipc.md) */
#define TASKCN_SLOT_BASE_PAGE0 20 /* children: BASE_PAGE_CAPS 4 KiB RAM caps from here */
#define TASKCN_FIRST_FREE_SLOT (TASKCN_SLOT_BASE_PAGE0 + BASE_PAGE_CAPS)

/* PAGECN slot 0 holds the L1 VNode; the L2 tables the kernel (for init) or the spawner
 * (for a child) made follow. */
#define PAGECN_SLOT_VROOT 0

/* How many 4 KiB RAM caps a spawner puts into a child's TASKCN, from TASKCN_SLOT_BASE_PAGE0. */
#define BASE_PAGE_CAPS 16

#endif
