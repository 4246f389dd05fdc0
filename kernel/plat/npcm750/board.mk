# Build facts for QEMU's Nuvoton NPCM750 evaluation board (-M npcm750-evb): a Cortex-A9
# MPCore with a 16550 UART at a 4-byte register stride, like the PandaBoard's.  It is
# here to run the 16550 console driver in emulation.  RAM starts at 0; the kernel uses it
# from 1 MiB up, so that no object ever sits at physical address 0.

BOARD_CPU          := cortex-a9
BOARD_RAM_BASE     := 0x00100000
BOARD_RAM_MB       := 511
BOARD_LOAD_ADDR    := 0x00110000
BOARD_DRIVERS      := ns16550 gic a9_timer
BOARD_PLAT_SRCS    := kernel/plat/a9_global_timer.c kernel/plat/shutdown.c
# QEMU implements Arm semihosting here (SEMIHOSTING=0: never make the call).
BOARD_SEMIHOSTING  := 1
BOARD_QEMU         := qemu-system-arm -M npcm750-evb -m 512M
