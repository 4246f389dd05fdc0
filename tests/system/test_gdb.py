"""GDB attaches to QEMU's stub, stops at a kernel breakpoint, shows a backtrace."""
import os
import re
import subprocess

from conftest import ROOT, free_tcp_port, kernel_image


def run_gdb(boot, image, commands):
    """Boot image halted under QEMU's GDB stub, run gdb-multiarch in batch mode with
    scripts/gdbinit and the given commands (then `kill`); return (machine, output)."""
    port = free_tcp_port()
    m = boot(extra_args=["-S", "-gdb", f"tcp:127.0.0.1:{port}"])
    args = ["gdb-multiarch", "-q", "-nx", "-batch", "-x", os.path.join(ROOT, "scripts", "gdbinit"),
            "-ex", f"kestrel-connect {port}"]
    for c in commands + ["kill"]:
        args += ["-ex", c]
    gdb = subprocess.run(args + [image], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=60)
    return m, gdb.stdout


def test_breakpoint_and_backtrace(boot):
    m, out = run_gdb(boot, kernel_image(), ["break tick_init", "continue", "bt"])
    assert re.search(r"Breakpoint 1 at 0x8[0-9a-f]{7}: file kernel/tick.c", out), out
    assert re.search(r"Breakpoint 1, tick_init \(hz=(?:hz@entry=)?100\) at kernel/tick.c", out), out
    frames = re.findall(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\w+) \(", out, re.M)
    names = [name for _, name in frames]
    # kernel_entry's unwind information marks it the outermost frame: a clean end.
    assert names == ["tick_init", "kernel_main", "kernel_entry"], out
    assert "corrupt stack" not in out, out
    # The kernel got as far as the banner before the breakpoint.
    m.expect(r"Kestrel CPU driver for ARMv7-A")


def test_breakpoint_in_a_user_program(boot):
    """kestrel-user loads a child's symbols; kestrel-break stops in that program only.

    init's main lies at about the same address as hello's: a plain breakpoint
    would stop in init first.
    """
    image = kernel_image()
    hello = os.path.join(os.path.dirname(image), "user", "hello")
    m, out = run_gdb(boot, image, [f"kestrel-user {hello}", "kestrel-break hello main",
                                   "continue", "bt", "kestrel-whoami"])
    # One of the three hellos of boot/menu.lst (whichever runs first): argc 4, 5 or 2.
    stop = re.search(r"Breakpoint 1, main \(argc=(?:argc@entry=)?(\d+), argv=(?:argv@entry=)?"
                     r"0x[0-9a-f]+\) at user/hello/main.c", out)
    assert stop and int(stop.group(1)) in (2, 4, 5), out
    frames = [name for name in re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\w+) \(", out, re.M)]
    # crt0's unwind information marks _start the outermost frame: a clean end.
    assert frames == ["main", "runtime_start", "_start"], out
    assert "corrupt stack" not in out, out
    assert re.search(r"dispatcher 'hello', pid [123]\b", out), out
    m.expect(r"spawn: hello: ELF magic")


def test_breakpoint_in_one_chosen_process(boot):
    """kestrel-break with a pid stops in that one of the three hellos and no other, however
    they are scheduled; its argv is the one menu.lst gave it."""
    image = kernel_image()
    hello = os.path.join(os.path.dirname(image), "user", "hello")
    m, out = run_gdb(boot, image, [f"kestrel-user {hello}", "kestrel-break hello main 2",
                                   "continue", "kestrel-whoami", "print argc",
                                   "print *argv@argc"])
    assert re.search(r"Breakpoint 1, main \(argc=(?:argc@entry=)?5, ", out), out
    assert re.search(r"dispatcher 'hello', pid 2\b", out), out
    assert re.search(r'= \{0x[0-9a-f]+ "/sbin/hello", 0x[0-9a-f]+ "second", 0x[0-9a-f]+ "child,", '
                     r'0x[0-9a-f]+ "different", 0x[0-9a-f]+ "arguments"\}', out), out


def test_make_gdb_attaches_only_to_its_own_qemu():
    """scripts/gdb.sh (make gdb) refuses a port someone already listens on, and a QEMU of its
    own that did not come up, instead of attaching to whatever answers on the port."""
    import socket
    gdb_sh = os.path.join(ROOT, "scripts", "gdb.sh")
    image = kernel_image()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(["sh", gdb_sh, "qemu-system-arm -M vexpress-a9 -nographic",
                              image, str(port), os.devnull], capture_output=True, text=True,
                             timeout=30, cwd=ROOT)
    assert run.returncode == 1 and f"port {port} is taken" in run.stderr, run
    run = subprocess.run(["sh", gdb_sh, "qemu-system-arm -M no-such-board -nographic", image,
                          str(free_tcp_port()), os.devnull], capture_output=True, text=True,
                         timeout=30, cwd=ROOT)
    assert run.returncode == 1 and "QEMU did not start" in run.stderr, run
