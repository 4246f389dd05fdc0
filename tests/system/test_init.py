"""The kernel starts init in user mode; init manages memory and runs the in-system tests."""
import re

import pytest


def test_init_runs_in_user_mode_with_bootinfo(boot):
    m = boot()
    m.expect(r"init: \d+ KiB of boot memory used, (\d+) MiB of RAM given to init")
    m.expect(r"init: running in user mode, argc 2, argv\[0\] 'init', argv\[1\] '0x7fe01000'")
    m.expect(r"init: bootinfo at 0x7fe01000: \d+ regions, (\d+) MiB of RAM in SUPERCN")
    m.expect(r"init: module \d+: '/sbin/init', \d+ bytes, MODULECN slot 0")
    m.expect(r"init: device 'uart1' at 0x1000a000, 4 KiB, PACN slot 0")
    match = m.expect(r"init: RAM allocator: (\d+) MiB free of (\d+) MiB, in (\d+) blocks")
    free, total, _ = (int(g) for g in match.groups())
    assert 400 < free <= total


def test_init_maps_and_frees_a_64_mib_frame(boot):
    m = boot()
    match = m.expect(r"init: mapped a (\d+) MiB frame \(physical 0x[0-9a-f]{8}\) at "
                     r"0x[0-9a-f]{8}: (\d+) L2 tables, (\d+) map invocations")
    mib, tables, maps = (int(g) for g in match.groups())
    assert mib >= 64 and tables > 60
    assert maps == tables, "one map invocation per L2 table, not per page"
    m.expect(r"init: wrote and read back all 16384 pages: all correct")
    m.expect(r"init: unmapped and freed it: \d+ MiB free of \d+ MiB, as before: yes")


