/*
 * Capabilities in the kernel: the capability table entry (CTE), the
 * derivation tree (MDB) and the operations on them.  See
 * docs/capabilities.md for the rules.
 *
 * A CTE is 64 bytes on every architecture (an L2 CNode is 256 of them in
 * 16 KiB).  It holds the capability and its place in the derivation tree:
 *
 *  - parent / first_child / next / prev: the tree of retype derivation.
 *    Objects made by retype, mapping capabilities made by a map, and an
 *    EndPoint made from a Dispatcher are children of the capability they
 *    were made from.
 *  - a copy (cap_copy, mint) is a sibling of its source with the same
 *    object: the same type, base and size.  "The copies of X" are X's
 *    siblings with X's object; the object dies with its last copy.
 */
#ifndef CAP_H
#define CAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <captypes.h>
#include <errors.h>

struct capability {
	uint8_t type;	/* enum objtype */
	uint8_t rights; /* CAPRIGHTS_* */
	uint16_t reserved;
	uint32_t base;	/* physical address of the object (0 for Kernel) */
	uint32_t bytes; /* size of the object (mapping caps: the mapped frame's) */
	union {
		struct {
			uint32_t table;	    /* physical address of the page table */
			uint16_t entry;	    /* first entry used in it */
			uint16_t pte_count; /* number of entries (0: the table died first) */
			uint32_t offset;    /* offset into the frame of the first page */
			uint8_t table_type; /* ObjType_VNode_ARM_l1 or _l2 */
			uint8_t flags;	    /* MAP_FLAG_* it was made with */
		} mapping;
		struct {
			uint32_t badge;	 /* what the receiver learns of the sender (0: none) */
			uint32_t offset; /* its buffer: byte offset in the receiver's LMP frame */
			uint32_t buflen; /* and length in words (0: none, as SELFEP) */
		} endpoint;
		uint32_t words[5]; /* the size of the union on every architecture */
	} u;
};

_Static_assert(sizeof(struct capability) == 32, "a capability is 32 bytes everywhere");

struct cte;

struct mdb_links {
	struct cte *parent;	 /* the capability this one was derived from */
	struct cte *first_child; /* first capability derived from this one */
	struct cte *next;	 /* next sibling */
	struct cte *prev;	 /* previous sibling */
};

struct cte {
	struct capability cap;
	struct mdb_links mdb;
	uint8_t padding[CTE_SIZE - sizeof(struct capability) - sizeof(struct mdb_links)];
};

_Static_assert(sizeof(struct cte) == CTE_SIZE, "a CTE is 64 bytes");

static inline bool cte_is_empty(const struct cte *cte)
{
	return cte->cap.type == ObjType_Null;
}

/* Does the capability hold every right in `rights`? */
static inline bool cap_has_rights(const struct cte *cte, uint8_t rights)
{
	return (cte->cap.rights & rights) == rights;
}

/* Operations of the capability core (kernel/cap/). */

/*
 * Hooks the rest of the kernel provides (kernel/objects.c; fakes in tests/host/):
 *  - cap_kva: the kernel's address of physical RAM, to zero new objects and
 *    to reach a CNode's slots (cap.bytes / CTE_SIZE CTEs at cap_kva(cap.base)).
 *  - cap_finalise: called once when the last copy of an object is
 *    deleted, after it has left the derivation tree and before its CTE is
 *    cleared (kernel/finalise.c: a mapping clears its entries, a page table
 *    takes the mappings into it with it, a dispatcher leaves the run queue).
 *    It may call caps_delete() on CTEs the dying object holds (a DCB's own
 *    copies) or that depend on it (the mappings into a dying page table);
 *    such deletions never nest deeper than one level, and CNode slots are
 *    left to the worklist.  It must not touch the tree otherwise, nor call
 *    caps_revoke().
 */
#ifdef HOST_TEST
void *cap_kva(uint32_t phys);
#endif
void cap_finalise(struct cte *cte);
/*
 * A point in a long operation (zeroing a large object) where pending
 * interrupts may be taken, so that the tick is not lost.  Interrupt
 * handling there only counts the tick; it never schedules or touches
 * capabilities.
 */
