#!/usr/bin/env python3
"""Run every test suite and end with one line: "N passed, N failed".

usage: run-tests.py HOST_TEST_BINARY... [--check NAME=COMMAND]... -- PYTEST_ARGS...

Host tests are cmocka programs; system tests run under pytest. A skipped
test counts as failed: nothing may be silently left out. Each --check (any
number, before the --) runs COMMAND with the shell, after the host tests,
and counts as one test: passed if it exits with status 0 (the short fuzzing
run of `make test` is one).
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

RESULTS_XML = os.path.join("build", "system-tests.xml")


def run_host_test(binary):
    """Run one cmocka program; return (passed, failed)."""
    proc = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=300)
    sys.stdout.write(proc.stdout)
    ran = re.search(r"\[=+\] (\d+) test\(s\) run", proc.stdout)
    failed = re.search(r"\[  FAILED  \] (\d+) test\(s\)", proc.stdout)
    total = int(ran.group(1)) if ran else 0
    nfailed = int(failed.group(1)) if failed else 0
    if proc.returncode != 0 and nfailed == 0:
        # Crashed (a sanitizer report, say) before cmocka could count.
        print(f"{binary}: exited with status {proc.returncode}")
        nfailed = max(1, total)
    return total - nfailed, nfailed


def run_check(name, command):
    """Run one shell command, its output shown as it comes; return (passed, failed)."""
    sys.stdout.flush()
    try:
        status = subprocess.run(command, shell=True, timeout=600).returncode
    except subprocess.TimeoutExpired:
        print(f"{name}: FAILED (timed out after 600 s)")
        return 0, 1
    if status != 0:
        print(f"{name}: FAILED (status {status})")
        return 0, 1
    return 1, 0


def parse_args(argv):
    """Split the command line into host tests, (name, command) checks and pytest args."""
    split = argv.index("--") if "--" in argv else len(argv)
    before, pytest_args = argv[:split], argv[split + 1:]
    host_bins, checks = [], []
    i = 0
    while i < len(before):
        arg = before[i]
        if arg == "--check" or arg.startswith("--check="):
            if arg == "--check":
                i += 1
                value = before[i] if i < len(before) else ""
            else:
                value = arg[len("--check="):]
            name, eq, command = value.partition("=")
            if not name or not eq or not command.strip():
                sys.exit(f"run-tests.py: --check needs NAME=COMMAND, not {value!r}")
            checks.append((name, command))
        else:
            host_bins.append(arg)
        i += 1
    return host_bins, checks, pytest_args


def run_system_tests(args):
    """Run pytest; return (passed, failed) from its JUnit report."""
    if os.path.exists(RESULTS_XML):
        os.remove(RESULTS_XML)
    cmd = ["/usr/bin/python3", "-m", "pytest", "-v", "-p", "no:cacheprovider",
           f"--junitxml={RESULTS_XML}"] + args
    status = subprocess.run(cmd).returncode
    if not os.path.exists(RESULTS_XML):
        print(f"pytest exited with status {status} and wrote no report")
        return 0, 1
    root = ET.parse(RESULTS_XML).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    total = failed = 0
    for s in suites:
        total += int(s.get("tests", 0))
        failed += int(s.get("failures", 0)) + int(s.get("errors", 0)) + \
            int(s.get("skipped", 0))
    if status != 0 and failed == 0:
        failed = 1
    return total - failed, failed


def main():
    host_bins, checks, pytest_args = parse_args(sys.argv[1:])
    passed = failed = 0
    for b in host_bins:
        p, f = run_host_test(b)
        passed += p
        failed += f
    for name, command in checks:
        p, f = run_check(name, command)
        passed += p
        failed += f
    if pytest_args:
        p, f = run_system_tests(pytest_args)
        passed += p
        failed += f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
