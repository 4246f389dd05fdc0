"""The kernel starts init in user mode; init proves what its CSpace holds."""
import re

import pytest


def test_init_runs_in_user_mode_with_bootinfo(boot):
    m = boot()
    m.expect(r"init: \d+ KiB of boot memory used, (\d+) MiB of RAM given to init")
    m.expect(r"init: running in user mode, argc 2, argv\[0\] 'init', argv\[1\] '0x7fe01000'")
    m.expect(r"init: bootinfo at 0x7fe01000: \d+ regions, (\d+) MiB of RAM in SUPERCN")
    m.expect(r"init: module \d+: '/sbin/init', \d+ bytes, MODULECN slot 0")
    match = m.expect(r"init: RAM cap SUPERCN\[0\]: (\d+) MiB at 0x([0-9a-f]{8})")
    assert int(match.group(1)) > 0
    m.expect(r"init: frame at 0x[0-9a-f]{8} mapped at 0x10000000: wrote and read back the same")
    m.expect(r"init: frame unmapped and deleted")
    m.expect(r"init: done")


# The in-system tests of the test image (user/init/tests.c), one pytest case each.
IN_SYSTEM_TESTS = [
    "retype_rules",
    "copy_mint_delete_revoke",
    "map_unmap_rules",
    "remap_reads_new_frame",
    "user_fault_reported",
    "registers_survive_preemption",
    "two_spinners_share_the_cpu",
    "forged_privileged_mode",
    "delete_running_dispatcher",
    "revoke_dispatcher_frame",
    "bad_syscalls",
]


@pytest.fixture(scope="module")
def in_system_results():
    """Boot the test image once; collect each test's line and the summary."""
    from conftest import Machine, kernel_image
    m = Machine(kernel_image(image="test"))
    try:
        summary = m.expect(r"(\d+) passed, (\d+) failed", timeout=120)
        results = dict(re.findall(r"test (\w+): (ok|FAILED)", m.console))
        return m.console, results, (int(summary.group(1)), int(summary.group(2)))
    finally:
        m.stop()


@pytest.mark.parametrize("name", IN_SYSTEM_TESTS)
def test_in_system(in_system_results, name):
    console, results, _ = in_system_results
    assert results.get(name) == "ok", f"in-system test {name}: {results.get(name)}\n{console}"


def test_in_system_summary(in_system_results):
    console, results, (passed, failed) = in_system_results
    assert failed == 0 and passed == len(IN_SYSTEM_TESTS), console
    assert set(results) == set(IN_SYSTEM_TESTS), console


def test_user_fault_report_names_dispatcher(in_system_results):
    console, _, _ = in_system_results
    assert re.search(r"user fault: dispatcher 'faulter': data abort at 0x00000000: "
                     r"translation fault \(section\), write, pc 0x004[0-9a-f]{5}; "
                     r"it exits with status -1", console), console
