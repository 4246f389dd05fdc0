/*
 * The few memory functions the compiler may call on its own, since the
 * kernel links no C library.
 */
#include <stddef.h>
#include <stdint.h>

#include <kstring.h>

/*
 * Retype zeroes every new object with interrupts masked, so a 64 MiB frame
 * must be quick: whole 32-byte blocks of words in the middle (the compiler
 * makes store-multiples of them), bytes only at the ragged ends.
 */
void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint32_t word = (uint8_t)c * 0x01010101u;

	while (n && ((uintptr_t)d & 3)) {
		*d++ = (uint8_t)c;
		n--;
	}
	for (; n >= 32; n -= 32, d += 32) {
		uint32_t *w = (uint32_t *)d;
		w[0] = word;
		w[1] = word;
		w[2] = word;
		w[3] = word;
		w[4] = word;
		w[5] = word;
		w[6] = word;
		w[7] = word;
	}
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

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
