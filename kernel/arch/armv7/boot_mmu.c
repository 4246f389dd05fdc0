/*
 * The first page table, built by the boot stub with the MMU off.
 *
 * This file is linked into the .boot section (see linker.ld) and built with
 * -mno-unaligned-access: before the MMU is on all memory is strongly
 * ordered, where unaligned accesses fault.
 */
#include <stdint.h>

#include <arch/boot.h>
#include <arch/mmu.h>
#include <memlayout.h>

static BOOT_CODE void map_sections(uint32_t *l1, uint32_t vaddr, uint32_t paddr, uint32_t bytes,
				   uint32_t attrs)
{
	for (uint32_t off = 0; off < bytes; off += SECTION_SIZE)
		l1[l1_index(vaddr + off)] = ((paddr + off) & L1_SECT_BASE_MASK) | attrs;
}

BOOT_CODE int boot_fill_l1(uint32_t *l1, const struct boot_layout *layout)
{
	uint32_t ram_last = layout->ram_phys + layout->ram_size - 1u;
	uint32_t linear_last = layout->linear_vbase + layout->ram_size - 1u;

	if (layout->ram_size == 0 || (layout->ram_size & SECTION_MASK) ||
	    (layout->ram_phys & SECTION_MASK) || ram_last < layout->ram_phys ||
	    linear_last < layout->linear_vbase || linear_last >= layout->device_vbase ||
	    layout->ndevices > BOOT_MAX_DEVICES)
		return -1;

	/* Identity map of RAM: only the stub uses it, until kernel_main drops it. */
	map_sections(l1, layout->ram_phys, layout->ram_phys, layout->ram_size, L1_KERNEL_RAM);
	/* The linear map of all RAM; on boards with RAM at 0x80000000 it is the identity. */
	map_sections(l1, layout->linear_vbase, layout->ram_phys, layout->ram_size, L1_KERNEL_RAM);
	/* The device window: slot i maps device section i, execute-never. */
	for (uint32_t i = 0; i < layout->ndevices; i++)
		map_sections(l1, layout->device_vbase + i * SECTION_SIZE, layout->devices[i],
			     SECTION_SIZE, L1_KERNEL_DEVICE);
	return 0;
}
