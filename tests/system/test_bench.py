"""The benchmark image runs to the end under -icount and reports every benchmark.

Benchmarks are measured, never asserted: this only checks that `make bench`
works and that each figure is there.
"""
import os
import re
import subprocess

from conftest import QEMU, ROOT

BENCHMARKS = [
    "machine start to init's main",
    "invocation round trip (frame_identify)",
    "yield, nothing else runnable",
    "frame_alloc + frame_free, 4 KiB",
    "paging_map_frame + paging_unmap, 4 KiB (with its L2 table)",
    "16 MiB frame: alloc + map + touch each page + unmap + free",
    "malloc 16 MiB + touch each page + free",
    "spawn hello + its run + reap",
    "lmp_oneway",
    "lmp_cap_transfer",
    "lmp_wake_blocked",
    "rpc_roundtrip",
]


def test_benchmark_image_reports_every_benchmark():
    image = os.path.join(ROOT, "build", os.environ.get("KESTREL_PLATFORM", "vexpress-a9") + "-bench",
                         "kernel.elf")
    assert os.path.exists(image), f"{image} is missing: run the tests with 'make test'"
    qemu = QEMU + " -icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm"
    run = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "run-bench.py"), qemu,
                          image], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         timeout=360)
    out = run.stdout
    assert run.returncode == 0, out
    for name in BENCHMARKS:
        m = re.search(re.escape(f"bench: {name}: ") + r"(\d+) instructions", out)
        assert m and int(m.group(1)) > 0, f"{name}\n{out}"
    assert "bench: done" in out, out
