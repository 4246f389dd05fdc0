/*
 * The C half of the boot stub (MMU off, running at the physical load
 * address).  It may only use .boot code and data: a reference to any other
 * kernel symbol is a high virtual address that does not exist yet.
 */
#include <stdint.h>

#include <arch/boot.h>
#include <arch/mmu.h>
#include <plat.h>
#include <memlayout.h>

/* Translate a kernel (high) address into the physical address it loads at. */
#define BOOT_PHYS(vaddr) ((uint32_t)(vaddr)-KERNEL_VBASE + BOARD_RAM_BASE)

#define BOOT_STACK_SIZE 1024

uint32_t boot_l1_table[L1_ENTRIES] __attribute__((aligned(L1_TABLE_SIZE)));
uint8_t boot_stack[BOOT_STACK_SIZE] __attribute__((aligned(8)));
uint8_t *const boot_stack_top = boot_stack + BOOT_STACK_SIZE;

extern char __bss_start[], __bss_end[];
extern char _start[];

/*
 * Print s.  `offset` is where the image runs minus where it is linked: the
 * address of a string is a linked address (from a literal pool, which is
 * itself read relative to the pc), so the string is `offset` bytes away.
 */
static BOOT_CODE void boot_puts(const char *s, uint32_t offset)
{
	for (s = (const char *)((uint32_t)s + offset); *s; s++)
		board_boot_putc(*s);
}

static BOOT_CODE void boot_puthex(uint32_t v)
{
	for (int shift = 28; shift >= 0; shift -= 4) {
		uint32_t digit = (v >> shift) & 0xf;

		board_boot_putc((char)(digit < 10 ? '0' + digit : 'a' + digit - 10));
	}
}

/*
 * The image runs at the wrong address: say so on the console and stop.
 * Nothing here may use a linked address as it stands: no tables, no globals.
 */
BOOT_CODE void boot_wrong_address(uint32_t actual, uint32_t expected)
{
	uint32_t offset = actual - expected;

	boot_puts("boot: kernel loaded at 0x", offset);
	boot_puthex(actual);
	boot_puts(" but linked to run at 0x", offset);
	boot_puthex(expected);
	boot_puts("; load it at the address in board.mk (mkimage -a).\r\n", offset);
	for (;;)
		__asm__ volatile("wfe");
}

/* Zero .bss through its physical address and build the boot page table. */
BOOT_CODE uint32_t *boot_prepare(void)
{
	static const struct boot_layout layout = {
		.ram_phys = BOARD_RAM_BASE,
		.ram_size = BOARD_RAM_SIZE,
		.linear_vbase = KERNEL_VBASE,
		.device_vbase = DEVICE_WINDOW_BASE,
		.ndevices = sizeof((uint32_t[])BOARD_DEVICE_SECTIONS) / sizeof(uint32_t),
		.devices = BOARD_DEVICE_SECTIONS,
	};
	volatile uint32_t *p = (volatile uint32_t *)BOOT_PHYS(__bss_start);
	volatile uint32_t *end = (volatile uint32_t *)BOOT_PHYS(__bss_end);

	while (p < end)
		*p++ = 0;
	if (boot_fill_l1(boot_l1_table, &layout) != 0) {
		boot_puts("boot: the board's RAM does not fit the kernel's address space\r\n", 0);
		for (;;)
			__asm__ volatile("wfe");
	}
	return boot_l1_table;
}
