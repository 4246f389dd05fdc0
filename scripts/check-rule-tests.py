#!/usr/bin/env python3
"""Check that every rule in docs/capabilities.md and docs/ipc.md names the tests that check it.

usage: check-rule-tests.py [DOC...]

Every table of the doc with a "checked by" column must name, in that column of
every row, at least one test in backquotes; every name must be a test that
`make test` runs: a cmocka test registered in tests/host/*.c, or an in-system
test listed in tests/system/test_init.py.  And every in-system `attack_*`
test must be named by some rule.  Exits 0 when all holds, 1 with the problems.
"""
import glob
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def host_tests():
    names = set()
    for path in glob.glob(os.path.join(ROOT, "tests", "host", "*.c")):
        with open(path) as f:
            names |= set(re.findall(r"cmocka_unit_test(?:_setup)?\((\w+)", f.read()))
    return names


def in_system_tests():
    with open(os.path.join(ROOT, "tests", "system", "test_init.py")) as f:
        text = f.read()
    body = re.search(r"IN_SYSTEM_TESTS = \[(.*?)\]", text, re.S).group(1)
    return set(re.findall(r'"(\w+)"', body))


def rule_rows(doc):
    """Yield (line number, row text, checked-by cell) of every rule row."""
    column = None
    for number, line in enumerate(doc.splitlines(), 1):
        if not line.startswith("|"):
            column = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if column is None:
            column = cells.index("checked by") if "checked by" in cells else -1
            continue
        if column < 0 or set(line) <= set("|-: "):
            continue
        yield number, line, cells[column] if column < len(cells) else ""


def main():
    doc_paths = sys.argv[1:] or [os.path.join("docs", "capabilities.md"),
                                 os.path.join("docs", "ipc.md")]
    known_host, known_system = host_tests(), in_system_tests()
    problems, named, rows = [], set(), 0
    for doc_path in doc_paths:
        with open(os.path.join(ROOT, doc_path)) as f:
            doc = f.read()
        for number, line, cell in rule_rows(doc):
            rows += 1
            names = re.findall(r"`(\w+)`", cell)
            if not names:
                problems.append(f"{doc_path}:{number}: a rule names no test: {line}")
            for name in names:
                named.add(name)
                if name not in known_host and name not in known_system:
                    problems.append(f"{doc_path}:{number}: no test called '{name}'")
    for name in sorted(n for n in known_system if n.startswith("attack_")):
        if name not in named:
            problems.append(f"the attack test '{name}' is named by no rule")
    for p in problems:
        print(p)
    print(f"check-rule-tests: {rows} rules, {len(named)} tests named, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
