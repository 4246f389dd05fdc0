/*
 * What the two assembly fast paths (syscall_fast.S, lmp_fast.S) share: the
 * layout checks their loads rely on, and phys_to_virt in place.
 */
#ifndef ARCH_ARMV7_FASTPATH_H
#define ARCH_ARMV7_FASTPATH_H

#include <asm_offsets.h>

/* The layout the loads rely on. */
.if CAP_TYPE != 0 || CAP_RIGHTS != 1 || CAP_BYTES != CAP_BASE + 4 || CTE_CAP != 0
	.error "struct capability: type, rights, then base and bytes side by side"
.endif

/* phys_to_virt in place: RAM's offset is a multiple of 1 MiB, so two immediates at most. */
.if PHYS_TO_VIRT_OFFSET & 0xfffff
	.error "the kernel's view of RAM is not offset by a multiple of 1 MiB"
.endif
.macro PHYS_TO_VIRT reg
	.if PHYS_TO_VIRT_OFFSET & 0x0ff00000
	add	\reg, \reg, #(PHYS_TO_VIRT_OFFSET & 0x0ff00000)
	.endif
	.if PHYS_TO_VIRT_OFFSET & 0xf0000000
	add	\reg, \reg, #(PHYS_TO_VIRT_OFFSET & 0xf0000000)
	.endif
.endm

/*
 * Where each fast path keeps the caller's r0..r12 while it works: just
 * below the stack pointer (the kernel stack is empty on an entry from user
 * mode), stored with `stmdb sp, {r0-r12}`.  CALLER_REG(n) is register n's
 * offset from sp.
 */
#define CALLER_REGS_BYTES (13 * 4)
#define CALLER_REG(n)	  ((n)*4 - CALLER_REGS_BYTES)

#endif
