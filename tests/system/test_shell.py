"""The shell, driven as a user would drive it: typed lines go through the kernel's UART
interrupt to init (the console's owner, which echoes and edits them) and on to the shell,
which runs programs through init (docs/console.md, docs/shell.md)."""
import re
import time

from conftest import PROMPT, Machine, kernel_image


def shell(boot):
    m = boot()
    m.expect(r"init: all 3 children exited", timeout=60)
    m.expect(r"shell\[(\d+)\]: type 'help' for the commands")
    m.expect(PROMPT)
    return m


def free_kib(m):
    out = m.command("free")
    match = re.search(r"RAM: (\d+) KiB free, (\d+) KiB used, (\d+) KiB in all", out)
    assert match, out
    free, used, total = map(int, match.groups())
    assert free + used == total, out
    return free


def ps(m):
    """{pid: (parent, state, ram_kib, cpu_ms, name)} from the shell's ps."""
    out = m.command("ps")
    rows = re.findall(r"^\s*(\d+)\s+(\d+)\s+(running|exited)\s+(\d+)\s+(\d+)\s+(\S+)\s*$", out,
                      re.M)
    assert rows, out
    return {int(r[0]): (int(r[1]), r[2], int(r[3]), int(r[4]), r[5]) for r in rows}


def test_program_gets_quoted_arguments(boot):
    m = shell(boot)
    line = 'hello "a b" c \'d  e\' f\\ g'
    out = m.command(line)
    assert out.split("\r")[0] == line, f"init echoes what is typed: {out!r}"
    assert re.search(r'hello\[\d+\]: Hello, world! "a b" c "d  e" "f g"\r*\n', out), out
    assert "exited with status" not in out, out  # status 0 is not reported


def test_help_lists_every_command(boot):
    m = shell(boot)
    out = m.command("help")
    for name in ["help", "ps", "kill", "wait", "free", "caps", "vspace", "lsmod", "ticks",
                 "exit"]:
        assert re.search(rf"^  {name}\s", out, re.M), f"{name}\n{out}"


def test_background_spinners_in_ps_and_kill_gives_ram_back(boot):
    m = shell(boot)
    shell_pid = int(re.search(r"shell\[(\d+)\]", m.console).group(1))
    pids = []
    for _ in range(2):
        out = m.command("spinner &")
        pids.append(int(re.search(r"\[(\d+)\] spinner", out).group(1)))
        m.expect(rf"spinner\[{pids[-1]}\]: spinning until stopped")
    table = ps(m)
    for pid in pids:
        parent, state, ram, _cpu, name = table[pid]
        assert (parent, state, name) == (shell_pid, "running", "spinner"), table
        assert ram > 0, table
    assert table[shell_pid][1:2] == ("running",) and table[shell_pid][4] == "shell", table
    before = free_kib(m)
    assert m.command(f"kill {pids[0]}").strip().endswith("kestrel$")
    after = free_kib(m)
    assert after > before, f"free RAM {before} KiB before the kill, {after} KiB after"
    table = ps(m)
    assert table[pids[0]][1] == "exited" and table[pids[1]][1] == "running", table
    out = m.command(f"wait {pids[0]}")
    assert re.search(rf"wait: {pids[0]} exited with status -2 \(killed\)", out), out
    assert pids[0] not in ps(m), "a child waited for leaves the table"
    out = m.command(f"kill {pids[1]}")
    out = m.command(f"wait {pids[1]}")
    assert "(killed)" in out, out


def test_ctrl_c_stops_the_foreground_program(boot):
    m = shell(boot)
    m.send("spinner\r")
    pid = int(m.expect(r"spinner\[(\d+)\]: spinning until stopped").group(1))
    start = len(m.console)
    m.send("\x03")
    m.expect(PROMPT)
    out = m.console[start:]
    assert re.search(rf"\^C\r*\nshell: spinner\[{pid}\] exited with status 130 "
                     r"\(stopped by Ctrl-C\)", out), out
    assert pid not in ps(m)


def test_ctrl_c_at_the_prompt_and_line_editing(boot):
    m = shell(boot)
    start = len(m.console)
    m.send("hello dropped\x03")
    m.expect(PROMPT)
    assert "^C" in m.console[start:] and "dropped" not in m.console[start:].split("^C")[1]
    # Backspace erases a character, Ctrl-U the whole line.
    out = m.command("nothing here\x15hello ab\x7fc")
    assert re.search(r"hello\[\d+\]: Hello, world! ac\r*\n", out), out


