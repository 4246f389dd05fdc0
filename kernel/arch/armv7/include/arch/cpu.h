/*
 * ARMv7-A CP15 accessors and barriers; the PSR bits, which user space
 * shares, are in include/arch/armv7/psr.h.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <arch/armv7/psr.h>
#include <bits.h>

/*
 * What the boot stub passes to kernel_main: the mode it was entered in
 * (PSR_MODE_*), and this bit if the MMU or the data cache was on, as U-Boot's
 * `go` leaves them (the stub cleaned the cache and turned both off).
 */
#define BOOT_ENTRY_MODE_MASK	  PSR_MODE_MASK
#define BOOT_ENTRY_CACHES_WERE_ON BIT(8)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define CP15_READ(name, op1, crn, crm, op2)                                                     \
	static inline uint32_t cp15_read_##name(void)                                           \
	{                                                                                       \
		uint32_t v;                                                                     \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v)); \
		return v;                                                                       \
	}
#define CP15_WRITE(name, op1, crn, crm, op2)                                        \
	static inline void cp15_write_##name(uint32_t v)                            \
	{                                                                           \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
				 :                                                  \
				 : "r"(v)                                           \
				 : "memory");                                       \
	}

CP15_READ(midr, 0, c0, c0, 0)
CP15_READ(mpidr, 0, c0, c0, 5)
CP15_READ(sctlr, 0, c1, c0, 0)
CP15_READ(ttbr0, 0, c2, c0, 0)
CP15_READ(ttbr1, 0, c2, c0, 1)
CP15_READ(ttbcr, 0, c2, c0, 2)
CP15_WRITE(ttbcr, 0, c2, c0, 2)
CP15_READ(dfsr, 0, c5, c0, 0)
CP15_READ(ifsr, 0, c5, c0, 1)
CP15_READ(dfar, 0, c6, c0, 0)
CP15_READ(ifar, 0, c6, c0, 2)
CP15_WRITE(tlbiall, 0, c8, c7, 0)
CP15_WRITE(dccmvau, 0, c7, c11, 1) /* clean data cache line to PoU by MVA */
CP15_WRITE(iciallu, 0, c7, c5, 0)
CP15_WRITE(bpiall, 0, c7, c5, 6)
CP15_WRITE(vbar, 0, c12, c0, 0)
CP15_READ(vbar, 0, c12, c0, 0)
CP15_READ(tpidrprw, 0, c13, c0, 4) /* PL1-only thread ID: the kernel's struct core */
CP15_WRITE(tpidrprw, 0, c13, c0, 4)

static inline void dsb(void)
{
	__asm__ volatile("dsb" ::: "memory");
}

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

static inline uint32_t cpsr_read(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}
#endif

#endif
