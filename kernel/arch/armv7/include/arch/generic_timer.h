/*
 * The Arm generic timer's system registers (ARMv7-A with the Generic Timer
 * extension: Cortex-A7, A15 and later): the counter's rate, the virtual
 * count, and the virtual timer's compare value and control.
 */
#ifndef ARCH_GENERIC_TIMER_H
#define ARCH_GENERIC_TIMER_H

#include <bits.h>

#define CNTV_CTL_ENABLE U32(1)
/* CNTHCTL (HYP mode): PL1 may read the physical count and use the physical timer. */
#define CNTHCTL_PL1PCTEN U32(1)
#define CNTHCTL_PL1PCEN	 U32(2)

#ifndef __ASSEMBLER__
#include <stdint.h>

#include <arch/cpu.h>

static inline uint32_t cp15_read_cntfrq(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
	return v;
}

static inline uint64_t cp15_read_cntvct(void)
{
	uint32_t lo, hi;

	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void cp15_write_cntv_cval(uint64_t v)
{
	__asm__ volatile("mcrr p15, 3, %0, %1, c14" ::"r"((uint32_t)v), "r"((uint32_t)(v >> 32)));
	isb();
}

static inline void cp15_write_cntv_ctl(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1" ::"r"(v));
	isb();
}
#endif

#endif
