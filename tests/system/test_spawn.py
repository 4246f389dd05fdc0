"""init spawns children from ELF modules of the boot archive and reaps them."""
import re



def test_boot_menu_children_run_and_are_reaped(boot):
    m = boot()
    m.expect(r"spawn: hello: ELF magic 7f 45 4c 46, \d+ bytes")
    console_start = len(m.console)
    m.expect(r"init: all (\d+) children exited", timeout=60)
    m.expect(r"shell\[\d+\]: type 'help' for the commands")
    out = m.console[console_start:]
    greetings = re.findall(r"hello\[(\d+)\]: Hello, world!(.*)", out)
    args = sorted(a.strip() for _, a in greetings)
    assert args == sorted(["Hello from menu.lst", "second child, different arguments", "third"]), out
    pids = {p for p, _ in greetings}
    assert len(pids) == 3, out
    for pid in pids:
        assert re.search(rf"init: hello\[{pid}\] exited with status 0", out), out


def test_fifty_children_print_their_own_arguments(in_system_results):
    console, _, _ = in_system_results
    lines = re.findall(r"hello\[(\d+)\]: Hello, world! child (\d+) of 50", console)
    assert sorted(int(i) for _, i in lines) == list(range(50)), console
    assert len({pid for pid, _ in lines}) == 50, console


def test_two_hundred_children_in_a_row(in_system_results):
    console, _, _ = in_system_results
    lines = re.findall(r"hello\[\d+\]: Hello, world! child (\d+) of 200", console)
    assert sorted(int(i) for i in lines) == list(range(201)), console


def test_child_maps_all_of_its_16_mib(in_system_results):
    console, _, _ = in_system_results
    m = re.search(r"memtest\[\d+\]: given (\d+) KiB of RAM; mapped and touched (\d+) KiB "
                  r"in \d+ frames, all correct", console)
    assert m, console
    given, mapped = int(m.group(1)), int(m.group(2))
    assert given >= 16 * 1024 and mapped >= 16 * 1024, console
    back = re.search(r"memtest\[\d+\]: gave it all back: (\d+) KiB free of (\d+) KiB before; "
                     r"mapped (\d+) KiB again", console)
    assert back, console
    free_after, free_before, again = (int(g) for g in back.groups())
    assert free_after == free_before and again == mapped, console


def test_broken_elf_modules_refused_with_their_own_errors(in_system_results):
    console, _, _ = in_system_results
    for name, err in [("bad_truncated", "ELF_ERR_TRUNCATED"), ("bad_machine", "ELF_ERR_MACHINE"),
                      ("bad_overlap", "ELF_ERR_SEGMENT_OVERLAP"),
                      ("bad_filesz", "ELF_ERR_FILESZ_GT_MEMSZ"),
                      ("bad_stack", "SPAWN_ERR_STACK_TOO_BIG")]:
        assert re.search(rf"  {name}: {err} \(", console), console


def test_child_cspace_holds_what_spawn_put_there(in_system_results):
    """The dump of a fresh child's CSpace, read by init slot by slot (CNodeCmd_Identify)."""
    console, _, _ = in_system_results
    start = console.index("the CSpace of pid")
    dump = console[start:console.index("test child_cspace_dump", start)]
    for slot, kind in [(r"\[0\]", "L2CNode"), (r"\[0\.1\]", "Dispatcher"), (r"\[0\.2\]", "L1CNode"),
                       (r"\[0\.4\]", "Frame"), (r"\[0\.10\]", "Frame"), (r"\[0\.18\]", "EndPoint"),
                       (r"\[1\.0\]", "VNode_ARM_l1"), (r"\[1\.1\]", "VNode_ARM_l2"),
                       (r"\[0\.20\]", "RAM"), (r"\[0\.35\]", "RAM"), (r"\[7\]", "L2CNode")]:
        assert re.search(rf"{slot} {kind} base 0x[0-9a-f]{{8}}", dump), f"{slot} {kind}\n{dump}"
    # Its sixteen base pages are in TASKCN; root slot 2 (Barrelfish's BASE_PAGE_CN) is empty.
    assert re.search(r"\[0\.20\] RAM base 0x[0-9a-f]{8} size 0x1000\b", dump), dump
    assert "[0.36]" not in dump and not re.search(r"^\s*\[2\]", dump, re.M), dump
    assert "[0.7]" not in dump and "[0.8]" not in dump, "no BOOTINFO or Kernel cap for a child"
    # One L2 CNode for its slot allocator (SLOT_ALLOC0); it makes more itself when it needs them.
    assert not re.search(r"^\s*\[(8|9)\] ", dump, re.M), dump


def test_menu_lst_arguments_keep_quoted_words(in_system_results):
    """menu.lst's arguments are split as the shell splits a line: "test menu" is one."""
    console, _, _ = in_system_results
    start = console.index("hello with its menu.lst arguments:")
    assert re.search(r'hello\[\d+\]: Hello, world! from the "test menu"\r*\n', console[start:]), \
        console[start:start + 2000]
