/*
 * regcheck_thumb(struct regcheck *rc): a Thumb loop that keeps r1-r12 and
 * the flags N, C, V set (Z clear) to known values and checks them on every
 * iteration, without ever changing them (cbz, cbnz, conditional branches
 * and non-flag-setting sub/add/mov do not touch the flags; r0 and lr are
 * the scratch registers, and the struct pointer lives on the stack).  It counts iterations
 * in rc->iterations until rc->stop is set, and returns 0, or 1 as soon as
 * anything differs.  Preempted in Thumb state and resumed in ARM state, it
 * would fault instead.
 *
 * struct regcheck { uint32_t iterations; uint32_t stop; };
 */
	.syntax unified
	.thumb
	.text

.macro CHECK reg, value
	movw	lr, #:lower16:\value
	movt	lr, #:upper16:\value
	sub	r0, \reg, lr
	cbz	r0, 5f
	b	8f
5:
.endm

	.global regcheck_thumb
	.type regcheck_thumb, %function
	.thumb_func
regcheck_thumb:
	push	{r0, r4-r11, lr}
	movw	r1, #0x1111
	movt	r1, #0x1001
	movw	r2, #0x2222
	movt	r2, #0x2002
	movw	r3, #0x3333
	movt	r3, #0x3003
	movw	r4, #0x4444
	movt	r4, #0x4004
	movw	r5, #0x5555
	movt	r5, #0x5005
	movw	r6, #0x6666
	movt	r6, #0x6006
	movw	r7, #0x7777
	movt	r7, #0x7007
	movw	r8, #0x8888
	movt	r8, #0x8008
	movw	r9, #0x9999
	movt	r9, #0x9009
	movw	r10, #0xaaaa
	movt	r10, #0xa00a
	movw	r11, #0xbbbb
	movt	r11, #0xb00b
	movw	r12, #0xcccc
	movt	r12, #0xc00c
	movw	lr, #0
	movt	lr, #0xb000			/* N, C, V set; Z clear */
	msr	APSR_nzcvq, lr
1:	bpl	8f				/* N lost */
	bcc	8f				/* C lost */
	bvc	8f				/* V lost */
	beq	8f				/* Z appeared */
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
	ldr	r0, [sp]			/* struct regcheck * */
	ldr	lr, [r0]
	add	lr, lr, #1
	str	lr, [r0]
	ldr	r0, [r0, #4]
	cbnz	r0, 7f
	b	1b
7:	movs	r0, #0				/* stopped: all was well */
	b	9f
8:	movs	r0, #1				/* something changed */
9:	add	sp, sp, #4
	pop	{r4-r11, pc}
	.size regcheck_thumb, . - regcheck_thumb
