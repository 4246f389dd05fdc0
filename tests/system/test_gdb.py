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
