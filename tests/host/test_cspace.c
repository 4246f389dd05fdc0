/* Host tests of capability address lookup (kernel/cap/cspace.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <cspace.h>

#include "fake_hooks.h"

#define KiB(n) ((n)*1024u)

static struct cte ram, rootcn; /* a root RAM cap and the L1 CNode made from it */
static struct cte *l1;	       /* the L1 CNode's 512 slots */

/* L1 slot 1: an L2 CNode with a frame in slot 7; slot 2: a frame; slot 300: an L2 CNode. */
static int setup(void **state)
{
	struct capability r = { .type = ObjType_RAM,
				.rights = CAPRIGHTS_ALLRIGHTS,
				.base = FAKE_RAM_BASE,
				.bytes = KiB(256) };
	struct cte *l2;

	(void)state;
	fake_reset();
	memset(&ram, 0, sizeof(ram));
	memset(&rootcn, 0, sizeof(rootcn));
	caps_create_root(&ram, &r);
	assert_int_equal(caps_retype(&ram, ObjType_L1CNode, 0, KiB(32), 1, &rootcn, 0, 1),
			 SYS_ERR_OK);
	l1 = cap_kva(rootcn.cap.base);
	assert_int_equal(caps_retype(&ram, ObjType_L2CNode, KiB(32), KiB(16), 1, l1, 1, 512),
			 SYS_ERR_OK);
	l2 = cap_kva(l1[1].cap.base);
	assert_int_equal(caps_retype(&ram, ObjType_Frame, KiB(64), KiB(4), 1, l2, 7, 256),
			 SYS_ERR_OK);
	assert_int_equal(caps_retype(&ram, ObjType_Frame, KiB(68), KiB(4), 1, l1, 2, 512),
			 SYS_ERR_OK);
	assert_int_equal(caps_retype(&ram, ObjType_L2CNode, KiB(80), KiB(16), 1, l1, 300, 512),
			 SYS_ERR_OK);
	return 0;
}

static void test_level2_lookup(void **state)
{
	struct cte *slot = NULL, *l2 = cap_kva(l1[1].cap.base);

	(void)state;
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(1, 7), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_OK);
	assert_ptr_equal(slot, &l2[7]);
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(1, 7), 2, CAPRIGHTS_READ, &slot), SYS_ERR_OK);
	assert_int_equal(slot->cap.type, ObjType_Frame);
	/* An empty slot is a slot, but not a capability. */
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(1, 255), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_OK);
	assert_ptr_equal(slot, &l2[255]);
	slot = NULL;
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(1, 255), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CAP_NOT_FOUND);
	assert_null(slot);
	/* A 32 KiB root CNode has 512 slots. */
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(300, 0), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_OK);
	assert_ptr_equal(slot, cap_kva(l1[300].cap.base));
}

static void test_level1_lookup(void **state)
{
	struct cte *slot = NULL;

	(void)state;
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(2, 0), 1, CAPRIGHTS_READ, &slot), SYS_ERR_OK);
	assert_ptr_equal(slot, &l1[2]);
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(1, 0), 1, CAPRIGHTS_READ, &slot), SYS_ERR_OK);
	assert_int_equal(slot->cap.type, ObjType_L2CNode);
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(511, 0), 1, CAPRIGHTS_READ, &slot),
		   SYS_ERR_OK);
	assert_ptr_equal(slot, &l1[511]);
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(511, 0), 1, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CAP_NOT_FOUND);
	/* Level 1 ignores the L2 bits. */
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(2, 9), 1, CAPRIGHTS_READ, &slot),
		   SYS_ERR_OK);
	assert_ptr_equal(slot, &l1[2]);
}

