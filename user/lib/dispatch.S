/*
 * Activations, the user side (include/dispatcher.h).
 *
 * disp_run is the `run` upcall: the kernel enters it disabled, with
 * r0 = udisp and sp at the top of the dispatcher frame, when it resumes an
 * enabled dispatcher.  It resumes the enabled save area.
 *
 * disp_resume(area) restores every register from a save area and enables
 * the dispatcher.  It lies in the critical section [disp_crit_start,
 * disp_crit_end): preempted there, the kernel saves it in the disabled area
 * and later resumes it where it was, so "enable and restore" is atomic.
 * User mode cannot restore the Thumb IT state: a dispatcher preempted
 * inside an IT block is resumed by the kernel instead (include/dispatcher.h),
 * so this path never has to.
 */
#include <arch/armv7/psr.h>
#include <dispatcher.h>

	.syntax unified
	.arm
	.text
	.global disp_run, disp_resume, disp_crit_start, disp_crit_end, disp_resume_enabled
disp_run:
	ldr	r1, [r0, #DISP_OFFSET_ACTIVATIONS]
	add	r1, r1, #1
	str	r1, [r0, #DISP_OFFSET_ACTIVATIONS]
	add	r0, r0, #DISP_OFFSET_ENABLED_AREA
	/* fall through */
disp_resume:
disp_crit_start:
	ldr	r1, [r0, #DISP_AREA_OFFSET_CPSR]
	ldr	r3, [r0, #DISP_AREA_OFFSET_PC]
	tst	r1, #PSR_T
	orrne	r3, r3, #1			/* ldm into pc interworks on bit 0 */
	str	r3, [r0, #DISP_AREA_OFFSET_PC]
	mrc	p15, 0, r2, c13, c0, 3		/* TPIDRURO: our dispatcher frame */
	mov	r3, #0
	str	r3, [r2, #DISP_OFFSET_DISABLED]
disp_resume_enabled:			/* enabled from here: only the section protects it */
	msr	APSR_nzcvqg, r1			/* the flags: nothing may change them now */
	ldm	r0, {r0-r15}
disp_crit_end:
