/*
 * Capability helpers built on the invocations: the well-known capabilities,
 * RAM and frame allocation through the process's RAM allocator, and making
 * CNodes, page tables and dispatchers.  Every helper that fails part-way
 * gives back what it took.
 */
#include <stdint.h>

#include <capabilities.h>
#include <slot_alloc.h>

#define ROOT(slot)                                                                            \
	{                                                                                     \
		{ CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN), CAPADDR_LEVEL_L2 }, (slot) \
	}
#define IN_ROOT(rootcn_slot)                              \
	{                                                 \
		CAPADDR(rootcn_slot, 0), CAPADDR_LEVEL_L1 \
	}
#define TASK(slot)                                  \
	{                                           \
		IN_ROOT(ROOTCN_SLOT_TASKCN), (slot) \
	}

const struct cnoderef cnode_root = { CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN),
				     CAPADDR_LEVEL_L2 };
const struct cnoderef cnode_task = IN_ROOT(ROOTCN_SLOT_TASKCN);
const struct cnoderef cnode_page = IN_ROOT(ROOTCN_SLOT_PAGECN);
const struct cnoderef cnode_super = IN_ROOT(ROOTCN_SLOT_SUPERCN);
const struct cnoderef cnode_seg = IN_ROOT(ROOTCN_SLOT_SEGCN);
const struct cnoderef cnode_module = IN_ROOT(ROOTCN_SLOT_MODULECN);
const struct cnoderef cnode_arg = IN_ROOT(ROOTCN_SLOT_ARGCN);
const struct cnoderef cnode_pacn = IN_ROOT(ROOTCN_SLOT_PACN);

const struct capref cap_root = TASK(TASKCN_SLOT_ROOTCN);
const struct capref cap_dispatcher = TASK(TASKCN_SLOT_DISPATCHER);
const struct capref cap_dispframe = TASK(TASKCN_SLOT_DISPFRAME);
const struct capref cap_bootinfo = TASK(TASKCN_SLOT_BOOTINFO);
const struct capref cap_kernel = TASK(TASKCN_SLOT_KERNELCAP);
const struct capref cap_argspage = TASK(TASKCN_SLOT_ARGSPAGE);
const struct capref cap_selfep = TASK(TASKCN_SLOT_SELFEP);
const struct capref cap_initep = TASK(TASKCN_SLOT_INITEP);
const struct capref cap_vroot = { IN_ROOT(ROOTCN_SLOT_PAGECN), PAGECN_SLOT_VROOT };

/* --- RAM ------------------------------------------------------------------- */

static ram_alloc_func_t ram_alloc_fn;
static ram_free_func_t ram_free_fn;
static ram_free_range_func_t ram_free_range_fn;
static void *ram_state;

void ram_alloc_set(ram_alloc_func_t alloc, ram_free_func_t free, ram_free_range_func_t free_range,
		   void *state)
{
	ram_alloc_fn = alloc;
	ram_free_fn = free;
	ram_free_range_fn = free_range;
	ram_state = state;
}

static uint32_t page_round_up(size_t bytes)
{
	return (uint32_t)((bytes + BASE_PAGE_SIZE - 1) & ~(size_t)(BASE_PAGE_SIZE - 1));
}

errval_t ram_alloc_aligned(struct capref *ret, size_t bytes, size_t alignment)
{
	const struct ram_request req = { ObjType_RAM, page_round_up(bytes), bytes, alignment };
	errval_t err;

	if (!ram_alloc_fn)
		return LIB_ERR_NO_RAM_ALLOCATOR;
	if (!ram_request_valid(&req))
		return MM_ERR_BAD_REQUEST; /* before a slot is taken */
	/* The slot first: a slot refill allocates RAM and changes the allocator's table. */
	if ((err = slot_alloc(ret)))
		return err;
	if ((err = ram_alloc_fn(ram_state, *ret, &req, NULL))) {
		slot_free(*ret);
		*ret = NULL_CAP;
	}
	return err;
}

errval_t ram_alloc(struct capref *ret, size_t bytes)
{
	return ram_alloc_aligned(ret, bytes, BASE_PAGE_SIZE);
}

errval_t ram_free(struct capref cap)
{
	if (!ram_free_fn)
		return LIB_ERR_NO_RAM_ALLOCATOR;
	return ram_free_fn(ram_state, cap);
}

errval_t ram_free_range(uint32_t base, uint32_t bytes)
{
	if (!ram_free_range_fn)
		return LIB_ERR_NO_RAM_ALLOCATOR;
	return ram_free_range_fn(ram_state, NULL_CAP, base, bytes);
}

errval_t ram_give_back(struct capref cap, const struct capability_identity *id)
{
	errval_t err;

	if (capref_is_null(cap))
		return SYS_ERR_OK;
	if (!ram_free_range_fn)
		return LIB_ERR_NO_RAM_ALLOCATOR;
	if (!id->bytes) {
		err = ram_free(cap); /* the allocator asks the kernel what it was */
	} else {
		/* Its range is known (no identify): the allocator checks it, then revokes and
		 * deletes cap with every copy and everything made from it. */
		err = ram_free_range_fn(ram_state, cap, id->base, id->bytes);
		/* A holder of a copy revoked ours away already: the range alone. */
		if (err == SYS_ERR_CAP_NOT_FOUND)
			ram_free_range(id->base, id->bytes);
	}
	if (err_is_ok(err) || err == SYS_ERR_CAP_NOT_FOUND) {
		slot_free(cap); /* empty now */
		return SYS_ERR_OK;
	}
	return err; /* the capability and its slot stay */
}

