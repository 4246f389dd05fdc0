/* init's bump allocators for RAM, slots and virtual addresses (mem.h). */
#include <stdint.h>

#include <vspace_layout.h>

#include "mem.h"

#define SLOT_CNODES 3
#define L1_USER_ENTRIES 2048

static uint32_t ram_offset;   /* next free byte of SUPERCN[0] */
static uint32_t next_slot;    /* over SLOT_ALLOC0..2 */
static uint32_t next_vaddr = INIT_FIRST_FREE_VADDR;
static capaddr_t l2_tables[L1_USER_ENTRIES];

capaddr_t slot_alloc(void)
{
	uint32_t cnode = ROOTCN_SLOT_SLOT_ALLOC0 + next_slot / L2_CNODE_SLOTS;
	capaddr_t addr = CAPADDR(cnode, next_slot % L2_CNODE_SLOTS);

	if (next_slot >= SLOT_CNODES * L2_CNODE_SLOTS) {
		printf("init: out of slots\n");
		sys_exit(1);
	}
	next_slot++;
	return addr;
}

errval_t object_alloc(enum objtype type, uint32_t bytes, capaddr_t *ret)
{
	uint32_t align = (type == ObjType_VNode_ARM_l1 || type == ObjType_L1CNode) ? 16384 : 4096;
	uint32_t offset = (ram_offset + align - 1) & ~(align - 1);
	capaddr_t slot = slot_alloc();
	errval_t err = cap_retype(CNODE_L1(CAPADDR_L1(slot)), 1, CAPADDR_L2(slot),
				  CAPADDR(ROOTCN_SLOT_SUPERCN, 0), offset, type, bytes, 1);

	if (err_is_fail(err))
		return err;
	ram_offset = offset + ((bytes + 4095) & ~4095u);
	*ret = slot;
	return SYS_ERR_OK;
}

static errval_t l2_table_for(uint32_t vaddr, capaddr_t *ret)
{
	uint32_t entry = vaddr >> 20;
	capaddr_t l2, mapping;
	errval_t err;

	if (!l2_tables[entry]) {
		if ((err = object_alloc(ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2, &l2)))
			return err;
		mapping = slot_alloc();
		if ((err = vnode_map(CAP_VROOT, entry, l2, 0, 0, 1, CNODE_L1(CAPADDR_L1(mapping)),
				     CAPADDR_L2(mapping))))
			return err;
		l2_tables[entry] = l2;
	}
	*ret = l2_tables[entry];
	return SYS_ERR_OK;
}

errval_t map_frame_at(uint32_t vaddr, capaddr_t frame, uint32_t bytes, uint32_t flags)
{
	for (uint32_t offset = 0; offset < bytes;) {
		uint32_t va = vaddr + offset, entry = (va >> 12) & 0xff;
		uint32_t count = VNODE_ARM_L2_ENTRIES - entry;
		capaddr_t l2, mapping = slot_alloc();
		errval_t err;

		if (count > (bytes - offset) >> 12)
			count = (bytes - offset) >> 12;
		if ((err = l2_table_for(va, &l2)))
			return err;
		if ((err = vnode_map(l2, entry, frame, flags, offset, count,
				     CNODE_L1(CAPADDR_L1(mapping)), CAPADDR_L2(mapping))))
			return err;
		offset += count << 12;
	}
	return SYS_ERR_OK;
}

uint32_t vaddr_alloc(uint32_t bytes)
{
	uint32_t va = next_vaddr + BASE_PAGE_SIZE; /* a guard page first */

	next_vaddr = va + ((bytes + 4095) & ~4095u);
	return va;
}

errval_t frame_alloc_map(uint32_t bytes, uint32_t flags, capaddr_t *frame, void **vaddr)
{
	uint32_t va;
	errval_t err;

	bytes = (bytes + 4095) & ~4095u;
	if ((err = object_alloc(ObjType_Frame, bytes, frame)))
		return err;
	va = vaddr_alloc(bytes);
	if ((err = map_frame_at(va, *frame, bytes, flags)))
		return err;
	*vaddr = (void *)va;
	return SYS_ERR_OK;
}
