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
 * tick_watch (kernel/include/timer.h) for a fast path: core is this core's
 * struct core.  Before the first tick every entry counts, and every 256th
 * is left to the C path (branch to \giveup), which counts it and looks at
 * the clock.  \count = the new count (0: after the first tick), for the
 * fast path to store once nothing can give up any more.  Uses r2, r3.
 */
.if TICK_WATCH_PERIOD & (TICK_WATCH_PERIOD - 1) || CORE_TICKS & 7
	.error "tick_watch's period a power of two; the tick count 8-byte aligned (ldrd)"
.endif
.macro TICK_WATCH_COUNT core, count, giveup
	ldrd	r2, r3, [\core, #CORE_TICKS]
	orrs	r2, r2, r3
	movne	\count, #0
	bne	1001f
	ldr	\count, [\core, #CORE_ENTRIES_UNTICKED]
	add	\count, \count, #1
	tst	\count, #(TICK_WATCH_PERIOD - 1)
	beq	\giveup
1001:
.endm

/* dcb_is_whole: its CSpace, VSpace and frame copies are there, else \giveup.  Uses r1..r3. */
.macro DCB_WHOLE dcb, giveup
	ldrb	r1, [\dcb, #DCB_CSPACE_ROOT + CAP_TYPE]
	ldrb	r2, [\dcb, #DCB_VSPACE_ROOT + CAP_TYPE]
	ldrb	r3, [\dcb, #DCB_DISPFRAME + CAP_TYPE]
	cmp	r1, #0
	cmpne	r2, #0
	cmpne	r3, #0
	beq	\giveup
.endm

/*
 * dispatch_hand_over's bookkeeping: `to` runs for the rest of `from`'s
 * turn, counts one more run, and is this core's current dispatcher.  Uses
 * r1, r2.
 */
.macro HAND_OVER from, to, core
	ldr	r1, [\from, #DCB_SLICE_LEFT]
	ldr	r2, [\to, #DCB_RUNS]
	str	r1, [\to, #DCB_SLICE_LEFT]
	add	r2, r2, #1
	str	r2, [\to, #DCB_RUNS]
	str	\to, [\core, #CORE_CURRENT]
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