static void test_invalid_level(void **state)
{
	struct cte *slot = NULL;

	(void)state;
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(1, 7), 0, CAPRIGHTS_READ, &slot),
		   SYS_ERR_INVALID_LEVEL);
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(1, 7), 3, CAPRIGHTS_READ, &slot),
		   SYS_ERR_INVALID_LEVEL);
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(1, 7), 255, CAPRIGHTS_READ, &slot),
		   SYS_ERR_INVALID_LEVEL);
	/* Only the exact values: 0x102 is not 2 with other bits ignored. */
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(1, 7), 0x102, CAPRIGHTS_READ, &slot),
		   SYS_ERR_INVALID_LEVEL);
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(2, 0), 0x101, CAPRIGHTS_READ, &slot),
		   SYS_ERR_INVALID_LEVEL);
	assert_null(slot);
}

static void test_root_must_be_l1_cnode(void **state)
{
	struct cte *slot = NULL, empty;

	(void)state;
	memset(&empty, 0, sizeof(empty));
	assert_err(cspace_lookup_slot(&empty, CAPADDR(1, 7), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CNODE_TYPE);
	assert_err(cspace_lookup_slot(&l1[1], CAPADDR(1, 7), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CNODE_TYPE);
	assert_err(cspace_lookup_slot(&l1[2], 0, 1, CAPRIGHTS_READ, &slot), SYS_ERR_CNODE_TYPE);
	assert_err(cspace_lookup_cap(&ram, 0, 1, CAPRIGHTS_READ, &slot), SYS_ERR_CNODE_TYPE);
	assert_null(slot);
}

static void test_l1_index_out_of_range(void **state)
{
	struct cte *slot = NULL;

	(void)state;
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(512, 0), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_L1_INDEX_INVALID);
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(512, 0), 1, CAPRIGHTS_READ, &slot),
		   SYS_ERR_L1_INDEX_INVALID);
	assert_err(cspace_lookup_cap(&rootcn, 0xffffffffu, 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_L1_INDEX_INVALID);
	assert_null(slot);
}

static void test_l2_cnode_missing_or_wrong(void **state)
{
	struct cte *slot = NULL;

	(void)state;
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(3, 0), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CNODE_NOT_FOUND);
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(511, 4), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CNODE_NOT_FOUND);
	/* A frame, or the L1 CNode itself, is not an L2 CNode. */
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(2, 0), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CNODE_TYPE);
	assert_int_equal(caps_copy(&rootcn, &l1[4]), SYS_ERR_OK);
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(4, 0), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CNODE_TYPE);
	assert_null(slot);
	/* Once the L2 CNode is deleted, its address is gone too. */
	assert_int_equal(caps_delete(&l1[1]), SYS_ERR_OK);
	assert_err(cspace_lookup_cap(&rootcn, CAPADDR(1, 7), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_CNODE_NOT_FOUND);
	assert_true(mdb_check_invariants());
}

/* Every CNode on the path must hold the rights asked for: the root, then the L2 CNode. */
static void test_rights_on_the_path(void **state)
{
	struct cte *slot = NULL, ro_root, *l2_ro = &l1[5];

	(void)state;
	memset(&ro_root, 0, sizeof(ro_root));
	assert_int_equal(
	    caps_mint(&rootcn, &ro_root, &(struct mint_words){ CAPRIGHTS_READ, 0, 0, 0 }),
	    SYS_ERR_OK);
	assert_err(cspace_lookup_cap(&ro_root, CAPADDR(1, 7), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_OK);
	slot = NULL;
	assert_err(cspace_lookup_slot(&ro_root, CAPADDR(1, 8), 2, CAPRIGHTS_WRITE, &slot),
		   SYS_ERR_CNODE_RIGHTS);
	assert_err(cspace_lookup_slot(&ro_root, CAPADDR(9, 0), 1, CAPRIGHTS_WRITE, &slot),
		   SYS_ERR_CNODE_RIGHTS);
	/* A read-only L2 CNode in a writable root: its slots are read-only too. */
	assert_int_equal(caps_mint(&l1[1], l2_ro, &(struct mint_words){ CAPRIGHTS_READ, 0, 0, 0 }),
			 SYS_ERR_OK);
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(5, 8), 2, CAPRIGHTS_WRITE, &slot),
		   SYS_ERR_CNODE_RIGHTS);
	assert_err(cspace_lookup_slot(&rootcn, CAPADDR(5, 8), 2, CAPRIGHTS_READ, &slot),
		   SYS_ERR_OK);
	assert_err(
	    cspace_lookup_slot(&rootcn, CAPADDR(1, 8), 2, CAPRIGHTS_READ | CAPRIGHTS_WRITE, &slot),
	    SYS_ERR_OK);
	assert_true(mdb_check_invariants());
}

