/*
 * The slot allocator (slot_alloc.h): a bitmap per L2 CNode, refilled with a
 * new L2 CNode before it runs dry.
 */
#include <stdint.h>

#include <slot_alloc.h>

static struct slot_allocator sa;

_Static_assert(L2_CNODE_SLOTS % 32 == 0 && ROOTCN_SLOTS_INIT % 32 == 0,
	       "the bitmaps are whole words (set_free_from)");

static void set_free(uint32_t *bitmap, uint32_t i, bool free)
{
	if (free)
		bitmap[i / 32] |= 1u << (i % 32);
	else
		bitmap[i / 32] &= ~(1u << (i % 32));
}

static bool is_free(const uint32_t *bitmap, uint32_t i)
{
	return bitmap[i / 32] & (1u << (i % 32));
}

/* Bits [first, count) set, the rest clear: whole words at a time. */
static void set_free_from(uint32_t *bitmap, uint32_t first, uint32_t count)
{
	for (uint32_t w = 0; w < count / 32; w++) {
		uint32_t lo = w * 32;

		bitmap[w] = first <= lo ? ~0u : first >= lo + 32 ? 0 : ~0u << (first - lo);
	}
}

/* The first set bit of the bitmap, or -1. */
static int first_free(const uint32_t *bitmap, uint32_t words)
{
	for (uint32_t w = 0; w < words; w++)
		if (bitmap[w])
			return (int)(w * 32 + (uint32_t)__builtin_ctz(bitmap[w]));
	return -1;
}

static errval_t add_cnode(struct cnoderef cnode, uint32_t first)
{
	struct slot_cnode *c;

	if (sa.ncnodes == SLOT_ALLOC_MAX_CNODES)
		return LIB_ERR_SLOT_ALLOC_FULL;
	c = &sa.cnodes[sa.ncnodes++];
	c->cnode = cnode;
	c->free = first < L2_CNODE_SLOTS ? L2_CNODE_SLOTS - first : 0;
	set_free_from(c->bitmap, first, L2_CNODE_SLOTS);
	sa.free += c->free;
	sa.total += c->free;
	return SYS_ERR_OK;
}

void slot_alloc_init(const uint32_t *rootcn_slots, uint32_t n)
{
	sa.ncnodes = sa.free = sa.total = 0;
	sa.refilling = false;
	set_free_from(sa.root_bitmap, ROOTCN_FIRST_FREE_SLOT, ROOTCN_SLOTS_INIT);
	for (uint32_t i = 0; i < n; i++)
		add_cnode(cnode_in_root(rootcn_slots[i]), 0);
}

errval_t slot_alloc_add_cnode(uint32_t rootcn_slot, uint32_t first)
{
	if (rootcn_slot >= ROOTCN_SLOTS_INIT)
		return LIB_ERR_SLOT_FREE_INVALID;
	set_free(sa.root_bitmap, rootcn_slot, false);
	return add_cnode(cnode_in_root(rootcn_slot), first);
}

/* A new L2 CNode for the allocator.  Runs on the reserve; never nests. */
static void refill(void)
{
	struct capref cnode_cap;
	struct cnoderef cnode;

	sa.refilling = true;
	if (sa.ncnodes < SLOT_ALLOC_MAX_CNODES && err_is_ok(cnode_create_l2(&cnode_cap, &cnode)))
		add_cnode(cnode, 0);
	sa.refilling = false;
}

errval_t slot_alloc(struct capref *ret)
{
	for (uint32_t i = 0; i < sa.ncnodes; i++) {
		struct slot_cnode *c = &sa.cnodes[i];
		int slot;

		if (!c->free)
			continue;
		slot = first_free(c->bitmap, L2_CNODE_SLOTS / 32);
		set_free(c->bitmap, (uint32_t)slot, false);
		c->free--;
		sa.free--;
		*ret = (struct capref){ c->cnode, (cslot_t)slot };
		if (sa.free < SLOT_REFILL_RESERVE && !sa.refilling)
			refill();
		return SYS_ERR_OK;
	}
	return LIB_ERR_SLOT_ALLOC_FULL;
}

errval_t slot_free(struct capref cap)
{
	for (uint32_t i = 0; i < sa.ncnodes; i++) {
		struct slot_cnode *c = &sa.cnodes[i];

		if (c->cnode.cnode != cap.cnode.cnode || c->cnode.level != cap.cnode.level)
			continue;
		if (cap.slot >= L2_CNODE_SLOTS || is_free(c->bitmap, cap.slot))
			return LIB_ERR_SLOT_FREE_INVALID;
		set_free(c->bitmap, cap.slot, true);
		c->free++;
		sa.free++;
		return SYS_ERR_OK;
	}
	return LIB_ERR_SLOT_FREE_INVALID;
}

uint32_t slot_alloc_in_use(void)
{
	return sa.total - sa.free;
}

uint32_t slot_alloc_free(void)
{
	return sa.free;
}

errval_t root_slot_alloc(cslot_t *ret)
{
	int slot = first_free(sa.root_bitmap, ROOTCN_SLOTS_INIT / 32);

	if (slot < 0)
		return LIB_ERR_SLOT_ALLOC_FULL;
	set_free(sa.root_bitmap, (uint32_t)slot, false);
	*ret = (cslot_t)slot;
	return SYS_ERR_OK;
}

void root_slot_free(cslot_t slot)
{
	if (slot >= ROOTCN_FIRST_FREE_SLOT && slot < ROOTCN_SLOTS_INIT)
		set_free(sa.root_bitmap, slot, true);
}
