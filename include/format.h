/*
 * The formatting engine shared by the kernel's kprintf and the user
 * runtime's printf (kernel/lib/format.c).  Conversions: %c %s %d %i %u %x
 * %X %p %%, with the flags '-' and '0', a field width (or '*'), and the
 * length modifiers l, ll and z.  No floating point.
 */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Format into buf (always NUL-terminated when size > 0); returns the full length. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
