/*
 * libFuzzer target for libelf (docs/elf.md says how to build and run it):
 * any input must be rejected or loaded without a read or write out of bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <elf.h>

#define SCRATCH_SIZE (1u << 20)

static uint8_t scratch[SCRATCH_SIZE];

/* Hands out the scratch buffer; segments that do not fit are refused. */
static errval_t scratch_alloc(void *state, uint32_t base, size_t size, uint32_t flags, void **ret)
{
	(void)state;
	(void)flags;
	if (base % 4096 != 0 || size % 4096 != 0 || (uint64_t)base + size > 0x80000000u)
		abort(); /* the loader broke its promise */
	if (size > SCRATCH_SIZE)
		return SYS_ERR_RETYPE_INVALID_SIZE;
	*ret = scratch;
	return SYS_ERR_OK;
}

/* The file bytes a shared segment maps must lie in the image rounded up to a page. */
static size_t image_size;

static errval_t scratch_share(void *state, uint32_t base, size_t size, uint32_t flags,
			      uint32_t offset)
{
	size_t pages = (image_size + 4095) & ~(size_t)4095;

	(void)state;
	(void)flags;
	if (base % 4096 != 0 || size % 4096 != 0 || offset % 4096 != 0 ||
	    (uint64_t)base + size > 0x80000000u || offset > pages || size > pages - offset)
		abort(); /* the loader broke its promise */
	return SYS_ERR_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so that ASan sees any over-read. */
	uint8_t *image = malloc(size ? size : 1);
	uint32_t entry, vaddr, bytes;
	errval_t valid, loaded;

	if (!image)
		return 0;
	memcpy(image, data, size);
	valid = elf_validate(EM_ARM, image, size);
	loaded = elf_load(EM_ARM, scratch_alloc, NULL, image, size, &entry);
	if (err_is_fail(valid) && loaded != valid)
		abort(); /* elf_load must reject what elf_validate rejects, the same way */
	image_size = size;
	if (elf_load_sharing(EM_ARM, scratch_alloc, scratch_share, NULL, image, size, &entry) !=
	    loaded)
		abort(); /* sharing changes where segments come from, never the verdict */
	(void)elf32_find_section_header_name(image, size, ".got");
	(void)elf_stack_size(EM_ARM, image, size, &bytes);
	(void)elf32_find_section(image, size, ".text", &vaddr, &bytes);
	free(image);
	return 0;
}
