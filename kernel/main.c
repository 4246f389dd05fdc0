/*
 * kernel_main: the kernel's first C code at its high address, entered from
 * the boot stub (arch/armv7/boot_entry.S) with the MMU on.
 */
#include <stdint.h>

#include <arch/cpu.h>
#include <plat.h>
#include <config.h>
#include <console.h>
#include <core.h>
#include <exceptions.h>
#include <irq.h>
#include <kprintf.h>
#include <mmu.h>
#include <dispatch.h>
#include <selftest.h>
#include <string_check.h>
#include <startup.h>
#include <timer.h>
#include <version.h>

/* The boot core's kernel stack; the boot stub starts kernel_main on it. */
uint8_t boot_core_stack[KERNEL_STACK_SIZE] __attribute__((aligned(8)));
uint8_t *const boot_core_stack_top = boot_core_stack + KERNEL_STACK_SIZE;

extern char __kernel_phys_start[], __kernel_start[], __kernel_end[];

static void print_banner(void)
{
	uint32_t midr = cp15_read_midr();

	kprintf("\nKestrel CPU driver for ARMv7-A, board %s\n", BOARD_NAME);
	kprintf("build %s, %s\n", KERNEL_BUILD_ID, KERNEL_BUILD_CONFIG);
	kprintf("CPU: MIDR %08x (part %03x, r%up%u)\n", midr, (midr >> 4) & 0xfff,
		(midr >> 20) & 0xf, midr & 0xf);
	kprintf("RAM: %u MiB at physical 0x%08x, mapped at 0x%08x\n", BOARD_RAM_SIZE >> 20,
		BOARD_RAM_BASE, KERNEL_VBASE);
	kprintf("kernel: physical 0x%08x-0x%08x, linked at 0x%08x (%u KiB)\n",
		(uint32_t)__kernel_phys_start, virt_to_phys(__kernel_end), (uint32_t)__kernel_start,
		(virt_to_phys(__kernel_end) - (uint32_t)__kernel_phys_start) >> 10);
}

void kernel_main(uint32_t entry)
{
	uint32_t entry_mode = entry & BOOT_ENTRY_MODE_MASK;

	core_init(0, boot_core_stack_top); /* this core's state: this_core() works from here on */
	exceptions_init();		   /* VBAR: the kernel's vector table */
	mmu_drop_identity_map();	   /* the boot stub's identity map is no longer used */
	console_init();			   /* the board's UART */
	print_banner();
	if (entry_mode == PSR_MODE_HYP)
		kprintf("boot: entered in HYP mode; PL1 given the generic timer, dropped to SVC\n");
	if (entry & BOOT_ENTRY_CACHES_WERE_ON)
		kprintf("boot: entered with the MMU or data cache on; cleaned the cache and turned "
			"both off first\n");
	irq_controller_init();	/* GIC: every line masked, distributor on */
	selftest_run();		/* deliberate faults, in self-test builds only */
	string_check_at_boot(); /* memset and memcpy against byte loops, in the test image only */
	init_create();		/* init's CSpace, VSpace and dispatcher, from the boot archive */
	tick_init(TICK_HZ);	/* the periodic tick: after the long, masked work of booting */
	console_in_start();	/* typed input, for the process that binds the console */
	kprintf("timer: %u Hz tick started\n", TICK_HZ);
	dispatch_start(); /* leave the kernel: run init */
}
