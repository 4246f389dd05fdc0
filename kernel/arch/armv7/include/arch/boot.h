/*
 * The boot stub: code that runs at the physical load address with the MMU
 * off.  It lives in the .boot section, whose link address is its load
 * address, so it may touch only .boot data and must not call into the
 * rest of the kernel.  linker.ld puts every section of the boot_*.o
 * objects into .boot; BOOT_CODE marks boot functions kept in other files.
 */
#ifndef ARCH_BOOT_H
#define ARCH_BOOT_H

#include <stdint.h>

#ifdef HOST_TEST
#define BOOT_CODE
#else
#define BOOT_CODE __attribute__((section(".boot.text")))
#endif

#define BOOT_MAX_DEVICES 8

/* What the first page table must map. */
struct boot_layout {
	uint32_t ram_phys;     /* first byte of RAM */
	uint32_t ram_size;     /* bytes of RAM, a multiple of 1 MiB */
	uint32_t linear_vbase; /* where RAM appears in the kernel's space */
	uint32_t device_vbase; /* first slot of the device window */
	uint32_t ndevices;
	uint32_t devices[BOOT_MAX_DEVICES]; /* physical 1 MiB sections */
};

/*
 * Fill a zeroed 16 KiB L1 table: identity sections over RAM (for the stub
 * while the MMU turns on), the linear map of RAM, and the device window.
 * Returns 0, or -1 when the layout does not fit the address space.
 */
int boot_fill_l1(uint32_t *l1, const struct boot_layout *layout);

#endif
