/*
 * Arm semihosting, as QEMU implements it with -semihosting: lets a kernel
 * end the emulator with an exit status.  Only boards run under QEMU use it;
 * on real hardware without a debugger the call would trap.
 */
#ifndef PLAT_SEMIHOSTING_H
#define PLAT_SEMIHOSTING_H

#include <stdint.h>

#define SEMIHOSTING_SYS_EXIT_EXTENDED		 0x20u
#define SEMIHOSTING_ADP_STOPPED_APPLICATION_EXIT 0x20026u

static inline void semihosting_exit(int status)
{
	uint32_t block[2] = { SEMIHOSTING_ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status };
	register uint32_t r0 __asm__("r0") = SEMIHOSTING_SYS_EXIT_EXTENDED;
	register uint32_t *r1 __asm__("r1") = block;

	/* The semihosting trap in ARM state (the kernel is built for ARM). */
	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
}

#endif
