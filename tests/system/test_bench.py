"""`make bench`'s run: every figure there, the same twice, and the doc made from it.

Benchmarks are measured, never asserted: these tests check that the run
works, that bench.csv has every key with a positive value, that two runs
give identical files (the figures are deterministic under -icount), and that
docs/performance.md shows the figures of this tree (run `make bench` after a
change that moves one: it rewrites the table).
"""
import importlib.util
import os
import subprocess

import pytest

from conftest import QEMU, ROOT

SCRIPT = os.path.join(ROOT, "scripts", "run-bench.py")
spec = importlib.util.spec_from_file_location("run_bench", SCRIPT)
run_bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_bench)


def bench_csv(path):
    image = os.path.join(ROOT, "build", os.environ.get("KESTREL_PLATFORM", "vexpress-a9") + "-bench",
                         "kernel.elf")
    assert os.path.exists(image), f"{image} is missing: run the tests with 'make test'"
    qemu = QEMU + " -icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm"
    run = subprocess.run(["/usr/bin/python3", SCRIPT, "--csv", path, qemu, image],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=400)
    assert run.returncode == 0, run.stdout
    with open(path) as f:
        return f.read()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("bench")
    return bench_csv(str(d / "first.csv")), bench_csv(str(d / "second.csv"))


def figures_of(csv):
    rows = [line.split(",") for line in csv.splitlines()]
    assert rows[0] == ["key", "instructions", "unit", "runs"], csv
    return {r[0]: (int(r[1]), r[2], int(r[3])) for r in rows[1:]}


def test_every_key_has_a_positive_figure(two_runs):
    figures = figures_of(two_runs[0])
    assert list(figures) == [k for k, _, _ in run_bench.KEYS]
    for key, (value, unit, runs) in figures.items():
        assert value > 0 and runs > 0 and unit, f"{key}: {figures[key]}"


def test_two_runs_give_identical_files(two_runs):
    assert two_runs[0] == two_runs[1]


def test_performance_doc_shows_this_run(two_runs):
    with open(os.path.join(ROOT, "docs", "performance.md")) as f:
        doc = f.read()
    table = run_bench.doc_table(figures_of(two_runs[0]))
    assert table in doc, ("docs/performance.md's table is not this tree's: run `make bench`, "
                          "which rewrites it\n" + table)


def test_a_key_outside_the_list_is_refused():
    figures, problems = run_bench.parse(["bench: invoke_nul: 5 instructions per call (1 runs)"])
    assert any("invoke_nul" in p for p in problems)
    assert any("no figure for invoke_null" in p for p in problems)


def test_an_error_line_is_refused():
    lines = ["bench: yield: error: the core idled during the measurement"]
    _, problems = run_bench.parse(lines)
    assert any("not a figure" in p and "idled" in p for p in problems)
