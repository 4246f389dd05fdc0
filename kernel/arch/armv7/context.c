/* User address-space switches and user-memory checks. */
#include <stdint.h>

#include <arch/context.h>
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <core.h>
#include <memlayout.h>

#define PAR_FAULT 1u

static inline void write_ttbr0(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 0" ::"r"(v) : "memory");
}

void arch_switch_to(uint32_t l1_phys, uint32_t udisp, uint32_t tpidrurw)
{
	struct core *core = this_core();

	if (l1_phys != core->vspace_root) {
		/*
		 * Every process uses ASID 0: flush the TLB on every switch.  The dsb first
		 * lets a walk of the old tables finish before TTBR0 changes (Cortex-A9
		 * erratum 754322, on the PandaBoard's r2p10: docs/pandaboard.md).
		 */
		dsb();
		write_ttbr0(l1_phys | TTBR_WALK_ATTRS);
		cp15_write_ttbcr(TTBCR_N_SPLIT_2G); /* TTBR0 walks on */
		isb();
		cp15_write_tlbiall(0);
		cp15_write_bpiall(0);
		dsb();
		isb();
		core->vspace_root = l1_phys;
	}
	__asm__ volatile("mcr p15, 0, %0, c13, c0, 3" ::"r"(udisp));	/* TPIDRURO */
	__asm__ volatile("mcr p15, 0, %0, c13, c0, 2" ::"r"(tpidrurw)); /* TPIDRURW */
	__asm__ volatile("clrex" ::: "memory");
}

/*
 * The L1 table at l1_phys is dying.  If TTBR0 still walks it, stop the
 * walks (TTBCR.PD0) and forget it, so that neither a speculative walk of
 * its reused memory nor a new table at the same address can leave entries
 * in the TLB: the next switch loads TTBR0 and flushes the TLB again.
 */
void arch_vspace_gone(uint32_t l1_phys)
{
	struct core *core = this_core();

	if (core->vspace_root != l1_phys)
		return;
	cp15_write_ttbcr(TTBCR_N_SPLIT_2G | TTBCR_PD0);
	isb();
	cp15_write_tlbiall(0);
	dsb();
	isb();
	core->vspace_root = 0;
}

uint32_t arch_save_user_tls(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(v));
	return v;
}

/* Translate one address as a user access would; returns nonzero if allowed. */
static int user_access_ok(uint32_t uaddr, int write)
{
	uint32_t par;

	if (write)
		__asm__ volatile("mcr p15, 0, %0, c7, c8, 3" ::"r"(uaddr)); /* ATS1CUW */
	else
		__asm__ volatile("mcr p15, 0, %0, c7, c8, 2" ::"r"(uaddr)); /* ATS1CUR */
	isb();
	__asm__ volatile("mrc p15, 0, %0, c7, c4, 0" : "=r"(par)); /* PAR */
	return !(par & PAR_FAULT);
}

int arch_user_range_ok(uint32_t uaddr, uint32_t len, int write)
{
	if (len == 0)
		return 1;
	if (uaddr >= USER_SPACE_TOP || len > USER_SPACE_TOP - uaddr)
		return 0;
	for (uint32_t page = uaddr & ~(PAGE_SIZE - 1u); page < uaddr + len; page += PAGE_SIZE)
		if (!user_access_ok(page, write))
			return 0;
	return 1;
}
