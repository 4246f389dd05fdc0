/*
 * Host tests of the region tree (user/lib/paging/region_tree.c).  Nodes come
 * from a malloc-backed allocator that counts live nodes, fills new nodes with
 * garbage and can be told to fail after k more nodes.  The randomized test
 * runs alloc/reserve/free against a naive sorted-array model and compares the
 * whole region list, node identities and invariants after every step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <region_tree.h>

#define PAGE  0x1000u
#define START 0x1000u
#define RANGE (4u << 20)
#define END   (START + RANGE)

#define MAX_IVALS 2048

/* --- the node allocator --------------------------------------------------- */

struct pool {
	long live;   /* nodes handed out and not yet returned */
	long allocs; /* successful node_alloc calls */
	int fail_in; /* successes left before node_alloc fails; < 0: never fails */
};

static struct region *pool_alloc(void *arg)
{
	struct pool *p = arg;
	struct region *r;

	if (p->fail_in == 0)
		return NULL;
	if (p->fail_in > 0)
		p->fail_in--;
	r = malloc(sizeof(*r));
	assert_non_null(r);
	/* Garbage, so that a field the tree forgets to set shows up. */
	memset(r, 0xa5, sizeof(*r));
	p->live++;
	p->allocs++;
	return r;
}

static void pool_free(void *arg, struct region *r)
{
	struct pool *p = arg;

	assert_true(p->live > 0);
	memset(r, 0x5a, sizeof(*r));
	free(r);
	p->live--;
}

struct fixture {
	struct pool pool;
	struct region_tree t;
};

static void setup(struct fixture *f, uint32_t start, uint32_t end)
{
	memset(f, 0, sizeof(*f));
	f->pool.fail_in = -1;
	assert_int_equal(region_tree_init(&f->t, start, end, pool_alloc, pool_free, &f->pool),
			 SYS_ERR_OK);
	assert_true(region_tree_check(&f->t));
}

/* Give every node back (without the tree's help) and check none leaked. */
static void destroy(struct fixture *f)
{
	struct region **all = calloc(f->t.nodes + 1, sizeof(*all));
	uint32_t n = 0;

	assert_non_null(all);
	assert_int_equal(f->pool.live, f->t.nodes);
	for (struct region *r = region_tree_first(&f->t); r; r = region_tree_next(r))
		all[n++] = r;
	assert_int_equal(n, f->t.nodes);
	for (uint32_t i = 0; i < n; i++)
		pool_free(&f->pool, all[i]);
	free(all);
	assert_int_equal(f->pool.live, 0);
}

/* --- snapshots of the in-order list ---------------------------------------- */

struct ival {
	uint32_t base, size;
	bool free;
};

struct snap {
	uint32_t n;
	struct ival v[MAX_IVALS];
};

static void snapshot(const struct region_tree *t, struct snap *s)
{
	s->n = 0;
	for (struct region *r = region_tree_first(t); r; r = region_tree_next(r)) {
		assert_true(s->n < MAX_IVALS);
		s->v[s->n++] = (struct ival){ r->base, r->size, r->free };
	}
}

static void assert_snap_equal(const struct snap *a, const struct snap *b)
{
	assert_int_equal(a->n, b->n);
	for (uint32_t i = 0; i < a->n; i++) {
		assert_int_equal(a->v[i].base, b->v[i].base);
		assert_int_equal(a->v[i].size, b->v[i].size);
		assert_int_equal(a->v[i].free, b->v[i].free);
	}
}

/* The tree is exactly this list of (base, size, free). */
static void assert_layout(const struct region_tree *t, const struct ival *want, uint32_t n)
{
	static struct snap s;

	snapshot(t, &s);
	assert_int_equal(s.n, n);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(s.v[i].base, want[i].base);
		assert_int_equal(s.v[i].size, want[i].size);
		assert_int_equal(s.v[i].free, want[i].free);
	}
	assert_int_equal(t->nodes, n);
	assert_true(region_tree_check(t));
}

#define LAYOUT(t, ...)                                                     \
	do {                                                               \
		const struct ival want_[] = { __VA_ARGS__ };               \
		assert_layout(t, want_, sizeof(want_) / sizeof(want_[0])); \
	} while (0)

#define F(b, s) ((struct ival){ (b), (s), true })
#define U(b, s) ((struct ival){ (b), (s), false })

static uint32_t do_alloc(struct fixture *f, uint32_t size, uint32_t align)
{
	struct region *r = NULL;

	assert_int_equal(region_tree_alloc(&f->t, size, align, &r), SYS_ERR_OK);
	assert_non_null(r);
	assert_false(r->free);
	assert_null(r->data);
	assert_int_equal(r->size, size);
	assert_int_equal(r->base % align, 0);
	assert_true(region_tree_check(&f->t));
	return r->base;
}

static void do_reserve(struct fixture *f, uint32_t base, uint32_t size)
{
	struct region *r = NULL;

	assert_int_equal(region_tree_reserve(&f->t, base, size, &r), SYS_ERR_OK);
	assert_non_null(r);
	assert_false(r->free);
	assert_null(r->data);
	assert_int_equal(r->base, base);
	assert_int_equal(r->size, size);
	assert_true(region_tree_check(&f->t));
}

/* --- AVL height bounds ---------------------------------------------------- */

/* log2 without libm: integer part by halving, fraction bit by bit by squaring. */
static double log2_approx(double x)
{
	double r = 0;

	while (x >= 2) {
		x /= 2;
		r += 1;
	}
	for (double bit = 0.5; bit > 1e-9; bit /= 2) {
		x *= x;
		if (x >= 2) {
			x /= 2;
			r += bit;
		}
	}
	return r;
}

/* Fewest nodes an AVL tree of height h can have: N(h) = N(h-1) + N(h-2) + 1. */
static uint64_t avl_min_nodes(unsigned h)
{
	uint64_t a = 0, b = 1, c;

	if (h == 0)
		return 0;
	for (unsigned i = 1; i < h; i++) {
		c = a + b + 1;
		a = b;
		b = c;
	}
	return b;
}

static void assert_height_bound(const struct region_tree *t)
{
	unsigned h = t->root->height;

	assert_true(h <= 1.45 * log2_approx(t->nodes + 2.0));
	assert_true(t->nodes >= avl_min_nodes(h));
}

