/*
 * Host tests of command-line splitting (user/lib/cmdline.c, the shell's and
 * menu.lst's): quotes, escapes, `&`, and every malformed line refused with
 * its message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <cmdline.h>

static struct command cmd;

/* Parse line; it must succeed with exactly the words given (NULL-terminated). */
static void expect_words(const char *line, bool background, ...)
{
	const char *problem = cmdline_parse(line, &cmd);
	va_list ap;
	int n = 0;

	if (problem)
		fail_msg("'%s': %s", line, problem);
	va_start(ap, background);
	for (const char *w = va_arg(ap, const char *); w; w = va_arg(ap, const char *), n++) {
		assert_true(n < cmd.argc);
		assert_string_equal(cmd.argv[n], w);
	}
	va_end(ap);
	assert_int_equal(cmd.argc, n);
	assert_null(cmd.argv[n]);
	assert_int_equal(cmd.background, background);
}

static void expect_problem(const char *line, const char *problem)
{
	const char *got = cmdline_parse(line, &cmd);

	assert_non_null(got);
	assert_string_equal(got, problem);
}

static void test_plain_words(void **state)
{
	(void)state;
	expect_words("hello a b", false, "hello", "a", "b", NULL);
	expect_words("  hello\t a  \n", false, "hello", "a", NULL);
	expect_words("", false, NULL);
	expect_words("   \r\n", false, NULL);
}

static void test_quotes_and_escapes(void **state)
{
	(void)state;
	expect_words("hello \"a b\" c", false, "hello", "a b", "c", NULL);
	expect_words("hello 'd  e' f\\ g", false, "hello", "d  e", "f g", NULL);
	expect_words("x \"say \\\"hi\\\" \\\\ \\n\"", false, "x", "say \"hi\" \\ \\n", NULL);
	expect_words("x 'a\\b' \"\"", false, "x", "a\\b", "", NULL);
	expect_words("x ab\"c d\"e", false, "x", "abc de", NULL);
}

static void test_background(void **state)
{
	(void)state;
	expect_words("spinner &", true, "spinner", NULL);
	expect_words("spinner&", true, "spinner", NULL);
	expect_words("hello a&b", false, "hello", "a&b", NULL);
	expect_words("hello \\&", false, "hello", "&", NULL);
	expect_words("hello '&'", false, "hello", "&", NULL);
	expect_words("hello \"\"&", true, "hello", "", NULL);
}

static void test_malformed_lines(void **state)
{
	char long_line[CMDLINE_MAX + 8];

	(void)state;
	expect_problem("hello \"open", "a \" is not closed");
	expect_problem("hello 'open", "a ' is not closed");
	expect_problem("& hello", "'&' must end the command");
	expect_problem("spinner & x", "'&' must end the command");
	expect_problem("&", "'&' needs a command before it");
	memset(long_line, 'a', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = 0;
	expect_problem(long_line, "the line is too long");
}

static void test_word_limit(void **state)
{
	char line[CMDLINE_MAX];
	size_t at = 0;

	(void)state;
	for (int i = 0; i < CMDLINE_MAX_ARGS; i++)
		at += (size_t)snprintf(line + at, sizeof(line) - at, "w ");
	line[at] = 0;
	assert_null(cmdline_parse(line, &cmd));
	assert_int_equal(cmd.argc, CMDLINE_MAX_ARGS);
	snprintf(line + at, sizeof(line) - at, "w");
	expect_problem(line, "too many words");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_words), cmocka_unit_test(test_quotes_and_escapes),
		cmocka_unit_test(test_background),  cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_word_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
