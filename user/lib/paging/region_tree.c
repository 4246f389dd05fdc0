/*
 * Region tree: an AVL tree of the regions tiling [start, end), keyed by base
 * address, each node augmented with the largest free size in its subtree,
 * the free tail's left out (region_tree.h).
 *
 * Nodes are never copied into one another: a used region keeps its node from
 * alloc/reserve until it is freed, so the caller's pointer (and data) stays
 * valid.  All updates walk parent pointers; only region_tree_check recurses,
 * and no deeper than the tree height.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "region_tree.h"

/* An AVL tree of 2^32 nodes is under 47 levels deep; deeper means corruption. */
#define CHECK_MAX_DEPTH 64

/* --- node fields ---------------------------------------------------------- */

static inline uint32_t height(const struct region *n)
{
	return n ? n->height : 0;
}

static inline uint32_t subtree_max_free(const struct region *n)
{
	return n ? n->max_free : 0;
}

static inline uint32_t max_u32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* What n itself adds to max_free: its size if it is free and not the tail. */
static inline uint32_t own_free(const struct region_tree *t, const struct region *n)
{
	return n->free && n != t->tail ? n->size : 0;
}

/* The max_free a node should have, given correct children. */
static inline uint32_t own_max_free(const struct region_tree *t, const struct region *n)
{
	return max_u32(own_free(t, n),
		       max_u32(subtree_max_free(n->left), subtree_max_free(n->right)));
}

/* Recompute height and max_free from the children (which must be correct): a rotation does
 * this for the two nodes it moves. */
static inline void update(const struct region_tree *t, struct region *n)
{
	const struct region *l = n->left, *r = n->right;
	uint32_t h = 0, max_free = own_free(t, n);

	if (l) {
		h = l->height;
		max_free = max_u32(max_free, l->max_free);
	}
	if (r) {
		h = max_u32(h, r->height);
		max_free = max_u32(max_free, r->max_free);
	}
	n->height = (uint8_t)(h + 1);
	n->max_free = max_free;
}

static int balance(const struct region *n)
{
	return (int)height(n->left) - (int)height(n->right);
}

/* Do subtrees of heights hl and hr differ by two or more?  (One compare: hl - hr + 1 is 0,
 * 1 or 2 exactly when they differ by at most one.) */
static inline bool out_of_balance(uint32_t hl, uint32_t hr)
{
	return __builtin_expect(hl - hr + 1 > 2, 0);
}

static void init_node(struct region *n, uint32_t base, uint32_t size, bool free)
{
	n->base = base;
	n->size = size;
	n->free = free;
	n->height = 1;
	n->max_free = free ? size : 0;
	n->left = NULL;
	n->right = NULL;
	n->parent = NULL;
	n->data = NULL;
}

static inline uint64_t region_end(const struct region *n)
{
	return (uint64_t)n->base + n->size;
}

/* --- structure ------------------------------------------------------------ */

static struct region *leftmost(struct region *n)
{
	while (n->left)
		n = n->left;
	return n;
}

static struct region *rightmost(struct region *n)
{
	while (n->right)
		n = n->right;
	return n;
}

/*
 * The region starting exactly at base, with its neighbours in address order
 * (NULL where there is none), found in one walk down: a neighbour is the
 * nearest node of the child subtree on its side, else the last node the
 * walk passed on that side, so finding them never climbs back up.
 */
static struct region *find_with_neighbours(const struct region_tree *t, uint32_t base,
					   struct region **prev, struct region **next)
{
	struct region *n = t->root, *before = NULL, *after = NULL;

	while (n && n->base != base) {
		if (base < n->base) {
			after = n;
			n = n->left;
		} else {
			before = n;
			n = n->right;
		}
	}
	if (n) {
		*prev = n->left ? rightmost(n->left) : before;
		*next = n->right ? leftmost(n->right) : after;
	}
	return n;
}

/* Make whatever pointed at old (its parent's link, or the root) point at new. */
static void replace_child(struct region_tree *t, struct region *old, struct region *new)
{
	struct region *p = old->parent;

	if (!p)
		t->root = new;
	else if (p->left == old)
		p->left = new;
	else
		p->right = new;
	if (new)
		new->parent = p;
}

static struct region *rotate_right(struct region_tree *t, struct region *x)
{
	struct region *y = x->left;

	x->left = y->right;
	if (x->left)
		x->left->parent = x;
	replace_child(t, x, y);
	y->right = x;
	x->parent = y;
	update(t, x);
	update(t, y);
	return y;
}

static struct region *rotate_left(struct region_tree *t, struct region *x)
{
	struct region *y = x->right;

	x->right = y->left;
	if (x->right)
		x->right->parent = x;
	replace_child(t, x, y);
	y->left = x;
	x->parent = y;
	update(t, x);
	update(t, y);
	return y;
}

