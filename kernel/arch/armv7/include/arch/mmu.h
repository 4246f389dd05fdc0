/*
 * ARMv7-A short-descriptor translation table formats (ARM ARM B3.5).
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <bits.h>

#define L1_ENTRIES    U32(4096)
#define L1_TABLE_SIZE (L1_ENTRIES * U32(4)) /* 16 KiB, aligned to its size */
/* TTBCR.N = 1: TTBR0 covers the low 2 GiB, i.e. the first 2048 L1 entries. */
#define L1_USER_ENTRIES	 U32(2048)
#define TTBCR_N_SPLIT_2G U32(1)
#define TTBCR_PD0	 (U32(1) << 4) /* no table walks through TTBR0 */

/* L1 section descriptor fields. */
#define L1_TYPE_FAULT	     U32(0x0)
#define L1_TYPE_SECTION	     U32(0x2)
#define L1_TYPE_MASK	     U32(0x3)
#define L1_SECT_B	     (U32(1) << 2)
#define L1_SECT_C	     (U32(1) << 3)
#define L1_SECT_XN	     (U32(1) << 4)
#define L1_SECT_DOMAIN(d)    ((d) << 5)
#define L1_SECT_AP_KERNEL_RW (U32(1) << 10) /* AP[1:0] = 01: PL1 read/write only */
#define L1_SECT_TEX(t)	     ((t) << 12)
#define L1_SECT_S	     (U32(1) << 16)
#define L1_SECT_NG	     (U32(1) << 17)
#define L1_SECT_BASE_MASK    U32(0xfff00000)

/* Normal memory, inner and outer write-back write-allocate: TEX=001 C=1 B=1. */
#define L1_SECT_MEM_NORMAL (L1_SECT_TEX(U32(1)) | L1_SECT_C | L1_SECT_B)
/* Shareable device memory: TEX=000 C=0 B=1. */
#define L1_SECT_MEM_DEVICE (L1_SECT_B)

#define L1_KERNEL_RAM \
	(L1_TYPE_SECTION | L1_SECT_MEM_NORMAL | L1_SECT_AP_KERNEL_RW | L1_SECT_DOMAIN(U32(0)))
#define L1_KERNEL_DEVICE                                                            \
	(L1_TYPE_SECTION | L1_SECT_MEM_DEVICE | L1_SECT_AP_KERNEL_RW | L1_SECT_XN | \
	 L1_SECT_DOMAIN(U32(0)))

/* TTBRx walk attributes: inner and outer write-back write-allocate. */
#define TTBR_IRGN_WBWA	(U32(1) << 6) /* IRGN = 01 with the multiprocessing extensions */
#define TTBR_RGN_WBWA	(U32(1) << 3)
#define TTBR_WALK_ATTRS (TTBR_IRGN_WBWA | TTBR_RGN_WBWA)

/* DACR: domain 0 is "client" (permissions checked); all others no access. */
#define DACR_DOMAIN0_CLIENT U32(0x1)

/* SCTLR bits the kernel sets. */
#define SCTLR_M (U32(1) << 0)  /* MMU */
#define SCTLR_C (U32(1) << 2)  /* data cache */
#define SCTLR_Z (U32(1) << 11) /* branch prediction */
#define SCTLR_I (U32(1) << 12) /* instruction cache */
#define SCTLR_V (U32(1) << 13) /* high vectors: left clear, VBAR is used */

#ifndef __ASSEMBLER__
static inline unsigned l1_index(unsigned vaddr)
{
	return vaddr >> 20;
}
#endif

#endif
