/* err_getstring and DEBUG_ERR: every errval_t has a name and a sentence (include/errors.h). */
#include <stdarg.h>
#include <stdio.h>

#include <capabilities.h>

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

void debug_err(const char *func, int line, errval_t err, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	printf("ERROR: %s:%d: %s: %s (%s)\n", func, line, what, err_getname(err),
	       err_getstring(err));
}
