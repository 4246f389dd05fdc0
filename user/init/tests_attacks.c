/*
 * The attacks: one child per test (user/attacker), each trying to break
 * one of the kernel's guarantees with nothing but what spawn gives every
 * child.  A test passes when the child exits with the status its scenario
 * expects (0: every attack refused as it should be; a fault status where
 * the attack must end in a fault), and init's snapshot (capabilities by
 * type, free RAM, slots) is exactly as before.  The runner checks the
 * kernel's invariants after each (tests.c).
 */
#include <stdio.h>

#include <invocations.h>

#include "proc.h"
#include "tests.h"

#define ATTACKER_HEAP (256u * KiB) /* RAM the attacker retypes into tables, frames, CNodes */

static void attack(const char *scenario, int32_t expected_status)
{
	static bool warmed_up;
	char *argv[] = { "attacker", (char *)scenario };
	struct snapshot before, after;
	int32_t status;
	uint32_t pid;

	/* The first spawn grows init's own heap; measure from the second on. */
	if (!warmed_up) {
		char *nothing[] = { "attacker", "none" };

		EXPECT_OK(proc_spawn_argv(2, nothing, ATTACKER_HEAP, &pid));
		EXPECT_OK(proc_wait(pid, &status));
		EXPECT(status == 2);
		warmed_up = true;
	}
	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(proc_spawn_argv(2, argv, ATTACKER_HEAP, &pid));
	EXPECT_OK(proc_wait(pid, &status));
	if (status != expected_status)
		printf("  attacker %s: status %d, expected %d\n", scenario, (int)status,
		       (int)expected_status);
	EXPECT(status == expected_status);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

#define ATTACK(name, status)            \
	static void attack_##name(void) \
	{                               \
		attack(#name, status);  \
	}
#define ATTACKS(X)                            \
	X(table_dies_first, 0)                \
	X(ram_under_table_revoked, 0)         \
	X(part_way_unmap, 0)                  \
	X(table_copy_keeps_mappings, 0)       \
	X(frame_dies_first, 0)                \
	X(unmap_rules, 0)                     \
	X(l2_cnode_invocation, 0)             \
	X(level_must_be_exact, 0)             \
	X(readonly_root, 0)                   \
	X(readonly_l2_on_path, 0)             \
	X(readonly_dispatcher_frame, 0)       \
	X(vnode_without_write, 0)             \
	X(frame_rights_bound_the_map, 0)      \
	X(dispatcher_without_rights, 0)       \
	X(retype_without_write, 0)            \
	X(mint_cannot_add_rights, 0)          \
	X(shares_lack_revoke, 0)              \
	X(timeslice_needs_authority, 0)       \
	X(map_into_kernel_half, 0)            \
	X(read_kernel, EXIT_STATUS_FAULT)     \
	X(write_kernel, EXIT_STATUS_FAULT)    \
	X(addresses_out_of_reach, 0)          \
	X(retype_overlap_layouts, 0)          \
	X(retype_argument_rules, 0)           \
	X(endpoint_rules, 0)                  \
	X(copy_and_delete_rules, 0)           \
	X(map_type_rules, 0)                  \
	X(dispatcher_setup_rules, 0)          \
	X(delete_own_shares, 0)               \
	X(revoke_own_heap, EXIT_STATUS_FAULT) \
	X(forged_save_area, 0)                \
	X(caps_it_was_not_given, 0)           \
	X(reuse_churn, 0)                     \
	X(source_and_dest_roots, 0)           \
	X(mint_cannot_add_revoke, 0)          \
	X(copy_keeps_rights, 0)               \
	X(unmap_needs_write, 0)               \
	X(endpoint_needs_write, 0)            \
	X(revoke_reach_by_right, 0)           \
	X(own_dispatcher_lifecycle, 0)        \
	X(readonly_table_not_installed, 0)    \
	X(readonly_vspace_not_run, 0)         \
	X(destroyed_by_pending_deletion, 0)

ATTACKS(ATTACK)

#define ATTACK_ENTRY(name, status) { "attack_" #name, attack_##name },
const struct test attack_tests[] = { ATTACKS(ATTACK_ENTRY) };
const unsigned attack_test_count = sizeof(attack_tests) / sizeof(attack_tests[0]);
