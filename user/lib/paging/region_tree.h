/*
 * Region tree: the virtual regions of one address range, kept in an AVL tree
 * keyed by base address.  The regions tile the managed range [start, end)
 * exactly, each is free or used, and no two free regions are adjacent (free
 * merges them).  Every node knows the largest free region in its subtree, so
 * that allocation finds a fit in O(log n).  The free tail, the free region
 * at the end of the range (if the last region is free), is left out of that
 * figure and tried last, as Linux's mmap once kept the gap after its highest
 * mapping apart: growing and shrinking it, the common case, then changes no
 * node's figure, so its walks up stop after a level or two.
 *
 * The tree never allocates memory itself: nodes come from the caller's
 * node_alloc and go back through node_free, so that the paging library decides
 * when its slab is refilled.  An operation that needs nodes gets all of them
 * (at most 2) before it touches the tree, so a failed call changes nothing.
 */
#ifndef REGION_TREE_H
#define REGION_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include <errors.h>

struct region {
	uint32_t base; /* first address */
	uint32_t size; /* bytes; > 0 */
	bool free;
	uint8_t height;	   /* AVL height, leaf = 1 */
	uint32_t max_free; /* largest free region size in this subtree, the tail's
			      left out (0 if none) */
	struct region *left, *right, *parent;
	void *data; /* caller's payload for used regions (NULL when free / new) */
};

struct region_tree {
	struct region *root;
	uint32_t start, end; /* managed range [start, end), end > start */
	uint32_t nodes;	     /* number of nodes in the tree */
	struct region *tail; /* the last region if it is free, else NULL: not in max_free */
	struct region *(*node_alloc)(void *arg); /* returns NULL when out of memory */
	void (*node_free)(void *arg, struct region *node);
	void *arg;
};

/*
 * One free region covering [start, end).  PAGING_ERR_REGION_OVERLAP if
 * start >= end (an empty range), PAGING_ERR_NODE_ALLOC if node_alloc fails.
 */
errval_t region_tree_init(struct region_tree *t, uint32_t start, uint32_t end,
			  struct region *(*node_alloc)(void *),
			  void (*node_free)(void *, struct region *), void *arg);

/*
 * Lowest-address free block of `size` bytes whose base is a multiple of
 * `alignment` (a power of two >= 1); marks it used and returns its node
 * (data = NULL) in *ret (if ret is not NULL).  PAGING_ERR_BAD_ALIGNMENT,
 * PAGING_ERR_NO_SPACE or PAGING_ERR_NODE_ALLOC, and then nothing changed.
 */
errval_t region_tree_alloc(struct region_tree *t, uint32_t size, uint32_t alignment,
			   struct region **ret);

/*
 * Mark exactly [base, base + size) used; it must lie entirely inside one free
 * region (else PAGING_ERR_REGION_OVERLAP, also for size 0 or a range that
 * wraps or leaves [start, end)).
 */
errval_t region_tree_reserve(struct region_tree *t, uint32_t base, uint32_t size,
			     struct region **ret);

/*
 * The used region that starts exactly at base becomes free and merges with
 * its free neighbours (PAGING_ERR_REGION_NOT_FOUND if there is none).  The
 * node stays in the tree; merged-away neighbours go back through node_free.
 */
errval_t region_tree_free(struct region_tree *t, uint32_t base);

/* The region (free or used) containing addr, or NULL if outside [start, end). */
struct region *region_tree_find(const struct region_tree *t, uint32_t addr);

/* In-order traversal by address, without recursion. */
struct region *region_tree_first(const struct region_tree *t);
struct region *region_tree_next(const struct region *r);

/* Sum of free bytes and number of used regions (O(n)). */
uint32_t region_tree_free_bytes(const struct region_tree *t);
uint32_t region_tree_used_count(const struct region_tree *t);

/*
 * Check every invariant: BST order, contiguous tiling of [start, end), no two
 * adjacent free regions, free regions without payload, AVL balance and
 * heights, max_free (the tail's left out), the tail (the last region if it
 * is free, else NULL), parent links and the node count.
 */
bool region_tree_check(const struct region_tree *t);

#endif
