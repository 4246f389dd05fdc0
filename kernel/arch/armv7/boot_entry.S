/*
 * The kernel's first instructions, at the physical load address, MMU off.
 * Everything here is in .boot, linked at its load address.
 */
#include <arch/cpu.h>
#include <arch/generic_timer.h>
#include <arch/mmu.h>

	.syntax unified
	.arch_extension virt
	.arm

	.section .boot.text, "ax"
	.global _start
_start:
	/*
	 * 1. Entered in HYP mode (U-Boot on a Cortex-A15 with virtualization, QEMU
	 * -M virt,virtualization=on): let PL1 use the generic timer's physical
	 * counter and timer (CNTHCTL), make the virtual count the physical one
	 * (CNTVOFF = 0), then drop to SVC.  In HYP mode its own SPSR is the
	 * current mode's: spsr_hyp would name it from another mode only.
	 */
	mrs	r4, cpsr
	and	r5, r4, #PSR_MODE_MASK
	mov	r8, r5				/* the mode we came in, for kernel_main */
	cmp	r5, #PSR_MODE_HYP
	bne	in_svc
	mrc	p15, 4, r5, c14, c1, 0		/* CNTHCTL */
	orr	r5, r5, #(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN)
	mcr	p15, 4, r5, c14, c1, 0
	mov	r5, #0
	mcrr	p15, 4, r5, r5, c14		/* CNTVOFF */
	bic	r4, r4, #PSR_MODE_MASK
	orr	r4, r4, #(PSR_MODE_SVC | PSR_I | PSR_F)
	orr	r4, r4, #PSR_A
	msr	spsr_cxsf, r4
	adr	r5, in_svc
	msr	elr_hyp, r5
	eret

in_svc:
	/* 2. SVC mode with every interrupt masked. */
	cpsid	aif, #PSR_MODE_SVC

	/*
	 * 2b. The MMU and caches as the boot loader left them: U-Boot's `go`
	 * starts us with its own page tables (perhaps in the long-descriptor
	 * format) and the data cache on.  Write every dirty line back to memory
	 * and turn both off, so that the stub starts as from reset.
	 */
	mrc	p15, 0, r4, c1, c0, 0		/* SCTLR */
	tst	r4, #(SCTLR_M | SCTLR_C)
	beq	1f
	orr	r8, r8, #BOOT_ENTRY_CACHES_WERE_ON /* kernel_main says so */
	bl	boot_clean_dcache
	mrc	p15, 0, r4, c1, c0, 0		/* SCTLR again: the call used r4 */
	bic	r4, r4, #(SCTLR_M | SCTLR_C)
	bic	r4, r4, #SCTLR_I
	mcr	p15, 0, r4, c1, c0, 0
	isb
	mov	r4, #0
	mcr	p15, 0, r4, c7, c5, 0		/* invalidate the instruction cache */
	mcr	p15, 0, r4, c8, c7, 0		/* and the TLB */
	dsb
	isb
1:
	/* 3. Only core 0 boots; the others wait for ever. */
	mrc	p15, 0, r4, c0, c0, 5		/* MPIDR */
	ands	r4, r4, #0xff			/* Aff0: the core number */
	bne	park

	/*
	 * 4. A small stack inside .boot for the C part of the stub, found
	 * through the distance between where we run and where we are linked
	 * (0 when the image was loaded at its link address).
	 */
	adr	r0, _start
	ldr	r1, =_start
	subs	r2, r0, r1			/* r2: load offset; flags: nonzero? */
	ldr	r3, =boot_stack_top		/* a pointer variable: load its value */
	ldr	sp, [r3, r2]
	add	sp, sp, r2

	/* 5. Check that we run where we are linked; say so if not. */
	blne	boot_wrong_address		/* (actual, linked): does not return */

	/* 6. Zero .bss and build the first page table (returns its address). */
	bl	boot_prepare

	/* 7. Turn on the MMU and caches. */
	bl	boot_enable_mmu

	/* 8. Leave the stub: continue at the kernel's high address. */
	ldr	r0, =boot_core_stack_top
	ldr	sp, [r0]
	mov	fp, #0				/* the outermost frame, for debuggers */
	mov	r0, r8				/* kernel_main(entry): mode and flags */
	ldr	r1, =kernel_entry
	bx	r1

