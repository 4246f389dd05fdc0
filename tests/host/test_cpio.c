/*
 * Host tests of the cpio "newc" reader (kernel/lib/cpio.c).  A tiny encoder
 * builds archives in memory the way `cpio -o -H newc` does; archives under
 * test are copied into buffers of exactly their size, so that
 * AddressSanitizer catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cpio.h>

#define HEADER_SIZE 110
#define MODE_FILE   (CPIO_MODE_REGULAR | 0644)
#define MODE_DIR    (CPIO_MODE_DIR | 0755)

/* --- the encoder ---------------------------------------------------------- */

struct archive {
	uint8_t b[4096];
	size_t len;
	uint32_t ino;
};

static void put(struct archive *a, const void *p, size_t n)
{
	assert_true(a->len + n <= sizeof(a->b));
	memcpy(a->b + a->len, p, n);
	a->len += n;
}

static void pad4(struct archive *a)
{
	while (a->len % 4)
		put(a, "", 1);
}

/* One entry, with namesize and filesize as given (to make broken ones). */
static void add_raw(struct archive *a, const char *name, uint32_t namesize, uint32_t mode,
		    const void *data, uint32_t size, uint32_t stored_size)
{
	char hdr[HEADER_SIZE + 1];

	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 a->ino++, mode, 0u, 0u, 1u, 0x5f000000u, stored_size, 0u, 0u, 0u, 0u, namesize,
		 0u);
	put(a, hdr, HEADER_SIZE);
	put(a, name, strlen(name) + 1);
	pad4(a);
	put(a, data, size);
	pad4(a);
}

static void add(struct archive *a, const char *name, uint32_t mode, const void *data, uint32_t size)
{
	add_raw(a, name, (uint32_t)strlen(name) + 1, mode, data, size, size);
}

static void add_trailer(struct archive *a)
{
	add(a, "TRAILER!!!", 0, "", 0);
	while (a->len % 512) /* as cpio does */
		put(a, "", 1);
}

static const char menu[] = "init /sbin/init\nmodule /sbin/hello Hello world\n";
static const char init_elf[] = "\177ELF pretend this is init";
static const char hello[] = "hello!";

/* The boot archive as `find . | cpio -o -H newc` makes it (cpio drops the "./"). */
static void make_archive(struct archive *a)
{
	memset(a, 0, sizeof(*a));
	add(a, "empty", MODE_FILE, "", 0);
	add(a, "menu.lst", MODE_FILE, menu, sizeof(menu) - 1);
	add(a, "sbin", MODE_DIR, "", 0);
	add(a, "sbin/hello", MODE_FILE, hello, sizeof(hello) - 1);
	add(a, "sbin/init", MODE_FILE, init_elf, sizeof(init_elf) - 1);
	add_trailer(a);
}

static uint8_t *exact_copy(const void *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, src, len);
	return p;
}

/* Iterate to the end; the error that stopped it, and the entry count. */
static errval_t iterate(const void *archive, size_t size, unsigned *count)
{
	struct cpio_file f;
	size_t offset = 0;
	errval_t err;

	*count = 0;
	while ((err = cpio_next(archive, size, &offset, &f)) == SYS_ERR_OK) {
		const uint8_t *base = archive;

		/* Whatever is returned lies inside the archive. */
		assert_true((const uint8_t *)f.name >= base);
		assert_true((const uint8_t *)f.name + strlen(f.name) < base + size);
		assert_true((const uint8_t *)f.data >= base);
		assert_true((const uint8_t *)f.data + f.size <= base + size);
		assert_true(offset <= size);
		(*count)++;
	}
	return err;
}

static void expect_find(const void *archive, size_t size, const char *name, const void *data,
			uint32_t len)
{
	struct cpio_file f = { 0 };

	assert_int_equal(cpio_find(archive, size, name, &f), SYS_ERR_OK);
	assert_int_equal(f.size, len);
	assert_memory_equal(f.data, data, len);
	assert_int_equal(((const uint8_t *)f.data - (const uint8_t *)archive) % 4, 0);
	assert_int_equal(f.mode, MODE_FILE);
}

/* --- finding and iterating ------------------------------------------------ */

