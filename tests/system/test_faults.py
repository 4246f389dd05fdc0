"""A deliberate fault in a self-test kernel prints a decoded report and stops."""
import os
import subprocess

import pexpect

from conftest import PLATFORM, QEMU, ROOT, Machine, re

REGS = r"r0  [0-9a-f]{8}  r1  [0-9a-f]{8}  r2  [0-9a-f]{8}  r3  [0-9a-f]{8}"


def check_report(m, cause_line):
    m.expect(r"\*\*\* unexpected .* in supervisor mode")
    match = m.expect(cause_line)
    m.expect(REGS)
    m.expect(r"pc  ([0-9a-f]{8})  cpsr [0-9a-f]{8} \(supervisor mode")
    m.expect(r"system halted")
    assert m.wait_exit() == 1, "a halted kernel ends QEMU with status 1"
    assert "survived" not in m.console
    return match


def test_data_abort_report(boot):
    m = boot(selftest="data-abort")
    m.expect(r"selftest: writing to unmapped address 0x00000000")
    check_report(m, r"data abort at 0x00000000: translation fault \(section\), write "
                    r"\(DFSR 00000805\)")


def test_prefetch_abort_report(boot):
    m = boot(selftest="prefetch-abort")
    m.expect(r"selftest: jumping to unmapped address 0x00000000")
    check_report(m, r"prefetch abort at 0x00000000: translation fault \(section\)")
    assert "pc  00000000" in m.console


def test_undefined_instruction_report(boot):
    m = boot(selftest="undefined")
    m.expect(r"selftest: executing an undefined instruction")
    match = check_report(m, r"undefined instruction at 0x(8[0-9a-f]{7}) \(ARM\)")
    assert f"pc  {match.group(1)}" in m.console, "pc names the instruction itself"


def expect_halt_holds(m, again, why):
    """Nothing matching `again` for 3 s after the halt, and QEMU still running."""
    try:
        m.proc.expect(again, timeout=3)
        m._collect()
        m.fail(why)
    except pexpect.TIMEOUT:
        pass
    assert m.proc.isalive(), "the kernel halts; QEMU runs on"


def test_fault_report_without_semihosting():
    """A kernel built without semihosting (as for a board with no debugger attached)
    never makes the call: one fault report, then it halts, and QEMU runs on."""
    name = PLATFORM + "-selftest-data-abort-semihosting-0"
    image = os.path.join(ROOT, "build", name, "kernel.elf")
    assert os.path.exists(image), f"{image} is missing: run the tests with 'make test'"
    disassembly = subprocess.run(["arm-none-eabi-objdump", "-d", image], capture_output=True,
                                 text=True, check=True).stdout
    assert not re.search(r"\bsvc\s+0x00123456", disassembly), "a semihosting call is in the image"
    # Without -semihosting, QEMU traps the call as the hardware would.
    m = Machine(image, qemu=" ".join(a for a in QEMU.split() if a != "-semihosting"))
    try:
        m.expect(r"selftest: writing to unmapped address 0x00000000")
        m.expect(r"\*\*\* unexpected data abort in supervisor mode")
        m.expect(r"system halted")
        expect_halt_holds(m, r"unexpected|nested",
                          "a second report after the first: the halt did not hold")
    finally:
        m.stop()


def test_semihosting_call_that_traps_is_made_once():
    """A kernel built with semihosting, run where the call traps (no debugger): the
    trap is reported once as nested, and the kernel halts instead of recursing."""
    image = os.path.join(ROOT, "build", PLATFORM + "-selftest-data-abort", "kernel.elf")
    m = Machine(image, qemu=" ".join(a for a in QEMU.split() if a != "-semihosting"))
    try:
        m.expect(r"system halted")
        m.expect(r"nested supervisor call at pc [0-9a-f]{8} while reporting a fault")
        expect_halt_holds(m, r"nested|unexpected",
                          "the semihosting call was made again: the kernel recursed")
    finally:
        m.stop()