park:
	wfe
	b	park

/*
 * boot_clean_dcache: clean and invalidate every data and unified cache by
 * set/way, level by level up to the level of coherence (the ARM ARM's
 * sequence).  Uses r0-r7, r9-r11; r8 is kept.  An outer cache outside the
 * core (the PandaBoard's PL310) is not reached this way: docs/pandaboard.md.
 */
boot_clean_dcache:
	mrc	p15, 1, r0, c0, c0, 1		/* CLIDR */
	ands	r3, r0, #0x07000000		/* the level of coherence, */
	mov	r3, r3, lsr #23			/* times two */
	beq	5f
	mov	r10, #0				/* the level, times two */
1:	add	r2, r10, r10, lsr #1		/* three bits of CLIDR per level */
	mov	r1, r0, lsr r2
	and	r1, r1, #7			/* the kind of cache at this level */
	cmp	r1, #2				/* data or unified? */
	blt	4f
	mcr	p15, 2, r10, c0, c0, 0		/* CSSELR: this level's data cache */
	isb
	mrc	p15, 1, r1, c0, c0, 0		/* CCSIDR */
	and	r2, r1, #7
	add	r2, r2, #4			/* log2 of the line size */
	ldr	r4, =0x3ff
	ands	r4, r4, r1, lsr #3		/* ways - 1 */
	clz	r5, r4				/* where the way goes in the operand */
	ldr	r7, =0x7fff
	ands	r7, r7, r1, lsr #13		/* sets - 1 */
2:	mov	r9, r4
3:	orr	r11, r10, r9, lsl r5		/* level, way */
	orr	r11, r11, r7, lsl r2		/* and set */
	mcr	p15, 0, r11, c7, c14, 2		/* DCCISW: clean and invalidate */
	subs	r9, r9, #1
	bge	3b
	subs	r7, r7, #1
	bge	2b
4:	add	r10, r10, #2
	cmp	r3, r10
	bgt	1b
5:	mov	r10, #0
	mcr	p15, 2, r10, c0, c0, 0		/* CSSELR back to level 1 */
	dsb
	isb
	bx	lr

/* boot_enable_mmu(l1_phys): TTBR0 = TTBR1 = the boot table, N = 1. */
boot_enable_mmu:
	mov	r1, #0
	mcr	p15, 0, r1, c8, c7, 0		/* invalidate the whole TLB */
	mcr	p15, 0, r1, c7, c5, 0		/* invalidate the instruction cache */
	mcr	p15, 0, r1, c7, c5, 6		/* invalidate the branch predictor */
	dsb
	isb
	/*
	 * Both TTBRs point at the boot table: the stub's identity entries are
	 * below 2 GiB and so found through TTBR0 while the MMU switches on.
	 */
	orr	r0, r0, #TTBR_WALK_ATTRS
	mcr	p15, 0, r0, c2, c0, 0		/* TTBR0 */
	mcr	p15, 0, r0, c2, c0, 1		/* TTBR1 */
	mov	r1, #TTBCR_N_SPLIT_2G
	mcr	p15, 0, r1, c2, c0, 2		/* TTBCR */
	mov	r1, #DACR_DOMAIN0_CLIENT
	mcr	p15, 0, r1, c3, c0, 0		/* DACR */
	isb
	mrc	p15, 0, r1, c1, c0, 0		/* SCTLR */
	bic	r1, r1, #SCTLR_V
	orr	r1, r1, #(SCTLR_M | SCTLR_C)
	orr	r1, r1, #(SCTLR_Z | SCTLR_I)
	dsb
	mcr	p15, 0, r1, c1, c0, 0
	isb
	bx	lr

	.ltorg
