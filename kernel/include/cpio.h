/*
 * A reader for cpio "newc" archives (the boot archive): magic "070701", a
 * 110-byte header of 13 eight-digit hex fields, the name (header + name
 * padded to 4 bytes), the data (padded to 4), and a last entry "TRAILER!!!".
 * The archive is untrusted: nothing outside [archive, archive + size) is read.
 */
#ifndef CPIO_H
#define CPIO_H

#include <stddef.h>
#include <stdint.h>

#include <errors.h>

#define CPIO_MODE_TYPE	  0170000 /* file type bits of struct cpio_file.mode */
#define CPIO_MODE_REGULAR 0100000
#define CPIO_MODE_DIR	  0040000

struct cpio_file {
	const char *name; /* as stored, NUL-terminated, inside the archive */
	const void *data; /* inside the archive; 4-byte aligned if the archive is */
	uint32_t size;
	uint32_t mode; /* type and permission bits, e.g. CPIO_MODE_REGULAR | 0644 */
};

/*
 * The entry at *offset (0 for the first) into *file, and *offset moved to
 * the next one.  At the trailer it returns CPIO_ERR_END and leaves *offset
 * and *file alone; any other error means the archive is damaged.
 */
errval_t cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_file *file);

/*
 * The first regular file called name.  A leading "/" or "./" on either name
 * is ignored, so "/sbin/init" finds "sbin/init" or "./sbin/init".  Returns
 * CPIO_ERR_NOT_FOUND when the archive ends without it.
 */
errval_t cpio_find(const void *archive, size_t size, const char *name, struct cpio_file *file);

#endif
