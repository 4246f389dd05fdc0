/* Deliberate faults for the system tests (see selftest.h). */
#include <stdint.h>

#include <kprintf.h>
#include <selftest.h>

#define SELFTEST_NONE		0
#define SELFTEST_DATA_ABORT	1
#define SELFTEST_PREFETCH_ABORT 2
#define SELFTEST_UNDEFINED	3
#define SELFTEST_NO_TICK	4

#ifndef KERNEL_SELFTEST
#define KERNEL_SELFTEST SELFTEST_NONE
#endif

/* An address no page table maps: page 0, never mapped. */
#define UNMAPPED_ADDRESS 0x0u

void selftest_run(void)
{
	switch (KERNEL_SELFTEST) {
	case SELFTEST_DATA_ABORT:
		kprintf("selftest: writing to unmapped address 0x%08x\n", UNMAPPED_ADDRESS);
		*(volatile uint32_t *)UNMAPPED_ADDRESS = 0xdeadbeef;
		break;
	case SELFTEST_PREFETCH_ABORT:
		kprintf("selftest: jumping to unmapped address 0x%08x\n", UNMAPPED_ADDRESS);
		((void (*)(void))UNMAPPED_ADDRESS)();
		break;
	case SELFTEST_UNDEFINED:
		kprintf("selftest: executing an undefined instruction\n");
		__asm__ volatile(".word 0xe7f000f0"); /* permanently undefined (UDF) */
		break;
	case SELFTEST_NO_TICK: kprintf("selftest: the timer's interrupt stays masked\n"); return;
	default: return;
	}
	kprintf("selftest: survived the deliberate fault\n");
}

bool selftest_tick_masked(void)
{
	return KERNEL_SELFTEST == SELFTEST_NO_TICK;
}
