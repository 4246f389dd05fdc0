/*
 * regcheck_thumb(struct regcheck *rc): a Thumb loop that keeps r0-r12 and
 * the flags (N, C, V and Q set, Z clear, GE = 1010) at known values and
 * checks all of them on every iteration, without ever changing them.  lr
 * is the only scratch register; the struct pointer lives on the stack.
 * Nothing in the loop
 * sets the flags: a register is compared by subtracting into lr and turning
 * "lr is zero" into a branch offset with clz and shifts, and `add pc, lr`
 * takes the branch (none of these write the flags).  It counts iterations
 * in rc->iterations until rc->stop is set, and returns 0, or 1 as soon as
 * anything differs.  Preempted in Thumb state and resumed in ARM state, it
 * would fault instead.
 *
 * struct regcheck { uint32_t iterations; uint32_t stop; };
 */
	.syntax unified
	.thumb
	.text

/* Go to label 8 (failure) unless lr is zero; flags untouched. */
.macro FAIL_UNLESS_LR_ZERO
	clz	lr, lr			/* 32 if lr was 0, else 0..31 */
	lsr	lr, lr, #5		/* 1 if lr was 0, else 0 */
	eor	lr, lr, #1		/* 0 if lr was 0, else 1 */
	lsl	lr, lr, #3		/* 0 or 8 */
	add	pc, lr			/* pc reads as this instruction + 4 */
	nop				/* (never executed) */
	b.w	6f			/* lr was 0: go on */
	nop.w				/* (never executed) */
	b.w	8f			/* lr was not 0: failure */
6:
.endm

.macro CHECK reg, value
	movw	lr, #:lower16:\value
	movt	lr, #:upper16:\value
	sub	lr, \reg, lr
	FAIL_UNLESS_LR_ZERO
.endm

.macro SET reg, value
	movw	\reg, #:lower16:\value
	movt	\reg, #:upper16:\value
.endm

	.global regcheck_thumb
	.type regcheck_thumb, %function
	.thumb_func
regcheck_thumb:
	push	{r0, r4-r11, lr}
	SET	r0, 0x0f00f000
	SET	r1, 0x10011111
	SET	r2, 0x20022222
	SET	r3, 0x30033333
	SET	r4, 0x40044444
	SET	r5, 0x50055555
	SET	r6, 0x60066666
	SET	r7, 0x70077777
	SET	r8, 0x80088888
	SET	r9, 0x90099999
	SET	r10, 0xa00aaaaa
	SET	r11, 0xb00bbbbb
	SET	r12, 0xc00ccccc
	SET	lr, 0xb80a0000			/* N, C, V, Q set; Z clear; GE = 1010 */
	msr	APSR_nzcvqg, lr
1:	bpl	8f				/* N lost */
	bcc	8f				/* C lost */
	bvc	8f				/* V lost */
	beq	8f				/* Z appeared */
	mrs	lr, APSR
	lsr	lr, lr, #27			/* N Z C V Q */
	sub	lr, lr, #0x17			/* 1 0 1 1 1 */
	FAIL_UNLESS_LR_ZERO
	mrs	lr, APSR
	ubfx	lr, lr, #16, #4			/* GE[3:0] */
	sub	lr, lr, #0xa
	FAIL_UNLESS_LR_ZERO
	CHECK	r0, 0x0f00f000
	CHECK	r1, 0x10011111
	CHECK	r2, 0x20022222
	CHECK	r3, 0x30033333
	CHECK	r4, 0x40044444
	CHECK	r5, 0x50055555
	CHECK	r6, 0x60066666
	CHECK	r7, 0x70077777
	CHECK	r8, 0x80088888
	CHECK	r9, 0x90099999
	CHECK	r10, 0xa00aaaaa
	CHECK	r11, 0xb00bbbbb
	CHECK	r12, 0xc00ccccc
	/* rc->iterations++, using r0 for the pointer and putting it back. */
	ldr	r0, [sp]
	ldr	lr, [r0]
	add	lr, lr, #1
	str	lr, [r0]
	ldr	lr, [r0, #4]			/* rc->stop */
	SET	r0, 0x0f00f000
	clz	lr, lr				/* 32 if not stopped */
	lsr	lr, lr, #5
	lsl	lr, lr, #3			/* 8 if not stopped, else 0 */
	add	pc, lr
	nop
	b.w	7f				/* stopped */
	nop.w
	b.w	1b				/* go on */
7:	movs	r0, #0				/* stopped: all was well */
	b	9f
8:	movs	r0, #1				/* something changed */
9:	add	sp, sp, #4
	pop	{r4-r11, pc}
	.size regcheck_thumb, . - regcheck_thumb
