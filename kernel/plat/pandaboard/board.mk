# Build facts for the PandaBoard ES (TI OMAP4460: two Cortex-A9 cores r2p10, 1 GiB of RAM
# at 0x80000000), booted from an SD card through U-Boot (make sdcard; docs/pandaboard.md).
# QEMU does not emulate it: vexpress-a15 proves its memory layout (RAM where the kernel
# maps it, physical = virtual) and npcm750 its console (a 16550) in emulation.

BOARD_CPU          := cortex-a9
BOARD_RAM_BASE     := 0x80000000
BOARD_RAM_MB       := 1024
# 64 KiB above the start of RAM: clear of boot.scr, which U-Boot's envboot loads at
# 0x82000000, and of the uImage, which the script loads 16 MiB above that.
BOARD_LOAD_ADDR    := 0x80010000
BOARD_DRIVERS      := ns16550 gic a9_timer
BOARD_PLAT_SRCS    := kernel/plat/omap4.c kernel/plat/shutdown.c
# No debugger on the board: the semihosting call would trap.
BOARD_SEMIHOSTING  := 0
BOARD_QEMU         :=
# The card's boot firmware: MLO and u-boot.img of Debian's u-boot-omap, board omap4_panda.
BOARD_CARD_FIRMWARE := omap4_panda
