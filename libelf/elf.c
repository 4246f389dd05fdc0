/*
 * ELF32 validation and loading (docs/elf.md).  The image is untrusted: every
 * header is copied out before it is read (memcpy: the image may be
 * unaligned), and every offset and size is checked in 64-bit arithmetic
 * before it is used.  The
 * same source builds for the kernel (no libc), user space and host tests.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elf.h>
#include <errors.h>
#include <memlayout.h>

_Static_assert(sizeof(Elf32_Ehdr) == 52, "ELF32 header layout");
_Static_assert(sizeof(Elf32_Phdr) == 32, "ELF32 program header layout");
_Static_assert(sizeof(Elf32_Shdr) == 40, "ELF32 section header layout");

/* A page-rounded range of virtual memory, in 64 bits so that it cannot wrap. */
struct page_range {
	uint64_t base, end;
};

/* The library's (or the kernel's) block copy, which copies a word at a time when it can. */
static void copy_bytes(void *dst, const void *src, size_t n)
{
	__builtin_memcpy(dst, src, n);
}

/* Is [off, off + len) inside an image of size bytes? */
static bool in_image(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static void read_phdr(const void *base, const Elf32_Ehdr *eh, unsigned i, Elf32_Phdr *ph)
{
	copy_bytes(ph, (const uint8_t *)base + eh->e_phoff + i * sizeof(*ph), sizeof(*ph));
}

static void read_shdr(const void *base, const Elf32_Ehdr *eh, unsigned i, Elf32_Shdr *sh)
{
	copy_bytes(sh, (const uint8_t *)base + eh->e_shoff + i * sizeof(*sh), sizeof(*sh));
}

static bool is_loaded(const Elf32_Phdr *ph)
{
	return ph->p_type == PT_LOAD && ph->p_memsz != 0;
}

static struct page_range segment_pages(const Elf32_Phdr *ph)
{
	uint64_t end = (uint64_t)ph->p_vaddr + ph->p_memsz;

	return (struct page_range){ .base = ph->p_vaddr & ~(uint64_t)(PAGE_SIZE - 1),
				    .end = (end + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1) };
}

/* The checks every use of the image needs: identification and header size. */
static errval_t read_ehdr(const void *base, size_t size, Elf32_Ehdr *eh)
{
	static const uint8_t magic[4] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3 };
	const uint8_t *p = base;

	for (size_t i = 0; i < sizeof(magic) && i < size; i++)
		if (p[i] != magic[i])
			return ELF_ERR_NOT_ELF;
	if (size < sizeof(*eh))
		return ELF_ERR_TRUNCATED;
	copy_bytes(eh, base, sizeof(*eh));
	if (eh->e_ident[EI_CLASS] != ELFCLASS32)
		return ELF_ERR_CLASS;
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return ELF_ERR_DATA;
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return ELF_ERR_VERSION;
	if (eh->e_ehsize != sizeof(Elf32_Ehdr))
		return ELF_ERR_HEADER_SIZE;
	return SYS_ERR_OK;
}

static errval_t check_phdr_table(const Elf32_Ehdr *eh, size_t size)
{
	if (eh->e_phnum == 0)
		return ELF_ERR_NO_SEGMENTS;
	if (eh->e_phentsize != sizeof(Elf32_Phdr))
		return ELF_ERR_HEADER_SIZE;
	if (!in_image(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr), size))
		return ELF_ERR_PHDR_BOUNDS;
	if (eh->e_phnum > ELF_MAX_PHNUM)
		return ELF_ERR_PHDR_COUNT;
	return SYS_ERR_OK;
}

/*
 * The section header table and its name string table, which must be a
 * SHT_STRTAB inside the file ending in NUL, so that every sh_name (checked
 * to lie inside it) is a terminated string.  No sections at all is fine.
 */
static errval_t check_sections(const void *base, size_t size, const Elf32_Ehdr *eh)
{
	Elf32_Shdr strtab, sh;
	const uint8_t *p = base;

	if (eh->e_shnum == 0)
		return eh->e_shstrndx == SHN_UNDEF ? SYS_ERR_OK : ELF_ERR_STRTAB;
	if (eh->e_shentsize != sizeof(Elf32_Shdr))
		return ELF_ERR_HEADER_SIZE;
	if (!in_image(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr), size))
		return ELF_ERR_SHDR_BOUNDS;
	if (eh->e_shstrndx == SHN_UNDEF)
		return SYS_ERR_OK;
	if (eh->e_shstrndx >= eh->e_shnum)
		return ELF_ERR_STRTAB;
	read_shdr(base, eh, eh->e_shstrndx, &strtab);
	if (strtab.sh_type != SHT_STRTAB || strtab.sh_size == 0 ||
	    !in_image(strtab.sh_offset, strtab.sh_size, size) ||
	    p[strtab.sh_offset + strtab.sh_size - 1] != 0)
		return ELF_ERR_STRTAB;
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		read_shdr(base, eh, i, &sh);
		if (sh.sh_name >= strtab.sh_size)
			return ELF_ERR_STRTAB;
	}
	return SYS_ERR_OK;
}

