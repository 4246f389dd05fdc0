#!/usr/bin/env python3
"""Where one benchmark's guest instructions go, counted by function.

usage: profile.py [--top N] "QEMU COMMAND" BUILD_DIR

BUILD_DIR is a `make profile` image (build/<board>-bench-KEY): its init runs
only the benchmark KEY.  QEMU runs it one instruction per translation block
(-singlestep) and logs every block it executes (-d exec,nochain) into a pipe;
this script counts the instructions executed while init's measured window is
open (from a call of bench_window_open to one of bench_window_close, both in
user/init/bench.c) and names each by the function it lies in.  For the boot
figures (KEY boot_*) the window opens at the machine's first instruction.

In a profile image every program is linked at an address of its own (the
Makefile's user_base), so an address names its program and its function.
"""
import argparse
import bisect
import collections
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time

NM = "arm-none-eabi-nm"
KERNEL_VBASE = 0x80000000
TIMEOUT = 600


class Symbols:
    """Function extents of one ELF file, for looking up addresses."""

    def __init__(self, path):
        out = subprocess.run([NM, "-n", "-S", "--defined-only", path], check=True,
                             stdout=subprocess.PIPE, text=True).stdout
        self.starts, self.ends, self.names = [], [], []
        for line in out.splitlines():
            parts = line.split()
            if len(parts) in (3, 4) and parts[-2] in "tTwW" and not parts[-1].startswith("$"):
                start = int(parts[0], 16)
                if self.ends and self.ends[-1] is None:
                    self.ends[-1] = start  # an assembly label without a size: up to the next
                self.starts.append(start)
                self.ends.append(start + int(parts[1], 16) if len(parts) == 4 else None)
                self.names.append(parts[-1])
        if self.ends and self.ends[-1] is None:
            self.ends[-1] = self.starts[-1] + 4

    def name(self, addr):
        i = bisect.bisect_right(self.starts, addr) - 1
        if i >= 0 and addr < self.ends[i]:
            return self.names[i]
        return None

    def is_start(self, addr):
        i = bisect.bisect_right(self.starts, addr) - 1
        return i >= 0 and self.starts[i] == addr

    def address(self, name):
        return self.starts[self.names.index(name)]


def image_programs(build):
    """The user programs the image's boot menu loads (init first)."""
    menu = os.path.join(build, "menu.lst")
    names = []
    with open(menu) as f:
        for line in f:
            words = line.split()
            if len(words) >= 2 and words[0] in ("init", "module", "program"):
                names.append(os.path.basename(words[1]))
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("qemu")
    ap.add_argument("build")
    args = ap.parse_args()

    key = os.path.basename(args.build.rstrip("/")).split("-bench-", 1)[1]
    kernel = Symbols(os.path.join(args.build, "kernel.elf"))
    programs = {p: Symbols(os.path.join(args.build, "user", p)) for p in image_programs(args.build)}
    init = programs["init"]
    open_pc, close_pc = init.address("bench_window_open"), init.address("bench_window_close")
    from_start = key.startswith("boot_")

    tmp = tempfile.mkdtemp(prefix="kestrel-profile-")
    fifo, console = os.path.join(tmp, "exec.log"), os.path.join(tmp, "console.txt")
    os.mkfifo(fifo)
    cmd = shlex.split(args.qemu) + ["-nographic", "-singlestep", "-d", "exec,nochain", "-D", fifo,
                                    "-kernel", os.path.join(args.build, "kernel.elf")]
    print("profile: " + " ".join(cmd), flush=True)
    with open(console, "w") as out:
        qemu = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)

    # Stop QEMU when init says it is done (or at the timeout): the pipe then ends.
    def watch():
        deadline = time.time() + TIMEOUT
        while qemu.poll() is None and time.time() < deadline:
            with open(console, errors="replace") as f:
                if "bench: done" in f.read():
                    break
            time.sleep(0.2)
        qemu.terminate()
    threading.Thread(target=watch, daemon=True).start()

    counts = collections.Counter()
    windows, inside, total = 0, from_start, 0
    pc_field = re.compile(r"\[[0-9a-f]+/([0-9a-f]+)/")
    with open(fifo, errors="replace") as log:
        for line in log:
            m = pc_field.search(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if pc == open_pc:
                inside = True
            elif pc == close_pc and inside:
                inside = False
                windows += 1
            if inside:
                counts[pc] += 1
                total += 1
    qemu.wait()
    with open(console, errors="replace") as f:
        text = f.read()
    print("".join(l + "\n" for l in text.splitlines() if l.startswith("bench:")), end="")
    if windows == 0:
        print(f"profile: {key}: no measured window was seen (is it a key of bench.csv?)")
        sys.exit(1)

    by_function, calls = collections.Counter(), collections.Counter()
    for pc, n in counts.items():
        if kernel.name(pc) or pc >= KERNEL_VBASE:  # the boot stub runs at physical addresses
            symbols = kernel
            name = "kernel: " + (kernel.name(pc) or f"0x{pc:08x}")
        else:
            owners = [(p, s) for p, s in programs.items() if s.name(pc)]
            symbols = owners[0][1] if len(owners) == 1 else None
            name = f"{owners[0][0]}: {owners[0][1].name(pc)}" if symbols else f"user: 0x{pc:08x}"
        by_function[name] += n
        if symbols and symbols.is_start(pc):
            calls[name] += n  # its first instruction: once per call (or loop back to it)
    kernel_total = sum(n for f, n in by_function.items() if f.startswith("kernel: "))
    print(f"profile: {key}: {total} instructions in {windows} window(s); "
          f"kernel {kernel_total} ({100 * kernel_total / total:.1f}%), "
          f"user {total - kernel_total}")
    print(f"{'instructions':>12} {'share':>6} {'calls':>8}  function")
    for name, n in by_function.most_common(args.top):
        print(f"{n:12d} {100 * n / total:5.1f}% {calls[name]:8d}  {name}")


if __name__ == "__main__":
    main()
