# Build facts for the Arm Versatile Express with a Cortex-A15 tile, as QEMU emulates it
# (-M vexpress-a15).  RAM starts at 0x80000000, where the kernel maps RAM too: physical
# and virtual addresses coincide, as on the PandaBoard.

BOARD_CPU          := cortex-a15
BOARD_RAM_BASE     := 0x80000000
BOARD_RAM_MB       := 1024
# The kernel image is loaded 64 KiB above the start of RAM.
BOARD_LOAD_ADDR    := 0x80010000
BOARD_DRIVERS      := pl011 gic generic_timer
BOARD_PLAT_SRCS    := kernel/plat/vexpress.c kernel/plat/shutdown.c
# QEMU implements Arm semihosting here (SEMIHOSTING=0: never make the call).
BOARD_SEMIHOSTING  := 1
BOARD_QEMU         := qemu-system-arm -M vexpress-a15 -m $(BOARD_RAM_MB)M