void cap_preemption_point(void);
/* Zeroing takes a preemption point after each chunk of this many bytes. */
#define CAP_ZERO_CHUNK (64u * 1024u)
/*
 * Deletion asks after each CAP_DELETE_CHUNK capabilities whether it should
 * stop: the kernel takes pending interrupts and answers true when the
 * caller's time slice has ended.  Interrupt handling there only counts the
 * tick, as at a preemption point.
 */
bool cap_should_stop(void);
#ifdef HOST_TEST
extern uint32_t cap_delete_chunk; /* host tests ask more often */
#define CAP_DELETE_CHUNK cap_delete_chunk
#else
#define CAP_DELETE_CHUNK 16u
#endif

/*
 * The capability core's own state, kept per core (kernel/include/core.h):
 * the tree's root list, the count and bytes of each type, and the deletion in
 * progress.  cap_core() is provided by the kernel (the running core's) and
 * by the host tests.
 */
struct cap_core {
	/* First, side by side: the system-call fast path reads both in one load (vectors.S). */
	struct cte *worklist;		  /* dying CNodes whose slots are still to delete */
	struct cte *draining;		  /* the one whose slots are being deleted */
	struct cte *root_list;		  /* the capabilities without a parent */
	uint32_t live_count[ObjType_Num]; /* capabilities of each type in existence */
	uint64_t live_bytes[ObjType_Num]; /* the sum of their sizes (copies each count) */
	struct cte pending_marker;	  /* mdb.prev of a CNode waiting on the worklist */
	uint32_t draining_slot;		  /* its first slot not yet looked at */
	bool deleting;			  /* a delete or revoke runs: nested calls only queue */
	uint32_t deleted_since_check;	  /* deletions since the last preemption check */
	/* The capability being revoked stays until its descendants are gone, even if
	 * cap_finalise deletes it (it may sit in a dying DCB). */
	struct cte *revoke_target;
	bool revoke_target_deleted;
};
#ifdef HOST_TEST
struct cap_core *cap_core(void);
#endif

/* Retype: count objects of objsize bytes at src.base + offset into
 * dest_slots[dest_slot .. dest_slot + count - 1] (dest_nslots slots). */
errval_t caps_retype_check(const struct cte *src, enum objtype type, uint32_t offset,
			   uint32_t objsize, uint32_t count, const struct cte *dest_slots,
			   uint32_t dest_slot, uint32_t dest_nslots);
errval_t caps_retype(struct cte *src, enum objtype type, uint32_t offset, uint32_t objsize,
		     uint32_t count, struct cte *dest_slots, uint32_t dest_slot,
		     uint32_t dest_nslots);

/*
 * Copy and mint: the new capability is a sibling of src with its object.
 * Mint narrows the rights; for an EndPoint it also sets the badge and the
 * buffer (docs/ipc.md), each only where src has none: 0 keeps src's, and
 * src's own value is accepted.  The mint words mean nothing to other types.
 */
struct mint_words {
	uint8_t rights;
	uint32_t badge;
	uint32_t ep_offset; /* bytes into the receiver's LMP frame, word-aligned */
	uint32_t ep_buflen; /* words, LMP_BUF_MIN_WORDS..LMP_BUF_MAX_WORDS */
};
errval_t caps_copy_check(const struct cte *src, const struct cte *dest);
errval_t caps_copy(struct cte *src, struct cte *dest);
errval_t caps_mint_check(const struct cte *src, const struct cte *dest, const struct mint_words *w);
errval_t caps_mint(struct cte *src, struct cte *dest, const struct mint_words *w);

/*
 * Delete one capability.  Revoke deletes what was derived through cte, and
 * with CAPRIGHTS_REVOKE every other copy and everything derived from them.
 *
 * Both are preemptible (docs/capabilities.md, "Preemptible deletion").  The
 * slots of a dead CNode are deleted from a worklist that may outlive the
 * call; caps_finish_deletions() continues it and returns SYS_ERR_OK when it
 * is empty.  The kernel calls it before every invocation, so no invocation
 * ever sees a half-deleted CNode.  caps_revoke returns SYS_ERR_PREEMPTED
 * when it stopped with cte still there and work left: calling it again
 * continues.  caps_delete deletes cte and returns SYS_ERR_OK; the worklist
 * it leaves, if it had to stop, is finished by caps_finish_deletions().
 */