static void test_find(void **state)
{
	struct archive a;
	struct cpio_file f;
	uint8_t *p;

	(void)state;
	make_archive(&a);
	p = exact_copy(a.b, a.len);
	expect_find(p, a.len, "menu.lst", menu, sizeof(menu) - 1);
	expect_find(p, a.len, "sbin/init", init_elf, sizeof(init_elf) - 1);
	expect_find(p, a.len, "/sbin/init", init_elf, sizeof(init_elf) - 1);
	expect_find(p, a.len, "./sbin/init", init_elf, sizeof(init_elf) - 1);
	expect_find(p, a.len, "/sbin/hello", hello, sizeof(hello) - 1);
	expect_find(p, a.len, "empty", "", 0);
	assert_int_equal(cpio_find(p, a.len, "sbin/ini", &f), CPIO_ERR_NOT_FOUND);
	assert_int_equal(cpio_find(p, a.len, "sbin/init2", &f), CPIO_ERR_NOT_FOUND);
	assert_int_equal(cpio_find(p, a.len, "/sbin/Init", &f), CPIO_ERR_NOT_FOUND);
	assert_int_equal(cpio_find(p, a.len, "TRAILER!!!", &f), CPIO_ERR_NOT_FOUND);
	assert_int_equal(cpio_find(p, a.len, "", &f), CPIO_ERR_NOT_FOUND);
	/* Directories are not files. */
	assert_int_equal(cpio_find(p, a.len, "sbin", &f), CPIO_ERR_NOT_FOUND);
	assert_int_equal(cpio_find(p, a.len, "/sbin", &f), CPIO_ERR_NOT_FOUND);
	free(p);
}

/* Names stored with "./" or "/" (cpio given such paths) are found too. */
static void test_find_stored_prefixes(void **state)
{
	struct archive a = { 0 };
	uint8_t *p;

	(void)state;
	add(&a, ".", MODE_DIR, "", 0);
	add(&a, "./menu.lst", MODE_FILE, menu, sizeof(menu) - 1);
	add(&a, "/sbin/init", MODE_FILE, init_elf, sizeof(init_elf) - 1);
	add_trailer(&a);
	p = exact_copy(a.b, a.len);
	expect_find(p, a.len, "menu.lst", menu, sizeof(menu) - 1);
	expect_find(p, a.len, "/menu.lst", menu, sizeof(menu) - 1);
	expect_find(p, a.len, "sbin/init", init_elf, sizeof(init_elf) - 1);
	expect_find(p, a.len, "./sbin/init", init_elf, sizeof(init_elf) - 1);
	free(p);
}

static void test_iterate(void **state)
{
	static const char *const names[] = { "empty", "menu.lst", "sbin", "sbin/hello",
					     "sbin/init" };
	struct archive a;
	struct cpio_file f;
	size_t offset = 0, end;
	uint8_t *p;

	(void)state;
	make_archive(&a);
	p = exact_copy(a.b, a.len);
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(cpio_next(p, a.len, &offset, &f), SYS_ERR_OK);
		assert_string_equal(f.name, names[i]);
		assert_int_equal(offset % 4, 0);
	}
	assert_int_equal(f.size, sizeof(init_elf) - 1);
	assert_memory_equal(f.data, init_elf, f.size);
	/* The trailer: CPIO_ERR_END, again and again, with offset and file untouched. */
	end = offset;
	f.name = "untouched";
	assert_int_equal(cpio_next(p, a.len, &offset, &f), CPIO_ERR_END);
	assert_int_equal(cpio_next(p, a.len, &offset, &f), CPIO_ERR_END);
	assert_int_equal(offset, end);
	assert_string_equal(f.name, "untouched");
	/* An offset past the end. */
	offset = a.len + 1;
	assert_int_equal(cpio_next(p, a.len, &offset, &f), CPIO_ERR_TRUNCATED);
	offset = (size_t)-1;
	assert_int_equal(cpio_next(p, a.len, &offset, &f), CPIO_ERR_TRUNCATED);
	free(p);
}

/* An empty archive (just the trailer), with and without cpio's block padding. */
static void test_empty_archive(void **state)
{
	struct archive a = { 0 };
	struct cpio_file f;
	unsigned n;

	(void)state;
	add_trailer(&a);
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_END);
	assert_int_equal(n, 0);
	assert_int_equal(iterate(a.b, HEADER_SIZE + 11, &n), CPIO_ERR_END);
	assert_int_equal(cpio_find(a.b, a.len, "menu.lst", &f), CPIO_ERR_NOT_FOUND);
	assert_int_equal(iterate(a.b, 0, &n), CPIO_ERR_TRUNCATED);
}

