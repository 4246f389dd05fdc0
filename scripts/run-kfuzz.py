#!/usr/bin/env python3
"""Boot a kernel-fuzzer image in QEMU and wait for init's verdict.

usage: run-kfuzz.py [--timeout SECONDS] [--log FILE] "QEMU COMMAND" KERNEL_ELF

The whole console goes to the log (next to the kernel by default); the
fuzzer's own lines ("kfuzz: ...") and any kernel fault are shown as they
come. The exit status is 0 only if init printed "kfuzz: PASS" and the
kernel printed no fault report, panic or invariant failure
(docs/reliability.md).
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import time

# Lines that mean the kernel itself failed (kernel/arch/armv7/exceptions.c, kprintf.c,
# kernel/invariants.c and the checkers it calls).
KERNEL_FAILURE = re.compile(r"kernel panic|\*\*\* unexpected|system halted|nested .* while reporting"
                            r"|^vnode|^mdb")
VERDICT = re.compile(r"^kfuzz: (PASS|FAIL)(:| at)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--log")
    parser.add_argument("qemu")
    parser.add_argument("kernel")
    args = parser.parse_args()
    log_path = args.log or os.path.join(os.path.dirname(args.kernel), "kfuzz-console.log")
    cmd = shlex.split(args.qemu) + ["-nographic", "-kernel", args.kernel]
    print(f"run-kfuzz: {' '.join(cmd)} (timeout {args.timeout:.0f} s, console in {log_path})")
    sys.stdout.flush()
    began = time.monotonic()
    verdict, failures = None, []
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            os.set_blocking(proc.stdout.fileno(), False)
            buf = b""
            while verdict is None:
                if time.monotonic() - began > args.timeout:
                    print(f"run-kfuzz: FAIL: no verdict within {args.timeout:.0f} s")
                    break
                chunk = proc.stdout.read(65536)
                if chunk is None:
                    if proc.poll() is not None:
                        print(f"run-kfuzz: FAIL: QEMU exited with status {proc.returncode}")
                        break
                    time.sleep(0.05)
                    continue
                if not chunk:
                    print(f"run-kfuzz: FAIL: QEMU ended (status {proc.wait()})")
                    break
                buf += chunk
                *lines, buf = buf.split(b"\n")
                for raw in lines:
                    line = raw.decode("utf-8", "replace").rstrip("\r")
                    log.write(line + "\n")
                    if KERNEL_FAILURE.search(line):
                        failures.append(line)
                        print(f"run-kfuzz: kernel failure: {line}")
                    elif line.startswith("kfuzz:"):
                        print(line)
                    m = VERDICT.search(line)
                    if m:
                        verdict = m.group(1)
                sys.stdout.flush()
                if failures and verdict is None and "system halted" in failures[-1]:
                    break
    finally:
        proc.kill()
        proc.wait()
    elapsed = time.monotonic() - began
    ok = verdict == "PASS" and not failures
    print(f"run-kfuzz: {'PASS' if ok else 'FAIL'} after {elapsed:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
