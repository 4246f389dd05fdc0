/*
 * User page-table entries (short-descriptor format) and the mapping flags
 * of VNodeCmd_Map.
 */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#include <stdint.h>

/* L1 entry pointing at an L2 table. */
#define L1_TYPE_PAGE_TABLE	0x1u
#define L1_PAGE_TABLE_BASE_MASK 0xfffffc00u

/* L2 small page (4 KiB). */
#define L2_TYPE_SMALL_PAGE	0x2u
#define L2_XN			(1u << 0)
#define L2_B			(1u << 2)
#define L2_C			(1u << 3)
#define L2_AP_USER_RW		(3u << 4) /* AP[1:0] = 11 */
#define L2_AP_USER_RO		(2u << 4) /* AP[1:0] = 10 with AP[2] = 0: user read-only */
#define L2_TEX(t)		((t) << 6)
#define L2_NG			(1u << 11)
#define L2_SMALL_PAGE_BASE_MASK 0xfffff000u
#define L2_MEM_NORMAL		(L2_TEX(1u) | L2_C | L2_B) /* write-back write-allocate */
#define L2_MEM_DEVICE		(L2_B)			   /* shareable device */

/* L1 section, user. */
#define L1_SECT_AP_USER_RW (3u << 10)
#define L1_SECT_AP_USER_RO (2u << 10)

uint32_t pte_small_page(uint32_t paddr, uint32_t map_flags, int device);
uint32_t pte_section(uint32_t paddr, uint32_t map_flags, int device);
uint32_t pte_page_table(uint32_t l2_paddr);

/* Write entries value, value + step, ...; keep TLB and caches right. */
void pte_write(uint32_t *table, uint32_t first, uint32_t count, uint32_t value, uint32_t step);
void pte_clear(uint32_t *table, uint32_t first, uint32_t count);
/* Make an executable frame's instructions visible: clean D to PoU, invalidate I and BP. */
void cache_sync_icache(const void *kva, uint32_t bytes);

/* The first group of eight words from `from` on with a word that is not zero, or end if none
 * (string.S; end - from is a positive multiple of eight words). */
const uint32_t *words_first_nonzero_group(const uint32_t *from, const uint32_t *end);

#endif
