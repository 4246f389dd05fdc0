# Build facts for QEMU's virt machine with a Cortex-A15 (-M virt -cpu cortex-a15): GICv2,
# PL011, the generic timer, RAM at 0x40000000.

BOARD_CPU          := cortex-a15
BOARD_RAM_BASE     := 0x40000000
BOARD_RAM_MB       := 512
# QEMU and U-Boot keep a device tree at the bottom of RAM: the image goes 2 MiB up.
BOARD_LOAD_ADDR    := 0x40200000
BOARD_DRIVERS      := pl011 gic generic_timer
BOARD_PLAT_SRCS    := kernel/plat/generic_counter.c kernel/plat/shutdown.c
# QEMU implements Arm semihosting here (SEMIHOSTING=0: never make the call).
BOARD_SEMIHOSTING  := 1
# -nic none: the default network card wants a boot ROM Debian ships elsewhere.
BOARD_QEMU         := qemu-system-arm -M virt -cpu cortex-a15 -m $(BOARD_RAM_MB)M -nic none
