/*
 * The derivation tree (the "mapping database", MDB) of every capability.
 *
 * Each CTE has a parent, a sorted list of children and its siblings.  A copy
 * is a sibling with the same object; the capabilities without a parent (the
 * boot capabilities and their copies) form one global root list, so that the
 * copies of a root capability are found the same way as any others.
 *
 * Every sibling list is sorted by base address, then by descending size,
 * then by type.  So the copies of an object are always next to each other,
 * and a search for an overlapping child can stop at the first child that
 * starts past the range.  Nothing here recurses: the tree can be deep.
 * docs/capabilities.md explains the rules.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cap.h>
#include <objtype.h>

#ifdef HOST_TEST
#include <stdio.h>
#define complain(...) fprintf(stderr, __VA_ARGS__)
#else
#include <kprintf.h>
#define complain(...) kprintf(__VA_ARGS__)
#endif

static bool is_mapping(uint8_t type)
{
	return objtype_has(type, OBJF_MAPPING);
}

static uint64_t end_of(const struct capability *cap)
{
	return (uint64_t)cap->base + cap->bytes;
}

/* The sibling order: base ascending, then larger first, then type. */
static int key_cmp(const struct capability *a, const struct capability *b)
{
	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	if (a->bytes != b->bytes)
		return a->bytes > b->bytes ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return 0;
}

/* Two capabilities for the same object.  Each mapping is its own object. */
bool mdb_same_object(const struct capability *a, const struct capability *b)
{
	return key_cmp(a, b) == 0 && !is_mapping(a->type);
}

static struct cte **head_of(struct cte *parent)
{
	return parent ? &parent->mdb.first_child : &cap_core()->root_list;
}

/* Link child into parent's list, scanning from `from` (NULL: the head). */
static void insert_from(struct cte *parent, struct cte *from, struct cte *child)
{
	struct cte *prev = from, *next = from ? from->mdb.next : *head_of(parent);

	while (next && key_cmp(&next->cap, &child->cap) <= 0) {
		prev = next;
		next = next->mdb.next;
	}
	child->mdb.parent = parent;
	child->mdb.prev = prev;
	child->mdb.next = next;
	if (prev)
		prev->mdb.next = child;
	else
		*head_of(parent) = child;
	if (next)
		next->mdb.prev = child;
}

void mdb_insert_child(struct cte *parent, struct cte *child)
{
	insert_from(parent, NULL, child);
}

/* The same, when child is known to sort after `after`, a child of parent (or NULL). */
void mdb_insert_child_after(struct cte *parent, struct cte *after, struct cte *child)
{
	insert_from(parent, after, child);
}

void mdb_insert_copy(struct cte *copy, struct cte *child)
{
	/* Equal keys may stand in any order among themselves: the list stays sorted. */
	child->mdb.parent = copy->mdb.parent;
	child->mdb.prev = copy;
	child->mdb.next = copy->mdb.next;
	if (copy->mdb.next)
		copy->mdb.next->mdb.prev = child;
	copy->mdb.next = child;
}

/* Unlink cte from its sibling list; its own children stay attached to it. */
void mdb_remove(struct cte *cte)
{
	if (cte->mdb.prev)
		cte->mdb.prev->mdb.next = cte->mdb.next;
	else
		*head_of(cte->mdb.parent) = cte->mdb.next;
	if (cte->mdb.next)
		cte->mdb.next->mdb.prev = cte->mdb.prev;
	cte->mdb.parent = cte->mdb.prev = cte->mdb.next = NULL;
}

/* Make all children of `from` children of to_parent: a merge of two sorted lists. */
void mdb_move_children(struct cte *from, struct cte *to_parent)
{
	struct cte *c = from->mdb.first_child, *at = NULL;

	from->mdb.first_child = NULL;
	while (c) {
		struct cte *next = c->mdb.next;

		insert_from(to_parent, at, c);
		at = c; /* the next child sorts after this one */
		c = next;
	}
}

/* Copies are adjacent in the sorted list, so a neighbour is enough. */
struct cte *mdb_find_copy(const struct cte *cte)
{
	struct cte *prev = cte->mdb.prev, *next = cte->mdb.next;

	if (prev && mdb_same_object(&prev->cap, &cte->cap))
		return prev;
	if (next && mdb_same_object(&next->cap, &cte->cap))
		return next;
	return NULL;
}

bool mdb_has_copies(const struct cte *cte)
{
	return mdb_find_copy(cte) != NULL;
}

/* The first of the run of copies that cte belongs to. */
static const struct cte *first_copy(const struct cte *cte)
{
	while (cte->mdb.prev && mdb_same_object(&cte->mdb.prev->cap, &cte->cap))
		cte = cte->mdb.prev;
	return cte;
}

static bool is_copy(const struct cte *a, const struct cte *b)
{
	return a == b || mdb_same_object(&a->cap, &b->cap);
}

bool mdb_has_descendants(const struct cte *cte)
{
	for (const struct cte *c = first_copy(cte); c && is_copy(c, cte); c = c->mdb.next)
		if (c->mdb.first_child)
			return true;
	return false;
}

