"""Boot the real kernel in QEMU and read its console.

The Makefile passes the board's QEMU command in KESTREL_QEMU and the board
in KESTREL_PLATFORM; images are those `make test` has just built.
"""
import os
import re
import shlex
import socket
import subprocess

import pexpect
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLATFORM = os.environ.get("KESTREL_PLATFORM", "vexpress-a9")
QEMU = os.environ.get("KESTREL_QEMU",
                      "qemu-system-arm -M vexpress-a9 -m 512M -semihosting "
                      "-audiodev none,id=noaudio -global pl041.audiodev=noaudio")
BOOT_TIMEOUT = 30  # seconds for any one expected line


def kernel_image(selftest=None, image=None):
    name = PLATFORM + (f"-selftest-{selftest}" if selftest else "") + (f"-{image}" if image else "")
    path = os.path.join(ROOT, "build", name, "kernel.elf")
    assert os.path.exists(path), f"{path} is missing: run the tests with 'make test'"
    return path


def board_facts(board):
    """A board's facts from its board.mk (`make print-board`): name, RAM base, RAM MiB,
    load address, QEMU command ("" for a board QEMU does not emulate)."""
    out = subprocess.run(["make", "-s", "--no-print-directory", f"PLATFORM={board}",
                          "print-board"], cwd=ROOT, capture_output=True, text=True, check=True)
    name, ram_base, ram_mb, load, *qemu = out.stdout.strip().split(" ", 4)
    return name, int(ram_base, 16), int(ram_mb), int(load, 16), " ".join(qemu)


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Machine:
    """One QEMU run; every wait has a timeout and shows the console on failure."""

    def __init__(self, image, extra_args=(), qemu=QEMU):
        """Boot image (an ELF, with -kernel), or with image None whatever extra_args load."""
        self.cmd = shlex.split(qemu) + ["-nographic"] + (["-kernel", image] if image else []) + \
            list(extra_args)
        self.proc = pexpect.spawn(self.cmd[0], self.cmd[1:], encoding="utf-8",
                                  codec_errors="replace", timeout=BOOT_TIMEOUT)
        self.console = ""

    def _collect(self):
        self.console += (self.proc.before or "") + (
            self.proc.after if isinstance(self.proc.after, str) else "")

    def fail(self, why):
        try:
            self.console += self.proc.read_nonblocking(65536, timeout=0.5)
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass
        pytest.fail(f"{why}\n--- command: {' '.join(self.cmd)}\n"
                    f"--- console output so far:\n{self.console}\n--- end of console")

    def expect(self, pattern, timeout=BOOT_TIMEOUT):
        """Wait for a regular expression; return its match."""
        problem = None
        try:
            self.proc.expect(pattern, timeout=timeout)
        except pexpect.TIMEOUT:
            problem = f"timed out after {timeout} s waiting for /{pattern}/"
        except pexpect.EOF:
            problem = f"QEMU ended while waiting for /{pattern}/"
        self._collect()
        if problem:
            self.fail(problem)
        return self.proc.match

    def send(self, text):
        self.proc.send(text)

    def wait_exit(self, timeout=BOOT_TIMEOUT):
        """Wait for QEMU to end by itself; return its exit status."""
        timed_out = False
        try:
            self.proc.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            timed_out = True
        self._collect()
        if timed_out:
            self.fail(f"QEMU did not exit within {timeout} s")
        self.proc.close()
        return self.proc.exitstatus

    def stop(self):
        if self.proc.isalive():
            self.proc.terminate(force=True)

    def command(self, line, timeout=BOOT_TIMEOUT):
        """Type a line at the shell's prompt; return what the system printed until the next
        prompt (the echoed line first)."""
        start = len(self.console)
        self.send(line + "\r")
        self.expect(PROMPT, timeout=timeout)
        return self.console[start:]


PROMPT = r"kestrel\$ "


@pytest.fixture
def boot():
    """boot(selftest=None, extra_args=()) -> a running Machine."""
    machines = []

    def start(selftest=None, extra_args=()):
        m = Machine(kernel_image(selftest), extra_args)
        machines.append(m)
        return m

    yield start
    for m in machines:
        m.stop()


@pytest.fixture(scope="session")
def in_system_results():
    """Boot the test image (init runs the in-system tests) once for the whole session.

    Returns (console, {test name: "ok" | "FAILED"}, (passed, failed)).
    """
    # Under -icount, guest time is instructions: the tick and the board clock both
    # follow the guest alone, so the latency tests (ticks missed, fair share) measure
    # the kernel, not how busy the host is.
    m = Machine(kernel_image(image="test"), ["-icount", "shift=0,sleep=off"])
    try:
        summary = m.expect(r"(\d+) passed, (\d+) failed", timeout=300)
        # init then stops the machine with the result: QEMU's exit status.
        status = m.wait_exit()
        results = dict(re.findall(r"test (\w+): (ok|FAILED)", m.console))
        run = InSystemRun((m.console, results, (int(summary.group(1)), int(summary.group(2)))))
        run.exit_status = status
        return run
    finally:
        m.stop()


class InSystemRun(tuple):
    """(console, {test: verdict}, (passed, failed)), and QEMU's exit status."""


def parse_int(text):
    return int(text, 0)


__all__ = ["Machine", "board_facts", "kernel_image", "free_tcp_port", "parse_int", "re"]
