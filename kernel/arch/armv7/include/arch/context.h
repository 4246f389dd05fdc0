/* Switching between user address spaces and entering user mode. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <stdint.h>

#include <arch/cpu.h>
#include <arch/trap.h>

/* Keep NZCVQ, IT, GE and T; force user mode; clear A, I, F, E and J. */
#define PSR_USER_KEEP_MASK 0xfe0ffc20u

static inline uint32_t arch_sanitize_user_cpsr(uint32_t cpsr)
{
	return (cpsr & PSR_USER_KEEP_MASK) | PSR_MODE_USR;
}

/*
 * Copy the 17 words of a register state (r0-r12, sp, lr, pc, cpsr): a trap
 * frame and a dispatcher's save area hold them in the same order.  Four
 * ldm/stm pairs, where a struct copy would call memcpy.
 */
static inline void arch_copy_registers(void *dst, const void *src)
{
	/* Fixed registers: an ldm/stm list must be in ascending order. */
	register uint32_t a __asm__("r4"), b __asm__("r5"), c __asm__("r6"), d __asm__("r12");

	_Static_assert(TRAP_FRAME_SIZE == 17 * sizeof(uint32_t), "17 words");
	__asm__ volatile(
	    "ldmia %[s]!, {%[a], %[b], %[c], %[d]}\n\t"
	    "stmia %[t]!, {%[a], %[b], %[c], %[d]}\n\t"
	    "ldmia %[s]!, {%[a], %[b], %[c], %[d]}\n\t"
	    "stmia %[t]!, {%[a], %[b], %[c], %[d]}\n\t"
	    "ldmia %[s]!, {%[a], %[b], %[c], %[d]}\n\t"
	    "stmia %[t]!, {%[a], %[b], %[c], %[d]}\n\t"
	    "ldmia %[s]!, {%[a], %[b], %[c], %[d]}\n\t"
	    "stmia %[t]!, {%[a], %[b], %[c], %[d]}\n\t"
	    "ldr %[a], [%[s]]\n\t"
	    "str %[a], [%[t]]"
	    : [s] "+r"(src), [t] "+r"(dst), [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c), [d] "=&r"(d)
	    :
	    : "memory");
}

/* Switch to the VSpace whose L1 table is at l1_phys; set TPIDRURO/URW; CLREX. */
void arch_switch_to(uint32_t l1_phys, uint32_t udisp, uint32_t tpidrurw);
uint32_t arch_save_user_tls(void);
/* The L1 table at l1_phys dies: if TTBR0 walks it, stop the walks and flush the TLB. */
void arch_vspace_gone(uint32_t l1_phys);

/* Restore tf and return to user mode (vectors.S); tf may live anywhere. */
void arch_resume_user(const struct trap_frame *tf) __attribute__((noreturn));

/*
 * Check that user mode may read (or write) [uaddr, uaddr + len) in the
 * current VSpace, with the MMU's own translation (ATS1CUR/ATS1CUW).
 */
int arch_user_range_ok(uint32_t uaddr, uint32_t len, int write);

#endif