/* --- deterministic tests -------------------------------------------------- */

static void test_init(void **state)
{
	struct fixture f;
	struct region_tree t;
	struct pool p = { .fail_in = -1 };

	(void)state;
	setup(&f, START, END);
	LAYOUT(&f.t, F(START, RANGE));
	/* The one region is the free tail, which max_free leaves out. */
	assert_ptr_equal(f.t.tail, f.t.root);
	assert_int_equal(f.t.root->max_free, 0);
	assert_int_equal(f.t.root->height, 1);
	assert_null(f.t.root->data);
	assert_int_equal(region_tree_free_bytes(&f.t), RANGE);
	assert_int_equal(region_tree_used_count(&f.t), 0);
	assert_int_equal(f.pool.live, 1);
	destroy(&f);

	/* An empty or inverted range, and a failing allocator: no node kept. */
	assert_int_equal(region_tree_init(&t, START, START, pool_alloc, pool_free, &p),
			 PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(region_tree_init(&t, END, START, pool_alloc, pool_free, &p),
			 PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(p.live, 0);
	p.fail_in = 0;
	assert_int_equal(region_tree_init(&t, START, END, pool_alloc, pool_free, &p),
			 PAGING_ERR_NODE_ALLOC);
	assert_null(t.root);
	assert_int_equal(t.nodes, 0);
	assert_null(region_tree_find(&t, START));
	assert_null(region_tree_first(&t));
	assert_false(region_tree_check(&t));

	/* The whole 32-bit range but the last byte. */
	setup(&f, 0, 0xffffffffu);
	LAYOUT(&f.t, F(0, 0xffffffffu));
	destroy(&f);
}

/*
 * The free tail: taken from last, after every free region inside; its size
 * never counts in max_free; it goes when the range is full and comes back
 * (merged) when the last region is freed.
 */
static void test_tail(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, START, END);
	for (uint32_t i = 0; i < 10; i++) {
		assert_int_equal(do_alloc(&f, PAGE, PAGE), START + i * PAGE);
		assert_int_equal(f.t.tail->base, START + (i + 1) * PAGE);
		assert_int_equal(f.t.root->max_free, 0); /* no hole: only the tail is free */
	}
	/* A hole inside comes first; the tail's size is not in max_free. */
	assert_int_equal(region_tree_free(&f.t, START + 3 * PAGE), SYS_ERR_OK);
	assert_int_equal(f.t.root->max_free, PAGE);
	assert_int_equal(do_alloc(&f, PAGE, PAGE), START + 3 * PAGE);
	assert_int_equal(f.t.root->max_free, 0);
	/* A hole that fits the size but not the alignment: the tail serves, and its
	 * head becomes an ordinary free region, counted. */
	assert_int_equal(region_tree_free(&f.t, START + 2 * PAGE), SYS_ERR_OK);
	assert_int_equal(do_alloc(&f, PAGE, 0x10000), 0x10000);
	LAYOUT(&f.t, U(0x1000, 0x2000 - 0x1000), U(0x2000, PAGE), F(0x3000, PAGE), U(0x4000, PAGE),
	       U(0x5000, PAGE), U(0x6000, PAGE), U(0x7000, PAGE), U(0x8000, PAGE), U(0x9000, PAGE),
	       U(0xa000, PAGE), F(0xb000, 0x10000 - 0xb000), U(0x10000, PAGE),
	       F(0x11000, END - 0x11000));
	assert_int_equal(f.t.tail->base, 0x11000);
	assert_int_equal(f.t.root->max_free, 0x10000 - 0xb000);
	/* A request bigger than any hole, even the whole tail: no space, nothing changed. */
	assert_int_equal(region_tree_alloc(&f.t, END - 0x11000 + PAGE, PAGE, NULL),
			 PAGING_ERR_NO_SPACE);
	/* Exactly the tail: the range ends in a used region, so there is no tail. */
	do_reserve(&f, 0x11000, END - 0x11000);
	assert_null(f.t.tail);
	assert_int_equal(region_tree_alloc(&f.t, 0x6000, PAGE, NULL), PAGING_ERR_NO_SPACE);
	/* Freeing the last region makes it the tail; freeing the one before merges into it. */
	assert_int_equal(region_tree_free(&f.t, 0x11000), SYS_ERR_OK);
	assert_int_equal(f.t.tail->base, 0x11000);
	assert_int_equal(region_tree_free(&f.t, 0x10000), SYS_ERR_OK);
	assert_int_equal(f.t.tail->base, 0xb000);
	assert_int_equal(f.t.tail->size, END - 0xb000);
	assert_int_equal(f.t.root->max_free, PAGE); /* the hole at 0x3000 */
	assert_true(region_tree_check(&f.t));
	destroy(&f);
}

static void test_alloc_alignment(void **state)
{
	struct fixture f;
	struct region *r;

	(void)state;
	setup(&f, START, END);
	assert_int_equal(region_tree_alloc(&f.t, PAGE, 0, &r), PAGING_ERR_BAD_ALIGNMENT);
	assert_int_equal(region_tree_alloc(&f.t, PAGE, 3, &r), PAGING_ERR_BAD_ALIGNMENT);
	assert_int_equal(region_tree_alloc(&f.t, PAGE, 0x3000, &r), PAGING_ERR_BAD_ALIGNMENT);
	assert_int_equal(region_tree_alloc(&f.t, 0, PAGE, &r), PAGING_ERR_BAD_ALIGNMENT);
	assert_int_equal(f.pool.allocs, 1);

	assert_int_equal(do_alloc(&f, PAGE, 1), 0x1000);
	assert_int_equal(do_alloc(&f, PAGE, 0x10000), 0x10000);
	/* First fit by address: the gap below 0x10000 comes first. */
	assert_int_equal(do_alloc(&f, PAGE, PAGE), 0x2000);
	assert_int_equal(do_alloc(&f, 0x3000, 0x4000), 0x4000);
	assert_int_equal(do_alloc(&f, 0x8000, 0x8000), 0x8000);
	LAYOUT(&f.t, U(0x1000, 0x1000), U(0x2000, 0x1000), F(0x3000, 0x1000), U(0x4000, 0x3000),
	       F(0x7000, 0x1000), U(0x8000, 0x8000), U(0x10000, 0x1000), F(0x11000, END - 0x11000));
	/* Byte granularity and odd alignments are fine with the tree. */
	assert_int_equal(do_alloc(&f, 3, 1), 0x3000);
	assert_int_equal(do_alloc(&f, 5, 4), 0x3004);
	/* The 1-byte hole at 0x3003 is too small once aligned to 2. */
	assert_int_equal(do_alloc(&f, 1, 2), 0x300a);
	/* 1 MiB alignment beyond everything so far. */
	assert_int_equal(do_alloc(&f, PAGE, 1u << 20), 1u << 20);
	assert_int_equal(region_tree_used_count(&f.t), 9);
	destroy(&f);
}

/*
 * A free region large enough but unalignable comes first in address order
 * and sits in a subtree with a big max_free: the search must move on.
 */
static void test_alloc_alignment_skips(void **state)
{
	static struct snap before, after;
	struct fixture f;

	(void)state;
	setup(&f, START, END);
	/* 16 free 2-page gaps at 0x1000 + n * 0x4000: big enough, never 0x4000-aligned. */
	for (uint32_t a = 0x1000; a < 0x41000; a += 0x4000)
		do_reserve(&f, a + 0x2000, 0x2000);
	/* Only the free tail from 0x41000 has a 0x4000-aligned fit. */
	assert_int_equal(do_alloc(&f, 0x2000, 0x4000), 0x44000);
	destroy(&f);

	/* Many candidates, none fits: NO_SPACE, tree unchanged. */
	setup(&f, START, 0x41000);
	for (uint32_t a = 0x1000; a < 0x41000; a += 0x4000)
		do_reserve(&f, a + 0x2000, 0x2000);
	snapshot(&f.t, &before);
	assert_int_equal(region_tree_alloc(&f.t, 0x2000, 0x4000, NULL), PAGING_ERR_NO_SPACE);
	assert_int_equal(region_tree_alloc(&f.t, 0x3000, 1, NULL), PAGING_ERR_NO_SPACE);
	snapshot(&f.t, &after);
	assert_snap_equal(&before, &after);
	/* With alignment 1 the first 2-page gap works (ret may be NULL). */
	assert_int_equal(region_tree_alloc(&f.t, 0x2000, 1, NULL), SYS_ERR_OK);
	assert_non_null(region_tree_find(&f.t, 0x1000));
	assert_false(region_tree_find(&f.t, 0x1000)->free);
	assert_true(region_tree_check(&f.t));
	destroy(&f);
}

static void test_reserve(void **state)
{
	static struct snap before, after;
	struct fixture f;
	struct region *r = NULL;
	long allocs;

	(void)state;
	setup(&f, START, END);
	/* Inside: free head, used, free tail. */
	do_reserve(&f, 0x10000, 0x2000);
	LAYOUT(&f.t, F(START, 0xf000), U(0x10000, 0x2000), F(0x12000, END - 0x12000));
	/* At the start edge and the end edge of the managed range. */
	do_reserve(&f, START, PAGE);
	do_reserve(&f, END - PAGE, PAGE);
	LAYOUT(&f.t, U(START, PAGE), F(0x2000, 0xe000), U(0x10000, 0x2000),
	       F(0x12000, END - PAGE - 0x12000), U(END - PAGE, PAGE));
	/* At the edges of a free region, next to used ones. */
	do_reserve(&f, 0x2000, PAGE);
	do_reserve(&f, 0xf000, PAGE);
	/* A whole free region: no new node. */
	allocs = f.pool.allocs;
	do_reserve(&f, 0x3000, 0xc000);
	assert_int_equal(f.pool.allocs, allocs);
	LAYOUT(&f.t, U(START, PAGE), U(0x2000, PAGE), U(0x3000, 0xc000), U(0xf000, PAGE),
	       U(0x10000, 0x2000), F(0x12000, END - PAGE - 0x12000), U(END - PAGE, PAGE));

	snapshot(&f.t, &before);
	/* Overlapping a used region, from either side or inside it. */
	assert_int_equal(region_tree_reserve(&f.t, 0x11000, 0x2000, &r), PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(region_tree_reserve(&f.t, 0x10000, PAGE, &r), PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(region_tree_reserve(&f.t, END - 0x2000, 0x2000, &r),
			 PAGING_ERR_REGION_OVERLAP);
	/* Outside [start, end), partly or wholly. */
	assert_int_equal(region_tree_reserve(&f.t, 0, PAGE, &r), PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(region_tree_reserve(&f.t, 0, 0x2000, &r), PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(region_tree_reserve(&f.t, END, PAGE, &r), PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(region_tree_reserve(&f.t, END - PAGE, 0x2000, &r),
			 PAGING_ERR_REGION_OVERLAP);
	/* Size 0, and a range that wraps around 2^32. */
	assert_int_equal(region_tree_reserve(&f.t, 0x20000, 0, &r), PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(region_tree_reserve(&f.t, 0x20000, 0xffffffffu, &r),
			 PAGING_ERR_REGION_OVERLAP);
	snapshot(&f.t, &after);
	assert_snap_equal(&before, &after);
	assert_true(region_tree_check(&f.t));
	destroy(&f);

	/* Spanning two free regions separated by a used one. */
	setup(&f, START, END);
	do_reserve(&f, 0x5000, PAGE);
	assert_int_equal(region_tree_reserve(&f.t, 0x4000, 0x3000, &r), PAGING_ERR_REGION_OVERLAP);
	destroy(&f);

	/* Near the top of the address space: 64-bit sums, no wrap. */
	setup(&f, 0x80000000u, 0xffffffffu);
	do_reserve(&f, 0xfffffffeu, 1);
	assert_int_equal(region_tree_reserve(&f.t, 0xfffff000u, 0x2000, &r),
			 PAGING_ERR_REGION_OVERLAP);
	assert_int_equal(region_tree_reserve(&f.t, 0x7ffff000u, 0x2000, &r),
			 PAGING_ERR_REGION_OVERLAP);
	LAYOUT(&f.t, F(0x80000000u, 0x7ffffffeu), U(0xfffffffeu, 1));
	destroy(&f);
}

static void test_free_merge(void **state)
{
	struct fixture f;
	long live;

	(void)state;
	setup(&f, START, END);
	for (int i = 0; i < 6; i++)
		assert_int_equal(do_alloc(&f, PAGE, PAGE), START + i * PAGE);
	LAYOUT(&f.t, U(0x1000, PAGE), U(0x2000, PAGE), U(0x3000, PAGE), U(0x4000, PAGE),
	       U(0x5000, PAGE), U(0x6000, PAGE), F(0x7000, END - 0x7000));

	/* No free neighbour: just becomes free. */
	assert_int_equal(region_tree_free(&f.t, 0x2000), SYS_ERR_OK);
	LAYOUT(&f.t, U(0x1000, PAGE), F(0x2000, PAGE), U(0x3000, PAGE), U(0x4000, PAGE),
	       U(0x5000, PAGE), U(0x6000, PAGE), F(0x7000, END - 0x7000));
	/* Merges left. */
	live = f.pool.live;
	assert_int_equal(region_tree_free(&f.t, 0x3000), SYS_ERR_OK);
	assert_int_equal(f.pool.live, live - 1);
	LAYOUT(&f.t, U(0x1000, PAGE), F(0x2000, 0x2000), U(0x4000, PAGE), U(0x5000, PAGE),
	       U(0x6000, PAGE), F(0x7000, END - 0x7000));
	/* Merges right. */
	assert_int_equal(region_tree_free(&f.t, 0x6000), SYS_ERR_OK);
	LAYOUT(&f.t, U(0x1000, PAGE), F(0x2000, 0x2000), U(0x4000, PAGE), U(0x5000, PAGE),
	       F(0x6000, END - 0x6000));
	/* Merges both ways. */
	assert_int_equal(region_tree_free(&f.t, 0x5000), SYS_ERR_OK);
	live = f.pool.live;
	assert_int_equal(region_tree_free(&f.t, 0x4000), SYS_ERR_OK);
	assert_int_equal(f.pool.live, live - 2);
	LAYOUT(&f.t, U(0x1000, PAGE), F(0x2000, END - 0x2000));
	/* The first region, merging right, gives back the initial state. */
	assert_int_equal(region_tree_free(&f.t, 0x1000), SYS_ERR_OK);
	LAYOUT(&f.t, F(START, RANGE));
	assert_int_equal(f.pool.live, 1);
	destroy(&f);
}

/* The node of a used region (and its data) survives other regions' changes. */
static void test_node_identity(void **state)
{
	struct fixture f;
	struct region *keep[64];

	(void)state;
	setup(&f, START, END);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(region_tree_alloc(&f.t, PAGE, PAGE, &keep[i]), SYS_ERR_OK);
		keep[i]->data = &keep[i];
	}
	/* Free every other one in a scrambled order, forcing many deletions. */
	for (int i = 0; i < 64; i++) {
		int j = (i * 37) % 64;

		if (j % 3 == 0)
			continue;
		assert_int_equal(region_tree_free(&f.t, START + j * PAGE), SYS_ERR_OK);
		keep[j] = NULL;
		assert_true(region_tree_check(&f.t));
	}
	for (int i = 0; i < 64; i++) {
		if (!keep[i])
			continue;
		assert_ptr_equal(region_tree_find(&f.t, START + i * PAGE), keep[i]);
		assert_ptr_equal(keep[i]->data, &keep[i]);
		assert_int_equal(keep[i]->base, START + i * PAGE);
	}
	destroy(&f);
}

static void test_free_unknown(void **state)
{
	struct fixture f;
	static struct snap before, after;

	(void)state;
	setup(&f, START, END);
	do_reserve(&f, 0x4000, 0x3000);
	snapshot(&f.t, &before);
	/* Inside a used region, a free region's base, outside the range. */
	assert_int_equal(region_tree_free(&f.t, 0x5000), PAGING_ERR_REGION_NOT_FOUND);
	assert_int_equal(region_tree_free(&f.t, 0x1000), PAGING_ERR_REGION_NOT_FOUND);
	assert_int_equal(region_tree_free(&f.t, 0x7000), PAGING_ERR_REGION_NOT_FOUND);
	assert_int_equal(region_tree_free(&f.t, 0), PAGING_ERR_REGION_NOT_FOUND);
	assert_int_equal(region_tree_free(&f.t, END), PAGING_ERR_REGION_NOT_FOUND);
	assert_int_equal(region_tree_free(&f.t, 0xffffffffu), PAGING_ERR_REGION_NOT_FOUND);
	snapshot(&f.t, &after);
	assert_snap_equal(&before, &after);
	/* Double free. */
	assert_int_equal(region_tree_free(&f.t, 0x4000), SYS_ERR_OK);
	assert_int_equal(region_tree_free(&f.t, 0x4000), PAGING_ERR_REGION_NOT_FOUND);
	LAYOUT(&f.t, F(START, RANGE));
	destroy(&f);
}

static void test_full(void **state)
{
	struct fixture f;
	struct region *r = NULL;

	(void)state;
	setup(&f, START, END);
	assert_int_equal(region_tree_alloc(&f.t, RANGE + PAGE, 1, &r), PAGING_ERR_NO_SPACE);
	assert_int_equal(region_tree_alloc(&f.t, 0xffffffffu, 1, &r), PAGING_ERR_NO_SPACE);
	/* An alignment no address in the range has. */
	assert_int_equal(region_tree_alloc(&f.t, PAGE, 0x80000000u, &r), PAGING_ERR_NO_SPACE);
	assert_null(r);
	/* Fill it page by page. */
	for (uint32_t i = 0; i < RANGE / PAGE; i++)
		assert_int_equal(do_alloc(&f, PAGE, PAGE), START + i * PAGE);
	assert_int_equal(region_tree_free_bytes(&f.t), 0);
	assert_int_equal(f.t.root->max_free, 0);
	assert_int_equal(region_tree_alloc(&f.t, PAGE, PAGE, &r), PAGING_ERR_NO_SPACE);
	assert_int_equal(region_tree_alloc(&f.t, 1, 1, &r), PAGING_ERR_NO_SPACE);
	assert_int_equal(region_tree_reserve(&f.t, START, PAGE, &r), PAGING_ERR_REGION_OVERLAP);
	assert_height_bound(&f.t);
	/* Every other page free: 1-page holes only, at 0x2000-aligned addresses. */
	for (uint32_t i = 1; i < RANGE / PAGE; i += 2)
		assert_int_equal(region_tree_free(&f.t, START + i * PAGE), SYS_ERR_OK);
	assert_true(region_tree_check(&f.t));
	assert_int_equal(f.t.root->max_free, PAGE);
	assert_int_equal(region_tree_free_bytes(&f.t), RANGE / 2);
	assert_int_equal(region_tree_alloc(&f.t, 0x2000, PAGE, &r), PAGING_ERR_NO_SPACE);
	assert_int_equal(region_tree_alloc(&f.t, PAGE, 0x4000, &r), SYS_ERR_OK);
	assert_int_equal(r->base, 0x4000);
	assert_int_equal(do_alloc(&f, PAGE, 0x2000), 0x2000);
	assert_height_bound(&f.t);
	destroy(&f);

	/* At the top of the address space the aligned base would pass 2^32. */
	setup(&f, 0xfff00000u, 0xffffffffu);
	assert_int_equal(region_tree_alloc(&f.t, PAGE, 0x80000000u, &r), PAGING_ERR_NO_SPACE);
	assert_int_equal(do_alloc(&f, 0xfffff, 0x100000), 0xfff00000u);
	LAYOUT(&f.t, U(0xfff00000u, 0xfffff));
	assert_int_equal(region_tree_free(&f.t, 0xfff00000u), SYS_ERR_OK);
	assert_int_equal(do_alloc(&f, 0x1000, 0x1000), 0xfff00000u);
	assert_int_equal(do_alloc(&f, 0xfe000, 0x1000), 0xfff01000u);
	LAYOUT(&f.t, U(0xfff00000u, 0x1000), U(0xfff01000u, 0xfe000), F(0xfffff000u, 0xfff));
	assert_int_equal(do_alloc(&f, 0xfff, 1), 0xfffff000u);
	destroy(&f);
}

/* node_alloc failing on the first or the second node leaves the tree as it was. */
static void check_alloc_failure(struct fixture *f, int fail_in, bool reserve, uint32_t base,
				uint32_t size, uint32_t align)
{
	static struct snap before, after;
	struct region *r = NULL;
	long live = f->pool.live, allocs = f->pool.allocs;
	errval_t err;

	snapshot(&f->t, &before);
	f->pool.fail_in = fail_in;
	if (reserve)
		err = region_tree_reserve(&f->t, base, size, &r);
	else
		err = region_tree_alloc(&f->t, size, align, &r);
	f->pool.fail_in = -1;
	assert_int_equal(err, PAGING_ERR_NODE_ALLOC);
	assert_null(r);
	assert_int_equal(f->pool.live, live);
	assert_int_equal(f->pool.allocs, allocs + fail_in);
	snapshot(&f->t, &after);
	assert_snap_equal(&before, &after);
	assert_int_equal(f->t.nodes, after.n);
	assert_true(region_tree_check(&f->t));
}

static void test_node_alloc_failure(void **state)
{
	struct fixture f;
	struct region *r = NULL;

	(void)state;
	setup(&f, START, END);
	do_reserve(&f, 0x10000, PAGE);
	do_reserve(&f, 0x20000, PAGE);
	do_reserve(&f, 0x30000, PAGE);
	/* Reserve in the middle needs 2 nodes: first fails, then second fails. */
	check_alloc_failure(&f, 0, true, 0x15000, PAGE, 0);
	check_alloc_failure(&f, 1, true, 0x15000, PAGE, 0);
	/* Alloc with a head and a tail (0x4000-aligned inside [0x1000, 0x10000)). */
	check_alloc_failure(&f, 0, false, 0, PAGE, 0x4000);
	check_alloc_failure(&f, 1, false, 0, PAGE, 0x4000);
	/* Only a tail needed: the first node fails. */
	check_alloc_failure(&f, 0, false, 0, PAGE, PAGE);
	/* Only a head needed (reserve at the end of a free region). */
	check_alloc_failure(&f, 0, true, 0x1f000, PAGE, 0);
	/* With one node left, one-node operations succeed. */
	f.pool.fail_in = 1;
	do_reserve(&f, 0x1f000, PAGE);
	f.pool.fail_in = -1;
	/* An exact fit needs no node: works with a dead allocator. */
	f.pool.fail_in = 0;
	do_reserve(&f, 0x21000, 0xf000);
	assert_int_equal(region_tree_alloc(&f.t, 0xf000, 1, &r), SYS_ERR_OK);
	assert_int_equal(r->base, 0x1000);
	/* Free never needs a node. */
	assert_int_equal(region_tree_free(&f.t, 0x20000), SYS_ERR_OK);
	assert_int_equal(region_tree_free(&f.t, 0x1f000), SYS_ERR_OK);
	f.pool.fail_in = -1;
	assert_true(region_tree_check(&f.t));
	/* After all the failures, the same calls succeed. */
	do_reserve(&f, 0x15000, PAGE);
	assert_int_equal(do_alloc(&f, PAGE, 0x4000), 0x14000);
	destroy(&f);
}

static void test_find(void **state)
{
	struct fixture f;
	struct region *r;

	(void)state;
	setup(&f, START, END);
	assert_null(region_tree_find(&f.t, 0));
	assert_null(region_tree_find(&f.t, START - 1));
	assert_null(region_tree_find(&f.t, END));
	assert_null(region_tree_find(&f.t, 0xffffffffu));
	assert_ptr_equal(region_tree_find(&f.t, START), f.t.root);
	assert_ptr_equal(region_tree_find(&f.t, END - 1), f.t.root);
	for (uint32_t a = 0x2000; a < 0x40000; a += 0x3000)
		do_reserve(&f, a, PAGE);
	for (r = region_tree_first(&f.t); r; r = region_tree_next(r)) {
		assert_ptr_equal(region_tree_find(&f.t, r->base), r);
		assert_ptr_equal(region_tree_find(&f.t, r->base + r->size / 2), r);
		assert_ptr_equal(region_tree_find(&f.t, r->base + r->size - 1), r);
	}
	r = region_tree_find(&f.t, 0x5800);
	assert_non_null(r);
	assert_int_equal(r->base, 0x5000);
	assert_false(r->free);
	r = region_tree_find(&f.t, 0x6fff);
	assert_int_equal(r->base, 0x6000);
	assert_true(r->free);
	assert_int_equal(region_tree_used_count(&f.t), 21);
	assert_int_equal(region_tree_free_bytes(&f.t), RANGE - 21 * PAGE);
	destroy(&f);
}

/* Sequential allocation is the classic worst case for an unbalanced tree. */
static void test_sequential_balance(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, START, END);
	for (uint32_t i = 0; i < 1000; i++) {
		do_alloc(&f, PAGE, PAGE);
		assert_height_bound(&f.t);
	}
	/* Descending reservations from the top. */
	for (uint32_t a = END - PAGE; a >= END - 0x10000; a -= 0x2000) {
		do_reserve(&f, a, PAGE);
		assert_height_bound(&f.t);
	}
	for (uint32_t i = 0; i < 1000; i += 2) {
		assert_int_equal(region_tree_free(&f.t, START + i * PAGE), SYS_ERR_OK);
		assert_height_bound(&f.t);
	}
	for (uint32_t i = 1; i < 1000; i += 2) {
		assert_int_equal(region_tree_free(&f.t, START + i * PAGE), SYS_ERR_OK);
		assert_true(region_tree_check(&f.t));
		assert_height_bound(&f.t);
	}
	destroy(&f);
}

/* Recompute every max_free for the tree's current tail, as the tree would. */
static uint32_t remax(const struct region_tree *t, struct region *n)
{
	uint32_t m, l, r;

	if (!n)
		return 0;
	l = remax(t, n->left);
	r = remax(t, n->right);
	m = n->free && n != t->tail ? n->size : 0;
	m = m > l ? m : l;
	n->max_free = m > r ? m : r;
	return n->max_free;
}

/* region_tree_check is not vacuous: each kind of damage is seen. */
static void test_check_detects_damage(void **state)
{
	struct fixture f;
	struct region *r, *leaf, *parent, *saved_tail;
	uint32_t saved;

	(void)state;
	setup(&f, START, END);
	for (int i = 0; i < 20; i++)
		do_alloc(&f, PAGE, 0x2000);
	r = f.t.root;
	for (leaf = f.t.root; leaf->left; leaf = leaf->left)
		;

	saved = r->max_free;
	r->max_free = saved + 1;
	assert_false(region_tree_check(&f.t));
	r->max_free = saved;

	r->height++;
	assert_false(region_tree_check(&f.t));
	r->height--;

	leaf->size += 1;
	assert_false(region_tree_check(&f.t));
	leaf->size -= 1;

	parent = leaf->parent;
	leaf->parent = NULL;
	assert_false(region_tree_check(&f.t));
	leaf->parent = parent;
	assert_true(region_tree_check(&f.t));

	f.t.nodes++;
	assert_false(region_tree_check(&f.t));
	f.t.nodes--;

	/* The tail: missing, or another free region's (max_free made to agree with it). */
	saved_tail = f.t.tail;
	f.t.tail = NULL;
	assert_false(region_tree_check(&f.t));
	f.t.tail = region_tree_find(&f.t, 0x2000 + PAGE); /* a free gap left by the alignment */
	assert_true(f.t.tail->free && f.t.tail != saved_tail);
	f.t.tail->max_free = 0;
	for (struct region *p = f.t.tail->parent; p; p = p->parent)
		p->max_free = 0;
	assert_false(region_tree_check(&f.t));
	f.t.tail = saved_tail;
	assert_false(region_tree_check(&f.t)); /* the max_free just zeroed is wrong now */
	/* The same with every max_free made to agree: only the tail itself is wrong. */
	f.t.tail = NULL;
	remax(&f.t, f.t.root);
	assert_false(region_tree_check(&f.t));
	f.t.tail = region_tree_find(&f.t, 0x2000 + PAGE);
	remax(&f.t, f.t.root);
	assert_false(region_tree_check(&f.t));
	f.t.tail = saved_tail;
	remax(&f.t, f.t.root);
	assert_true(region_tree_check(&f.t));
	destroy(&f);
	setup(&f, START, END);
	for (int i = 0; i < 20; i++)
		do_alloc(&f, PAGE, 0x2000);

	/* Two adjacent free regions: the used page at 0x2000 sits between free ones. */
	r = region_tree_find(&f.t, 0x2000);
	assert_false(r->free);
	r->free = true;
	/* Keep max_free consistent so that only the adjacency rule is broken. */
	for (struct region *p = r; p; p = p->parent)
		if (p->max_free < r->size)
			p->max_free = r->size;
	assert_false(region_tree_check(&f.t));
	destroy(&f);
}

/* Hand-built trees: damage that only one of the checks can see. */
static void test_check_hand_built(void **state)
{
	struct region n[3];
	struct region_tree t = { .start = 0x1000, .end = 0x4000, .nodes = 3 };

	(void)state;
	/* 0x1000 -> 0x2000 -> 0x3000, all right children. */
	t.root = &n[0];
	n[0] = (struct region){ 0x1000, PAGE, false, 3, 0, NULL, &n[1], NULL, NULL };
	n[1] = (struct region){ 0x2000, PAGE, false, 2, 0, NULL, &n[2], &n[0], NULL };
	n[2] = (struct region){ 0x3000, PAGE, false, 1, 0, NULL, NULL, &n[1], NULL };
	assert_false(region_tree_check(&t));
	/* The same nodes balanced around 0x2000 pass. */
	t.root = &n[1];
	n[0] = (struct region){ 0x1000, PAGE, false, 1, 0, NULL, NULL, &n[1], NULL };
	n[1] = (struct region){ 0x2000, PAGE, false, 2, 0, &n[0], &n[2], NULL, NULL };
	n[2] = (struct region){ 0x3000, PAGE, false, 1, 0, NULL, NULL, &n[1], NULL };
	assert_true(region_tree_check(&t));
	/* The last node's parent link is the only thing wrong: the walk would still end right. */
	n[2].parent = NULL;
	assert_false(region_tree_check(&t));
	n[2].parent = &n[1];
	assert_true(region_tree_check(&t));
	/* Children on the wrong sides: links and heights fine, order broken. */
	n[1].left = &n[2];
	n[1].right = &n[0];
	assert_false(region_tree_check(&t));
}

/* --- the reference model -------------------------------------------------- */

struct mival {
	uint32_t base, size;
	bool free;
	struct region *node; /* the tree's node for a used interval */
};

struct model {
	uint32_t n;
	struct mival v[MAX_IVALS];
};

static void model_init(struct model *m, uint32_t start, uint32_t end)
{
	m->n = 1;
	m->v[0] = (struct mival){ start, end - start, true, NULL };
}

static int model_find(const struct model *m, uint64_t addr)
{
	for (uint32_t i = 0; i < m->n; i++)
		if (addr >= m->v[i].base && addr < (uint64_t)m->v[i].base + m->v[i].size)
			return (int)i;
	return -1;
}

/* Nodes a carve of [base, base+size) out of interval i needs. */
static int model_need(const struct model *m, int i, uint32_t base, uint32_t size)
{
	const struct mival *v = &m->v[i];

	return (base > v->base) + ((uint64_t)base + size < (uint64_t)v->base + v->size);
}

static void model_insert(struct model *m, uint32_t at, struct mival v)
{
	assert_true(m->n < MAX_IVALS);
	memmove(&m->v[at + 1], &m->v[at], (m->n - at) * sizeof(m->v[0]));
	m->v[at] = v;
	m->n++;
}

static void model_remove(struct model *m, uint32_t at)
{
	memmove(&m->v[at], &m->v[at + 1], (m->n - at - 1) * sizeof(m->v[0]));
	m->n--;
}

static void model_carve(struct model *m, int i, uint32_t base, uint32_t size, struct region *node)
{
	struct mival old = m->v[i];
	uint64_t old_end = (uint64_t)old.base + old.size;
	uint32_t at = (uint32_t)i;
	struct mival tail;

	model_remove(m, at);
	if (base > old.base)
		model_insert(m, at++, (struct mival){ old.base, base - old.base, true, NULL });
	model_insert(m, at++, (struct mival){ base, size, false, node });
	tail = (struct mival){ base + size, (uint32_t)(old_end - base - size), true, NULL };
	if (tail.size)
		model_insert(m, at, tail);
}

/* Naive first fit by address under alignment. */
static int model_first_fit(const struct model *m, uint32_t size, uint32_t align, uint32_t *base)
{
	for (uint32_t i = 0; i < m->n; i++) {
		uint64_t b = ((uint64_t)m->v[i].base + align - 1) / align * align;

		if (m->v[i].free && b + size <= (uint64_t)m->v[i].base + m->v[i].size) {
			*base = (uint32_t)b;
			return (int)i;
		}
	}
	return -1;
}

static void model_release(struct model *m, int i)
{
	m->v[i].free = true;
	m->v[i].node = NULL;
	if ((uint32_t)i + 1 < m->n && m->v[i + 1].free) {
		m->v[i].size += m->v[i + 1].size;
		model_remove(m, (uint32_t)i + 1);
	}
	if (i > 0 && m->v[i - 1].free) {
		m->v[i - 1].size += m->v[i].size;
		model_remove(m, (uint32_t)i);
	}
}

static void *cookie(uint32_t base)
{
	return (void *)((uintptr_t)base * 2 + 1);
}

static void assert_matches_model(const struct region_tree *t, const struct model *m)
{
	uint32_t i = 0, free_bytes = 0, used = 0;

	for (struct region *r = region_tree_first(t); r; r = region_tree_next(r), i++) {
		assert_true(i < m->n);
		assert_int_equal(r->base, m->v[i].base);
		assert_int_equal(r->size, m->v[i].size);
		assert_int_equal(r->free, m->v[i].free);
		if (r->free) {
			free_bytes += r->size;
			continue;
		}
		used++;
		assert_ptr_equal(r, m->v[i].node);
		assert_ptr_equal(r->data, cookie(r->base));
	}
	assert_int_equal(i, m->n);
	assert_int_equal(t->nodes, m->n);
	assert_int_equal(region_tree_free_bytes(t), free_bytes);
	assert_int_equal(region_tree_used_count(t), used);
}

/* --- the randomized test -------------------------------------------------- */

struct rng {
	uint64_t s;
};

static uint32_t rnd(struct rng *g)
{
	/* splitmix64: deterministic on every host. */
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

struct run {
	struct fixture f;
	struct model m;
	struct rng g;
	uint32_t unit;		     /* size granule: a page, or 1 byte */
	const uint8_t *align_shifts; /* alignments are 1 << one of these */
	uint32_t naligns;
	/* How often each outcome happened, to show the test reaches them all. */
	uint32_t ok, no_space, overlap, not_found, node_alloc;
};

static uint32_t random_size(struct run *x)
{
	/* Two statements: the order of two rnd() calls in one expression is unspecified. */
	uint32_t most = rnd(&x->g) % 4 ? 8 : 128;

	return (1 + rnd(&x->g) % most) * x->unit;
}

/* Whether an op needing `need` nodes must fail, node_alloc failing after fail_in more. */
static bool nodes_fail(int fail_in, int need)
{
	return fail_in >= 0 && need > fail_in;
}

static void random_alloc(struct run *x)
{
	uint32_t size = random_size(x), align = 1u << x->align_shifts[rnd(&x->g) % x->naligns],
		 base = 0;
	int i = model_first_fit(&x->m, size, align, &base);
	long live = x->f.pool.live;
	int fail_in = x->f.pool.fail_in; /* the call counts it down */
	struct region *r = NULL;
	errval_t err = region_tree_alloc(&x->f.t, size, align, &r);

	if (i < 0) {
		assert_int_equal(err, PAGING_ERR_NO_SPACE);
		x->no_space++;
	} else if (nodes_fail(fail_in, model_need(&x->m, i, base, size))) {
		assert_int_equal(err, PAGING_ERR_NODE_ALLOC);
		assert_int_equal(x->f.pool.live, live);
		x->node_alloc++;
	} else {
		assert_int_equal(err, SYS_ERR_OK);
		x->ok++;
		assert_int_equal(r->base, base);
		assert_null(r->data);
		r->data = cookie(base);
		model_carve(&x->m, i, base, size, r);
	}
}

static void random_reserve(struct run *x)
{
	struct fixture *f = &x->f;
	uint32_t size = rnd(&x->g) % 32 ? random_size(x) : 0;
	uint64_t base;
	struct region *r = NULL;
	int i, fail_in = f->pool.fail_in;
	long live = f->pool.live;
	errval_t err;

	if (rnd(&x->g) % 2) {
		/* Somewhere in a random interval, usually a fit. */
		const struct mival *v = &x->m.v[rnd(&x->g) % x->m.n];

		base = v->base + (uint64_t)(rnd(&x->g) % (v->size / x->unit)) * x->unit;
	} else {
		/* Anywhere, including a little outside the range. */
		uint64_t span = ((uint64_t)f->t.end - f->t.start) / x->unit + 4;

		base = (uint64_t)f->t.start + (rnd(&x->g) % span) * x->unit;
		base = base >= 2 * x->unit ? base - 2 * x->unit : 0;
	}
	if (base > 0xffffffffu)
		base = 0xffffffffu;
	i = model_find(&x->m, base);
	err = region_tree_reserve(&f->t, (uint32_t)base, size, &r);
	if (size == 0 || i < 0 || !x->m.v[i].free ||
	    base + size > (uint64_t)x->m.v[i].base + x->m.v[i].size) {
		assert_int_equal(err, PAGING_ERR_REGION_OVERLAP);
		x->overlap++;
	} else if (nodes_fail(fail_in, model_need(&x->m, i, (uint32_t)base, size))) {
		assert_int_equal(err, PAGING_ERR_NODE_ALLOC);
		assert_int_equal(f->pool.live, live);
		x->node_alloc++;
	} else {
		assert_int_equal(err, SYS_ERR_OK);
		x->ok++;
		assert_int_equal(r->base, base);
		r->data = cookie((uint32_t)base);
		model_carve(&x->m, i, (uint32_t)base, size, r);
	}
}

static void random_free(struct run *x)
{
	struct fixture *f = &x->f;
	uint32_t base, used[MAX_IVALS], nused = 0;
	int i;

	for (uint32_t k = 0; k < x->m.n; k++)
		if (!x->m.v[k].free)
			used[nused++] = k;
	if (nused && rnd(&x->g) % 4) {
		base = x->m.v[used[rnd(&x->g) % nused]].base;
	} else {
		base = f->t.start + rnd(&x->g) % (f->t.end - f->t.start);
		if (rnd(&x->g) % 2)
			base -= (base - f->t.start) % x->unit;
	}
	for (i = 0; i < (int)x->m.n && x->m.v[i].base != base; i++)
		;
	if (i == (int)x->m.n || x->m.v[i].free) {
		assert_int_equal(region_tree_free(&f->t, base), PAGING_ERR_REGION_NOT_FOUND);
		x->not_found++;
		return;
	}
	assert_ptr_equal(region_tree_find(&f->t, base), x->m.v[i].node);
	assert_int_equal(region_tree_free(&f->t, base), SYS_ERR_OK);
	model_release(&x->m, i);
}

static void random_run(struct run *x, uint64_t seed, uint32_t start, uint32_t end, uint32_t ops)
{
	struct fixture *f = &x->f;

	x->g.s = seed;
	setup(f, start, end);
	model_init(&x->m, start, end);
	for (uint32_t op = 0; op < ops; op++) {
		/* Fill up in the first half, so NO_SPACE happens; churn after. */
		uint32_t pick = rnd(&x->g) % 100, alloc_pct = op < ops / 2 ? 60 : 35;

		f->pool.fail_in = rnd(&x->g) % 16 ? -1 : (int)(rnd(&x->g) % 2);
		if (pick < alloc_pct)
			random_alloc(x);
		else if (pick < alloc_pct + 15)
			random_reserve(x);
		else
			random_free(x);
		f->pool.fail_in = -1;
		assert_int_equal(f->pool.live, f->t.nodes);
		assert_matches_model(&f->t, &x->m);
		assert_true(region_tree_check(&f->t));
		assert_height_bound(&f->t);
	}
	/* Free everything in a random order: one free region, no node leaked. */
	while (region_tree_used_count(&f->t)) {
		random_free(x);
		assert_true(region_tree_check(&f->t));
	}
	assert_matches_model(&f->t, &x->m);
	assert_int_equal(f->t.nodes, 1);
	assert_int_equal(f->pool.live, 1);
	destroy(f);
}

static void test_random_pages(void **state)
{
	/* Byte, page (twice as likely), 2 to 64 pages, and 1 MiB. */
	static const uint8_t shifts[] = { 0, 12, 12, 13, 14, 16, 18, 20 };
	static struct run x;

	(void)state;
	x.unit = PAGE;
	x.align_shifts = shifts;
	x.naligns = sizeof(shifts);
	for (uint64_t seed = 1; seed <= 200; seed++)
		random_run(&x, seed, START, END, 2000);
	print_message("random_pages: ok %u, no space %u, overlap %u, not found %u, node alloc %u\n",
		      x.ok, x.no_space, x.overlap, x.not_found, x.node_alloc);
	assert_true(x.ok && x.no_space && x.overlap && x.not_found && x.node_alloc);
}

/* Byte granularity in a tiny range with odd bounds: off-by-ones show up here. */
static void test_random_bytes(void **state)
{
	static const uint8_t shifts[] = { 0, 0, 1, 2, 3, 4, 6 };
	static struct run x;

	(void)state;
	x.unit = 1;
	x.align_shifts = shifts;
	x.naligns = sizeof(shifts);
	for (uint64_t seed = 1000; seed < 1100; seed++)
		random_run(&x, seed, 5, 5 + 301, 1000);
	/* The very top of the address space. */
	for (uint64_t seed = 2000; seed < 2050; seed++)
		random_run(&x, seed, 0xffffffffu - 257, 0xffffffffu, 1000);
	assert_true(x.ok && x.no_space && x.overlap && x.not_found && x.node_alloc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_tail),
		cmocka_unit_test(test_alloc_alignment),
		cmocka_unit_test(test_alloc_alignment_skips),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_free_merge),
		cmocka_unit_test(test_node_identity),
		cmocka_unit_test(test_free_unknown),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_node_alloc_failure),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_sequential_balance),
		cmocka_unit_test(test_check_detects_damage),
		cmocka_unit_test(test_check_hand_built),
		cmocka_unit_test(test_random_pages),
		cmocka_unit_test(test_random_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
