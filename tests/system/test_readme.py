"""The README's sample output and its shell session come from a real run: this boots the
default image, checks that every line the README shows was printed, and types the README's
commands and compares what they print.  Numbers (sizes, addresses, times) may differ from
run to run and change with the code; they are compared as "a number"."""
import os
import re

from conftest import PROMPT, ROOT

README = os.path.join(ROOT, "README.md")
NUMBER = re.compile(r"0x[0-9a-f]+|\d+")


def normal(line):
    return " ".join(NUMBER.sub("#", line).split())


def readme_blocks():
    """The indented blocks of the README that follow `make qemu` shows ... and ... type at
    the shell ..."""
    text = open(README, encoding="utf-8").read()
    blocks = re.findall(r"(?:^    .*\n)+", text, re.M)
    boot = next(b for b in blocks if "Kestrel CPU driver" in b)
    session = next(b for b in blocks if b.startswith("    kestrel$ ") and "kestrel$ hello" in b)
    strip = lambda b: [l[4:] for l in b.rstrip("\n").split("\n")]
    return strip(boot), strip(session)


def console_lines(text):
    return [normal(l) for l in text.replace("\r", "").split("\n")]


def test_readme_boot_output_is_what_the_system_prints(boot):
    sample, _ = readme_blocks()
    m = boot()
    m.expect(r"shell\[\d+\]: type 'help' for the commands", timeout=60)
    m.expect(PROMPT)
    printed = console_lines(m.console)
    missing = [l for l in sample if l != "..." and normal(l) not in printed]
    assert not missing, f"README lines the system did not print: {missing}\n{m.console}"


def test_readme_shell_session_is_what_the_shell_prints(boot):
    _, session = readme_blocks()
    m = boot()
    m.expect(r"shell\[\d+\]: type 'help' for the commands", timeout=60)
    m.expect(PROMPT)
    # Commands and the lines each is shown to print.
    steps = []
    for line in session:
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
