/*
 * Kernel formatted output.  Conversions: %c %s %d %i %u %x %X %p %%,
 * with the flags '-' and '0', a field width (or '*'), and the length
 * modifiers l, ll and z.  No floating point.
 */
#ifndef KPRINTF_H
#define KPRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Format into buf (always NUL-terminated when size > 0); returns the full length. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Print to the console. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a message and stop the machine. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
