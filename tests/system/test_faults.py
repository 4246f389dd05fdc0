"""A deliberate fault in a self-test kernel prints a decoded report and stops."""
import pytest

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
