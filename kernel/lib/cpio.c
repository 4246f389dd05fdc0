/*
 * A reader for cpio "newc" archives (kernel/include/cpio.h).  Every field
 * is checked before use and nothing outside [archive, archive + size) is
 * read, even when the archive is truncated or corrupt.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cpio.h>
#include <errors.h>

#define CPIO_MAGIC	 "070701"
#define CPIO_MAGIC_LEN	 6
#define CPIO_FIELD_LEN	 8
#define CPIO_FIELDS	 13
#define CPIO_HEADER_SIZE (CPIO_MAGIC_LEN + CPIO_FIELDS * CPIO_FIELD_LEN) /* 110 */
#define CPIO_TRAILER	 "TRAILER!!!"

/* Header fields, in order after the magic. */
enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
};

static bool parse_hex(const char *p, uint32_t *value)
{
	uint32_t v = 0;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		char c = p[i];
		uint32_t digit;

		if (c >= '0' && c <= '9')
			digit = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			digit = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			digit = (uint32_t)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | digit;
	}
	*value = v;
	return true;
}

static uint64_t align4(uint64_t x)
{
	return (x + 3) & ~(uint64_t)3;
}

static bool str_equal(const char *a, const char *b)
{
	for (; *a == *b; a++, b++)
		if (*a == 0)
			return true;
	return false;
}

/* Is the name exactly namesize - 1 characters and a NUL? */
static bool name_terminated(const char *name, uint32_t namesize)
{
	if (namesize == 0 || name[namesize - 1] != 0)
		return false;
	for (uint32_t i = 0; i < namesize - 1; i++)
		if (name[i] == 0)
			return false;
	return true;
}

errval_t cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_file *file)
{
	uint32_t field[CPIO_FIELDS];
	size_t off = *offset;
	uint64_t data, next;
	const char *hdr;

	if (off > size || size - off < CPIO_HEADER_SIZE)
		return CPIO_ERR_TRUNCATED;
	hdr = (const char *)archive + off;
	for (int i = 0; i < CPIO_MAGIC_LEN; i++)
		if (hdr[i] != CPIO_MAGIC[i])
			return CPIO_ERR_MAGIC;
	for (int i = 0; i < CPIO_FIELDS; i++)
		if (!parse_hex(hdr + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN, &field[i]))
			return CPIO_ERR_HEADER;
	if (field[F_NAMESIZE] > size - off - CPIO_HEADER_SIZE)
		return CPIO_ERR_TRUNCATED;
	if (!name_terminated(hdr + CPIO_HEADER_SIZE, field[F_NAMESIZE]))
		return CPIO_ERR_NAME;
	if (str_equal(hdr + CPIO_HEADER_SIZE, CPIO_TRAILER))
		return CPIO_ERR_END;
	data = align4((uint64_t)off + CPIO_HEADER_SIZE + field[F_NAMESIZE]);
	if (data > size || field[F_FILESIZE] > size - data)
		return CPIO_ERR_TRUNCATED;
	file->name = hdr + CPIO_HEADER_SIZE;
	file->data = (const char *)archive + data;
	file->size = field[F_FILESIZE];
	file->mode = field[F_MODE];
	/* Past a last entry's padding, the next call reports the truncation. */
	next = align4(data + field[F_FILESIZE]);
	*offset = next > size ? size : (size_t)next;
	return SYS_ERR_OK;
}

/* The name without leading "/" and "./" components. */
static const char *strip_root(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			return name;
	}
}

errval_t cpio_find(const void *archive, size_t size, const char *name, struct cpio_file *file)
{
	const char *want = strip_root(name);
	struct cpio_file f;
	size_t offset = 0;
	errval_t err;

	while ((err = cpio_next(archive, size, &offset, &f)) == SYS_ERR_OK) {
		if ((f.mode & CPIO_MODE_TYPE) == CPIO_MODE_REGULAR &&
		    str_equal(strip_root(f.name), want)) {
			*file = f;
			return SYS_ERR_OK;
		}
	}
	return err == CPIO_ERR_END ? CPIO_ERR_NOT_FOUND : err;
}