def test_caps_lists_task_cnode_slots_by_name(boot):
    m = shell(boot)
    out = m.command("spinner &")
    pid = int(re.search(r"\[(\d+)\] spinner", out).group(1))
    out = m.command(f"caps {pid}")
    for slot, kind, name in [("0", "L2CNode", "TASKCN"), ("0.1", "Dispatcher", "DISPATCHER"),
                             ("0.2", "L1CNode", "ROOTCN"), ("0.4", "Frame", "DISPFRAME"),
                             ("0.10", "Frame", "ARGSPAGE"), ("0.18", "EndPoint", "SELFEP"),
                             ("0.19", "EndPoint", "INITEP"), ("1", "L2CNode", "PAGECN"),
                             ("1.0", "VNode_ARM_l1", "VROOT")]:
        assert re.search(rf"\[{re.escape(slot)}\] {kind} base 0x[0-9a-f]{{8}} size 0x[0-9a-f]+ "
                         rf"[RWXGV-]{{5}} \({name}\)", out), f"{slot} {name}\n{out}"
    out = m.command(f"vspace {pid}")
    for what in ["program text", "program data", "stack", "dispatcher frame", "arguments page"]:
        assert re.search(rf"0x[0-9a-f]{{8}}-0x[0-9a-f]{{8}} +\d+ KiB  {what}\r*\n", out), \
            f"{what}\n{out}"
    assert re.search(r"L1 table at 0x[0-9a-f]{8}:", out), out
    assert re.search(r"L2 table at 0x[0-9a-f]{8}:", out), out


def test_errors_are_one_clear_line(boot):
    m = shell(boot)
    for line, message in [("nosuchprogram", r"shell: nosuchprogram: cannot start it: "
                           r"no boot module of that name"),
                          ('hello "open', r'shell: a " is not closed'),
                          ("kill 9999", r"kill: no such process among those the caller spawned"),
                          ("kill x", r"kill: 'x' is not a pid"),
                          ("caps", r"caps: usage: caps <pid>"),
                          ("caps 9999", r"caps: no child with that pid"),
                          ("ps &", r"ps: a built-in command cannot run in the background")]:
        out = m.command(line)
        lines = [l for l in out.replace("\r", "").split("\n")[1:] if l and l != "kestrel$ "]
        assert len(lines) == 1 and re.fullmatch(message, lines[0]), f"{line}: {lines}"


def test_lsmod_and_ticks(boot):
    m = shell(boot)
    out = m.command("lsmod")
    assert re.search(r"^  hello\s+\(started at boot\)", out, re.M), out
    assert re.search(r"^  spinner\s*$", out, re.M), out
    assert len(re.findall(r"^  hello\b", out, re.M)) == 1, "each program once"
    out = m.command("ticks")
    match = re.search(r"ticks: (\d+) at 100 Hz = (\d+) ms; board clock: (\d+) ms", out)
    assert match and int(match.group(1)) > 0, out


def test_exit_ends_the_shell_and_init_says_so(boot):
    m = shell(boot)
    m.send("exit 3\r")
    m.expect(r"init: the shell exited with status 3; done")


def ticks(m):
    """(ticks, board clock ms, idle ticks) from the shell's `ticks`."""
    out = m.command("ticks")
    match = re.search(r"ticks: (\d+) at 100 Hz = \d+ ms; board clock: (\d+) ms; idle: (\d+) "
                      r"ticks", out)
    assert match, out
    return tuple(map(int, match.groups()))


def test_sleep_takes_a_second_without_the_cpu(boot):
    m = shell(boot)
    tick0, clock0, idle0 = ticks(m)
    out = m.command("sleep 1")
    assert "exited with status" not in out, out
    tick1, clock1, idle1 = ticks(m)
    # A second of board time at least (a little more: typing and the tick it starts in) ...
    assert 1000 <= clock1 - clock0 <= 2500, f"sleep 1 took {clock1 - clock0} ms"
    # ... and the core idled through it: 100 ticks a second, a few lost to a busy host.
    assert idle1 - idle0 >= 85, f"{idle1 - idle0} idle ticks in {tick1 - tick0}"
    out = m.command("sleep half")
    assert "usage: sleep <seconds>" in out and "exited with status 2" in out, out


def test_quiet_image_leaves_the_console_to_programs():
    """make qemu QUIET=1: the banner, the children and the shell; no boot details, no tick
    reports."""
    m = Machine(kernel_image(image="quiet"))
    try:
        m.expect(r"timer: 100 Hz tick started")
        start = len(m.console)
        m.expect(PROMPT, timeout=60)
        time.sleep(3.5)  # past the seconds the kernel would report ticks in
        out = m.command("hello quiet")
        assert re.search(r"hello\[\d+\]: Hello, world! quiet\r*\n", out), out
        printed = m.console[start:]
        assert re.findall(r"hello\[[123]\]: Hello, world!", printed), printed
        for noise in ["init: ", "spawn: ", "tick: "]:
            assert noise not in printed, f"{noise!r} in a quiet run:\n{printed}"
    finally:
        m.stop()