/* n is out of balance by two: rotate it back; the subtree's new root. */
static __attribute__((noinline)) struct region *rebalance(struct region_tree *t, struct region *n)
{
	if (balance(n) > 1) {
		if (balance(n->left) < 0)
			rotate_left(t, n->left);
		return rotate_right(t, n);
	}
	if (balance(n->right) > 0)
		rotate_right(t, n->right);
	return rotate_left(t, n);
}

static void retrace_walk(struct region_tree *t, struct region *n, bool to_root);

/*
 * The rest of a walk up where only heights can change (max_free settled
 * below), as far as they change.  A node out of balance goes back to the
 * whole walk: its rotation recomputes the max_free of the nodes it moves,
 * which may take in a change still waiting for its own walk, and the nodes
 * above must then see it now.
 */
static void heights_up(struct region_tree *t, struct region *n)
{
	while (n) {
		uint32_t hl = height(n->left), hr = height(n->right), h;

		if (out_of_balance(hl, hr)) {
			retrace_walk(t, n, false);
			return;
		}
		h = max_u32(hl, hr) + 1;
		if (h == n->height)
			return;
		n->height = (uint8_t)h;
		n = n->parent;
	}
}

/* The rest of a walk up where only max_free can change (heights settled below). */
static void max_free_up(const struct region_tree *t, struct region *n)
{
	for (; n; n = n->parent) {
		uint32_t max_free = own_max_free(t, n);

		if (max_free == n->max_free)
			return;
		n->max_free = max_free;
	}
}

/*
 * Walk from n up towards the root, restoring AVL balance, heights and
 * max_free.  With to_root false the walk stops at the first node that
 * needed no change (same height, same max_free, balanced): its parent saw
 * no change, nor did anything above.  That is enough when every node whose
 * children or own fields changed gets a walk of its own, as every caller
 * arranges; a deletion that moved a node into the dead one's place walks
 * to the root, since the moved node, above n, gets no walk of its own.
 * Once one of the two figures stops changing, the rest of the way only the
 * other can: a loop that looks at that one alone goes on (at the end of
 * the range an alloc and a free change heights alone, often up to the
 * root, and each level then costs about half).
 */
static void retrace_walk(struct region_tree *t, struct region *n, bool to_root)
{
	while (n) {
		const struct region *l = n->left, *r = n->right;
		uint32_t hl = 0, hr = 0, max_free = own_free(t, n), h;
		bool same_height, same_max;

		/* Both children read once: this loop runs once a level of every update. */
		if (l) {
			hl = l->height;
			max_free = max_u32(max_free, l->max_free);
		}
		if (r) {
			hr = r->height;
			max_free = max_u32(max_free, r->max_free);
		}
		if (out_of_balance(hl, hr)) {
			/* A rotation changes the subtree's root and updates what it moves. */
			n = rebalance(t, n)->parent;
			continue;
		}
		h = max_u32(hl, hr) + 1;
		same_height = h == n->height;
		same_max = max_free == n->max_free;
		n->height = (uint8_t)h;
		n->max_free = max_free;
		n = n->parent;
		if (to_root)
			continue;
		if (same_height && same_max)
			return;
		if (same_max) {
			heights_up(t, n);
			return;
		}
		if (same_height) {
			max_free_up(t, n);
			return;
		}
	}
}

/* n changed (a child added, its size or freedom): fix the path above it as far as needed. */
static void retrace(struct region_tree *t, struct region *n)
{
	retrace_walk(t, n, false);
}

/* Insert leaf n as the in-order predecessor of x; no key comparisons needed. */
static void insert_before(struct region_tree *t, struct region *x, struct region *n)
{
	struct region *p = x->left ? rightmost(x->left) : x;

	if (p == x)
		p->left = n;
	else
		p->right = n;
	n->parent = p;
	t->nodes++;
	retrace(t, p);
}

/* Insert leaf n as the in-order successor of x. */
static void insert_after(struct region_tree *t, struct region *x, struct region *n)
{
	struct region *p = x->right ? leftmost(x->right) : x;

	if (p == x)
		p->right = n;
	else
		p->left = n;
	n->parent = p;
	t->nodes++;
	retrace(t, p);
}

/* Unlink z by relinking (not copying) its successor, so other nodes never move. */
static void delete_node(struct region_tree *t, struct region *z)
{
	struct region *fix, *y;
	bool moved = false; /* a node took z's place, above fix */

	if (!z->left || !z->right) {
		fix = z->parent;
		replace_child(t, z, z->left ? z->left : z->right);
	} else {
		moved = true;
		y = leftmost(z->right);
		if (y->parent != z) {
			fix = y->parent;
			replace_child(t, y, y->right);
			y->right = z->right;
			y->right->parent = y;
		} else {
			fix = y;
		}
		replace_child(t, z, y);
		y->left = z->left;
		y->left->parent = y;
	}
	t->nodes--;
	retrace_walk(t, fix, moved);
}

