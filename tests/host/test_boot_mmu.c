/* Host tests of the boot page table builder (kernel/arch/armv7/boot_mmu.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arch/boot.h>
#include <arch/mmu.h>
#include <memlayout.h>

static uint32_t l1[L1_ENTRIES];

static const struct boot_layout vexpress = {
	.ram_phys = 0x60000000u,
	.ram_size = 512u << 20,
	.linear_vbase = KERNEL_VBASE,
	.device_vbase = DEVICE_WINDOW_BASE,
	.ndevices = 2,
	.devices = { 0x10000000u, 0x1e000000u },
};

static int setup(void **state)
{
	(void)state;
	memset(l1, 0, sizeof(l1));
	return 0;
}

static void test_vexpress_layout(void **state)
{
	(void)state;
	assert_int_equal(boot_fill_l1(l1, &vexpress), 0);
	/* Identity over RAM, for the stub only. */
	assert_int_equal(l1[0x600], 0x60000000u | L1_KERNEL_RAM);
	assert_int_equal(l1[0x7ff], 0x7ff00000u | L1_KERNEL_RAM);
	/* The linear map: 0x80000000 + n MiB -> RAM + n MiB. */
	assert_int_equal(l1[0x800], 0x60000000u | L1_KERNEL_RAM);
	assert_int_equal(l1[0x9ff], 0x7ff00000u | L1_KERNEL_RAM);
	assert_int_equal(l1[0xa00], 0); /* only RAM that exists */
	/* The device window: execute-never device memory, slot by slot. */
	assert_int_equal(l1[0xf00], 0x10000000u | L1_KERNEL_DEVICE);
	assert_int_equal(l1[0xf01], 0x1e000000u | L1_KERNEL_DEVICE);
	assert_true(l1[0xf00] & L1_SECT_XN);
	assert_int_equal(l1[0xf02], 0);
	/* Nothing else: page 0 and the rest of user space stay unmapped. */
	unsigned mapped = 0;
	for (unsigned i = 0; i < L1_ENTRIES; i++)
		mapped += l1[i] != 0;
	assert_int_equal(mapped, 512 + 512 + 2);
	assert_int_equal(l1[0], 0);
}

static void test_ram_at_2g_is_its_own_linear_map(void **state)
{
	struct boot_layout panda = vexpress;

	(void)state;
	panda.ram_phys = 0x80000000u; /* as on the PandaBoard */
	panda.ram_size = 1024u << 20;
	assert_int_equal(boot_fill_l1(l1, &panda), 0);
	assert_int_equal(l1[0x800], 0x80000000u | L1_KERNEL_RAM);
	assert_int_equal(l1[0xbff], 0xbff00000u | L1_KERNEL_RAM);
	for (unsigned i = 0; i < L1_USER_ENTRIES; i++)
		assert_int_equal(l1[i], 0);
}

static void test_kernel_entries_are_global_domain0_no_user_access(void **state)
{
	(void)state;
	assert_int_equal(boot_fill_l1(l1, &vexpress), 0);
	for (unsigned i = 0; i < L1_ENTRIES; i++) {
		if (!l1[i])
			continue;
		assert_int_equal(l1[i] & 3u, L1_TYPE_SECTION);
		assert_int_equal(l1[i] & L1_SECT_NG, 0);
		assert_int_equal((l1[i] >> 5) & 0xfu, 0); /* domain 0 */
		assert_int_equal((l1[i] >> 10) & 3u, 1);  /* AP: PL1 only */
		assert_int_equal(l1[i] & (1u << 15), 0);  /* AP[2] clear */
	}
}

static void test_bad_layouts_are_refused(void **state)
{
	struct boot_layout bad;

	(void)state;
	bad = vexpress;
	bad.ram_size = 0;
	assert_int_equal(boot_fill_l1(l1, &bad), -1);
	bad = vexpress;
	bad.ram_size = (512u << 20) + 4096; /* not whole sections */
	assert_int_equal(boot_fill_l1(l1, &bad), -1);
	bad = vexpress;
	bad.ram_size = 0x80000000u; /* the linear map would run into the device window */
	assert_int_equal(boot_fill_l1(l1, &bad), -1);
	bad = vexpress;
	bad.ram_phys = 0xfff00000u; /* wraps */
	bad.ram_size = 2u << 20;
	assert_int_equal(boot_fill_l1(l1, &bad), -1);
	bad = vexpress;
	bad.ndevices = BOOT_MAX_DEVICES + 1;
	assert_int_equal(boot_fill_l1(l1, &bad), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_vexpress_layout, setup),
		cmocka_unit_test_setup(test_ram_at_2g_is_its_own_linear_map, setup),
		cmocka_unit_test_setup(test_kernel_entries_are_global_domain0_no_user_access,
				       setup),
		cmocka_unit_test_setup(test_bad_layouts_are_refused, setup),
	};
	return cmocka_run_group_tests_name("boot_mmu", tests, NULL, NULL);
}
