/* Host tests of the kernel's formatting engine (kernel/lib/format.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <format.h>

#define CHECK(expected, ...)                                      \
	do {                                                      \
		char buf[128];                                    \
		int n = ksnprintf(buf, sizeof(buf), __VA_ARGS__); \
		assert_string_equal(buf, expected);               \
		assert_int_equal(n, (int)strlen(expected));       \
	} while (0)

/* Hidden from the compiler's format checks, which would reject them. */
static const char *volatile null_string = NULL;
static const char *volatile unknown_conversion = "%q";
static const char *volatile trailing_percent = "end%";

static void test_strings_and_chars(void **state)
{
	(void)state;
	CHECK("hello", "hello");
	CHECK("board vexpress-a9!", "board %s!", "vexpress-a9");
	CHECK("[  ab]", "[%4s]", "ab");
	CHECK("[ab  ]", "[%-4s]", "ab");
	CHECK("(null)", "%s", null_string);
	CHECK("x=Q", "x=%c", 'Q');
	CHECK("100%", "100%%");
}

static void test_signed(void **state)
{
	(void)state;
	CHECK("0", "%d", 0);
	CHECK("-42", "%d", -42);
	CHECK("2147483647 -2147483648", "%d %i", INT32_MAX, INT32_MIN);
	CHECK("[   -7]", "[%5d]", -7);
	CHECK("[-0007]", "[%05d]", -7);
	CHECK("[-7   ]", "[%-5d]", -7);
	CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK("-5", "%ld", -5L);
}

static void test_unsigned_and_hex(void **state)
{
	(void)state;
	CHECK("4294967295", "%u", UINT32_MAX);
	CHECK("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
	CHECK("0000002a", "%08x", 42u);
	CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK("123456789", "%zu", (size_t)123456789);
	CHECK("[  ff]", "[%*x]", 4, 0xffu);
	CHECK("[ff  ]", "[%*x]", -4, 0xffu);
}

static void test_pointers(void **state)
{
	(void)state;
	CHECK("0x1000", "%p", (void *)0x1000);
	CHECK("0x0", "%p", (void *)0);
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	(void)state;
	n = ksnprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	n = ksnprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "");
	n = ksnprintf(NULL, 0, "%d", 12345);
	assert_int_equal(n, 5);
}

static void test_odd_formats(void **state)
{
	(void)state;
	CHECK("%q", unknown_conversion); /* shown as written */
	CHECK("end", trailing_percent);	 /* a lone trailing '%' prints nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_and_chars), cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned_and_hex),  cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_truncation),	  cmocka_unit_test(test_odd_formats),
	};
	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
