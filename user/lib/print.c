/* printf for user programs: whole lines through the print system call. */
#include <stdarg.h>
#include <stdint.h>

#include <format.h>
#include <runtime.h>

#define PRINT_BUFFER 512

int printf(const char *fmt, ...)
{
	char buf[PRINT_BUFFER];
	va_list ap;
	int n;
	uint32_t start = 0, len;

	va_start(ap, fmt);
	n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	len = n < (int)sizeof(buf) ? (uint32_t)n : sizeof(buf) - 1;
	/* One print call per line, so a line is never cut by another process. */
	for (uint32_t i = 0; i < len; i++) {
		if (buf[i] == '\n' || i + 1 == len || i + 1 - start == SYS_PRINT_MAX) {
			sys_print(buf + start, i + 1 - start);
			start = i + 1;
		}
	}
	return n;
}

int snprintf(char *buf, unsigned size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static const char *const err_names[] = {
#define ERRVAL_NAME(name, text) #name,
	ERRVAL_LIST(ERRVAL_NAME)
#undef ERRVAL_NAME
};

static const char *const err_strings[] = {
#define ERRVAL_TEXT(name, text) text,
	ERRVAL_LIST(ERRVAL_TEXT)
#undef ERRVAL_TEXT
};

const char *err_getname(errval_t err)
{
	return (unsigned)err < ERRVAL_COUNT ? err_names[err] : "SYS_ERR_UNKNOWN";
}

const char *err_getstring(errval_t err)
{
	return (unsigned)err < ERRVAL_COUNT ? err_strings[err] : "unknown error code";
}
