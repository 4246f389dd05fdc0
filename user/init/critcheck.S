/*
 * critcheck_round(struct critcheck *cc): resume ourselves through the user
 * runtime's disp_resume, the way the `run` upcall does, so that a test can
 * make preemptions land inside its critical section (include/dispatcher.h).
 *
 * It marks the dispatcher disabled, fills the enabled save area with known
 * values (critcheck_template: r0-r12, lr, every flag including Q and GE,
 * Thumb state, pc = the landing below, sp = its own), and jumps to
 * disp_resume, which clears `disabled` and restores the area.  Preempted
 * after that clearing and before the last load, only the critical section
 * keeps the kernel from saving over the very area being restored.  At the
 * landing every register and the flags are pushed, untouched, for
 * critcheck_verify(saved) to compare; its result (0: all as set) is returned.
 *
 * struct critcheck { ...; uint32_t sp at CC_OFFSET_SP; frame at CC_OFFSET_FRAME; }
 */
#include <dispatcher.h>

#define CC_OFFSET_FRAME 0 /* struct critcheck, user/init/tests_kernel.c */
#define CC_OFFSET_SP	4
#define AREA_WORDS	17 /* struct arm_registers */
#define AREA_OFFSET_SP	52

	.syntax unified
	.thumb
	.text

	.global critcheck_round, critcheck_landing
	.type critcheck_round, %function
	.thumb_func
critcheck_round:
	push	{r4-r11, lr}
	mov	r1, sp
	str	r1, [r0, #CC_OFFSET_SP]
	ldr	r2, [r0, #CC_OFFSET_FRAME]
	movs	r3, #1
	str	r3, [r2, #DISP_OFFSET_DISABLED]	/* disabled: the kernel keeps off the enabled area */
	add	r0, r2, #DISP_OFFSET_ENABLED_AREA
	movw	r4, #:lower16:critcheck_template
	movt	r4, #:upper16:critcheck_template
	ldm	r4!, {r5-r12}			/* area words 0-7 */
	stm	r0!, {r5-r12}
	ldm	r4!, {r5-r12}			/* words 8-15 */
	stm	r0!, {r5-r12}
	ldr	r5, [r4]			/* word 16: cpsr */
	str	r5, [r0]
	sub	r0, r0, #(AREA_WORDS - 1) * 4
	str	r1, [r0, #AREA_OFFSET_SP]	/* sp: ours, as pushed above */
	movw	r1, #:lower16:disp_resume
	movt	r1, #:upper16:disp_resume
	bx	r1				/* disp_resume(area), in ARM state */
critcheck_landing:
	push	{r0-r12, lr}			/* none of these change a flag */
	mrs	r0, APSR
	push	{r0}
	mov	r0, sp				/* saved[0] = APSR, saved[1..14] = r0-r12, lr */
	bl	critcheck_verify
	add	sp, sp, #15 * 4
	pop	{r4-r11, pc}
	.size critcheck_round, . - critcheck_round

	.data
	.align	2
	.global critcheck_template
critcheck_template:
	.word	0x0a00a000, 0x1a01a111, 0x2a02a222, 0x3a03a333	/* r0-r3 */
	.word	0x4a04a444, 0x5a05a555, 0x6a06a666, 0x7a07a777	/* r4-r7 */
	.word	0x8a08a888, 0x9a09a999, 0xaa0aaaaa, 0xba0bbbbb	/* r8-r11 */
	.word	0xca0ccccc, 0				/* r12, sp (filled in) */
	.word	0xea0eeeee, critcheck_landing		/* lr, pc */
	.word	0xb80a0030	/* cpsr: N C V Q set, Z clear, GE = 1010, Thumb, user */
