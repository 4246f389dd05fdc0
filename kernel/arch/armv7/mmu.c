/* MMU maintenance once the kernel runs at its high address. */
#include <stdint.h>

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <config.h>
#include <mmu.h>

#define TTBR_BASE_MASK 0xffffc000u

/* Clean a range of page-table memory to the point of unification. */
static void clean_to_pou(const void *start, uint32_t bytes)
{
	uint32_t line = (uint32_t)start & ~(CACHE_LINE_SIZE - 1u);

	for (; line < (uint32_t)start + bytes; line += CACHE_LINE_SIZE)
		cp15_write_dccmvau(line);
	dsb();
}

void mmu_drop_identity_map(void)
{
	uint32_t *l1 = phys_to_virt(cp15_read_ttbr1() & TTBR_BASE_MASK);

	for (unsigned i = 0; i < L1_USER_ENTRIES; i++)
		l1[i] = L1_TYPE_FAULT;
	clean_to_pou(l1, L1_USER_ENTRIES * sizeof(uint32_t));
	/* No walks through TTBR0 until a user address space exists. */
	cp15_write_ttbcr(TTBCR_N_SPLIT_2G | TTBCR_PD0);
	isb();
	cp15_write_tlbiall(0);
	dsb();
	isb();
}
