/* Kernel formatted output to the console (formatting: <format.h>). */
#ifndef KPRINTF_H
#define KPRINTF_H

#include <format.h>

/* Print to the console. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a message and stop the machine. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
