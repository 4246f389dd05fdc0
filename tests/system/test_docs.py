"""The README's and the docs' examples come from a real run: every line the README shows
from a boot was printed; the shell sessions of the README, docs/shell.md and
docs/programs.md are what the system prints when the same lines are typed; the example
program of docs/programs.md is the one in the tree (user/greet/main.c).  Numbers (sizes,
addresses, times, pids) are compared as "a number": they change with the code."""
import os
import re
import time

from conftest import PROMPT, ROOT, kernel_image
from test_shell import shell

NUMBER = re.compile(r"0x[0-9a-f]+|\b[0-9a-f]{8}\b|\d+")


def normal(line):
    return " ".join(NUMBER.sub("#", line).split())


def doc(name):
    return open(os.path.join(ROOT, name), encoding="utf-8").read()


def indented_blocks(text):
    """The README's indented (4-space) blocks, without the indentation."""
    return ["\n".join(l[4:] for l in b.rstrip("\n").split("\n"))
            for b in re.findall(r"(?:^    .*\n)+", text, re.M)]


def console_lines(text):
    return [normal(l) for l in text.replace("\r", "").split("\n")]


def replay(m, session):
    """Type each `kestrel$ ` line of a session; compare what each prints with the lines the
    session shows after it."""
    steps = []
    for line in session.rstrip("\n").split("\n"):
        if line.startswith("kestrel$ "):
            steps.append((line[len("kestrel$ "):], []))
        else:
            steps[-1][1].append(line)
    for command, expected in steps:
        if command == "exit":
            m.send("exit\r")
            m.expect(re.escape(expected[-1]))
            continue
        out = m.command(command)
        got = [l for l in console_lines(out)[1:] if l and l != "kestrel$"]
        assert got == [normal(l) for l in expected], f"{command}:\n{out}"


def test_readme_boot_output_is_what_the_system_prints(boot):
    sample = next(b for b in indented_blocks(doc("README.md")) if "Kestrel CPU driver" in b)
    m = shell(boot)
    printed = console_lines(m.console)
    missing = [l for l in sample.split("\n") if l != "..." and normal(l) not in printed]
    assert not missing, f"README lines the system did not print: {missing}\n{m.console}"


def test_readme_shell_session(boot):
    session = next(b for b in indented_blocks(doc("README.md"))
                   if b.startswith("kestrel$ hello"))
    replay(shell(boot), session)


def test_shell_md_session(boot):
    session = re.search(r"```\n(kestrel\$ hello .*?)```", doc("docs/shell.md"), re.S).group(1)
    replay(shell(boot), session)


def test_programs_md_example_is_user_greet():
    code = re.search(r"```c\n(.*?)```", doc("docs/programs.md"), re.S).group(1)
    with open(os.path.join(ROOT, "user", "greet", "main.c"), encoding="utf-8") as f:
        source = f.read()
    assert source.split("\n", 1)[1] == code, "docs/programs.md and user/greet/main.c differ"


def test_programs_md_session(boot):
    block = re.search(r"```\n(kestrel\$ greet .*?)```", doc("docs/programs.md"), re.S).group(1)
    m = boot()
    m.expect(r"tick: 300 ticks[^\n]*\n", timeout=60)  # the kernel's first reports are over
    start = len(m.console)
    # What the session shows the user typing: commands at the prompt, a name at greet's.
    m.send('greet "two words" three\r')
    m.expect(r"your name\? ")
    m.send("Ada\r")
    m.expect(PROMPT)
    m.send("greet &\r")
    m.expect(r"your name\? ")
    m.send("ps\r")
    m.expect(PROMPT)
    m.send("wait 6\r")
    time.sleep(0.5)
    m.send("Grace\r")
    m.expect(r"wait: 6 exited with status 0")
    printed = ("kestrel$ " + m.console[start:]).replace("\r", "").rstrip("\n").split("\n")
    shown = block.rstrip("\n").split("\n")
    assert [normal(l) for l in printed] == [normal(l) for l in shown], \
        "\n".join(printed) + "\n--- docs/programs.md shows ---\n" + block


def debugging_block(start):
    """The indented block of docs/debugging.md whose first line starts with `start`."""
    blocks = indented_blocks(doc("docs/debugging.md"))
    return next(b for b in blocks if b.startswith(start)).split("\n")


def assert_printed(shown, printed_text, what):
    printed = console_lines(printed_text)
    missing = [l for l in shown if l.strip() != "..." and normal(l) not in printed]
    assert not missing, f"{what}: lines the system did not print: {missing}\n{printed_text}"


def test_debugging_md_kernel_fault_report(boot):
    shown = debugging_block("*** unexpected data abort")
    m = boot(selftest="data-abort")
    m.expect(r"system halted")
    assert_printed(shown, m.console, "docs/debugging.md's fault report")


def test_debugging_md_user_fault_line(in_system_results):
    shown = debugging_block("user fault: dispatcher 'faulter'")
    assert_printed(shown, in_system_results[0], "docs/debugging.md's user fault")


def test_debugging_md_gdb_sessions(boot):
    from test_gdb import run_gdb
    image = kernel_image()
    hello = os.path.join(os.path.dirname(image), "user", "hello")
    for first, commands in [
            ("(gdb) kestrel-user", [f"kestrel-user {hello}", "kestrel-break hello main", "continue",
                                    "bt", "kestrel-whoami"]),
            ("(gdb) kestrel-break hello main 2", [f"kestrel-user {hello}",
                                                  "kestrel-break hello main 2", "continue",
                                                  "print *argv@argc"])]:
        shown = [l for l in debugging_block(first) if not l.startswith("(gdb)")]
        m, out = run_gdb(boot, image, commands)
        assert_printed(shown, out, f"docs/debugging.md's session from {first!r}")
        m.stop()
