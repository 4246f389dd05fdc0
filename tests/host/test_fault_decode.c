/* Host tests of fault status decoding (kernel/arch/armv7/fault_decode.c). */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arch/cpu.h>
#include <arch/fault.h>
#include <arch/trap.h>

static void test_status_combines_bit_10(void **state)
{
	(void)state;
	assert_int_equal(fsr_status(0x005), 0x05);
	assert_int_equal(fsr_status(0x406), 0x16); /* FS[4] lives in bit 10 */
	assert_int_equal(fsr_status(0x805), 0x05); /* WnR is not part of the status */
}

static void test_common_faults(void **state)
{
	(void)state;
	assert_string_equal(fsr_describe(0x805), "translation fault (section)");
	assert_string_equal(fsr_describe(0x007), "translation fault (page)");
	assert_string_equal(fsr_describe(0x00d), "permission fault (section)");
	assert_string_equal(fsr_describe(0x00f), "permission fault (page)");
	assert_string_equal(fsr_describe(0x001), "alignment fault");
	assert_string_equal(fsr_describe(0x009), "domain fault (section)");
	assert_string_equal(fsr_describe(0x406), "asynchronous external abort");
	assert_string_equal(fsr_describe(0x008), "synchronous external abort");
}

/*
 * The fault statuses the ARM Architecture Reference Manual (ARMv7-A,
 * short-descriptor format, DFSR and IFSR) defines, FS[4] and FS[3:0]
 * together: written out here, not taken from the code under test.
 */
static const uint32_t defined_statuses[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0b, 0x0c,
	0x0d, 0x0e, 0x0f, 0x10, 0x14, 0x16, 0x18, 0x19, 0x1a, 0x1c, 0x1e,
};

static bool is_defined(uint32_t fs)
{
	for (size_t i = 0; i < sizeof(defined_statuses) / sizeof(defined_statuses[0]); i++)
		if (defined_statuses[i] == fs)
			return true;
	return false;
}

/* Each of the 22 defined statuses has a name of its own; the other 10 are "unknown". */
static void test_every_status_has_a_name(void **state)
{
	const char *names[32];

	(void)state;
	assert_int_equal(sizeof(defined_statuses) / sizeof(defined_statuses[0]), 22);
	for (uint32_t fs = 0; fs < 32; fs++) {
		uint32_t fsr = ((fs & 0x10u) << 6) | (fs & 0xfu);

		assert_int_equal(fsr_status(fsr), fs);
		names[fs] = fsr_describe(fsr);
		assert_non_null(names[fs]);
		if (!is_defined(fs)) {
			assert_string_equal(names[fs], "unknown fault status");
			continue;
		}
		assert_string_not_equal(names[fs], "unknown fault status");
		for (uint32_t other = 0; other < fs; other++)
			if (is_defined(other))
				assert_string_not_equal(names[fs], names[other]);
	}
}

static void test_exception_and_mode_names(void **state)
{
	(void)state;
	assert_string_equal(exception_name(EXC_DATA_ABORT), "data abort");
	assert_string_equal(exception_name(EXC_PREFETCH_ABORT), "prefetch abort");
	assert_string_equal(exception_name(EXC_UNDEFINED), "undefined instruction");
	assert_string_equal(exception_name(99), "unknown exception");
	assert_string_equal(mode_name(0x600001d3), "supervisor");
	assert_string_equal(mode_name(PSR_MODE_USR | PSR_T), "user");
	assert_string_equal(mode_name(0x00), "invalid mode");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_combines_bit_10),
		cmocka_unit_test(test_common_faults),
		cmocka_unit_test(test_every_status_has_a_name),
		cmocka_unit_test(test_exception_and_mode_names),
	};
	return cmocka_run_group_tests_name("fault_decode", tests, NULL, NULL);
}
