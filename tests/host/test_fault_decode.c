/* Host tests of fault status decoding (kernel/arch/armv7/fault_decode.c). */
#include <setjmp.h>
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

static void test_every_status_has_a_name(void **state)
{
	(void)state;
	for (uint32_t fs = 0; fs < 32; fs++) {
		uint32_t fsr = ((fs & 0x10u) << 6) | (fs & 0xfu);
		assert_non_null(fsr_describe(fsr));
		assert_int_equal(fsr_status(fsr), fs);
	}
	assert_string_equal(fsr_describe(0x000), "unknown fault status");
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
