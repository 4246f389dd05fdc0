/*
 * The few memory functions the compiler may call on its own, since the
 * kernel links no C library; memset and memcpy, which move much, are in
 * assembly (kernel/arch/armv7/string.S).
 */
#include <stddef.h>
#include <stdint.h>

#include <kstring.h>

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