/* One program header; only PT_LOAD ones are checked beyond their file bytes. */
static errval_t check_segment(const Elf32_Phdr *ph, size_t size)
{
	uint64_t end = (uint64_t)ph->p_vaddr + ph->p_memsz;

	if (!in_image(ph->p_offset, ph->p_filesz, size))
		return ELF_ERR_SEGMENT_BOUNDS;
	if (ph->p_type != PT_LOAD)
		return SYS_ERR_OK;
	if (ph->p_filesz > ph->p_memsz)
		return ELF_ERR_FILESZ_GT_MEMSZ;
	if (end > UINT32_MAX + (uint64_t)1)
		return ELF_ERR_SEGMENT_WRAPS;
	if (ph->p_vaddr >= USER_SPACE_TOP || end > USER_SPACE_TOP)
		return ELF_ERR_SEGMENT_KERNEL;
	if (ph->p_align > 1 && (ph->p_align & (ph->p_align - 1)) != 0)
		return ELF_ERR_ALIGNMENT;
	if (ph->p_align > 1 && ((ph->p_vaddr - ph->p_offset) & (ph->p_align - 1)) != 0)
		return ELF_ERR_ALIGNMENT;
	return SYS_ERR_OK;
}

/*
 * Loaded segments may not share a page: each is allocated separately, so a
 * shared page would be allocated (and mapped) twice.
 */
static errval_t check_overlap(const void *base, const Elf32_Ehdr *eh)
{
	Elf32_Phdr a, b;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		read_phdr(base, eh, i, &a);
		if (!is_loaded(&a))
			continue;
		struct page_range ra = segment_pages(&a);
		for (unsigned j = i + 1; j < eh->e_phnum; j++) {
			read_phdr(base, eh, j, &b);
			if (!is_loaded(&b))
				continue;
			struct page_range rb = segment_pages(&b);
			if (ra.base < rb.end && rb.base < ra.end)
				return ELF_ERR_SEGMENT_OVERLAP;
		}
	}
	return SYS_ERR_OK;
}

/* The entry must lie in an executable loaded segment; bit 0 marks Thumb code. */
static bool entry_is_executable(const void *base, const Elf32_Ehdr *eh)
{
	uint32_t entry = eh->e_entry & ~(uint32_t)1;
	Elf32_Phdr ph;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		read_phdr(base, eh, i, &ph);
		if (is_loaded(&ph) && (ph.p_flags & PF_X) && entry >= ph.p_vaddr &&
		    entry - ph.p_vaddr < ph.p_memsz)
			return true;
	}
	return false;
}

static errval_t check_segments(const void *base, size_t size, const Elf32_Ehdr *eh)
{
	unsigned loaded = 0;
	Elf32_Phdr ph;
	errval_t err;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		read_phdr(base, eh, i, &ph);
		err = check_segment(&ph, size);
		if (err_is_fail(err))
			return err;
		loaded += is_loaded(&ph);
	}
	if (loaded == 0)
		return ELF_ERR_NO_SEGMENTS;
	err = check_overlap(base, eh);
	if (err_is_fail(err))
		return err;
	return entry_is_executable(base, eh) ? SYS_ERR_OK : ELF_ERR_ENTRY;
}

errval_t elf_validate(uint16_t em_machine, const void *base, size_t size)
{
	Elf32_Ehdr eh;
	errval_t err;

	err = read_ehdr(base, size, &eh);
	if (err_is_fail(err))
		return err;
	if (eh.e_type != ET_EXEC)
		return ELF_ERR_TYPE;
	if (eh.e_machine != em_machine)
		return ELF_ERR_MACHINE;
	err = check_phdr_table(&eh, size);
	if (err_is_fail(err))
		return err;
	err = check_sections(base, size, &eh);
	if (err_is_fail(err))
		return err;
	return check_segments(base, size, &eh);
}

errval_t elf_stack_size(uint16_t em_machine, const void *base, size_t size, uint32_t *bytes)
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	errval_t err;

	*bytes = 0;
	if ((err = read_ehdr(base, size, &eh)))
		return err;
	if (eh.e_machine != em_machine)
		return ELF_ERR_MACHINE;
	if ((err = check_phdr_table(&eh, size)))
		return err;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		read_phdr(base, &eh, i, &ph);
		if (ph.p_type == PT_GNU_STACK)
			*bytes = ph.p_memsz;
	}
	return SYS_ERR_OK;
}

