/*
 * memset and memcpy for the kernel, which links no C library.  Retype
 * zeroes every new object with interrupts masked and the boot copies every
 * module, so both move whole blocks with load and store multiples of eight
 * registers: memset 128 bytes per turn (six instructions, where a loop of
 * word stores takes 48), memcpy 32; only ragged ends go word by word or
 * byte by byte.  words_first_nonzero_group reads eight words a load, too.
 * docs/performance.md has the figures.
 */
	.syntax unified
	.arm
	.text

/* void *memset(void *dst, int c, size_t n) */
	.global	memset
	.type	memset, %function
memset:
	mov	ip, r0				/* r0 stays dst: the result */
	and	r1, r1, #0xff
	orr	r1, r1, r1, lsl #8
	orr	r1, r1, r1, lsl #16
1:	tst	ip, #3				/* bytes up to a word boundary */
	beq	2f
	subs	r2, r2, #1
	bxlo	lr
	strb	r1, [ip], #1
	b	1b
2:	subs	r2, r2, #64			/* under 64 bytes: words and bytes only */
	blo	4f
	push	{r4-r9}
	mov	r3, r1
	mov	r4, r1
	mov	r5, r1
	mov	r6, r1
	mov	r7, r1
	mov	r8, r1
	mov	r9, r1
	subs	r2, r2, #64			/* n - 128 */
	blo	31f
3:	stmia	ip!, {r1, r3-r9}		/* 128 bytes per turn */
	stmia	ip!, {r1, r3-r9}
	stmia	ip!, {r1, r3-r9}
	stmia	ip!, {r1, r3-r9}
	subs	r2, r2, #128
	bhs	3b
31:	adds	r2, r2, #64			/* one more 64-byte block? */
	blo	32f
	stmia	ip!, {r1, r3-r9}
	stmia	ip!, {r1, r3-r9}
	subs	r2, r2, #64
32:	pop	{r4-r9}
4:	adds	r2, r2, #60			/* n - 4 */
	blo	6f
5:	str	r1, [ip], #4			/* whole words */
	subs	r2, r2, #4
	bhs	5b
6:	adds	r2, r2, #4			/* 0..3 bytes left */
	bxeq	lr
7:	strb	r1, [ip], #1
	subs	r2, r2, #1
	bne	7b
	bx	lr
	.size	memset, . - memset

/* void *memcpy(void *dst, const void *src, size_t n): the two may not overlap. */
	.global	memcpy
	.type	memcpy, %function
memcpy:
	mov	ip, r0				/* r0 stays dst: the result */
	eor	r3, r0, r1
	tst	r3, #3
	bne	7f				/* never both word-aligned: byte by byte */
1:	tst	ip, #3				/* bytes up to a word boundary (of both) */
	beq	2f
	subs	r2, r2, #1
	bxlo	lr
	ldrb	r3, [r1], #1
	strb	r3, [ip], #1
	b	1b
2:	subs	r2, r2, #32
	blo	4f
	push	{r4-r11}			/* r11 too: sp stays 8-byte aligned */
3:	ldmia	r1!, {r3-r10}			/* 32 bytes per turn */
	stmia	ip!, {r3-r10}
	subs	r2, r2, #32
	bhs	3b
	pop	{r4-r11}
4:	adds	r2, r2, #28			/* n - 4 */
	blo	6f
5:	ldr	r3, [r1], #4			/* whole words */
	str	r3, [ip], #4
	subs	r2, r2, #4
	bhs	5b
6:	adds	r2, r2, #4			/* 0..3 bytes left */
	bxeq	lr
7:	cmp	r2, #0
	bxeq	lr
8:	ldrb	r3, [r1], #1
	strb	r3, [ip], #1
	subs	r2, r2, #1
	bne	8b
	bx	lr
	.size	memcpy, . - memcpy

/*
 * const uint32_t *words_first_nonzero_group(const uint32_t *from, const uint32_t *end):
 * the first group of eight words from `from` on that holds a word other than zero, or end
 * if there is none; end - from is a positive multiple of eight words.  A dying page table
 * looks for its mappings this way: eleven instructions a group, where C takes twenty.
 */
	.global	words_first_nonzero_group
	.type	words_first_nonzero_group, %function
words_first_nonzero_group:
	push	{r4-r9}
1:	ldmia	r0!, {r2-r9}
	orr	r2, r2, r3
	orr	r4, r4, r5
	orr	r6, r6, r7
	orr	r8, r8, r9
	orr	r2, r2, r4
	orr	r6, r6, r8
	orrs	r2, r2, r6
	bne	2f
	cmp	r0, r1
	blo	1b
	pop	{r4-r9}
	bx	lr				/* r0 is end */
2:	sub	r0, r0, #32			/* the group just read */
	pop	{r4-r9}
	bx	lr
	.size	words_first_nonzero_group, . - words_first_nonzero_group