errval_t caps_delete(struct cte *cte);
errval_t caps_revoke(struct cte *cte);
errval_t caps_finish_deletions(void);
/* Is there deletion work left (a dead CNode whose slots are not all deleted)? */
bool caps_deletions_pending(void);

/* Store cap in the empty CTE dest as a child of parent (NULL: a root
 * capability), and count it.  The map invocation makes mapping caps so. */
void caps_insert_child(struct cte *parent, struct cte *dest, const struct capability *cap);
/* A boot capability: a root of the derivation tree; its memory is not zeroed. */
void caps_create_root(struct cte *dest, const struct capability *cap);

/* The derivation tree (kernel/cap/mdb.c).  parent NULL is the root list.
 * These only link and unlink CTEs; caps_insert_child() makes a capability. */
void mdb_insert_child(struct cte *parent, struct cte *child);
void mdb_insert_child_after(struct cte *parent, struct cte *after, struct cte *child);
/* Link child, whose key equals copy's (a copy or mint of it), right after copy: no scan. */
void mdb_insert_copy(struct cte *copy, struct cte *child);
void mdb_remove(struct cte *cte);
void mdb_move_children(struct cte *from, struct cte *to_parent);
bool mdb_same_object(const struct capability *a, const struct capability *b);
struct cte *mdb_find_copy(const struct cte *cte);
bool mdb_has_copies(const struct cte *cte);
bool mdb_has_descendants(const struct cte *cte);
bool mdb_range_has_descendants(const struct cte *cte, uint32_t base, uint64_t bytes);
bool mdb_check_invariants(void);
/* A pre-order walk of every capability in the tree (for invariant checks). */
const struct cte *mdb_walk_first(void);
const struct cte *mdb_walk_next(const struct cte *c);

/* Capability addresses (kernel/cap/cspace.c): root is an L1 CNode.  Level 1
 * names root slot addr >> 8; level 2 names slot addr & 0xff of the L2 CNode
 * in that root slot; any other level is refused.  Each CNode on the path
 * must hold `rights` (CAPRIGHTS_READ to use a capability, CAPRIGHTS_WRITE
 * to change a slot).  lookup_slot may return an empty slot, lookup_cap not. */
errval_t cspace_lookup_slot(struct cte *root, capaddr_t addr, uint32_t level, uint8_t rights,
			    struct cte **slot);
errval_t cspace_lookup_cap(struct cte *root, capaddr_t addr, uint32_t level, uint8_t rights,
			   struct cte **slot);

/* Has caps_finish_deletions work to do (checked before every invocation)? */
static inline bool caps_finish_needed(const struct cap_core *c)
{
	return !c->deleting && (c->worklist || c->draining);
}

/* In the kernel cap_kva is an addition, cap_core a register read: both inline (core.h). */
#ifndef HOST_TEST
#include <mmu.h>

static inline void *cap_kva(uint32_t phys)
{
	return phys_to_virt(phys);
}

#include <core.h>
#endif

/*
 * The lookup every invocation makes, inline for its usual case: a level-2
 * address, both CNodes readable, a capability in the slot.  NULL means
 * "not the usual case": cspace_lookup_cap then gives the answer, error
 * included (the host tests check that the two agree on every address).
 */
static inline struct cte *cspace_lookup_fast(struct cte *root, capaddr_t addr, uint32_t level)
{
	uint32_t l1 = addr >> L2_CNODE_BITS;
	struct cte *l2cn, *slot;

	if (level != 2 || root->cap.type != ObjType_L1CNode ||
	    !cap_has_rights(root, CAPRIGHTS_READ) || l1 >= root->cap.bytes / CTE_SIZE)
		return NULL;
	l2cn = (struct cte *)cap_kva(root->cap.base) + l1;
	if (l2cn->cap.type != ObjType_L2CNode || !cap_has_rights(l2cn, CAPRIGHTS_READ))
		return NULL;
	slot = (struct cte *)cap_kva(l2cn->cap.base) + (addr & (L2_CNODE_SLOTS - 1));
	return cte_is_empty(slot) ? NULL : slot;
}

#endif
