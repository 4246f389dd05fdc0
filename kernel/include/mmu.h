/* Kernel address-space management after boot. */
#ifndef MMU_H
#define MMU_H

#include <stdint.h>

#include <board.h>
#include <memlayout.h>

/* Remove the boot stub's identity entries (all L1 entries below 2 GiB). */
void mmu_drop_identity_map(void);

/* Convert between physical RAM addresses and the kernel's linear map. */
static inline void *phys_to_virt(uint32_t pa)
{
	return (void *)(pa - BOARD_RAM_BASE + KERNEL_VBASE);
}

static inline uint32_t virt_to_phys(const void *va)
{
	return (uint32_t)va - KERNEL_VBASE + BOARD_RAM_BASE;
}

#endif
