#!/usr/bin/env python3
"""Mutation testing: break the code on purpose, one way at a time, and check
that the tests meant to notice do notice (docs/testing.md).

usage: mutate.py [--jobs N] [--only TEXT[,TEXT...]] --qemu "QEMU COMMAND" --platform BOARD MUTANT_DIR
       mutate.py --check-apply MUTANT_DIR   (does every mutant still apply? make test runs it)

Each mutant is a file MUTANT_DIR/NAME.patch: a few header lines, then a
unified diff (`git diff` output) that breaks one check or mechanism:

    Mutant: what the change breaks, in one line
    Killed-by: insystem:TEST[,TEST...] host:PROGRAM system:PYTEST_NODE ...

    diff --git a/kernel/... b/kernel/...

The project's files are copied into build/mutate/tree-N (one copy per job,
kept between runs so builds are incremental). First every test any mutant
names is run on the unmutated copy and must pass; then each mutant is
applied to a copy (`git apply`), the tests it names are built and run, and
the patch is taken back out. A mutant is killed when at least one of its
tests fails (a hang past the timeout counts as a failure); it survives when
all pass. A mutant that does not apply or does not build is an error. The
last line is "N killed, N survived"; the status is 0 only if every mutant
was killed.

Kinds of tests:
  host:NAME       a host test program (tests/host/, built as build/host/NAME)
  insystem:A,B    in-system tests of the test image (user/init/tests*.c): its
                  verdicts "test A: ok" are read from one boot under -icount
  system:NODE     a pytest node of tests/system/ (file.py::test_name)
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import queue

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = os.path.join(ROOT, "build", "mutate")
QEMU_TIMEOUT = 180  # seconds for one boot of the test image (a whole run takes ~45)
TEST_TIMEOUT = 600  # seconds for any other test command
INSYSTEM_VERDICT = re.compile(r"^test (\w+): (ok|FAILED)", re.M)
INSYSTEM_SUMMARY = re.compile(r"^\d+ passed, \d+ failed", re.M)


class Mutant:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)[:-len(".patch")]
        self.what, self.tests = "", []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("diff --git"):
                    break
                if line.startswith("Mutant:"):
                    self.what = line.split(":", 1)[1].strip()
                elif line.startswith("Killed-by:"):
                    self.tests += line.split(":", 1)[1].split()
        if not self.what or not self.tests:
            sys.exit(f"mutate: {path}: needs a 'Mutant:' and a 'Killed-by:' line")
        for t in self.tests:
            if t.split(":", 1)[0] not in ("host", "insystem", "system"):
                sys.exit(f"mutate: {path}: unknown kind of test {t!r}")


def clean_env(platform, qemu):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update(KESTREL_PLATFORM=platform, KESTREL_QEMU=qemu)
    # The copies live inside this repository's build/: git in a copy must not find it.
    env["GIT_CEILING_DIRECTORIES"] = WORK
    return env


def project_files():
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                         check=True, stdout=subprocess.PIPE).stdout.decode()
    return [f for f in out.split("\0") if f and not f.startswith("build/")]


def sync_tree(tree, files):
    """Make tree hold exactly the project's files; keep its build/ for speed."""
    wanted = set(files)
    for dirpath, dirnames, filenames in os.walk(tree):
        rel_dir = os.path.relpath(dirpath, tree)
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d != "build"]
        for name in filenames:
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if rel not in wanted:
                os.remove(os.path.join(dirpath, name))
    for rel in files:
        src, dst = os.path.join(ROOT, rel), os.path.join(tree, rel)
        if not os.path.isfile(src):
            continue  # deleted in the working tree, not yet in git
        if os.path.exists(dst):
            with open(src, "rb") as a, open(dst, "rb") as b:
                if a.read() == b.read():
                    continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
        os.utime(dst)  # newer than anything built from the old copy