/* A fresh object of `type` in dest, retyped by the allocator from a new block of its RAM
 * (whose base goes to *base, if base is not NULL). */
static errval_t object_from_ram(struct capref dest, enum objtype type, uint32_t objsize,
				uint32_t ram_bytes, uint32_t alignment, uint32_t *base)
{
	const struct ram_request req = { type, objsize, ram_bytes, alignment };

	if (!ram_alloc_fn)
		return LIB_ERR_NO_RAM_ALLOCATOR;
	return ram_alloc_fn(ram_state, dest, &req, base);
}

errval_t frame_alloc(struct capref *dest, size_t bytes, size_t *retbytes)
{
	uint32_t size = page_round_up(bytes);
	errval_t err;

	if (bytes == 0 || size == 0)
		return MM_ERR_BAD_REQUEST;
	if ((err = slot_alloc(dest)))
		return err;
	err = object_from_ram(*dest, ObjType_Frame, size, size, BASE_PAGE_SIZE, NULL);
	if (err_is_fail(err)) {
		slot_free(*dest);
		*dest = NULL_CAP;
		return err;
	}
	if (retbytes)
		*retbytes = size;
	return SYS_ERR_OK;
}

errval_t frame_free(struct capref frame)
{
	errval_t err = ram_free(frame); /* deletes the capability */

	if (err_is_ok(err))
		slot_free(frame);
	return err;
}

/* --- CNodes, VNodes, dispatchers ------------------------------------------------ */

errval_t cnode_create_l1(struct capref *ret_dest, struct cnoderef *cnoderef)
{
	errval_t err;

	if ((err = slot_alloc(ret_dest)))
		return err;
	err = object_from_ram(*ret_dest, ObjType_L1CNode, OBJSIZE_L2CNODE, OBJSIZE_L2CNODE,
			      OBJSIZE_L2CNODE, NULL);
	if (err_is_fail(err)) {
		slot_free(*ret_dest);
		*ret_dest = NULL_CAP;
		return err;
	}
	if (cnoderef)
		*cnoderef = cnode_at(*ret_dest);
	return SYS_ERR_OK;
}

errval_t cnode_create_l2(struct capref *ret_dest, struct cnoderef *cnoderef)
{
	cslot_t root_slot;
	errval_t err;

	do {
		if ((err = root_slot_alloc(&root_slot)))
			return err;
		ret_dest->cnode = cnode_root;
		ret_dest->slot = root_slot;
		err = object_from_ram(*ret_dest, ObjType_L2CNode, OBJSIZE_L2CNODE, OBJSIZE_L2CNODE,
				      BASE_PAGE_SIZE, NULL);
		/* A root slot someone filled without the allocator: leave it marked used. */
	} while (err == SYS_ERR_SLOT_IN_USE);
	if (err_is_fail(err)) {
		root_slot_free(root_slot);
		return err;
	}
	if (cnoderef)
		*cnoderef = cnode_in_root(root_slot);
	return SYS_ERR_OK;
}

errval_t cnode_create_foreign_l2(struct capref dest_l1, cslot_t dest_slot,
				 struct cnoderef *cnoderef)
{
	struct capref ours;
	struct capref theirs;
	capaddr_t l1_addr;
	uint8_t l1_level;
	errval_t err;

	if ((err = capref_addr(dest_l1, &l1_addr, &l1_level)))
		return err;
	if ((err = slot_alloc(&ours)))
		return err;
	err = object_from_ram(ours, ObjType_L2CNode, OBJSIZE_L2CNODE, OBJSIZE_L2CNODE,
			      BASE_PAGE_SIZE, NULL);
	if (err_is_fail(err)) {
		slot_free(ours);
		return err;
	}
	/*
	 * Theirs without the revoke right: with it, the other CSpace could
	 * delete our copy (a revoke of its own), and with a copy of the CNode
	 * inside itself keep the CNode alive where we can no longer reach it.
	 */
	theirs = (struct capref){ { l1_addr, l1_level }, dest_slot };
	err = cap_mint(theirs, ours, CAPRIGHTS_SHARED, 0);
	if (err_is_fail(err)) {
		ram_free(ours);
		slot_free(ours);
		return err;
	}
	*cnoderef = cnode_at(ours);
	return SYS_ERR_OK;
}

errval_t vnode_create_identified(struct capref dest, enum objtype type,
				 struct capability_identity *id)
{
	uint32_t objsize =
	    type == ObjType_VNode_ARM_l1 ? OBJSIZE_VNODE_ARM_L1 : OBJSIZE_VNODE_ARM_L2;
	uint32_t block = objsize < BASE_PAGE_SIZE ? BASE_PAGE_SIZE : objsize, base = 0;
	errval_t err;

	if (type != ObjType_VNode_ARM_l1 && type != ObjType_VNode_ARM_l2)
		return SYS_ERR_VNODE_TYPE;
	if ((err = object_from_ram(dest, type, objsize, block, block, &base)))
		return err;
	/* A new object has every right (the kernel's retype), and no badge. */
	*id = (struct capability_identity){ type, base, objsize, CAPRIGHTS_ALLRIGHTS, 0 };
	return SYS_ERR_OK;
}

errval_t vnode_create(struct capref dest, enum objtype type)
{
	struct capability_identity id;

	return vnode_create_identified(dest, type, &id);
}

errval_t dispatcher_create(struct capref dest)
{
	return object_from_ram(dest, ObjType_Dispatcher, OBJSIZE_DISPATCHER, OBJSIZE_DISPATCHER,
			       BASE_PAGE_SIZE, NULL);
}