/*
 * The invocation path's inline lookup (cspace_lookup_fast) against the full
 * one, over every first-level index (and past the end), several second-level
 * indices, every level value that matters, and roots and L2 CNodes with and
 * without the read right or of the wrong type: whenever it answers, it
 * names the same slot; it answers exactly when the full lookup of a level-2
 * address succeeds.
 */
static void test_fast_lookup_agrees_with_full_lookup(void **state)
{
	static const uint32_t levels[] = { 0, 1, 2, 3, 0x102 };
	static const uint32_t l2_slots[] = { 0, 7, 128, 255 };
	struct cte ro_root, wo_root, *roots[4];
	unsigned agreed = 0;

	(void)state;
	memset(&ro_root, 0, sizeof(ro_root));
	memset(&wo_root, 0, sizeof(wo_root));
	assert_int_equal(
	    caps_mint(&rootcn, &ro_root, &(struct mint_words){ CAPRIGHTS_READ, 0, 0, 0 }),
	    SYS_ERR_OK);
	assert_int_equal(
	    caps_mint(&rootcn, &wo_root, &(struct mint_words){ CAPRIGHTS_WRITE, 0, 0, 0 }),
	    SYS_ERR_OK);
	/* L1 slot 5: the L2 CNode of slot 1 without the read right; slot 4: the root (L1). */
	assert_int_equal(
	    caps_mint(&l1[1], &l1[5], &(struct mint_words){ CAPRIGHTS_WRITE, 0, 0, 0 }),
	    SYS_ERR_OK);
	assert_int_equal(caps_copy(&rootcn, &l1[4]), SYS_ERR_OK);
	roots[0] = &rootcn;
	roots[1] = &ro_root;
	roots[2] = &wo_root;
	roots[3] = &l1[1]; /* an L2 CNode is no root */
	for (unsigned r = 0; r < 4; r++)
		for (unsigned lv = 0; lv < sizeof(levels) / sizeof(levels[0]); lv++)
			for (uint32_t i1 = 0; i1 < 520; i1++)
				for (unsigned i2 = 0; i2 < sizeof(l2_slots) / sizeof(l2_slots[0]);
				     i2++) {
					uint32_t addr = CAPADDR(i1, l2_slots[i2]);
					struct cte *slow = NULL;
					errval_t err = cspace_lookup_cap(roots[r], addr, levels[lv],
									 CAPRIGHTS_READ, &slow);
					struct cte *fast =
					    cspace_lookup_fast(roots[r], addr, levels[lv]);

					assert_int_equal(fast != NULL,
							 err_is_ok(err) && levels[lv] == 2);
					if (fast)
						assert_ptr_equal(fast, slow);
					agreed++;
				}
	assert_int_equal(agreed, 4 * 5 * 520 * 4);
	assert_true(mdb_check_invariants());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_level2_lookup, setup),
		cmocka_unit_test_setup(test_level1_lookup, setup),
		cmocka_unit_test_setup(test_invalid_level, setup),
		cmocka_unit_test_setup(test_root_must_be_l1_cnode, setup),
		cmocka_unit_test_setup(test_l1_index_out_of_range, setup),
		cmocka_unit_test_setup(test_l2_cnode_missing_or_wrong, setup),
		cmocka_unit_test_setup(test_rights_on_the_path, setup),
		cmocka_unit_test_setup(test_fast_lookup_agrees_with_full_lookup, setup),
	};
	return cmocka_run_group_tests_name("cspace", tests, NULL, NULL);
}
