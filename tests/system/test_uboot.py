"""The SD cards of `make sdcard`, checked as cards, and the virt card booted the way a
board boots it: QEMU virt runs Debian's U-Boot for QEMU (u-boot-qemu, unpacked by `make
uboot-qemu`), which finds boot.scr on the card by itself; the script loads the uImage and
starts it with bootm.  The PandaBoard's card (QEMU has no OMAP4) is checked as a card:
MLO first, the script, the uImage's addresses, no semihosting call in the kernel.  The
boards' facts come from their board.mk (`make print-board`)."""
import os
import re
import subprocess

import pytest

from conftest import ROOT, Machine, board_facts

BOARD = "virt"
CARD = os.path.join(ROOT, "build", BOARD, "sdcard.img")
FIRMWARE = {"virt": [], "pandaboard": ["MLO", "u-boot.img"]}  # first on the card
UBOOT = os.path.join(ROOT, "build", "deps", "u-boot-qemu", "usr", "lib", "u-boot", "qemu_arm",
                     "u-boot.bin")
PARTITION = "@@1M"  # mtools' offset of the partition: it starts at sector 2048


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("board", sorted(FIRMWARE))
def test_card_layout(board):
    """One bootable FAT32 partition at 1 MiB, the board's firmware first; boot.scr decodes
    to boot/boot.cmd; the uImage is loaded and entered at the board's load address, inside
    its RAM; a board without semihosting has no semihosting call in its kernel."""
    card = os.path.join(ROOT, "build", board, "sdcard.img")
    assert os.path.exists(card), f"{card} is missing: run the tests with 'make test'"
    _, ram_base, ram_mb, load, qemu = board_facts(board)
    table = run("sfdisk", "--dump", card)
    parts = re.findall(r"^\S+ : start=\s*(\d+), size=\s*(\d+), type=(\w+)(, bootable)?$",
                       table, re.M)
    assert len(parts) == 1, table
    start, _, kind, bootable = parts[0]
    assert (int(start), kind, bootable) == (2048, "c", ", bootable"), table
    files = run("mdir", "-b", "-i", card + PARTITION).split()
    expected = ["::/" + f for f in FIRMWARE[board] + ["boot.scr", "kestrel.uimg",
                                                      "kestrel-standalone.uimg", "kernel.bin"]]
    assert files == expected, files
    for image in ("kestrel.uimg", "kestrel-standalone.uimg"):
        header = run("mkimage", "-l", os.path.join(ROOT, "build", board, image))
        load_at = int(re.search(r"Load Address:\s*([0-9a-f]+)", header).group(1), 16)
        entry = int(re.search(r"Entry Point:\s*([0-9a-f]+)", header).group(1), 16)
        assert load_at == entry == load, header
    assert ram_base <= load < ram_base + ram_mb * 1024 * 1024, header
    kernel = os.path.join(ROOT, "build", board, "kernel.elf")
    linked = run("arm-none-eabi-readelf", "-h", kernel)
    assert int(re.search(r"Entry point address:\s*0x([0-9a-f]+)", linked).group(1), 16) == load
    script = os.path.join(ROOT, "build", board, "boot.scr.txt")
    run("dumpimage", "-T", "script", "-p", "0", "-o", script,
        os.path.join(ROOT, "build", board, "boot.scr"))
    with open(script, "rb") as f, open(os.path.join(ROOT, "boot", "boot.cmd"), "rb") as g:
        assert g.read() in f.read()
    if not qemu:  # a real board: no debugger to answer a semihosting call
        assert not re.search(r"\bsvc\s+0x00123456", run("arm-none-eabi-objdump", "-d", kernel))


def uboot_on_card():
    """QEMU virt running Debian's U-Boot, the card as a virtio disk."""
    assert os.path.exists(UBOOT), f"{UBOOT} is missing: run the tests with 'make test'"
    name, _, _, _, qemu = board_facts(BOARD)
    return name, Machine(None, ["-bios", UBOOT, "-drive",
                                f"if=none,file={CARD},format=raw,id=hd0",
                                "-device", "virtio-blk-device,drive=hd0"],
                         qemu=" ".join(a for a in qemu.split() if a != "-semihosting"))


def test_card_boots_through_uboot_bootm():
    """U-Boot finds boot.scr by itself; bootm enters the kernel with the MMU and caches
    off (its cleanup before an OS), so the kernel has nothing to turn off."""
    name, m = uboot_on_card()
    try:
        m.expect(r"U-Boot 20\d\d")
        m.expect(r"Kestrel: loading kestrel.uimg")
        m.expect(r"## Booting kernel from Legacy Image")
        m.expect(rf"Kestrel CPU driver for ARMv7-A, board {name}\s")
        m.expect(r"shell\[\d+\]: type 'help' for the commands")
        m.expect(r"tick: 100 ticks at 100 Hz")
        assert "boot: entered with the MMU or data cache on" not in m.console
    finally:
        m.stop()


def test_card_boots_through_uboot_like_go():
    """U-Boot calls the kernel as `go` does: as a function, r0 = argc, r1 = argv, its own
    page tables and data cache still on.  (This U-Boot's `go` itself never jumps: it first
    drains the PL011, and its pl01x driver reports output pending while the FIFO is not
    full, which on QEMU is always; a standalone program started by bootm with autostart=yes
    is called the same way, without that drain.)  The kernel cleans the cache, turns the
    MMU and caches off, says so, and the whole system runs."""
    name, m = uboot_on_card()
    try:
        m.expect(r"Hit any key to stop autoboot")
        m.send(" ")
        m.expect(r"=> ")
        m.send("virtio scan; load virtio 0:1 ${kernel_addr_r} kestrel-standalone.uimg\r")
        m.expect(r"\d+ bytes read")
        m.expect(r"=> ")
        m.send("setenv autostart yes; bootm ${kernel_addr_r}\r")
        m.expect(r"Image Type:\s+ARM U-Boot Standalone Program")
        m.expect(rf"Kestrel CPU driver for ARMv7-A, board {name}\s")
        m.expect(r"boot: entered with the MMU or data cache on; cleaned the cache and turned "
                 r"both off first")
        m.expect(r"shell\[\d+\]: type 'help' for the commands")
        m.expect(r"tick: 100 ticks at 100 Hz")
    finally:
        m.stop()
