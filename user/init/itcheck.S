/*
 * itcheck_thumb(struct itcheck *ic): a Thumb loop of IT blocks, half of
 * whose instructions must be skipped.  User mode cannot restore the IT
 * state, so a dispatcher preempted inside an IT block is resumed by the
 * kernel (include/dispatcher.h); resumed through disp_resume instead, the
 * rest of the block would run unconditionally.  It counts iterations in
 * ic->iterations until ic->stop is set and returns how many skipped
 * instructions ran (0).
 *
 * struct itcheck { uint32_t iterations; uint32_t stop; };
 */
	.syntax unified
	.thumb
	.text
	.global itcheck_thumb
	.type itcheck_thumb, %function
	.thumb_func
itcheck_thumb:
	push	{r4, lr}
	movs	r1, #0			/* instructions that should have run */
	movs	r2, #0			/* instructions that should not have */
	movs	r4, #0
1:	cmp	r4, r4			/* Z set: "eq" runs, "ne" is skipped */
	itttt	ne
	addne	r2, r2, #1
	addne	r2, r2, #1
	addne	r2, r2, #1
	addne	r2, r2, #1
	cmp	r4, r4
	itttt	eq
	addeq	r1, r1, #1
	addeq	r1, r1, #1
	addeq	r1, r1, #1
	addeq	r1, r1, #1
	cmp	r4, r4
	itete	ne
	addne	r2, r2, #1
	addeq	r1, r1, #1
	addne	r2, r2, #1
	addeq	r1, r1, #1
	ldr	r3, [r0]
	adds	r3, r3, #1
	str	r3, [r0]
	ldr	r3, [r0, #4]
	cmp	r3, #0
	beq	1b
	mov	r0, r2
	pop	{r4, pc}
	.size itcheck_thumb, . - itcheck_thumb