class Tree:
    """One copy of the project, where mutants are applied and tested."""

    def __init__(self, index, args):
        self.path = os.path.join(WORK, f"tree-{index}")
        self.args = args
        self.env = clean_env(args.platform, args.qemu)

    def run(self, cmd, timeout=TEST_TIMEOUT):
        """Run a command in the copy; return (status, output)."""
        try:
            p = subprocess.run(cmd, cwd=self.path, env=self.env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=timeout)
            return p.returncode, p.stdout.decode(errors="replace")
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode(errors="replace")
            return None, out + f"\n(timed out after {timeout} s)"

    def make(self, *targets):
        return self.run(["make", "--no-print-directory", *targets])

    def build(self, kinds):
        """Build what the kinds of tests need; return an error text or None."""
        steps = []
        if "host" in kinds:
            steps.append(("host-tests",))
        if "insystem" in kinds or "system" in kinds:
            steps.append(("kernel", "IMAGE=test"))
        if "system" in kinds:
            steps.append(("kernel",))
            steps.append(("selftest-images",))
        for step in steps:
            status, out = self.make(*step)
            if status != 0:
                return f"make {' '.join(step)} failed:\n{out[-3000:]}"
        return None

    def insystem(self, names):
        """Boot the test image; return {name: verdict} for the names (None: none seen)."""
        kernel = os.path.join(self.path, "build", f"{self.args.platform}-test", "kernel.elf")
        cmd = shlex.split(self.args.qemu) + ["-nographic", "-icount", "shift=0,sleep=off",
                                             "-kernel", kernel]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=self.env)
        os.set_blocking(proc.stdout.fileno(), False)
        console, began = "", time.monotonic()
        try:
            while time.monotonic() - began < QEMU_TIMEOUT:
                chunk = proc.stdout.read(65536)
                if chunk is None:
                    if proc.poll() is not None:
                        break
                    time.sleep(0.05)
                    continue
                if not chunk:
                    break
                console += chunk.decode(errors="replace")
                seen = dict(INSYSTEM_VERDICT.findall(console))
                if all(n in seen for n in names) or INSYSTEM_SUMMARY.search(console):
                    break
        finally:
            proc.kill()
            proc.wait()
        seen = dict(INSYSTEM_VERDICT.findall(console))
        return {n: seen.get(n) for n in names}, console

    def run_tests(self, tests):
        """Run the tests; return [(test, passed, detail)]."""
        kinds = {t.split(":", 1)[0] for t in tests}
        err = self.build(kinds)
        if err:
            return [(t, None, err) for t in tests]
        results = []
        insystem = [n for t in tests if t.startswith("insystem:")
                    for n in t.split(":", 1)[1].split(",")]
        if insystem:
            verdicts, console = self.insystem(insystem)
            for n in insystem:
                detail = verdicts[n] or "no verdict (hang or crash)"
                results.append((f"insystem:{n}", verdicts[n] == "ok",
                                detail if verdicts[n] == "ok" else f"{detail}\n{console[-4000:]}"))
        for t in tests:
            kind, what = t.split(":", 1)
            if kind == "host":
                status, out = self.run([os.path.join("build", "host", what)])
            elif kind == "system":
                status, out = self.run([sys.executable, "-m", "pytest", "-q", "-x", "-p",
                                        "no:cacheprovider", os.path.join("tests", "system", what)])
            else:
                continue
            results.append((t, status == 0, out[-4000:]))
        return results

    def apply(self, mutant, reverse=False):
        cmd = ["git", "apply"] + (["-R"] if reverse else []) + [mutant.path]
        status, out = self.run(cmd)
        if status == 0:
            for f in re.findall(r"^\+\+\+ b/(\S+)", open(mutant.path).read(), re.M):
                os.utime(os.path.join(self.path, f))  # rebuild even within one second
        return status == 0, out


