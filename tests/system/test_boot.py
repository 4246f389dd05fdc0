"""The kernel boots, names itself and the board, and ticks at the right rate."""
import os
import re
import subprocess

from conftest import PLATFORM, ROOT, Machine

LOAD_ADDRESS = 0x60010000  # kernel/plat/vexpress-a9/board.mk


def test_banner_names_board_cpu_and_ram(boot):
    m = boot()
    m.expect(r"Kestrel CPU driver for ARMv7-A, board vexpress-a9\s")
    m.expect(r"build \S+, vexpress-a9\s")
    m.expect(r"CPU: MIDR 410fc090 \(part c09, r0p0\)")
    m.expect(r"RAM: 512 MiB at physical 0x60000000, mapped at 0x80000000")
    m.expect(r"kernel: physical 0x60010000-0x[0-9a-f]{8}, linked at 0x8[0-9a-f]{7}")


def test_tick_matches_board_clock_within_5_percent(boot):
    m = boot()
    pattern = r"tick: (\d+) ticks at (\d+) Hz = (\d+) ms; board clock: (\d+) ms"
    for second in (1, 2, 3):
        match = m.expect(pattern, timeout=30)
        ticks, hz, tick_ms, board_ms = (int(g) for g in match.groups())
        assert hz == 100
        assert ticks == second * hz, f"report {second} came at {ticks} ticks"
        assert tick_ms == ticks * 1000 // hz
        assert abs(tick_ms - board_ms) <= 0.05 * board_ms, \
            f"{ticks} ticks = {tick_ms} ms of tick time, but the board clock says {board_ms} ms"


def test_tick_count_on_request(boot):
    """The tick report, after the first seconds, is the shell's `ticks` command."""
    m = boot()
    m.expect(r"tick: 300 ticks", timeout=30)
    out = m.command("ticks")
    match = re.search(r"ticks: (\d+) at 100 Hz = (\d+) ms; board clock: (\d+) ms", out)
    assert match and int(match.group(1)) >= 300, out


def raw_image_at(address):
    """A Machine that boots the raw image (kernel.bin) from `address`, as a boot loader
    would that takes no ELF: QEMU's generic loader puts it there and starts it there."""
    image = os.path.join(ROOT, "build", PLATFORM, "kernel.bin")
    assert os.path.exists(image), f"{image} is missing: run the tests with 'make test'"
    return Machine(None, ["-device", f"loader,file={image},addr={address:#x},cpu-num=0"])


def test_raw_image_at_its_link_address_boots():
    m = raw_image_at(LOAD_ADDRESS)
    try:
        m.expect(r"Kestrel CPU driver for ARMv7-A, board vexpress-a9\s")
        m.expect(r"shell\[\d+\]: type 'help' for the commands")
    finally:
        m.stop()


def test_raw_image_elsewhere_says_where_to_load_it():
    """Loaded 1 MiB too high, the boot stub cannot run the kernel, but its message is
    whole: it finds its stack and strings relative to where it runs."""
    m = raw_image_at(LOAD_ADDRESS + 0xf0000)
    try:
        m.expect(r"boot: kernel loaded at 0x60100000 but linked to run at 0x60010000; "
                 r"load it at the address in board.mk \(mkimage -a\)\.")
        assert "\0" not in m.console
    finally:
        m.stop()


def test_missing_tick_is_reported(boot):
    """A timer whose interrupt never comes (here: left masked on purpose) is found within
    a second of board time, at a kernel entry or in the idle loop, and stops the kernel."""
    m = boot(selftest="no-tick")
    m.expect(r"selftest: the timer's interrupt stays masked")
    m.expect(r"tick: no timer interrupt \(ID \d+\) in the second since the timer started: "
             r"this board's timer or interrupt controller does not work; stopping")
    assert m.wait_exit() == 1


def test_only_their_images_init_has_the_tests_and_benchmarks():
    """The in-system tests, the benchmarks and the kernel fuzzer's driver are linked into
    their own image's init only (user/init/image.h), never into the normal one."""
    def symbols(image):
        path = os.path.join(ROOT, "build", f"{PLATFORM}{image}", "user", "init")
        assert os.path.exists(path), f"{path} is missing: run the tests with 'make test'"
        out = subprocess.run(["arm-none-eabi-nm", path], capture_output=True, text=True,
                             check=True).stdout
        return set(re.findall(r"^[0-9a-f]+ [Tt] (\w+)$", out, re.M))

    drivers = {"-test": "run_tests", "-bench": "run_benchmarks", "-kfuzz": "run_kfuzz"}
    normal = symbols("")
    for image, entry in drivers.items():
        assert entry not in normal, f"the normal init has {entry}"
        assert entry in symbols(image), f"the {image[1:]} image's init lacks {entry}"
    assert "test_retype_rules" not in normal and "image_main" in normal
