"""GDB attaches to QEMU's stub, stops at a kernel breakpoint, shows a backtrace."""
import os
import re
import subprocess

from conftest import ROOT, free_tcp_port, kernel_image


def test_breakpoint_and_backtrace(boot):
    port = free_tcp_port()
    image = kernel_image()
    m = boot(extra_args=["-S", "-gdb", f"tcp:127.0.0.1:{port}"])
    gdb = subprocess.run(
        ["gdb-multiarch", "-q", "-nx", "-batch",
         "-x", os.path.join(ROOT, "scripts", "gdbinit"),
         "-ex", f"kestrel-connect {port}",
         "-ex", "break tick_init",
         "-ex", "continue",
         "-ex", "bt",
         "-ex", "kill",
         image],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    out = gdb.stdout
    assert re.search(r"Breakpoint 1 at 0x8[0-9a-f]{7}: file kernel/tick.c", out), out
    assert re.search(r"Breakpoint 1, tick_init \(hz=(?:hz@entry=)?100\) at kernel/tick.c", out), out
    frames = re.findall(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\w+) \(", out, re.M)
    names = [name for _, name in frames]
    assert names[:2] == ["tick_init", "kernel_main"], out
    # The kernel got as far as the banner before the breakpoint.
    m.expect(r"Kestrel CPU driver for ARMv7-A")


def test_breakpoint_in_a_user_program(boot):
    """kestrel-user loads a child's symbols; kestrel-break stops in that program only.

    init's main lies at about the same address as hello's: a plain breakpoint
    would stop in init first.
    """
    port = free_tcp_port()
    image = kernel_image()
    hello = os.path.join(os.path.dirname(image), "user", "hello")
    m = boot(extra_args=["-S", "-gdb", f"tcp:127.0.0.1:{port}"])
    gdb = subprocess.run(
        ["gdb-multiarch", "-q", "-nx", "-batch",
         "-x", os.path.join(ROOT, "scripts", "gdbinit"),
         "-ex", f"kestrel-connect {port}",
         "-ex", f"kestrel-user {hello}",
         "-ex", "kestrel-break hello main",
         "-ex", "continue",
         "-ex", "bt",
         "-ex", "kestrel-whoami",
         "-ex", "kill",
         image],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    out = gdb.stdout
    # One of the three hellos of boot/menu.lst (whichever runs first): argc 4, 5 or 2.
    stop = re.search(r"Breakpoint 1, main \(argc=(?:argc@entry=)?(\d+), argv=(?:argv@entry=)?"
                     r"0x[0-9a-f]+\) at user/hello/main.c", out)
    assert stop and int(stop.group(1)) in (2, 4, 5), out
    frames = [name for name in re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\w+) \(", out, re.M)]
    assert frames[:2] == ["main", "runtime_start"], out
    assert re.search(r"dispatcher 'hello', pid [123]\b", out), out
    m.expect(r"spawn: hello: ELF magic")
