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
#include <stdint.h>

#include <captypes.h>
#include <errors.h>

struct capability {
	uint8_t type;   /* enum objtype */
	uint8_t rights; /* CAPRIGHTS_* */
	uint16_t reserved;
	uint32_t base;  /* physical address of the object (0 for Kernel) */
	uint32_t bytes; /* size of the object (mapping caps: the mapped frame's) */
	union {
		struct {
			uint32_t table;     /* physical address of the page table */
			uint16_t entry;     /* first entry used in it */
			uint16_t pte_count; /* number of entries */
			uint32_t offset;    /* offset into the frame of the first page */
		} mapping;
		struct {
			uint32_t badge;
		} endpoint;
	} u;
};

struct cte;

struct mdb_links {
	struct cte *parent;      /* the capability this one was derived from */
	struct cte *first_child; /* first capability derived from this one */
	struct cte *next;        /* next sibling */
	struct cte *prev;        /* previous sibling */
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

/* Operations of the capability core (kernel/cap/). */
#endif
