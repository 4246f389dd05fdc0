/*
 * The test image's check of memset and memcpy (kernel/arch/armv7/string.S)
 * against plain byte loops: every alignment of destination and source
 * (0..7) and every length up to STRING_CHECK_MAX_LEN, so each path of the
 * assembly (ragged heads, 128-, 64- and 32-byte blocks, words, ragged tails) is
 * taken.  Only the bytes asked for may change, and they must be right.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kprintf.h>
#include <kstring.h>
#include <string_check.h>

#ifndef KERNEL_STRING_CHECK
#define KERNEL_STRING_CHECK 0 /* the test image sets it (Makefile) */
#endif

#define STRING_CHECK_MAX_LEN 300 /* past two 128-byte blocks and a 64 */
#define STRING_CHECK_SLACK   16	 /* guard bytes after the longest case */
#define STRING_CHECK_BYTES   (8 + STRING_CHECK_MAX_LEN + STRING_CHECK_SLACK)

static uint8_t buf[STRING_CHECK_BYTES], expect[STRING_CHECK_BYTES], src[STRING_CHECK_BYTES];

static void fill(uint8_t *p, uint32_t seed)
{
	for (uint32_t i = 0; i < STRING_CHECK_BYTES; i++)
		p[i] = (uint8_t)(i * 7 + seed);
}

static bool same(void)
{
	for (uint32_t i = 0; i < STRING_CHECK_BYTES; i++)
		if (buf[i] != expect[i])
			return false;
	return true;
}

static bool check_memset(uint32_t at, uint32_t len)
{
	fill(buf, 1);
	fill(expect, 1);
	for (uint32_t i = 0; i < len; i++)
		expect[at + i] = 0xa5;
	return memset(buf + at, 0xa5, len) == buf + at && same();
}

static bool check_memcpy(uint32_t to, uint32_t from, uint32_t len)
{
	fill(buf, 3);
	fill(expect, 3);
	for (uint32_t i = 0; i < len; i++)
		expect[to + i] = src[from + i];
	return memcpy(buf + to, src + from, len) == buf + to && same();
}

static uint32_t string_check(void)
{
	uint32_t cases = 0;

	fill(src, 101);
	for (uint32_t len = 0; len <= STRING_CHECK_MAX_LEN; len++) {
		for (uint32_t to = 0; to < 8; to++) {
			if (!check_memset(to, len)) {
				kprintf("string check: memset at offset %u, %u bytes: wrong\n", to,
					len);
				return 0;
			}
			cases++;
			for (uint32_t from = 0; from < 8; from++, cases++) {
				if (!check_memcpy(to, from, len)) {
					kprintf(
					    "string check: memcpy to offset %u from %u, %u bytes: "
					    "wrong\n",
					    to, from, len);
					return 0;
				}
			}
		}
	}
	return cases;
}

void string_check_at_boot(void)
{
	uint32_t cases;

	if (!KERNEL_STRING_CHECK)
		return;
	cases = string_check();
	if (cases)
		kprintf("kernel: memset and memcpy agree with byte loops in %u cases\n", cases);
}
