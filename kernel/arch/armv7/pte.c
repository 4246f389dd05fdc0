/*
 * Building and changing user page-table entries.  Every change follows one
 * sequence: write the entry, clean it to the point of unification, DSB,
 * invalidate the TLB, DSB, ISB.
 */
#include <stdint.h>

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/pte.h>
#include <config.h>
#include <invocations.h>

uint32_t pte_small_page(uint32_t paddr, uint32_t map_flags, int device)
{
	uint32_t pte = (paddr & L2_SMALL_PAGE_BASE_MASK) | L2_TYPE_SMALL_PAGE | L2_NG;

	pte |= (map_flags & MAP_FLAG_WRITE) ? L2_AP_USER_RW : L2_AP_USER_RO;
	pte |= device ? L2_MEM_DEVICE : L2_MEM_NORMAL;
	if (device || !(map_flags & MAP_FLAG_EXECUTE))
		pte |= L2_XN;
	return pte;
}

uint32_t pte_section(uint32_t paddr, uint32_t map_flags, int device)
{
	uint32_t pte =
	    (paddr & L1_SECT_BASE_MASK) | L1_TYPE_SECTION | L1_SECT_NG | L1_SECT_DOMAIN(0u);

	pte |= (map_flags & MAP_FLAG_WRITE) ? L1_SECT_AP_USER_RW : L1_SECT_AP_USER_RO;
	pte |= device ? L1_SECT_MEM_DEVICE : L1_SECT_MEM_NORMAL;
	if (device || !(map_flags & MAP_FLAG_EXECUTE))
		pte |= L1_SECT_XN;
	return pte;
}

uint32_t pte_page_table(uint32_t l2_paddr)
{
	return (l2_paddr & L1_PAGE_TABLE_BASE_MASK) | L1_TYPE_PAGE_TABLE | L1_SECT_DOMAIN(0u);
}

static void clean_entries(const uint32_t *first, uint32_t count)
{
	uint32_t line = (uint32_t)first & ~(CACHE_LINE_SIZE - 1u), end = (uint32_t)(first + count);

	/* Four lines a turn while there are four (a program's text is thousands of lines). */
	for (; end - line > 3 * CACHE_LINE_SIZE && line < end; line += 4 * CACHE_LINE_SIZE) {
		cp15_write_dccmvau(line);
		cp15_write_dccmvau(line + CACHE_LINE_SIZE);
		cp15_write_dccmvau(line + 2 * CACHE_LINE_SIZE);
		cp15_write_dccmvau(line + 3 * CACHE_LINE_SIZE);
	}
	for (; line < end; line += CACHE_LINE_SIZE)
		cp15_write_dccmvau(line);
	dsb();
}

/*
 * User mappings are non-global and every process uses ASID 0 with a full
 * TLB flush on each address-space switch, so invalidating the whole TLB
 * here is always right; by-MVA invalidation is a later refinement.
 */
static void tlb_sync(void)
{
	cp15_write_tlbiall(0);
	cp15_write_bpiall(0);
	dsb();
	isb();
}

void pte_write(uint32_t *table, uint32_t first, uint32_t count, uint32_t value, uint32_t step)
{
	for (uint32_t i = 0; i < count; i++)
		table[first + i] = value + i * step;
	clean_entries(table + first, count);
	tlb_sync();
}

void pte_clear(uint32_t *table, uint32_t first, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		table[first + i] = 0;
	clean_entries(table + first, count);
	tlb_sync();
}

void cache_sync_icache(const void *kva, uint32_t bytes)
{
	clean_entries(kva, bytes / sizeof(uint32_t));
	cp15_write_iciallu(0);
	cp15_write_bpiall(0);
	dsb();
	isb();
}
