/* kprintf and panic: formatted output to the console. */
#include <stdarg.h>

#include <console.h>
#include <kprintf.h>
#include <plat.h>

#define KPRINTF_LINE_MAX 256

static int vkprintf(const char *fmt, va_list ap)
{
	char line[KPRINTF_LINE_MAX];
	int n = kvsnprintf(line, sizeof(line), fmt, ap);

	for (const char *p = line; *p; p++)
		console_putc(*p);
	if (n >= (int)sizeof(line))
		for (const char *p = "...[truncated]\n"; *p; p++)
			console_putc(*p);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vkprintf(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	kprintf("\nkernel panic: ");
	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
	kprintf("\nsystem halted\n");
	plat_shutdown(1);
}
