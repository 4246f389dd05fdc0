/*
 * The first state of an ARMv7-A dispatcher, in its disabled save area:
 * what the kernel (for init), the spawn library (for a child) and init's
 * helper dispatchers all write, so that the three agree (DESIGN: pc = the
 * entry, sp = the stack top, r0 = the argument, r9 = the GOT, user mode,
 * Thumb when the entry address says so).
 */
#ifndef ARCH_ARMV7_DISPATCHER_ARCH_H
#define ARCH_ARMV7_DISPATCHER_ARCH_H

#include <stdint.h>

#include <arch/armv7/psr.h>
#include <dispatcher.h>

static inline void arch_dispatcher_initial_state(struct arm_registers *area, uint32_t entry,
						 uint32_t stack_top, uint32_t arg, uint32_t got)
{
	for (int i = 0; i < 16; i++)
		area->r[i] = 0;
	area->r[0] = arg;
	area->r[9] = got;
	area->r[13] = stack_top;
	area->r[15] = entry & ~U32(1);
	area->cpsr = PSR_MODE_USR | ((entry & 1u) ? PSR_T : 0);
}

#endif
