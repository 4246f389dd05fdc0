#!/usr/bin/env python3
"""Boot the benchmark image under QEMU and print its results.

usage: run-bench.py "QEMU COMMAND" KERNEL_ELF

The QEMU command runs with -icount shift=0,sleep=off and a virtual-clock
RTC, so guest time is one nanosecond per guest instruction and a run is
repeatable; init prints `bench: NAME: N instructions per UNIT` lines and
`bench: done`.  Exits non-zero if the run fails or takes over 300 s.
"""
import os
import shlex
import sys

import pexpect


def main():
    qemu, image = sys.argv[1], sys.argv[2]
    cmd = shlex.split(qemu) + ["-nographic", "-kernel", image]
    print("bench: " + " ".join(cmd))
    proc = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                         timeout=300)
    status = 0
    try:
        while True:
            # Lines end in \r\r\n on the pty (the console and the tty both add \r).
            i = proc.expect([r"bench: [^\r\n]*[\r\n]", r"user fault:[^\r\n]*[\r\n]"])
            line = proc.after.strip()
            print(line, flush=True)
            if i == 1:
                status = 1
            if line == "bench: done":
                break
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        print(f"bench: the run did not finish ({type(e).__name__}); console so far:")
        print(proc.before)
        status = 1
    finally:
        proc.terminate(force=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
