"""`make profile` counts exactly what the benchmark measured, and names where it went.

The profile image (IMAGE=bench-yield, built by `make test`) runs only the
`yield` benchmark; scripts/profile.py counts every instruction QEMU executes
in init's measured window.  Its total per call must be the figure init
measured with the clock (both are guest instructions under -icount), and
each count must be named after a function of the kernel or of init.
"""
import os
import re
import subprocess

from conftest import QEMU, ROOT


def test_profile_counts_the_measured_window():
    build = os.path.join(ROOT, "build", os.environ.get("KESTREL_PLATFORM", "vexpress-a9") +
                         "-bench-yield")
    assert os.path.exists(os.path.join(build, "kernel.elf")), "run the tests with 'make test'"
    qemu = QEMU + " -icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm"
    run = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "profile.py"), "--top",
                          "100", qemu, build], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=300)
    out = run.stdout
    assert run.returncode == 0, out
    measured = re.search(r"bench: yield: (\d+) instructions per call \((\d+) runs\)", out)
    counted = re.search(r"profile: yield: (\d+) instructions in 1 window", out)
    assert measured and counted, out
    per_call = int(counted.group(1)) / int(measured.group(2))
    assert abs(per_call - int(measured.group(1))) <= 1, out
    rows = re.findall(r"^\s+(\d+)\s+[\d.]+%\s+\d+  (\S+): (\S+)$", out, re.M)
    assert sum(int(n) for n, _, _ in rows) == int(counted.group(1)), out
    assert {where for _, where, _ in rows} <= {"kernel", "init"}, out
    assert ("kernel", "syscall_handle") in {(w, f) for _, w, f in rows}, out
    # Each yield enters the kernel once: the system call's handler is called once per run.
    # (QEMU may log a block twice when it abandons it to serve the host or an interrupt, so
    # a count may run over by a few in a million; never under.)
    calls = re.search(r"^\s+\d+\s+[\d.]+%\s+(\d+)  kernel: syscall_handle$", out, re.M)
    runs = int(measured.group(2))
    assert calls and runs <= int(calls.group(1)) <= runs + runs // 1000, out
