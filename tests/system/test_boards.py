"""The other emulated boards run the whole in-system suite too (KESTREL_TEST_BOARDS, from
the Makefile's TEST_BOARDS): their kernel and the same user programs, with each board's
facts (name, RAM, QEMU command) taken from its board.mk through `make print-board`; and
each board's own image takes typed input through its UART's interrupt (npcm750: the 16550
driver) to the shell."""
import os
import re

import pytest

from conftest import PROMPT, ROOT, Machine, board_facts
from test_init import IN_SYSTEM_TESTS

BOARDS = os.environ.get("KESTREL_TEST_BOARDS", "vexpress-a15 virt npcm750").split()
# virt runs with the virtualization extensions on, so the kernel starts in HYP mode (as
# U-Boot may leave it) and must hand PL1 the generic timer before it drops to SVC.
FROM_HYP = {"virt": ("-M virt", "-M virt,virtualization=on")}
# Boards whose tick timer's rate the kernel measures at boot (as the PandaBoard's), and the
# rate QEMU clocks it at.
MEASURED_TIMER_HZ = {"npcm750": 100_000_000}


@pytest.mark.parametrize("board", BOARDS)
def test_in_system_suite_on_board(board):
    name, ram_base, ram_mb, _load, qemu = board_facts(board)
    image = os.path.join(ROOT, "build", f"{board}-test", "kernel.elf")
    assert os.path.exists(image), f"{image} is missing: run the tests with 'make test'"
    if board in FROM_HYP:
        qemu = qemu.replace(*FROM_HYP[board])
    m = Machine(image, ["-icount", "shift=0,sleep=off"], qemu=qemu)
    try:
        m.expect(rf"Kestrel CPU driver for ARMv7-A, board {name}\s")
        m.expect(rf"RAM: {ram_mb} MiB at physical 0x{ram_base:08x}, mapped at 0x80000000")
        if board in FROM_HYP:
            m.expect(r"boot: entered in HYP mode; PL1 given the generic timer, dropped to SVC")
        if board in MEASURED_TIMER_HZ:
            hz = int(m.expect(r"timer: the A9 private timer counts at (\d+) Hz").group(1))
            assert abs(hz - MEASURED_TIMER_HZ[board]) <= MEASURED_TIMER_HZ[board] // 100, hz
        summary = m.expect(r"(\d+) passed, (\d+) failed", timeout=300)
        failed = [t for t in IN_SYSTEM_TESTS if f"test {t}: ok" not in m.console]
        assert int(summary.group(2)) == 0 and not failed, \
            f"{board}: failed or missing: {failed}\n{m.console[-6000:]}"
        assert int(summary.group(1)) == len(IN_SYSTEM_TESTS)
    finally:
        m.stop()


@pytest.mark.parametrize("board", BOARDS)
def test_shell_reads_typed_lines_on_board(board):
    _name, _ram_base, _ram_mb, _load, qemu = board_facts(board)
    image = os.path.join(ROOT, "build", board, "kernel.elf")
    assert os.path.exists(image), f"{image} is missing: run the tests with 'make test'"
    m = Machine(image, qemu=qemu)
    try:
        m.expect(r"shell\[\d+\]: type 'help' for the commands", timeout=60)
        m.expect(PROMPT)
        out = m.command(f"hello typed on {board}")
        assert re.search(rf"hello\[\d+\]: Hello, world! typed on {board}\r*\n", out), out
    finally:
        m.stop()