/* Lower-case hex digits are accepted too. */
static void test_lower_case_hex(void **state)
{
	struct archive a = { 0 };
	struct cpio_file f;
	unsigned n;

	(void)state;
	add(&a, "f", MODE_FILE, "abcdefghijklmnopqrstuvwxyz", 26); /* filesize 0000001A */
	add_trailer(&a);
	for (int i = 6; i < HEADER_SIZE; i++)
		if (a.b[i] >= 'A' && a.b[i] <= 'F')
			a.b[i] = (uint8_t)(a.b[i] - 'A' + 'a');
	assert_memory_equal(a.b + 6 + 8 * 6, "0000001a", 8);
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_END);
	assert_int_equal(n, 1);
	assert_int_equal(cpio_find(a.b, a.len, "f", &f), SYS_ERR_OK);
	assert_int_equal(f.size, 26);
	assert_int_equal(f.mode, MODE_FILE);
}

/* The offset of the n-th entry's header (n = 0, 1, ...) in a valid archive. */
static size_t entry_offset(const struct archive *a, unsigned n)
{
	struct cpio_file f;
	size_t offset = 0;

	while (n--)
		assert_int_equal(cpio_next(a->b, a->len, &offset, &f), SYS_ERR_OK);
	return offset;
}

/* --- rejections ----------------------------------------------------------- */

static void test_bad_magic(void **state)
{
	struct archive a;
	struct cpio_file f;
	size_t offset = 0;
	unsigned n;

	(void)state;
	make_archive(&a);
	a.b[5] = '2'; /* 070702, the CRC variant: not accepted */
	assert_int_equal(cpio_next(a.b, a.len, &offset, &f), CPIO_ERR_MAGIC);
	assert_int_equal(offset, 0);
	assert_int_equal(cpio_find(a.b, a.len, "menu.lst", &f), CPIO_ERR_MAGIC);
	make_archive(&a);
	memcpy(a.b, "070707", 6); /* the old ASCII format */
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_MAGIC);
	/* A bad second entry is found when the search reaches it. */
	make_archive(&a);
	a.b[entry_offset(&a, 1)] = 'x';
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_MAGIC);
	assert_int_equal(n, 1);
	assert_int_equal(cpio_find(a.b, a.len, "empty", &f), SYS_ERR_OK);
	assert_int_equal(cpio_find(a.b, a.len, "menu.lst", &f), CPIO_ERR_MAGIC);
	/* Garbage instead of an archive. */
	memset(a.b, 0, sizeof(a.b));
	assert_int_equal(iterate(a.b, 512, &n), CPIO_ERR_MAGIC);
}

static void test_bad_hex(void **state)
{
	static const char bad[] = { 'g', 'G', ' ', '-', '+', 'x', 0, '/', ':', '@', '`' };
	struct archive a;
	unsigned n;

	(void)state;
	for (unsigned field = 0; field < 13; field++) {
		for (unsigned i = 0; i < sizeof(bad); i++) {
			make_archive(&a);
			a.b[6 + 8 * field + (i % 8)] = (uint8_t)bad[i];
			assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_HEADER);
			assert_int_equal(n, 0);
		}
	}
}

static void test_truncated(void **state)
{
	struct archive a;
	struct cpio_file f;
	unsigned n;

	(void)state;
	make_archive(&a);
	size_t menu_hdr = entry_offset(&a, 1), menu_data;
	assert_int_equal(cpio_find(a.b, a.len, "menu.lst", &f), SYS_ERR_OK);
	menu_data = (size_t)((const uint8_t *)f.data - a.b);
	/* Inside the first header, then the header, name and data of menu.lst. */
	assert_int_equal(iterate(a.b, 50, &n), CPIO_ERR_TRUNCATED);
	assert_int_equal(n, 0);
	assert_int_equal(iterate(a.b, menu_hdr + HEADER_SIZE - 1, &n), CPIO_ERR_TRUNCATED);
	assert_int_equal(n, 1);
	assert_int_equal(iterate(a.b, menu_hdr + HEADER_SIZE + 4, &n), CPIO_ERR_TRUNCATED);
	assert_int_equal(n, 1);
	assert_int_equal(iterate(a.b, menu_data + 10, &n), CPIO_ERR_TRUNCATED);
	assert_int_equal(n, 1);
	assert_int_equal(cpio_find(a.b, menu_data + 10, "menu.lst", &f), CPIO_ERR_TRUNCATED);
	assert_int_equal(cpio_find(a.b, menu_data + sizeof(menu) - 1, "menu.lst", &f), SYS_ERR_OK);
	/* A huge filesize or namesize. */
	make_archive(&a);
	memcpy(a.b + 6 + 8 * 6, "FFFFFFFF", 8);
	assert_int_equal(cpio_find(a.b, a.len, "menu.lst", &f), CPIO_ERR_TRUNCATED);
	make_archive(&a);
	memcpy(a.b + 6 + 8 * 11, "FFFFFFFF", 8);
	assert_int_equal(cpio_find(a.b, a.len, "menu.lst", &f), CPIO_ERR_TRUNCATED);
	make_archive(&a);
	memcpy(a.b + 6 + 8 * 11, "FFFFFFF0", 8);
	assert_int_equal(cpio_find(a.b, a.len, "menu.lst", &f), CPIO_ERR_TRUNCATED);
}