# The in-system tests of the test image (user/init/tests_*.c), one pytest case each.
IN_SYSTEM_TESTS = [
    "retype_rules",
    "copy_mint_delete_revoke",
    "reused_memory_is_zeroed",
    "map_unmap_rules",
    "remap_reads_new_frame",
    "user_fault_reported",
    "registers_survive_preemption",
    "registers_survive_preemption_disabled",
    "preempted_inside_resume",
    "preempted_inside_it_block",
    "two_spinners_share_the_cpu",
    "timeslice_property",
    "forged_privileged_mode",
    "delete_running_dispatcher",
    "revoke_dispatcher_frame",
    "bad_syscalls",
    "console_bind_rules",
    "cnode_create_l1_and_foreign_l2",
    "slot_allocator_refills",
    "many_regions_refill_the_slab",
    "paging_slab_nodes_come_zeroed",
    "ram_alloc_free_coalesce",
    "ram_free_revokes_copies",
    "ram_objects_made_directly",
    "several_large_maps",
    "out_of_memory",
    "paging_cycles_lose_nothing",
    "access_after_unmap_faults",
    "read_only_mapping",
    "fixed_mapping_rules",
    "large_sections",
    "stack_guard_page",
    "foreign_vspace",
    "failed_l2_gives_back_its_group",
    "devframe_maps_device_registers",
    "paging_region_cut_back",
    "malloc_32_mib",
    "many_children_at_once",
    "spawn_and_reap_lose_nothing",
    "child_maps_its_16_mib",
    "child_gets_the_stack_it_asks_for",
    "broken_elf_refused",
    "child_cspace_dump",
    "menu_arguments_with_quotes",
    "wait_without_exit_message",
    "hostile_child_loses_init_nothing",
    "attack_table_dies_first",
    "attack_ram_under_table_revoked",
    "attack_part_way_unmap",
    "attack_table_copy_keeps_mappings",
    "attack_frame_dies_first",
    "attack_unmap_rules",
    "attack_l2_cnode_invocation",
    "attack_level_must_be_exact",
    "attack_readonly_root",
    "attack_readonly_l2_on_path",
    "attack_readonly_dispatcher_frame",
    "attack_vnode_without_write",
    "attack_frame_rights_bound_the_map",
    "attack_dispatcher_without_rights",
    "attack_retype_without_write",
    "attack_mint_cannot_add_rights",
    "attack_shares_lack_revoke",
    "attack_timeslice_needs_authority",
    "attack_map_into_kernel_half",
    "attack_read_kernel",
    "attack_write_kernel",
    "attack_addresses_out_of_reach",
    "attack_retype_overlap_layouts",
    "attack_retype_argument_rules",
    "attack_endpoint_rules",
    "attack_copy_and_delete_rules",
    "attack_map_type_rules",
    "attack_dispatcher_setup_rules",
    "attack_delete_own_shares",
    "attack_revoke_own_heap",
    "attack_forged_save_area",
    "attack_caps_it_was_not_given",
    "attack_reuse_churn",
    "attack_source_and_dest_roots",
    "attack_mint_cannot_add_revoke",
    "attack_copy_keeps_rights",
    "attack_unmap_needs_write",
    "attack_endpoint_needs_write",
    "attack_revoke_reach_by_right",
    "attack_own_dispatcher_lifecycle",
    "attack_readonly_table_not_installed",
    "attack_readonly_vspace_not_run",
    "attack_destroyed_by_pending_deletion",
    "process_fair_share",
    "ticks_missed_baseline",
    "ticks_missed_large_retype",
    "ticks_missed_big_cspace",
    "ticks_missed_big_table",
    "ticks_missed_revoke_10000",
    "lmp_send_receive",
    "lmp_ep_ref_sends_as_ep_send",
    "lmp_buffer_full_and_wrap",
    "lmp_hostile_header",
    "lmp_mint_rules",
    "lmp_cap_transfer_refusals",
    "lmp_cap_transfer",
    "lmp_block_no_lost_wakeup",
    "lmp_block_and_wake",
    "lmp_ref_send_hands_over_the_turn",
    "lmp_cap_send_hands_over_the_turn",
    "lmp_yield_pair_cannot_starve",
    "lmp_send_to_exited",
    "lmp_blocked_dispatcher_dies",
    "lmp_frame_rules",
    "waitset_event_dispatch",
    "lmp_exit_message",
    "lmp_exit_waits_for_room",
    "init_waits_off_the_run_queue",
    "lmp_pingpong_children",
    "rpc_calls_go_through_the_kernel",
    "rpc_old_client_endpoint_refused",
    "rpc_ram_beyond_initial",
    "rpc_ram_limit",
    "rpc_spawn_and_wait",
    "rpc_kill_own_child",
    "rpc_kill_refused",
    "rpc_list_processes",
    "rpc_flood",
    "rpc_garbage",
    "rpc_exit_mid_call",
    "sleep_blocks_and_wakes_on_time",
    "sleep_time_passed_does_not_block",
    "sleeper_deleted_while_asleep",
    "fastpath_serves_identify",
    "fastpath_refuses_as_full_path",
    "fastpath_every_slot",
    "fastpath_sends_as_full_path",
    "sendpath_switches_as_c_path",
    "yieldpath_resumes_as_c_path",
    "call_and_reply",
    "call_refusals",
    "call_caller_dies",
    "call_server_dies",
    "call_caller_loses_frame",
    "call_server_loses_frame",
    "reply_wait_woken",
    "call_fast_and_c_paths_agree",
    "child_slot_allocator_grows",
]


@pytest.mark.parametrize("name", IN_SYSTEM_TESTS)
def test_in_system(in_system_results, name):
    console, results, _ = in_system_results
    assert results.get(name) == "ok", f"in-system test {name}: {results.get(name)}\n{console}"


def test_test_image_ends_qemu_with_its_result(in_system_results):
    """`make IMAGE=test qemu` ends by itself: 0 when every test passed, 1 when one failed."""
    _, _, (_, failed) = in_system_results
    assert in_system_results.exit_status == (1 if failed else 0)
    assert "kernel: shutdown asked for, status" in in_system_results[0]