/* --- searching ------------------------------------------------------------ */

/* Lowest-address free node of at least size bytes in the subtree of n. */
static struct region *subtree_first_fit(struct region *n, uint32_t size)
{
	if (subtree_max_free(n) < size)
		return NULL;
	while (n) {
		if (subtree_max_free(n->left) >= size)
			n = n->left;
		else if (n->free && n->size >= size)
			return n;
		else
			n = n->right;
	}
	return NULL;
}

/* The next free node after n (by address) of at least size bytes. */
static struct region *next_fit(struct region *n, uint32_t size)
{
	struct region *p;

	if (subtree_max_free(n->right) >= size)
		return subtree_first_fit(n->right, size);
	/* Climb: each parent reached from its left comes next, then its right subtree. */
	for (; (p = n->parent); n = p) {
		if (p->left != n)
			continue;
		if (p->free && p->size >= size)
			return p;
		if (subtree_max_free(p->right) >= size)
			return subtree_first_fit(p->right, size);
	}
	return NULL;
}

static inline uint64_t align_up(uint64_t x, uint32_t alignment)
{
	return (x + alignment - 1) & ~((uint64_t)alignment - 1);
}

/* --- splitting ------------------------------------------------------------ */

/*
 * Mark [base, base + size) of free node x used, keeping x as the used node
 * and adding free head and tail nodes.  All nodes are fetched first, so that
 * running out of them leaves the tree untouched.  If x was the tree's tail,
 * its tail part (if any) is the tail now.
 */
static errval_t carve(struct region_tree *t, struct region *x, uint32_t base, uint32_t size,
		      struct region **ret)
{
	uint32_t head = base - x->base;
	uint32_t tail = (uint32_t)(region_end(x) - base - size);
	struct region *hn = NULL, *tn = NULL;

	if (head && !(hn = t->node_alloc(t->arg)))
		return PAGING_ERR_NODE_ALLOC;
	if (tail && !(tn = t->node_alloc(t->arg))) {
		if (hn)
			t->node_free(t->arg, hn);
		return PAGING_ERR_NODE_ALLOC;
	}
	if (hn)
		init_node(hn, x->base, head, true);
	if (tn)
		init_node(tn, base + size, tail, true);
	if (x == t->tail) {
		t->tail = tn;
		if (tn)
			tn->max_free = 0;
	}
	x->base = base;
	x->size = size;
	x->free = false;
	x->data = NULL;
	if (hn)
		insert_before(t, x, hn);
	if (tn)
		insert_after(t, x, tn);
	/* x changed even when nothing was inserted (an exact fit). */
	retrace(t, x);
	if (ret)
		*ret = x;
	return SYS_ERR_OK;
}

/* --- interface ------------------------------------------------------------ */

errval_t region_tree_init(struct region_tree *t, uint32_t start, uint32_t end,
			  struct region *(*node_alloc)(void *),
			  void (*node_free)(void *, struct region *), void *arg)
{
	struct region *n;

	t->root = NULL;
	t->start = start;
	t->end = end;
	t->nodes = 0;
	t->tail = NULL;
	t->node_alloc = node_alloc;
	t->node_free = node_free;
	t->arg = arg;
	if (start >= end)
		return PAGING_ERR_REGION_OVERLAP;
	n = node_alloc(arg);
	if (!n)
		return PAGING_ERR_NODE_ALLOC;
	init_node(n, start, end - start, true);
	n->max_free = 0;
	t->root = t->tail = n;
	t->nodes = 1;
	return SYS_ERR_OK;
}

errval_t region_tree_alloc(struct region_tree *t, uint32_t size, uint32_t alignment,
			   struct region **ret)
{
	struct region *r;
	uint64_t base;

	if (size == 0 || alignment == 0 || (alignment & (alignment - 1)))
		return PAGING_ERR_BAD_ALIGNMENT;
	/* A big-enough free region may still miss the alignment: try the next one. */
	for (r = subtree_first_fit(t->root, size); r; r = next_fit(r, size)) {
		base = align_up(r->base, alignment);
		if (base + size <= region_end(r))
			return carve(t, r, (uint32_t)base, size, ret);
	}
	/* The tail, last in address order, is not in max_free: its turn comes now. */
	if ((r = t->tail)) {
		base = align_up(r->base, alignment);
		if (base + size <= region_end(r))
			return carve(t, r, (uint32_t)base, size, ret);
	}
	return PAGING_ERR_NO_SPACE;
}