static errval_t load_segment(elf_allocator_fn allocate_func, void *state, const void *base,
			     const Elf32_Phdr *ph)
{
	struct page_range r = segment_pages(ph);
	void *mem = NULL;
	uint8_t *dst;
	errval_t err;

	err = allocate_func(state, (uint32_t)r.base, (size_t)(r.end - r.base), ph->p_flags, &mem);
	if (err_is_fail(err))
		return err;
	dst = (uint8_t *)mem + (ph->p_vaddr - (uint32_t)r.base);
	/* The bulk of loading, with the C library's (or the kernel's) block copy.  The rest up
	 * to p_memsz (bss) is zero already: the allocator hands out zeroed pages. */
	__builtin_memcpy(dst, (const uint8_t *)base + ph->p_offset, ph->p_filesz);
	return SYS_ERR_OK;
}

/*
 * Can ph's pages be mapped straight from the image?  Read-only, nothing to
 * zero (p_memsz == p_filesz), and its file bytes at the same place in
 * their page as in memory.  Its page-rounded file range then ends within
 * the image rounded up to a page (validation put its bytes inside).
 */
static bool is_shareable(const Elf32_Phdr *ph)
{
	return !(ph->p_flags & PF_W) && ph->p_memsz == ph->p_filesz &&
	       (ph->p_offset & (PAGE_SIZE - 1)) == (ph->p_vaddr & (PAGE_SIZE - 1));
}

errval_t elf_load(uint16_t em_machine, elf_allocator_fn allocate_func, void *state,
		  const void *base, size_t size, uint32_t *entry)
{
	return elf_load_sharing(em_machine, allocate_func, NULL, state, base, size, entry);
}

errval_t elf_load_sharing(uint16_t em_machine, elf_allocator_fn allocate_func,
			  elf_share_fn share_func, void *state, const void *base, size_t size,
			  uint32_t *entry)
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	errval_t err;

	err = elf_validate(em_machine, base, size);
	if (err_is_fail(err))
		return err;
	copy_bytes(&eh, base, sizeof(eh));
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		read_phdr(base, &eh, i, &ph);
		if (!is_loaded(&ph))
			continue;
		if (share_func && is_shareable(&ph)) {
			struct page_range r = segment_pages(&ph);

			err = share_func(state, (uint32_t)r.base, (size_t)(r.end - r.base),
					 ph.p_flags, ph.p_offset & ~(uint32_t)(PAGE_SIZE - 1));
		} else {
			err = load_segment(allocate_func, state, base, &ph);
		}
		if (err_is_fail(err))
			return err;
	}
	if (entry)
		*entry = eh.e_entry;
	return SYS_ERR_OK;
}

/* Does the NUL-terminated string at strtab[off] (inside len bytes) equal name? */
static bool name_equal(const char *strtab, uint32_t len, uint32_t off, const char *name)
{
	for (; off < len; off++, name++) {
		if (strtab[off] != *name)
			return false;
		if (*name == 0)
			return true;
	}
	return false;
}

/* Find a section by name; *index gets its number in the section table. */
static errval_t find_section(const void *base, size_t size, const char *name, Elf32_Shdr *sh,
			     unsigned *index)
{
	Elf32_Shdr strtab;
	Elf32_Ehdr eh;
	errval_t err;

	err = read_ehdr(base, size, &eh);
	if (err_is_fail(err))
		return err;
	err = check_sections(base, size, &eh);
	if (err_is_fail(err))
		return err;
	if (eh.e_shstrndx == SHN_UNDEF)
		return ELF_ERR_SECTION_NOT_FOUND;
	read_shdr(base, &eh, eh.e_shstrndx, &strtab);
	/* Section 0 is the reserved null entry. */
	for (unsigned i = 1; i < eh.e_shnum; i++) {
		read_shdr(base, &eh, i, sh);
		if (name_equal((const char *)base + strtab.sh_offset, strtab.sh_size, sh->sh_name,
			       name)) {
			*index = i;
			return SYS_ERR_OK;
		}
	}
	return ELF_ERR_SECTION_NOT_FOUND;
}

const Elf32_Shdr *elf32_find_section_header_name(const void *base, size_t size, const char *name)
{
	const uint8_t *p;
	Elf32_Shdr sh;
	Elf32_Ehdr eh;
	unsigned i;

	if (err_is_fail(find_section(base, size, name, &sh, &i)))
		return NULL;
	copy_bytes(&eh, base, sizeof(eh));
	p = (const uint8_t *)base + eh.e_shoff + i * sizeof(Elf32_Shdr);
	/* The caller dereferences the result, so it must be properly aligned. */
	if ((uintptr_t)p % _Alignof(Elf32_Shdr) != 0)
		return NULL;
	return (const Elf32_Shdr *)p;
}

errval_t elf32_find_section(const void *base, size_t size, const char *name, uint32_t *vaddr,
			    uint32_t *bytes)
{
	Elf32_Shdr sh;
	unsigned i;
	errval_t err;

	err = find_section(base, size, name, &sh, &i);
	if (err_is_fail(err))
		return err;
	if (vaddr)
		*vaddr = sh.sh_addr;
	if (bytes)
		*bytes = sh.sh_size;
	return SYS_ERR_OK;
}