def test_in_system_list_is_complete(in_system_results):
    """init ran exactly the tests listed above, and its summary counts what it printed.

    The verdicts themselves are counted once, by test_in_system: a failure is not
    counted again here."""
    console, results, (passed, failed) = in_system_results
    assert set(results) == set(IN_SYSTEM_TESTS), console
    verdicts = re.findall(r"^test \w+: (ok|FAILED)", console, re.M)
    assert (passed, failed) == (verdicts.count("ok"), verdicts.count("FAILED")), console


def test_two_children_ping_pong_over_lmp(in_system_results):
    """The client counts its pongs and the frames that came back; the server its pings."""
    console, _, _ = in_system_results
    assert re.search(r"pingpong\[\d+\]: 100000 messages, 100 capabilities, ok", console), console
    assert re.search(r"pingpong\[\d+\]: server: 100000 pings answered, "
                     r"100 capabilities moved back", console), console


def test_user_fault_report_names_dispatcher(in_system_results):
    console, _, _ = in_system_results
    assert re.search(r"user fault: dispatcher 'faulter' \(pid 0\): data abort at 0x00000000: "
                     r"translation fault \(section\), write, pc 0x004[0-9a-f]{5}; "
                     r"it exits with status -1", console), console


def test_faults_after_unmap_and_on_read_only_pages_are_reported(in_system_results):
    console, _, _ = in_system_results
    assert re.search(r"dispatcher 'after-unmap' \(pid 0\): data abort at 0x[0-9a-f]{8}: "
                     r"translation fault \(page\), read", console), console
    assert re.search(r"dispatcher 'write-ro' \(pid 0\): data abort at 0x[0-9a-f]{8}: "
                     r"permission fault \(page\), write", console), console
    assert re.search(r"dispatcher 'guard' \(pid 0\): data abort at 0x[0-9a-f]{8}: "
                     r"translation fault \(page\), write", console), console


def test_foreign_vspace_table_maps_the_frame(in_system_results):
    """The dump of the foreign L2 table (read through VNodeCmd_Entry) shows the frame, page
    after page."""
    console, _, _ = in_system_results
    want = re.search(r"foreign L2 table for 0x60000000 should map physical 0x([0-9a-f]{8})",
                     console)
    assert want, console
    dump = re.search(r"L2 table at 0x[0-9a-f]{8}:\s+\[   0- 255\] ([0-9a-f]{8}) and on, "
                     r"256 entries 0x1000 apart", console[want.end():])
    assert dump, console
    assert int(dump.group(1), 16) & ~0xfff == int(want.group(1), 16)
    # User page, not global (bit 11), never a privileged-only mapping.
    assert int(dump.group(1), 16) & 0x800


def test_init_runs_once_every_live_processes_plus_one_slices(in_system_results):
    """A child with eight spinning dispatchers gets one turn per round, as init does."""
    console, _, _ = in_system_results
    for others, bound in [(1, 2), (2, 3)]:
        # The best of up to three windows counts (a host stall can cut one of init's turns).
        gaps = re.findall(rf"  {others} other process(?:es)? \(.*\): init waited at most (\d+) "
                          rf"ticks, \d+ turns in \d+ ticks", console)
        assert gaps, console
        assert min(int(g) for g in gaps) <= bound, gaps
    assert re.search(r"spinner\[\d+\]: 8 dispatchers spun for \d+ ms", console), console


def test_no_long_call_misses_more_than_two_ticks(in_system_results):
    console, _, _ = in_system_results
    missed = re.findall(r"  ticks missed: (.*): (\d+) \(\d+ ms\)", console)
    for what in ["dump of a CSpace", "dump of an L1 table", "retype of a 64 MiB frame",
                 "revoke of a tree of 10001"]:
        # The best of up to five measurements counts (a host stall loses ticks at random).
        found = [int(n) for k, n in missed if k.startswith(what)]
        assert found and min(found) <= 2, (what, missed)


def test_kernel_memset_and_memcpy_agree_with_byte_loops(in_system_results):
    """The test image's kernel checks its assembly memset and memcpy at boot: every alignment
    of both ends, every length up to 300 (8 x (1 + 8) x 301 cases)."""
    console = in_system_results[0]
    assert "kernel: memset and memcpy agree with byte loops in 21672 cases" in console, console