def check_apply(mutant_dir):
    """Does every mutant still apply to the tree as it is (make test runs this)?"""
    paths = sorted(os.path.join(mutant_dir, f) for f in os.listdir(mutant_dir)
                   if f.endswith(".patch"))
    stale = []
    for p in paths:
        Mutant(p)  # the header must parse
        if subprocess.run(["git", "apply", "--check", p], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT).returncode != 0:
            stale.append(os.path.basename(p))
    for name in stale:
        print(f"mutate: {name} no longer applies: make the same break in the code as it is now")
    print(f"mutate: {len(paths) - len(stale)} of {len(paths)} mutants apply")
    return 1 if stale or not paths else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", help="run only the mutants whose name contains one of these "
                        "(comma-separated)")
    parser.add_argument("--qemu")
    parser.add_argument("--platform")
    parser.add_argument("--check-apply", action="store_true",
                        help="only check that every mutant parses and applies to this tree")
    parser.add_argument("mutant_dir")
    args = parser.parse_args()
    if args.check_apply:
        return check_apply(args.mutant_dir)

    if not args.qemu or not args.platform:
        parser.error("--qemu and --platform are needed to run mutants")
    paths = sorted(os.path.join(args.mutant_dir, f) for f in os.listdir(args.mutant_dir)
                   if f.endswith(".patch"))
    only = args.only.split(",") if args.only else [""]
    mutants = [Mutant(p) for p in paths if any(o in os.path.basename(p) for o in only)]
    if not mutants:
        sys.exit("mutate: no mutants")
    began = time.monotonic()
    files = project_files()
    trees = [Tree(i, args) for i in range(max(1, args.jobs))]
    for tree in trees:
        os.makedirs(tree.path, exist_ok=True)
        sync_tree(tree.path, files)
    print(f"mutate: {len(mutants)} mutants, {len(trees)} copies of the tree in "
          f"{os.path.relpath(WORK, ROOT)}")

    # The tests must pass without a mutant, or a "kill" would prove nothing.
    every = sorted({t for m in mutants for t in m.tests})
    print(f"mutate: first the unmutated tree: {len(every)} tests")
    sys.stdout.flush()
    bad = [(t, d) for t, ok, d in trees[0].run_tests(every) if not ok]
    if bad:
        for t, d in bad:
            print(f"mutate: {t} fails without a mutant:\n{d}")
        print("mutate: 0 killed, 0 survived (the unmutated tree fails)")
        return 1

    work, lock = queue.Queue(), threading.Lock()
    for i, m in enumerate(mutants):
        work.put((i + 1, m))
    outcome = {}

    def worker(tree):
        while True:
            try:
                n, m = work.get_nowait()
            except queue.Empty:
                return
            t0 = time.monotonic()
            applied, out = tree.apply(m)
            if not applied:
                result, detail = "error", f"does not apply:\n{out}"
            else:
                results = tree.run_tests(m.tests)
                killers = [t + (f" ({d.splitlines()[0]})" if t.startswith("insystem:") else "")
                           for t, ok, d in results if ok is False]
                broken = [d for _, ok, d in results if ok is None]
                if broken:
                    result, detail = "error", broken[0]
                elif killers:
                    result, detail = "killed", "by " + " ".join(killers)
                else:
                    result, detail = "survived", "every test passed: " + " ".join(m.tests)
                back, out = tree.apply(m, reverse=True)
                if not back:
                    result, detail = "error", f"could not be taken back out:\n{out}"
            with lock:
                outcome[m.name] = result
                print(f"mutate: [{n}/{len(mutants)}] {m.name}: {result} "
                      f"({time.monotonic() - t0:.0f} s) {detail if result != 'error' else ''}")
                if result == "error":
                    print(f"  {detail}")
                sys.stdout.flush()

    threads = [threading.Thread(target=worker, args=(t,)) for t in trees]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    killed = sum(1 for r in outcome.values() if r == "killed")
    survived = [n for n, r in outcome.items() if r == "survived"]
    errors = [n for n, r in outcome.items() if r == "error"]
    minutes = (time.monotonic() - began) / 60
    for n in survived:
        print(f"mutate: SURVIVED: {n}")
    for n in errors:
        print(f"mutate: ERROR (did not apply, build or take back): {n}")
    print(f"mutate: {len(mutants)} mutants in {minutes:.1f} minutes"
          + (f", {len(errors)} errors" if errors else ""))
    print(f"{killed} killed, {len(survived)} survived")
    return 0 if not survived and not errors and killed == len(mutants) else 1


if __name__ == "__main__":
    sys.exit(main())