/* Does a child of cte or of a copy overlap [base, base + bytes)?  A child's
 * range lies inside its parent's, so children cover all descendants. */
bool mdb_range_has_descendants(const struct cte *cte, uint32_t base, uint64_t bytes)
{
	uint64_t end = base + bytes;

	for (const struct cte *c = first_copy(cte); c && is_copy(c, cte); c = c->mdb.next) {
		for (const struct cte *ch = c->mdb.first_child; ch; ch = ch->mdb.next) {
			if (ch->cap.base >= end)
				break;
			if (end_of(&ch->cap) > base)
				return true;
		}
	}
	return false;
}

/* --- the invariant checker ------------------------------------------------ */

static bool bad(const char *what, const struct cte *c)
{
	complain("mdb: %s: cte %p type %u base 0x%x bytes 0x%x\n", what, (const void *)c,
		 c->cap.type, c->cap.base, c->cap.bytes);
	return false;
}

/* The checks on one CTE against its parent (NULL for a root capability). */
static bool check_cte(const struct cte *c, const struct cte *parent)
{
	if (c->cap.type == ObjType_Null || c->cap.type >= ObjType_Num)
		return bad("empty or unknown type in the tree", c);
	if (c->mdb.parent != parent)
		return bad("wrong parent pointer", c);
	if (end_of(&c->cap) > (uint64_t)1 << 32)
		return bad("range wraps past 4 GiB", c);
	if (!parent)
		return true;
	if (!objtype_may_derive(parent->cap.type, c->cap.type))
		return bad("type cannot be derived from its parent's type", c);
	if (c->cap.base < parent->cap.base || end_of(&c->cap) > end_of(&parent->cap))
		return bad("range outside the parent's", c);
	/* A mapping and an EndPoint (the dependent types) name their parent's whole object. */
	if (objtype_has(c->cap.type, OBJF_DEPENDENT) &&
	    (c->cap.base != parent->cap.base || c->cap.bytes != parent->cap.bytes))
		return bad("mapping or EndPoint range is not its parent's", c);
	return true;
}

/*
 * One sibling list: links, parent pointers, order, and no overlap between
 * distinct objects (mappings aside: several may map one frame).  At most
 * *budget CTEs are looked at in all, so a corrupt cycle cannot hang us.
 */
static bool check_list(const struct cte *parent, const struct cte *first, uint32_t *budget)
{
	const struct cte *prev = NULL, *last = NULL;
	uint64_t end = 0;

	for (const struct cte *c = first; c; prev = c, c = c->mdb.next) {
		if (*budget == 0)
			return bad("more capabilities in the tree than counted (or a cycle)", c);
		--*budget;
		if (!check_cte(c, parent))
			return false;
		if (c->mdb.prev != prev)
			return bad("prev and next links disagree", c);
		if (prev && key_cmp(&prev->cap, &c->cap) > 0)
			return bad("siblings out of order", c);
		if (is_mapping(c->cap.type) || (last && mdb_same_object(&last->cap, &c->cap)))
			continue;
		if (c->cap.base < end)
			return bad("overlaps an earlier sibling", c);
		if (end_of(&c->cap) > end)
			end = end_of(&c->cap);
		last = c;
	}
	return true;
}

const struct cte *mdb_walk_first(void)
{
	return cap_core()->root_list;
}

/* The next CTE in a pre-order walk of the whole tree. */
const struct cte *mdb_walk_next(const struct cte *c)
{
	if (c->mdb.first_child)
		return c->mdb.first_child;
	while (c && !c->mdb.next)
		c = c->mdb.parent;
	return c ? c->mdb.next : NULL;
}

/*
 * Walk the whole tree from the root list.  Each list is checked before the
 * walk enters it, so the parent pointers the walk climbs are already checked.
 */
bool mdb_check_invariants(void)
{
	uint32_t seen[ObjType_Num] = { 0 };
	uint64_t seen_bytes[ObjType_Num] = { 0 };
	uint32_t budget = 0;

	for (int i = 0; i < ObjType_Num; i++)
		budget += cap_core()->live_count[i];
	if (!check_list(NULL, cap_core()->root_list, &budget))
		return false;
	for (const struct cte *c = cap_core()->root_list; c; c = mdb_walk_next(c)) {
		if (!check_list(c, c->mdb.first_child, &budget))
			return false;
		seen[c->cap.type]++;
		seen_bytes[c->cap.type] += c->cap.bytes;
	}
	for (int i = 0; i < ObjType_Num; i++) {
		if (seen[i] != cap_core()->live_count[i]) {
			complain("mdb: %u capabilities of type %d in the tree, %u counted\n",
				 seen[i], i, cap_core()->live_count[i]);
			return false;
		}
		if (seen_bytes[i] != cap_core()->live_bytes[i]) {
			complain("mdb: %u KiB of type %d in the tree, %u KiB counted\n",
				 (uint32_t)(seen_bytes[i] >> 10), i,
				 (uint32_t)(cap_core()->live_bytes[i] >> 10));
			return false;
		}
	}
	return true;
}
