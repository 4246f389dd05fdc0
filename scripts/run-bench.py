#!/usr/bin/env python3
"""Boot the benchmark image under QEMU, print its figures, write bench.csv.

usage: run-bench.py [--csv FILE] [--doc docs/performance.md] "QEMU COMMAND" KERNEL_ELF

The QEMU command runs with -icount shift=0,sleep=off and a virtual-clock
RTC, so guest time is one nanosecond per guest instruction and a run is
repeatable; init prints `bench: KEY: N instructions per UNIT (R runs)` lines
(or `bench: KEY: error: ...`) and `bench: done`.  --csv writes the figures as
`key,instructions,unit,runs`, one row per key of KEYS, in that order; --doc
rewrites the table of docs/performance.md from the same figures.  Exits
non-zero, writing nothing, if the run fails, a figure is missing or in error,
a key is not in KEYS, or the run takes over 300 s.
"""
import argparse
import re
import shlex
import sys

import pexpect

# Every key of bench.csv (stable once named), what it measures, and its target (docs/performance.md).
KEYS = [
    ("boot_to_init_main", "machine start to init's `main`", ""),
    ("boot_to_first_child_line", "machine start until the first child's line is printed", "≤ 1,000,000"),
    ("invoke_null", "`frame_identify` round trip, the cheapest invocation", "≤ 60"),
    ("yield", "`sys_yield`, nothing else runnable", "≤ 100"),
    ("frame_alloc_free_4k", "`frame_alloc` + `frame_free` of 4 KiB", "≤ 1,000"),
    ("map_unmap_4k", "`paging_map_fixed_attr` + `paging_unmap` of 4 KiB at a free MiB, "
     "its L2 table made and freed too", "≤ 1,500"),
    ("map_touch_16m_per_page", "16 MiB frame: alloc, map, touch each page, unmap, free", "≤ 300"),
    ("malloc_touch_16m_per_page", "`malloc` 16 MiB, touch each page, `free`", ""),
    ("spawn_reap_hello", "spawn `hello`, it prints its line and exits, init reaps it", "≤ 80,000"),
    ("spawn_reap_hello_x100", "the same, per child, 100 in a row", "within 10% of one"),
    ("hello_ram_bytes", "bytes of RAM a `hello` costs: kernel objects, page tables, "
     "dispatcher frame, arguments page, stack, segments", "≤ 163,840"),
    ("hello_heap_bytes", "bytes of RAM handed to a `hello` for its own use (its base pages)", ""),
    ("lmp_oneway", "a send with `LMP_SEND_YIELD`, sender's `svc` to the receiver's `run` upcall "
     "(plus 17 instructions of the receiver)", "≤ 250"),
    ("lmp_cap_transfer", "the same, each message moving a frame", ""),
    ("lmp_wake_blocked", "a send that wakes and runs a blocked receiver, and its blocking "
     "yield back", ""),
    ("rpc_roundtrip", "a child's null call to init and the reply", "≤ 500"),
    ("cap_copy_delete_10", "`cap_copy` + `cap_delete` with 10 copies of the capability alive", ""),
    ("cap_copy_delete_10000", "the same with 10,000 copies alive", "≤ 2 × the 10"),
    ("paging_alloc_100", "`paging_alloc` + `paging_unmap` of 4 KiB with 100 live regions", ""),
    ("paging_alloc_100000", "the same with 100,000 live regions", "≤ 2 × the 100"),
]

DOC_BEGIN = "<!-- bench table: written by `make bench` (scripts/run-bench.py); do not edit -->"
DOC_END = "<!-- end of bench table -->"
FIGURE = re.compile(r"bench: (\w+): (\d+) (instructions|bytes) per (\w+) \((\d+) runs\)$")


def run(qemu, image):
    """Boot the image; return the console's bench lines (None if the run failed)."""
    cmd = shlex.split(qemu) + ["-nographic", "-kernel", image]
    print("bench: " + " ".join(cmd), flush=True)
    proc = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace", timeout=300)
    lines, ok = [], True
    try:
        while True:
            # Lines end in \r\r\n on the pty (the console and the tty both add \r).
            i = proc.expect([r"bench: [^\r\n]*[\r\n]", r"user fault:[^\r\n]*[\r\n]"])
            line = proc.after.strip()
            print(line, flush=True)
            if i == 1:
                ok = False
            elif line == "bench: done":
                break
            else:
                lines.append(line)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        print(f"bench: the run did not finish ({type(e).__name__}); console so far:")
        print(proc.before)
        ok = False
    finally:
        proc.terminate(force=True)
    return lines if ok else None


def parse(lines):
    """{key: (value, unit, runs)} from the bench lines; a list of problems."""
    figures, problems = {}, []
    for line in lines:
        m = FIGURE.match(line)
        if not m:
            problems.append(f"not a figure: {line}")
        elif m.group(1) not in dict((k, 0) for k, _, _ in KEYS):
            problems.append(f"a key bench.csv does not have (add it to KEYS): {m.group(1)}")
        else:
            unit = "bytes" if m.group(3) == "bytes" else m.group(4)
            figures[m.group(1)] = (int(m.group(2)), unit, int(m.group(5)))
    problems += [f"no figure for {k}" for k, _, _ in KEYS if k not in figures]
    return figures, problems


def csv_text(figures):
    rows = ["key,instructions,unit,runs"]
    rows += [f"{k},{figures[k][0]},{figures[k][1]},{figures[k][2]}" for k, _, _ in KEYS]
    return "\n".join(rows) + "\n"


def doc_table(figures):
    rows = [DOC_BEGIN, "", "| key | figure | per | what | target |", "|---|---:|---|---|---|"]
    for key, what, target in KEYS:
        value, unit, runs = figures[key]
        per = "process (bytes)" if unit == "bytes" else unit
        rows.append(f"| `{key}` | {value:,} | {per} | {what} | {target} |")
    return "\n".join(rows + ["", DOC_END])


def write_doc(path, figures):
    with open(path) as f:
        text = f.read()
    begin, end = text.find(DOC_BEGIN), text.find(DOC_END)
    if begin < 0 or end < begin:
        sys.exit(f"bench: {path} has no bench table markers")
    text = text[:begin] + doc_table(figures) + text[end + len(DOC_END):]
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv")
    ap.add_argument("--doc")
    ap.add_argument("qemu")
    ap.add_argument("image")
    args = ap.parse_args()
    lines = run(args.qemu, args.image)
    if lines is None:
        sys.exit(1)
    figures, problems = parse(lines)
    for p in problems:
        print(f"bench: {p}")
    if problems:
        sys.exit(1)
    if args.csv:
        with open(args.csv, "w") as f:
            f.write(csv_text(figures))
        print(f"bench: wrote {args.csv}")
    if args.doc:
        write_doc(args.doc, figures)
        print(f"bench: wrote the table of {args.doc}")


if __name__ == "__main__":
    main()
