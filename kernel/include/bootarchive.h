/* The boot archive (cpio newc) embedded in the kernel image by the build. */
#ifndef BOOTARCHIVE_H
#define BOOTARCHIVE_H

#include <stdint.h>

extern const char boot_archive_start[], boot_archive_end[];

static inline uint32_t boot_archive_size(void)
{
	return (uint32_t)(boot_archive_end - boot_archive_start);
}

#endif