/* Every prefix of the archive: an error, never a read past the end. */
static void test_truncated_everywhere(void **state)
{
	struct archive a;
	size_t trailer_end;
	unsigned n, total;

	(void)state;
	make_archive(&a);
	assert_int_equal(iterate(a.b, a.len, &total), CPIO_ERR_END);
	assert_int_equal(total, 5);
	for (trailer_end = 0; memcmp(a.b + trailer_end, "TRAILER!!!", 10); trailer_end++)
		;
	trailer_end += 11; /* its name and NUL: all the trailer needs */
	for (size_t len = 0; len <= a.len; len++) {
		uint8_t *p = exact_copy(a.b, len);
		struct cpio_file f;
		errval_t err = iterate(p, len, &n);

		if (len < trailer_end) {
			assert_int_equal(err, CPIO_ERR_TRUNCATED);
			assert_true(n <= total);
		} else {
			assert_int_equal(err, CPIO_ERR_END);
			assert_int_equal(n, total);
		}
		err = cpio_find(p, len, "sbin/init", &f);
		if (err_is_ok(err))
			assert_memory_equal(f.data, init_elf, sizeof(init_elf) - 1);
		else
			assert_int_equal(err, CPIO_ERR_TRUNCATED);
		free(p);
	}
}

static void test_missing_trailer(void **state)
{
	struct archive a = { 0 };
	struct cpio_file f;
	unsigned n;

	(void)state;
	add(&a, "menu.lst", MODE_FILE, menu, sizeof(menu) - 1);
	add(&a, "sbin/init", MODE_FILE, init_elf, sizeof(init_elf) - 1);
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_TRUNCATED);
	assert_int_equal(n, 2);
	assert_int_equal(cpio_find(a.b, a.len, "sbin/init", &f), SYS_ERR_OK);
	assert_int_equal(cpio_find(a.b, a.len, "sbin/hello", &f), CPIO_ERR_TRUNCATED);
	/* Zero padding where the trailer should be is not a header. */
	memset(a.b + a.len, 0, 512);
	assert_int_equal(cpio_find(a.b, a.len + 512, "sbin/hello", &f), CPIO_ERR_MAGIC);
}

static void test_bad_name(void **state)
{
	struct archive a = { 0 };
	struct cpio_file f;
	unsigned n;

	(void)state;
	/* namesize one short: the name's last byte is not NUL. */
	add_raw(&a, "menu.lst", 8, MODE_FILE, menu, sizeof(menu) - 1, sizeof(menu) - 1);
	add_trailer(&a);
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_NAME);
	assert_int_equal(cpio_find(a.b, a.len, "menu.lst", &f), CPIO_ERR_NAME);
	/* namesize 0. */
	memset(&a, 0, sizeof(a));
	add_raw(&a, "", 0, MODE_FILE, "", 0, 0);
	add_trailer(&a);
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_NAME);
	/* A NUL inside the name. */
	memset(&a, 0, sizeof(a));
	add(&a, "menu.lst", MODE_FILE, menu, sizeof(menu) - 1);
	add_trailer(&a);
	a.b[HEADER_SIZE + 4] = 0;
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_NAME);
	/* The trailer's own name must be terminated too. */
	memset(&a, 0, sizeof(a));
	add(&a, "x", MODE_FILE, "", 0);
	add_raw(&a, "TRAILER!!!", 10, 0, "", 0, 0);
	assert_int_equal(iterate(a.b, a.len, &n), CPIO_ERR_NAME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_stored_prefixes),
		cmocka_unit_test(test_iterate),
		cmocka_unit_test(test_empty_archive),
		cmocka_unit_test(test_lower_case_hex),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_hex),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_missing_trailer),
		cmocka_unit_test(test_bad_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
