/*
 * Capability addresses: a two-level CSpace.  The root is an L1 CNode; an
 * address is (l1_slot << 8) | l2_slot.  Level 1 names a slot of the root,
 * level 2 a slot of the L2 CNode held in root slot l1_slot.  Every CNode
 * capability on the way (the root, and at level 2 the L2 CNode) must hold
 * the rights the caller asks for: READ to use a capability, WRITE to change
 * a slot (Barrelfish's caps_lookup_slot with CAPRIGHTS_READ_WRITE).
 */
#include <stdint.h>

#include <cap.h>

static struct cte *cnode_slots(const struct cte *cnode)
{
	return cap_kva(cnode->cap.base);
}

static uint32_t cnode_nslots(const struct cte *cnode)
{
	return cnode->cap.bytes / CTE_SIZE;
}

errval_t cspace_lookup_slot(struct cte *root, capaddr_t addr, uint32_t level, uint8_t rights,
			    struct cte **slot)
{
	uint32_t l1 = addr >> L2_CNODE_BITS, l2 = addr & (L2_CNODE_SLOTS - 1);
	struct cte *l2cn;

	if (level != 1 && level != 2)
		return SYS_ERR_INVALID_LEVEL;
	if (root->cap.type != ObjType_L1CNode)
		return SYS_ERR_CNODE_TYPE;
	if (!cap_has_rights(root, rights))
		return SYS_ERR_CNODE_RIGHTS;
	if (l1 >= cnode_nslots(root))
		return SYS_ERR_L1_INDEX_INVALID;
	if (level == 1) {
		*slot = &cnode_slots(root)[l1];
		return SYS_ERR_OK;
	}
	l2cn = &cnode_slots(root)[l1];
	if (cte_is_empty(l2cn))
		return SYS_ERR_CNODE_NOT_FOUND;
	if (l2cn->cap.type != ObjType_L2CNode)
		return SYS_ERR_CNODE_TYPE;
	if (!cap_has_rights(l2cn, rights))
		return SYS_ERR_CNODE_RIGHTS;
	*slot = &cnode_slots(l2cn)[l2]; /* an L2 CNode always has 256 slots */
	return SYS_ERR_OK;
}

errval_t cspace_lookup_cap(struct cte *root, capaddr_t addr, uint32_t level, uint8_t rights,
			   struct cte **slot)
{
	struct cte *s;
	errval_t err = cspace_lookup_slot(root, addr, level, rights, &s);

	if (err_is_fail(err))
		return err;
	if (cte_is_empty(s))
		return SYS_ERR_CAP_NOT_FOUND;
	*slot = s;
	return SYS_ERR_OK;
}
