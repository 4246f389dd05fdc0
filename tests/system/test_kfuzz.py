"""The kernel fuzzer: a short run of random system calls must leave the kernel whole.

The kfuzz image (boot/menu-kfuzz.lst) has init run the regressions of the
bugs the fuzzer found, then a few seeds of the fuzzer (user/kfuzz/,
user/init/kfuzz_driver.c, docs/reliability.md). After every run of the
fuzzer init checks the kernel's invariants and that every capability
count and its own free RAM and slots are exactly as before.
"""
import re

from conftest import Machine, kernel_image

SEEDS = 4
CALLS = 100000
# Lines only a failing kernel prints (kernel/arch/armv7/exceptions.c, kernel/lib/kprintf.c,
# kernel/cap/mdb.c, kernel/vnode.c).
KERNEL_FAILURE = re.compile(r"kernel panic|\*\*\* unexpected|system halted|"
                            r"nested .* while reporting|^mdb: |^vnode", re.M)


def test_kernel_fuzzer_short_run():
    m = Machine(kernel_image(image="kfuzz"))
    try:
        verdict = m.expect(r"kfuzz: (PASS|FAIL)(:| at| before)[^\n]*\n", timeout=240)
    finally:
        m.stop()
    console = m.console
    failure = KERNEL_FAILURE.search(console)
    assert not failure, f"the kernel failed: {failure.group(0)}\n{console}"
    assert verdict.group(1) == "PASS", console
    assert re.search(r"kfuzz: regression self-cycle-revoke: ok", console), console
    seeds = re.findall(r"kfuzz: seed (\d+): (\d+) calls in (\d+) runs .*: ok", console)
    assert [int(s) for s, _, _ in seeds] == list(range(1, 1 + SEEDS)), console
    assert all(int(calls) == CALLS for _, calls, _ in seeds), console
    total = re.search(r"kfuzz: (\d+) calls \(\d+ besides\) in (\d+) runs", console)
    assert total and int(total.group(1)) == SEEDS * CALLS, console
    assert "Hello, world! after the fuzzer" in console, console
    # The calls did things: a good share succeeded, maps and retypes among them.
    ok = re.search(r"kfuzz: results: SYS_ERR_OK (\d+)", console)
    assert ok and int(ok.group(1)) > SEEDS * CALLS // 20, console
    kinds = dict((k, (int(a), int(b))) for k, a, b in
                 re.findall(r" (\w+) (\d+)/(\d+)", console.split("by kind:")[1].split("\n")[0]))
    for kind in ("scenario_retype", "scenario_map", "retype", "map", "delete", "revoke"):
        assert kinds[kind][0] > 0, (kind, console)