errval_t region_tree_reserve(struct region_tree *t, uint32_t base, uint32_t size,
			     struct region **ret)
{
	uint64_t end = (uint64_t)base + size;
	struct region *r;

	if (size == 0 || base < t->start || end > t->end)
		return PAGING_ERR_REGION_OVERLAP;
	r = region_tree_find(t, base);
	if (!r || !r->free || end > region_end(r))
		return PAGING_ERR_REGION_OVERLAP;
	return carve(t, r, base, size, ret);
}

errval_t region_tree_free(struct region_tree *t, uint32_t base)
{
	struct region *prev = NULL, *next = NULL;
	struct region *r = find_with_neighbours(t, base, &prev, &next);

	if (!r || r->free)
		return PAGING_ERR_REGION_NOT_FOUND;
	r->free = true;
	r->data = NULL;
	/* r absorbs its free neighbours; order stays valid as they were adjacent. */
	if (prev && prev->free) {
		r->base = prev->base;
		r->size += prev->size;
		delete_node(t, prev);
		t->node_free(t->arg, prev);
	}
	/* The last region, once free, is the tail: set before r's own walk below, which
	 * counts r's new part of max_free (a merge's walk may pass r before that). */
	if (!next || next == t->tail)
		t->tail = r;
	if (next && next->free) {
		r->size += next->size;
		delete_node(t, next);
		t->node_free(t->arg, next);
	}
	retrace(t, r);
	return SYS_ERR_OK;
}

struct region *region_tree_find(const struct region_tree *t, uint32_t addr)
{
	struct region *n = t->root;

	if (addr < t->start || addr >= t->end)
		return NULL;
	while (n) {
		if (addr < n->base)
			n = n->left;
		else if (addr - n->base < n->size)
			return n;
		else
			n = n->right;
	}
	return NULL;
}

struct region *region_tree_first(const struct region_tree *t)
{
	return t->root ? leftmost(t->root) : NULL;
}

struct region *region_tree_next(const struct region *r)
{
	struct region *n = (struct region *)r;

	if (n->right)
		return leftmost(n->right);
	while (n->parent && n->parent->right == n)
		n = n->parent;
	return n->parent;
}

uint32_t region_tree_free_bytes(const struct region_tree *t)
{
	uint32_t sum = 0;

	for (struct region *r = region_tree_first(t); r; r = region_tree_next(r))
		if (r->free)
			sum += r->size;
	return sum;
}

uint32_t region_tree_used_count(const struct region_tree *t)
{
	uint32_t count = 0;

	for (struct region *r = region_tree_first(t); r; r = region_tree_next(r))
		if (!r->free)
			count++;
	return count;
}

/* --- checking ------------------------------------------------------------- */

/*
 * Height of the subtree at n, or -1 if a link, height, balance or max_free is
 * wrong below it; counts its nodes into *count.
 */
static int check_subtree(const struct region_tree *t, const struct region *n,
			 const struct region *parent, uint32_t *count, int depth)
{
	int hl, hr;

	if (!n)
		return 0;
	if (n->parent != parent || depth > CHECK_MAX_DEPTH)
		return -1;
	(*count)++;
	hl = check_subtree(t, n->left, n, count, depth + 1);
	hr = check_subtree(t, n->right, n, count, depth + 1);
	if (hl < 0 || hr < 0 || hl - hr > 1 || hr - hl > 1)
		return -1;
	if (n->height != (hl > hr ? hl : hr) + 1 || n->max_free != own_max_free(t, n))
		return -1;
	return n->height;
}

/*
 * In address order the regions must tile [start, end) with no free pair
 * adjacent, and the tail must be the last region if that is free, else NULL.
 */
static bool check_tiling(const struct region_tree *t)
{
	const struct region *last = NULL;
	uint64_t expect = t->start;
	uint32_t seen = 0;
	bool prev_free = false;

	for (struct region *r = region_tree_first(t); r; r = region_tree_next(r)) {
		/* Bounded by the node count so a broken link cannot loop forever. */
		if (++seen > t->nodes || r->base != expect || r->size == 0)
			return false;
		if (r->free && (prev_free || r->data))
			return false;
		prev_free = r->free;
		expect += r->size;
		last = r;
	}
	if (t->tail != (last && last->free ? last : NULL))
		return false;
	return seen == t->nodes && expect == t->end;
}

bool region_tree_check(const struct region_tree *t)
{
	uint32_t count = 0;

	if (t->start >= t->end || !t->root)
		return false;
	/* Structure first: the tiling walk relies on correct parent links. */
	if (check_subtree(t, t->root, NULL, &count, 1) < 0 || count != t->nodes)
		return false;
	return check_tiling(t);
}
