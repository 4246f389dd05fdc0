/*
 * CNode invocations, made on a root (L1) CNode as in Barrelfish: every
 * destination address resolves in the CSpace of the invoked root, so a
 * capability to one CNode never reaches beyond the CSpace it roots; a
 * source resolves in a source root the caller names in its own CSpace
 * (Barrelfish's dest_cspace_cptr and source_croot_ptr).  A slot
 * that changes needs the write right on every CNode of its path (and on the
 * invoked root); a capability that is only read needs the read right.  The
 * capability core (kernel/cap/) checks the objects before it acts.
 */
#include <stdint.h>

#include <cap.h>
#include <cspace.h>
#include <invocations.h>
#include <invoke.h>

/*
 * The root a source address resolves in: an L1 CNode named by a level-2
 * address in the caller's CSpace (root CNode capabilities sit in L2 slots,
 * like TASKCN[ROOTCN]), as Barrelfish's source_croot_ptr.
 */
static errval_t lookup_source_root(uint32_t addr, struct cte **root)
{
	errval_t err = lookup_cap(addr, CAPADDR_LEVEL_L2, CAPRIGHTS_READ, root);

	if (err_is_ok(err) && (*root)->cap.type != ObjType_L1CNode)
		err = SYS_ERR_SOURCE_ROOT_INVALID;
	return err;
}

/* Copy and Mint: a0 dest CNode, a1 its level, a2 dest slot (in the invoked root),
 * a3 source root, a4 source, a5 its level (in the source root), Mint only: a6 rights,
 * a7 badge, a8 EndPoint buffer offset (bytes), a9 its length (words). */
static struct sysret cnode_copy(struct cte *root, const uint32_t *a, int mint)
{
	struct cte *slots, *src_root, *src;
	uint32_t nslots;
	errval_t err = lookup_cnode_slots(root, a[0], a[1], &slots, &nslots);

	if (err_is_ok(err) && a[2] >= nslots)
		err = SYS_ERR_SLOTS_INVALID;
	if (err_is_ok(err))
		err = lookup_source_root(a[3], &src_root);
	if (err_is_ok(err))
		err = cspace_lookup_cap(src_root, a[4], a[5], CAPRIGHTS_READ, &src);
	if (err_is_ok(err) && mint && a[6] > CAPRIGHTS_ALLRIGHTS)
		err = SYS_ERR_RIGHTS_INVALID;
	if (err_is_fail(err))
		return sysret_error(err);
	if (mint) {
		const struct mint_words w = { (uint8_t)a[6], a[7], a[8], a[9] };

		return sysret_error(caps_mint(src, &slots[a[2]], &w));
	}
	return sysret_error(caps_copy(src, &slots[a[2]]));
}

/* Retype: a0 source root, a1 source, a2 its level (in the source root), a3 offset,
 * a4 type, a5 object size, a6 count, a7 dest CNode, a8 its level, a9 first dest slot
 * (in the invoked root). */
static struct sysret cnode_retype(struct cte *root, const uint32_t *a)
{
	struct cte *src_root, *src, *slots;
	uint32_t nslots;
	errval_t err = lookup_source_root(a[0], &src_root);

	if (err_is_ok(err))
		err = cspace_lookup_cap(src_root, a[1], a[2], CAPRIGHTS_READ, &src);
	if (err_is_ok(err))
		err = lookup_cnode_slots(root, a[7], a[8], &slots, &nslots);
	if (err_is_ok(err) && a[4] >= ObjType_Num)
		err = SYS_ERR_DEST_TYPE_INVALID;
	if (err_is_fail(err))
		return sysret_error(err);
	return sysret_error(
	    caps_retype(src, (enum objtype)a[4], a[3], a[5], a[6], slots, a[9], nslots));
}

/* Delete and Revoke change the slot; Identify reads it.  a0 address, a1 level. */
static struct sysret cnode_on_cap(struct cte *root, uint32_t cmd, const uint32_t *a)
{
	uint8_t need = cmd == CNodeCmd_Identify ? CAPRIGHTS_READ : CAPRIGHTS_WRITE;
	struct cte *cte;
	errval_t err = cspace_lookup_cap(root, a[0], a[1], need, &cte);
	struct sysret ret = { SYS_ERR_OK, { 0, 0, 0, 0 } };

	if (err_is_fail(err))
		return sysret_error(err);
	switch (cmd) {
	case CNodeCmd_Delete: return sysret_error(caps_delete(cte));
	case CNodeCmd_Revoke: return sysret_error(caps_revoke(cte));
	default:
		ret.value[0] = cte->cap.type | (uint32_t)cte->cap.rights << 8;
		ret.value[1] = cte->cap.base;
		ret.value[2] = cte->cap.bytes;
		ret.value[3] = cte->cap.type == ObjType_EndPoint ? cte->cap.u.endpoint.badge : 0;
		return ret;
	}
}

struct sysret invoke_cnode(struct cte *cnode, uint32_t cmd, const uint32_t *args)
{
	if (cnode->cap.type != ObjType_L1CNode)
		return sysret_error(SYS_ERR_CNODE_NOT_ROOT);
	switch (cmd) {
	case CNodeCmd_Copy: return cnode_copy(cnode, args, 0);
	case CNodeCmd_Mint: return cnode_copy(cnode, args, 1);
	case CNodeCmd_Retype: return cnode_retype(cnode, args);
	case CNodeCmd_Delete:
	case CNodeCmd_Revoke:
	case CNodeCmd_Identify: return cnode_on_cap(cnode, cmd, args);
	default: return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
	}
}
