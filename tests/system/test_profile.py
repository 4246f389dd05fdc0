"""`make profile` counts exactly what the benchmark measured, and names where it went.

The profile images (IMAGE=bench-yield, bench-invoke_null, bench-lmp_oneway and
bench-rpc_roundtrip, built by `make test`) run only that benchmark; scripts/profile.py counts every
instruction QEMU executes in init's measured window.  Its total per call must be the figure init
measured with the clock (both are guest instructions under -icount), and
each count must be named after a function of the kernel or of init.
"""
import os
import re
import subprocess

from conftest import QEMU, ROOT


def profile(key):
    """`make profile BENCH=key`'s output, from the image `make test` built."""
    build = os.path.join(ROOT, "build", os.environ.get("KESTREL_PLATFORM", "vexpress-a9") +
                         "-bench-" + key)
    assert os.path.exists(os.path.join(build, "kernel.elf")), "run the tests with 'make test'"
    qemu = QEMU + " -icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm"
    run = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "profile.py"), "--top",
                          "100", qemu, build], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout
    return run.stdout


def calls_of(out, function):
    """How many times the profile saw a kernel function called (None: never ran)."""
    calls = re.search(r"^\s+\d+\s+[\d.]+%\s+(\d+)  kernel: " + function + "$", out, re.M)
    return int(calls.group(1)) if calls else None


def test_profile_counts_the_measured_window():
    out = profile("yield")
    measured = re.search(r"bench: yield: (\d+) instructions per call \((\d+) runs\)", out)
    counted = re.search(r"profile: yield: (\d+) instructions in 1 window", out)
    assert measured and counted, out
    per_call = int(counted.group(1)) / int(measured.group(2))
    assert abs(per_call - int(measured.group(1))) <= 1, out
    rows = re.findall(r"^\s+(\d+)\s+[\d.]+%\s+\d+  (\S+): (\S+)$", out, re.M)
    assert sum(int(n) for n, _, _ in rows) == int(counted.group(1)), out
    assert {where for _, where, _ in rows} <= {"kernel", "init"}, out
    assert ("kernel", "vec_svc_fast") in {(w, f) for _, w, f in rows}, out
    # Each yield enters the kernel once: the system call's entry is called once per run.
    # (QEMU may log a block twice when it abandons it to serve the host or an interrupt, so
    # a count may run over by a few in a million; never under.)
    calls = calls_of(out, "vec_svc_fast")
    runs = int(measured.group(2))
    assert calls and runs <= calls <= runs + runs // 1000, out


def test_fast_path_serves_invoke_null_whole():
    """Every frame_identify of invoke_null is answered by the system-call fast path
    (kernel/arch/armv7/syscall_fast.S): it is entered once per call and never gives the call
    to the full path, whose handler does not run in the window at all (a tick may: its
    interrupt takes the usual path)."""
    out = profile("invoke_null")
    measured = re.search(r"bench: invoke_null: (\d+) instructions per call \((\d+) runs\)", out)
    assert measured, out
    runs = int(measured.group(2))
    calls = calls_of(out, "vec_svc_fast")
    assert calls and runs <= calls <= runs + runs // 1000, out
    for full_path in ("vec_svc", "full_path", "fast_found", "syscall_invoke_found", "syscall_handle"):
        assert calls_of(out, full_path) is None, full_path + " ran:\n" + out


def test_send_fast_path_serves_lmp_oneway():
    """The sends of lmp_oneway are served by the send fast path in assembly
    (kernel/arch/armv7/lmp_fast.S) and switch there to the receiver.  Only the sends whose
    message would wrap around the ring's end (one in 84 here) and every 256th before the
    first tick go on to the C path."""
    out = profile("lmp_oneway")
    measured = re.search(r"bench: lmp_oneway: (\d+) instructions per message \((\d+) runs\)",
                         out)
    assert measured, out
    runs = int(measured.group(2))
    sends = calls_of(out, "lmp_send_fast")
    handed_on = calls_of(out, "fast_found") or 0
    switched = calls_of(out, "send_switch")
    assert sends and runs <= sends <= runs + runs // 1000, out
    assert handed_on <= runs // 40, out
    assert switched and switched + handed_on >= runs, out


def test_yield_fast_path_serves_yield():
    """The benchmark's yields (init alone can run) are served by the yield fast path
    (kernel/arch/armv7/yield_fast.S): saved, given a new turn and upcalled without the C
    scheduler, except every 256th before the first tick, which goes to C for tick_watch."""
    out = profile("yield")
    measured = re.search(r"bench: yield: (\d+) instructions per call \((\d+) runs\)", out)
    assert measured, out
    runs = int(measured.group(2))
    fast = calls_of(out, "yield_fast")
    loaded = calls_of(out, "fast_load")
    in_c = calls_of(out, "syscall_handle") or 0
    assert fast and runs <= fast <= runs + runs // 1000, out
    assert in_c <= runs // 200 + 5, out
    assert loaded and loaded + in_c >= runs, out


def test_call_fast_paths_serve_rpc_roundtrip():
    """The child's null calls are served by the call fast paths
    (kernel/arch/armv7/call_fast.S): each call switches to init waiting in SYS_REPLY_WAIT,
    and each of init's waits carries the reply back, both without the C path (kernel/lmp_call.c),
    which sees only the waits that cannot block and every 256th entry before the first tick."""
    out = profile("rpc_roundtrip")
    measured = re.search(r"bench: rpc_roundtrip: (\d+) instructions per call \((\d+) runs\)",
                         out)
    assert measured, out
    runs = int(measured.group(2))
    calls = calls_of(out, "lmp_call_fast")
    replies = calls_of(out, "reply_wait_fast")
    in_c = (calls_of(out, "lmp_call") or 0) + (calls_of(out, "lmp_reply_wait") or 0)
    assert calls and runs <= calls <= runs + runs // 100, out
    assert replies and runs <= replies <= runs + runs // 100, out
    assert in_c <= runs // 50, out
