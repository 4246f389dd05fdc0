# Build facts for the Arm Versatile Express with a Cortex-A9 quad-core tile,
# as QEMU emulates it (-M vexpress-a9).

BOARD_CPU          := cortex-a9
BOARD_RAM_BASE     := 0x60000000
BOARD_RAM_MB       := 512
# The kernel image is loaded 64 KiB above the start of RAM.
BOARD_LOAD_ADDR    := 0x60010000
BOARD_DRIVERS      := pl011 gic a9_timer
BOARD_PLAT_SRCS    := kernel/plat/vexpress.c kernel/plat/shutdown.c
# QEMU implements Arm semihosting here, so a kernel can end QEMU with a status
# (SEMIHOSTING=0 builds a kernel that never makes the call, as on a real board).
BOARD_SEMIHOSTING  := 1
BOARD_QEMU         := qemu-system-arm -M vexpress-a9 -m $(BOARD_RAM_MB)M
