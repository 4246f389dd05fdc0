/*
 * Host tests of libelf (libelf/elf.c).  Each test builds a small valid ARM
 * executable in memory, then mutates it: one test per rejection, and
 * truncation at every length.  Images under test are copied into buffers of
 * exactly their size, so that AddressSanitizer catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <elf.h>

/* The valid image: file layout and virtual addresses. */
#define TEXT_OFF     0x100u
#define TEXT_VADDR   0x00400100u
#define TEXT_SIZE    0x80u
#define EXIDX_OFF    0x170u /* a PT_ARM_EXIDX segment inside the text */
#define EXIDX_SIZE   0x10u
#define DATA_OFF     0x200u
#define DATA_VADDR   0x00401200u
#define DATA_FILESZ  0x40u
#define DATA_MEMSZ   0x1000u
#define GOT_OFF	     0x230u
#define GOT_VADDR    0x00401230u
#define GOT_SIZE     0x10u
#define SHSTRTAB_OFF 0x240u
#define SHDR_OFF     0x280u
#define ENTRY	     (TEXT_VADDR + 0x10u)

enum { PH_TEXT, PH_DATA, PH_EXIDX, NUM_PH };
enum { SH_NULL, SH_TEXT, SH_DATA, SH_GOT, SH_BSS, SH_SHSTRTAB, NUM_SH };

static const char shstrtab[] = "\0.text\0.data\0.got\0.bss\0.shstrtab";
#define NAME_TEXT     1
#define NAME_DATA     7
#define NAME_GOT      13
#define NAME_BSS      18
#define NAME_SHSTRTAB 23

#define IMAGE_SIZE (SHDR_OFF + NUM_SH * sizeof(Elf32_Shdr))

struct image {
	_Alignas(8) uint8_t b[IMAGE_SIZE];
};

#define EH(img)	   ((Elf32_Ehdr *)(img)->b)
#define PH(img, i) ((Elf32_Phdr *)((img)->b + sizeof(Elf32_Ehdr)) + (i))
#define SH(img, i) ((Elf32_Shdr *)((img)->b + SHDR_OFF) + (i))

static void set_phdr(Elf32_Phdr *ph, uint32_t type, uint32_t offset, uint32_t vaddr,
		     uint32_t filesz, uint32_t memsz, uint32_t flags, uint32_t align)
{
	*ph = (Elf32_Phdr){ .p_type = type,
			    .p_offset = offset,
			    .p_vaddr = vaddr,
			    .p_paddr = vaddr,
			    .p_filesz = filesz,
			    .p_memsz = memsz,
			    .p_flags = flags,
			    .p_align = align };
}

static void set_shdr(Elf32_Shdr *sh, uint32_t name, uint32_t type, uint32_t flags, uint32_t addr,
		     uint32_t offset, uint32_t size)
{
	*sh = (Elf32_Shdr){ .sh_name = name,
			    .sh_type = type,
			    .sh_flags = flags,
			    .sh_addr = addr,
			    .sh_offset = offset,
			    .sh_size = size,
			    .sh_addralign = 4 };
}

/* A valid ARM executable: text (R+X), data (RW, with .got and .bss), sections. */
static void make_image(struct image *img)
{
	Elf32_Ehdr *eh = EH(img);

	memset(img, 0, sizeof(*img));
	memcpy(eh->e_ident, "\177ELF", 4);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_ARM;
	eh->e_version = EV_CURRENT;
	eh->e_entry = ENTRY;
	eh->e_phoff = sizeof(Elf32_Ehdr);
	eh->e_shoff = SHDR_OFF;
	eh->e_flags = 0x05000200; /* EABI5, soft float */
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = NUM_PH;
	eh->e_shentsize = sizeof(Elf32_Shdr);
	eh->e_shnum = NUM_SH;
	eh->e_shstrndx = SH_SHSTRTAB;

	set_phdr(PH(img, PH_TEXT), PT_LOAD, TEXT_OFF, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X,
		 0x1000);
	set_phdr(PH(img, PH_DATA), PT_LOAD, DATA_OFF, DATA_VADDR, DATA_FILESZ, DATA_MEMSZ,
		 PF_R | PF_W, 0x1000);
	set_phdr(PH(img, PH_EXIDX), PT_ARM_EXIDX, EXIDX_OFF, TEXT_VADDR + EXIDX_OFF - TEXT_OFF,
		 EXIDX_SIZE, EXIDX_SIZE, PF_R, 4);

	for (unsigned i = 0; i < TEXT_SIZE; i++)
		img->b[TEXT_OFF + i] = (uint8_t)(0x10 + i);
	for (unsigned i = 0; i < DATA_FILESZ; i++)
		img->b[DATA_OFF + i] = (uint8_t)(0xc0 + i);
	memcpy(img->b + SHSTRTAB_OFF, shstrtab, sizeof(shstrtab));

	set_shdr(SH(img, SH_TEXT), NAME_TEXT, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, TEXT_VADDR,
		 TEXT_OFF, TEXT_SIZE);
	set_shdr(SH(img, SH_DATA), NAME_DATA, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, DATA_VADDR,
		 DATA_OFF, GOT_OFF - DATA_OFF);
	set_shdr(SH(img, SH_GOT), NAME_GOT, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, GOT_VADDR, GOT_OFF,
		 GOT_SIZE);
	set_shdr(SH(img, SH_BSS), NAME_BSS, SHT_NOBITS, SHF_ALLOC | SHF_WRITE,
		 DATA_VADDR + DATA_FILESZ, DATA_OFF + DATA_FILESZ, DATA_MEMSZ - DATA_FILESZ);
	set_shdr(SH(img, SH_SHSTRTAB), NAME_SHSTRTAB, SHT_STRTAB, 0, 0, SHSTRTAB_OFF,
		 sizeof(shstrtab));
}

/* The allocator: records its calls and hands out exactly-sized buffers. */
#define MAX_ALLOCS 32 /* more PT_LOADs than fit in the image */

struct alloc_log {
	unsigned calls;
	unsigned fail_at; /* return fail_err on this call (1-based); 0: never */
	errval_t fail_err;
	size_t max_size; /* refuse bigger segments with fail_err; 0: no limit */
	struct {
		uint32_t base;
		size_t size;
		uint32_t flags;
		uint8_t *mem;
	} a[MAX_ALLOCS];
};

static errval_t test_alloc(void *state, uint32_t base, size_t size, uint32_t flags, void **ret)
{
	struct alloc_log *log = state;
	unsigned n = log->calls++;

	if (log->calls == log->fail_at || (log->max_size && size > log->max_size))
		return log->fail_err;
	assert_true(n < MAX_ALLOCS);
	assert_int_equal(base % 4096, 0);
	assert_int_equal(size % 4096, 0);
	assert_true(size > 0);
	assert_true((uint64_t)base + size <= 0x80000000u);
	log->a[n].base = base;
	log->a[n].size = size;
	log->a[n].flags = flags;
	log->a[n].mem = calloc(1, size); /* zeroed, as elf_allocator_fn promises */
	assert_non_null(log->a[n].mem);
	*ret = log->a[n].mem;
	return SYS_ERR_OK;
}

static void free_log(struct alloc_log *log)
{
	for (unsigned i = 0; i < log->calls && i < MAX_ALLOCS; i++)
		free(log->a[i].mem);
}

/* A copy of the first len bytes in a buffer of exactly that size. */
static uint8_t *exact_copy(const void *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, src, len);
	return p;
}

/* elf_validate and elf_load both reject with err, and nothing is allocated. */
static void expect_reject_len(const struct image *img, size_t len, errval_t err)
{
	uint8_t *copy = exact_copy(img->b, len);
	struct alloc_log log = { 0 };
	uint32_t entry = 0x12345678;

	assert_int_equal(elf_validate(EM_ARM, copy, len), err);
	assert_int_equal(elf_load(EM_ARM, test_alloc, &log, copy, len, &entry), err);
	assert_int_equal(log.calls, 0);
	assert_int_equal(entry, 0x12345678);
	free(copy);
}

static void expect_reject(const struct image *img, errval_t err)
{
	expect_reject_len(img, IMAGE_SIZE, err);
}

static void expect_valid(const struct image *img)
{
	uint8_t *copy = exact_copy(img->b, IMAGE_SIZE);
	struct alloc_log log = { 0 };
	uint32_t entry = 0;

	assert_int_equal(elf_validate(EM_ARM, copy, IMAGE_SIZE), SYS_ERR_OK);
	assert_int_equal(elf_load(EM_ARM, test_alloc, &log, copy, IMAGE_SIZE, &entry), SYS_ERR_OK);
	assert_int_equal(entry, EH(img)->e_entry);
	free_log(&log);
	free(copy);
}

/* --- the valid image ------------------------------------------------------ */

static void test_load_valid(void **state)
{
	struct image img;
	struct alloc_log log = { 0 };
	uint32_t entry = 0;
	uint8_t *copy;

	(void)state;
	make_image(&img);
	copy = exact_copy(img.b, IMAGE_SIZE);
	assert_int_equal(elf_validate(EM_ARM, copy, IMAGE_SIZE), SYS_ERR_OK);
	assert_int_equal(elf_load(EM_ARM, test_alloc, &log, copy, IMAGE_SIZE, &entry), SYS_ERR_OK);
	assert_int_equal(entry, ENTRY);
	assert_int_equal(log.calls, 2);

	/* Text: one page, R+X, file bytes copied, nothing else written (the page came zeroed). */
	assert_int_equal(log.a[0].base, 0x00400000);
	assert_int_equal(log.a[0].size, 0x1000);
	assert_int_equal(log.a[0].flags, PF_R | PF_X);
	assert_memory_equal(log.a[0].mem + 0x100, img.b + TEXT_OFF, TEXT_SIZE);
	for (unsigned i = 0; i < 0x1000; i++)
		if (i < 0x100 || i >= 0x100 + TEXT_SIZE)
			assert_int_equal(log.a[0].mem[i], 0);

	/* Data: [0x401200, 0x402200) needs two pages; filesz copied, the rest left zero. */
	assert_int_equal(log.a[1].base, 0x00401000);
	assert_int_equal(log.a[1].size, 0x2000);
	assert_int_equal(log.a[1].flags, PF_R | PF_W);
	assert_memory_equal(log.a[1].mem + 0x200, img.b + DATA_OFF, DATA_FILESZ);
	for (unsigned i = 0; i < 0x2000; i++)
		if (i < 0x200 || i >= 0x200 + DATA_FILESZ)
			assert_int_equal(log.a[1].mem[i], 0);
	free_log(&log);
	free(copy);
}

static void test_find_section(void **state)
{
	const Elf32_Shdr *sh;
	struct image img;
	uint32_t vaddr = 0, bytes = 0;
	uint8_t *copy;

	(void)state;
	make_image(&img);
	copy = exact_copy(img.b, IMAGE_SIZE);
	sh = elf32_find_section_header_name(copy, IMAGE_SIZE, ".got");
	assert_ptr_equal(sh, copy + SHDR_OFF + SH_GOT * sizeof(Elf32_Shdr));
	assert_int_equal(sh->sh_addr, GOT_VADDR);
	assert_int_equal(sh->sh_size, GOT_SIZE);
	sh = elf32_find_section_header_name(copy, IMAGE_SIZE, ".shstrtab");
	assert_ptr_equal(sh, copy + SHDR_OFF + SH_SHSTRTAB * sizeof(Elf32_Shdr));
	assert_null(elf32_find_section_header_name(copy, IMAGE_SIZE, ".gotx"));
	assert_null(elf32_find_section_header_name(copy, IMAGE_SIZE, ".go"));
	assert_null(elf32_find_section_header_name(copy, IMAGE_SIZE, ".rodata"));
	assert_null(elf32_find_section_header_name(copy, IMAGE_SIZE, "")); /* not section 0 */

	assert_int_equal(elf32_find_section(copy, IMAGE_SIZE, ".got", &vaddr, &bytes), SYS_ERR_OK);
	assert_int_equal(vaddr, GOT_VADDR);
	assert_int_equal(bytes, GOT_SIZE);
	assert_int_equal(elf32_find_section(copy, IMAGE_SIZE, ".bss", &vaddr, &bytes), SYS_ERR_OK);
	assert_int_equal(vaddr, DATA_VADDR + DATA_FILESZ);
	assert_int_equal(elf32_find_section(copy, IMAGE_SIZE, ".rodata", &vaddr, &bytes),
			 ELF_ERR_SECTION_NOT_FOUND);
	free(copy);
}

/* An unaligned image loads (headers are copied bytewise), but no Shdr pointer is handed out. */
static void test_unaligned_image(void **state)
{
	struct image img;
	struct alloc_log log = { 0 };
	uint32_t entry = 0, vaddr = 0;
	uint8_t *buf;

	(void)state;
	make_image(&img);
	buf = malloc(IMAGE_SIZE + 1);
	assert_non_null(buf);
	memcpy(buf + 1, img.b, IMAGE_SIZE);
	assert_int_equal(elf_load(EM_ARM, test_alloc, &log, buf + 1, IMAGE_SIZE, &entry),
			 SYS_ERR_OK);
	assert_int_equal(entry, ENTRY);
	assert_int_equal(log.calls, 2);
	assert_null(elf32_find_section_header_name(buf + 1, IMAGE_SIZE, ".got"));
	assert_int_equal(elf32_find_section(buf + 1, IMAGE_SIZE, ".got", &vaddr, NULL), SYS_ERR_OK);
	assert_int_equal(vaddr, GOT_VADDR);
	free_log(&log);
	free(buf);
}

static void test_allocator_error_returned(void **state)
{
	struct image img;
	struct alloc_log log = { .fail_at = 2, .fail_err = SYS_ERR_SLOT_IN_USE };
	uint32_t entry = 0x12345678;

	(void)state;
	make_image(&img);
	assert_int_equal(elf_load(EM_ARM, test_alloc, &log, img.b, IMAGE_SIZE, &entry),
			 SYS_ERR_SLOT_IN_USE);
	assert_int_equal(log.calls, 2);
	assert_int_equal(entry, 0x12345678);
	free_log(&log);
}

/* elf_stack_size: PT_GNU_STACK's p_memsz, 0 without one, the header checks' errors. */
static void test_stack_size(void **state)
{
	struct image img;
	uint32_t bytes = 1;
	uint8_t *copy;

	(void)state;
	make_image(&img);
	copy = exact_copy(img.b, IMAGE_SIZE);
	assert_int_equal(elf_stack_size(EM_ARM, copy, IMAGE_SIZE, &bytes), SYS_ERR_OK);
	assert_int_equal(bytes, 0);
	free(copy);
	/* The PT_ARM_EXIDX header becomes a PT_GNU_STACK one: still a valid image. */
	set_phdr(PH(&img, PH_EXIDX), PT_GNU_STACK, 0, 0, 0, 0x12345, PF_R | PF_W, 16);
	copy = exact_copy(img.b, IMAGE_SIZE);
	assert_int_equal(elf_validate(EM_ARM, copy, IMAGE_SIZE), SYS_ERR_OK);
	assert_int_equal(elf_stack_size(EM_ARM, copy, IMAGE_SIZE, &bytes), SYS_ERR_OK);
	assert_int_equal(bytes, 0x12345);
	assert_int_equal(elf_stack_size(EM_ARM + 1, copy, IMAGE_SIZE, &bytes), ELF_ERR_MACHINE);
	assert_int_equal(bytes, 0);
	free(copy);
	/* Program headers past the end of the file: refused before one is read. */
	EH(&img)->e_phoff = IMAGE_SIZE - sizeof(Elf32_Phdr);
	copy = exact_copy(img.b, IMAGE_SIZE);
	assert_int_equal(elf_stack_size(EM_ARM, copy, IMAGE_SIZE, &bytes), ELF_ERR_PHDR_BOUNDS);
	free(copy);
	copy = exact_copy(img.b, 20);
	assert_int_equal(elf_stack_size(EM_ARM, copy, 20, &bytes), ELF_ERR_TRUNCATED);
	free(copy);
}

/* elf_load_sharing: what share_func was asked for. */
struct share_log {
	struct alloc_log alloc; /* first: test_alloc takes the same state */
	unsigned calls;
	errval_t fail_err; /* returned by every share call (SYS_ERR_OK: succeed) */
	uint32_t base, size, flags, offset;
};

static errval_t test_share(void *state, uint32_t base, size_t size, uint32_t flags, uint32_t offset)
{
	struct share_log *log = state;

	log->calls++;
	log->base = base;
	log->size = (uint32_t)size;
	log->flags = flags;
	log->offset = offset;
	return log->fail_err;
}

static errval_t load_sharing(const struct image *img, struct share_log *log, uint32_t *entry)
{
	return elf_load_sharing(EM_ARM, test_alloc, test_share, log, img->b, IMAGE_SIZE, entry);
}

/* The read-only text (file offset 0x100 at 0x400100: the same place in its page) is shared
 * from the image's first page; the writable data is copied as elf_load copies it. */
static void test_load_sharing(void **state)
{
	struct image img;
	struct share_log log = { 0 };
	uint32_t entry = 0;

	(void)state;
	make_image(&img);
	assert_int_equal(load_sharing(&img, &log, &entry), SYS_ERR_OK);
	assert_int_equal(entry, ENTRY);
	assert_int_equal(log.calls, 1);
	assert_int_equal(log.base, 0x00400000);
	assert_int_equal(log.size, 0x1000);
	assert_int_equal(log.flags, PF_R | PF_X);
	assert_int_equal(log.offset, 0);
	assert_int_equal(log.alloc.calls, 1);
	assert_int_equal(log.alloc.a[0].base, 0x00401000);
	assert_int_equal(log.alloc.a[0].flags, PF_R | PF_W);
	assert_memory_equal(log.alloc.a[0].mem + 0x200, img.b + DATA_OFF, DATA_FILESZ);
	free_log(&log.alloc);
}

/* A segment that cannot be mapped from the image as it lies (its file bytes at another place
 * in their page, bytes to zero, or writable) is copied; a share error stops the load. */
static void test_load_sharing_falls_back_and_fails(void **state)
{
	struct image img;
	struct share_log log = { 0 };
	uint32_t entry = 0;

	(void)state;
	make_image(&img);
	PH(&img, PH_TEXT)->p_vaddr = TEXT_VADDR + 4; /* no longer congruent (p_align 4 allows it) */
	PH(&img, PH_TEXT)->p_align = 4;
	EH(&img)->e_entry = ENTRY + 4;
	assert_int_equal(load_sharing(&img, &log, &entry), SYS_ERR_OK);
	assert_int_equal(log.calls, 0);
	assert_int_equal(log.alloc.calls, 2);
	free_log(&log.alloc);

	make_image(&img);
	PH(&img, PH_TEXT)->p_memsz = TEXT_SIZE + 8; /* bytes to zero */
	log = (struct share_log){ 0 };
	assert_int_equal(load_sharing(&img, &log, &entry), SYS_ERR_OK);
	assert_int_equal(log.calls, 0);
	assert_int_equal(log.alloc.calls, 2);
	free_log(&log.alloc);

	make_image(&img);
	PH(&img, PH_DATA)->p_memsz = DATA_FILESZ; /* writable, nothing to zero: still copied */
	log = (struct share_log){ 0 };
	assert_int_equal(load_sharing(&img, &log, &entry), SYS_ERR_OK);
	assert_int_equal(log.calls, 1);
	assert_int_equal(log.flags, PF_R | PF_X);
	assert_int_equal(log.alloc.calls, 1);
	assert_int_equal(log.alloc.a[0].flags, PF_R | PF_W);
	free_log(&log.alloc);

	make_image(&img);
	log = (struct share_log){ .fail_err = SYS_ERR_SLOT_IN_USE };
	assert_int_equal(load_sharing(&img, &log, &entry), SYS_ERR_SLOT_IN_USE);
	assert_int_equal(log.calls, 1);
	assert_int_equal(log.alloc.calls, 0); /* the text comes first: nothing after it */
	free_log(&log.alloc);
}

/* Variations that must still be accepted. */
static void test_accepted_variants(void **state)
{
	struct alloc_log log = { 0 };
	struct image img;

	(void)state;
	make_image(&img); /* Thumb entry: bit 0 set */
	EH(&img)->e_entry = ENTRY | 1;
	expect_valid(&img);
	make_image(&img); /* the last byte of the text */
	EH(&img)->e_entry = TEXT_VADDR + TEXT_SIZE - 1;
	expect_valid(&img);
	make_image(&img); /* a NULL entry pointer is allowed */
	assert_int_equal(elf_load(EM_ARM, test_alloc, &log, img.b, IMAGE_SIZE, NULL), SYS_ERR_OK);
	assert_int_equal(log.calls, 2);
	free_log(&log);
	make_image(&img); /* no section table at all (stripped); e_shoff is then ignored */
	EH(&img)->e_shnum = 0;
	EH(&img)->e_shstrndx = SHN_UNDEF;
	EH(&img)->e_shoff = 0xffffffff;
	expect_valid(&img);
	assert_null(elf32_find_section_header_name(img.b, IMAGE_SIZE, ".got"));
	make_image(&img); /* sections without names */
	EH(&img)->e_shstrndx = SHN_UNDEF;
	expect_valid(&img);
	assert_int_equal(elf32_find_section(img.b, IMAGE_SIZE, ".got", NULL, NULL),
			 ELF_ERR_SECTION_NOT_FOUND);
	make_image(&img); /* p_align 0 and 1: no constraint */
	PH(&img, PH_DATA)->p_align = 0;
	PH(&img, PH_DATA)->p_vaddr = DATA_VADDR + 1;
	PH(&img, PH_TEXT)->p_align = 1;
	expect_valid(&img);
	make_image(&img); /* a segment ending exactly at USER_SPACE_TOP */
	PH(&img, PH_DATA)->p_vaddr = 0x7ffff200;
	PH(&img, PH_DATA)->p_memsz = 0xe00;
	expect_valid(&img);
	make_image(&img); /* segments in adjacent pages */
	PH(&img, PH_DATA)->p_vaddr = 0x00401000;
	PH(&img, PH_DATA)->p_align = 0x10;
	expect_valid(&img);
	make_image(&img); /* an empty PT_LOAD is ignored, even in text's page */
	PH(&img, PH_EXIDX)->p_type = PT_LOAD;
	PH(&img, PH_EXIDX)->p_filesz = 0;
	PH(&img, PH_EXIDX)->p_memsz = 0;
	expect_valid(&img);
	make_image(&img); /* a zero-sized file range may sit at the very end */
	PH(&img, PH_EXIDX)->p_offset = IMAGE_SIZE;
	PH(&img, PH_EXIDX)->p_filesz = 0;
	expect_valid(&img);
}

/* --- truncation ----------------------------------------------------------- */

/* Every proper prefix is rejected (the section table is last), without a crash. */
static void test_truncated_everywhere(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	for (size_t len = 0; len < IMAGE_SIZE; len++) {
		uint8_t *copy = exact_copy(img.b, len);
		struct alloc_log log = { 0 };
		uint32_t entry = 0x12345678;
		const Elf32_Shdr *sh;
		errval_t err = elf_validate(EM_ARM, copy, len);

		assert_true(err_is_fail(err));
		if (len < sizeof(Elf32_Ehdr))
			assert_int_equal(err, ELF_ERR_TRUNCATED);
		assert_int_equal(elf_load(EM_ARM, test_alloc, &log, copy, len, &entry), err);
		assert_int_equal(log.calls, 0);
		assert_int_equal(entry, 0x12345678);
		sh = elf32_find_section_header_name(copy, len, ".got");
		assert_null(sh);
		assert_int_not_equal(elf32_find_section(copy, len, ".got", NULL, NULL), SYS_ERR_OK);
		free(copy);
	}
}

/* --- one test per rejection ----------------------------------------------- */

static void test_not_elf(void **state)
{
	struct image img;

	(void)state;
	for (int i = 0; i < 4; i++) {
		make_image(&img);
		img.b[i] ^= 0x20;
		expect_reject(&img, ELF_ERR_NOT_ELF);
		expect_reject_len(&img, 3, i < 3 ? ELF_ERR_NOT_ELF : ELF_ERR_TRUNCATED);
	}
}

static void test_truncated_header(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	expect_reject_len(&img, 0, ELF_ERR_TRUNCATED);
	expect_reject_len(&img, 4, ELF_ERR_TRUNCATED);
	expect_reject_len(&img, sizeof(Elf32_Ehdr) - 1, ELF_ERR_TRUNCATED);
}

static void test_class(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_ident[EI_CLASS] = 2; /* ELFCLASS64 */
	expect_reject(&img, ELF_ERR_CLASS);
	EH(&img)->e_ident[EI_CLASS] = 0;
	expect_reject(&img, ELF_ERR_CLASS);
}

static void test_data(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_ident[EI_DATA] = 2; /* ELFDATA2MSB */
	expect_reject(&img, ELF_ERR_DATA);
}

static void test_version(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_ident[EI_VERSION] = 0;
	expect_reject(&img, ELF_ERR_VERSION);
	make_image(&img);
	EH(&img)->e_version = 2;
	expect_reject(&img, ELF_ERR_VERSION);
}

static void test_type(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_type = ET_DYN;
	expect_reject(&img, ELF_ERR_TYPE);
	EH(&img)->e_type = ET_REL;
	expect_reject(&img, ELF_ERR_TYPE);
}

static void test_machine(void **state)
{
	struct image img;
	struct alloc_log log = { 0 };

	(void)state;
	make_image(&img);
	EH(&img)->e_machine = 3; /* EM_386 */
	expect_reject(&img, ELF_ERR_MACHINE);
	make_image(&img);
	assert_int_equal(elf_validate(183 /* EM_AARCH64 */, img.b, IMAGE_SIZE), ELF_ERR_MACHINE);
	assert_int_equal(elf_load(183, test_alloc, &log, img.b, IMAGE_SIZE, NULL), ELF_ERR_MACHINE);
	assert_int_equal(log.calls, 0);
}

static void test_header_size(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_ehsize = 64;
	expect_reject(&img, ELF_ERR_HEADER_SIZE);
	make_image(&img);
	EH(&img)->e_phentsize = 56;
	expect_reject(&img, ELF_ERR_HEADER_SIZE);
	make_image(&img);
	EH(&img)->e_shentsize = 64;
	expect_reject(&img, ELF_ERR_HEADER_SIZE);
}

static void test_phdr_bounds(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_phoff = IMAGE_SIZE - 10;
	expect_reject(&img, ELF_ERR_PHDR_BOUNDS);
	EH(&img)->e_phoff = 0xffffffe0; /* offset + table size overflows 32 bits */
	expect_reject(&img, ELF_ERR_PHDR_BOUNDS);
	make_image(&img);
	EH(&img)->e_phnum = 0xffff;
	expect_reject(&img, ELF_ERR_PHDR_BOUNDS);
	make_image(&img);
	EH(&img)->e_phoff = IMAGE_SIZE - NUM_PH * sizeof(Elf32_Phdr) + 1; /* one byte over */
	expect_reject(&img, ELF_ERR_PHDR_BOUNDS);
}

/* More program headers than ELF_MAX_PHNUM, all inside the file: refused by count. */
static void test_phdr_count(void **state)
{
	const size_t len = sizeof(Elf32_Ehdr) + (ELF_MAX_PHNUM + 1) * sizeof(Elf32_Phdr);
	uint8_t *big = calloc(1, len);
	struct image img;

	(void)state;
	make_image(&img);
	memcpy(big, img.b, sizeof(Elf32_Ehdr) + NUM_PH * sizeof(Elf32_Phdr));
	((Elf32_Ehdr *)big)->e_shnum = 0;
	((Elf32_Ehdr *)big)->e_shoff = 0;
	((Elf32_Ehdr *)big)->e_phnum = ELF_MAX_PHNUM + 1;
	assert_int_equal(elf_validate(EM_ARM, big, len), ELF_ERR_PHDR_COUNT);
	((Elf32_Ehdr *)big)->e_phnum = ELF_MAX_PHNUM; /* the rest are PT_NULL: fine */
	assert_int_not_equal(elf_validate(EM_ARM, big, len), ELF_ERR_PHDR_COUNT);
	free(big);
}

static void test_shdr_bounds(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_shoff = SHDR_OFF + 1;
	expect_reject(&img, ELF_ERR_SHDR_BOUNDS);
	EH(&img)->e_shoff = 0xfffffff0;
	expect_reject(&img, ELF_ERR_SHDR_BOUNDS);
	make_image(&img);
	EH(&img)->e_shnum = 0xffff;
	EH(&img)->e_shstrndx = SH_SHSTRTAB;
	expect_reject(&img, ELF_ERR_SHDR_BOUNDS);
	assert_null(elf32_find_section_header_name(img.b, IMAGE_SIZE, ".got"));
	assert_int_equal(elf32_find_section(img.b, IMAGE_SIZE, ".got", NULL, NULL),
			 ELF_ERR_SHDR_BOUNDS);
}

static void test_segment_bounds(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	PH(&img, PH_DATA)->p_offset = IMAGE_SIZE - DATA_FILESZ + 1;
	PH(&img, PH_DATA)->p_vaddr = 0x00401000 + (PH(&img, PH_DATA)->p_offset & 0xfff);
	expect_reject(&img, ELF_ERR_SEGMENT_BOUNDS);
	make_image(&img);
	PH(&img, PH_DATA)->p_filesz = PH(&img, PH_DATA)->p_memsz = 0xffffffff;
	expect_reject(&img, ELF_ERR_SEGMENT_BOUNDS);
	make_image(&img); /* offset + filesz wraps around 32 bits */
	PH(&img, PH_TEXT)->p_offset = 0xfffff100;
	expect_reject(&img, ELF_ERR_SEGMENT_BOUNDS);
	make_image(&img); /* a non-PT_LOAD header is checked for bounds too */
	PH(&img, PH_EXIDX)->p_offset = IMAGE_SIZE;
	expect_reject(&img, ELF_ERR_SEGMENT_BOUNDS);
	make_image(&img);
	PH(&img, PH_EXIDX)->p_offset = IMAGE_SIZE + 1;
	PH(&img, PH_EXIDX)->p_filesz = 0;
	expect_reject(&img, ELF_ERR_SEGMENT_BOUNDS);
}

static void test_filesz_gt_memsz(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	PH(&img, PH_DATA)->p_memsz = DATA_FILESZ - 1;
	expect_reject(&img, ELF_ERR_FILESZ_GT_MEMSZ);
}

static void test_segment_wraps(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	PH(&img, PH_DATA)->p_vaddr = 0xfffff200;
	expect_reject(&img, ELF_ERR_SEGMENT_WRAPS);
	PH(&img, PH_DATA)->p_vaddr = DATA_VADDR;
	PH(&img, PH_DATA)->p_memsz = 0xffffffff;
	expect_reject(&img, ELF_ERR_SEGMENT_WRAPS);
}

static void test_segment_kernel(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	PH(&img, PH_DATA)->p_vaddr = 0x7ffff200; /* ends at 0x80000200 */
	expect_reject(&img, ELF_ERR_SEGMENT_KERNEL);
	PH(&img, PH_DATA)->p_vaddr = 0x80001200;
	expect_reject(&img, ELF_ERR_SEGMENT_KERNEL);
	PH(&img, PH_DATA)->p_vaddr = 0xfffef200; /* the top pages, without wrapping */
	expect_reject(&img, ELF_ERR_SEGMENT_KERNEL);
	make_image(&img); /* even an empty one */
	PH(&img, PH_EXIDX)->p_type = PT_LOAD;
	PH(&img, PH_EXIDX)->p_vaddr = 0x80000000;
	PH(&img, PH_EXIDX)->p_filesz = PH(&img, PH_EXIDX)->p_memsz = 0;
	expect_reject(&img, ELF_ERR_SEGMENT_KERNEL);
}

static void test_segment_overlap(void **state)
{
	struct image img;

	(void)state;
	make_image(&img); /* the same bytes */
	PH(&img, PH_DATA)->p_vaddr = TEXT_VADDR + 0x100;
	expect_reject(&img, ELF_ERR_SEGMENT_OVERLAP);
	make_image(&img); /* disjoint bytes, one shared page */
	PH(&img, PH_DATA)->p_vaddr = 0x00400f00;
	PH(&img, PH_DATA)->p_align = 4;
	expect_reject(&img, ELF_ERR_SEGMENT_OVERLAP);
	make_image(&img); /* data's second page is the text's page, order reversed */
	PH(&img, PH_TEXT)->p_vaddr = 0x00402100;
	PH(&img, PH_EXIDX)->p_vaddr = 0x00402170;
	EH(&img)->e_entry = 0x00402110;
	expect_reject(&img, ELF_ERR_SEGMENT_OVERLAP);
	PH(&img, PH_TEXT)->p_vaddr = 0x00403100; /* next page: fine */
	PH(&img, PH_EXIDX)->p_vaddr = 0x00403170;
	EH(&img)->e_entry = 0x00403110;
	expect_valid(&img);
}

static void test_alignment(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	PH(&img, PH_DATA)->p_align = 3;
	expect_reject(&img, ELF_ERR_ALIGNMENT);
	PH(&img, PH_DATA)->p_align = 0x1800;
	expect_reject(&img, ELF_ERR_ALIGNMENT);
	make_image(&img);
	PH(&img, PH_DATA)->p_vaddr = DATA_VADDR + 4;
	expect_reject(&img, ELF_ERR_ALIGNMENT);
	make_image(&img);
	PH(&img, PH_TEXT)->p_align = 0x10000;
	PH(&img, PH_TEXT)->p_vaddr = 0x00411100; /* 0x1100 vs offset 0x100 mod 64 KiB */
	EH(&img)->e_entry = 0x00411110;
	expect_reject(&img, ELF_ERR_ALIGNMENT);
}

static void test_no_segments(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_phnum = 0;
	expect_reject(&img, ELF_ERR_NO_SEGMENTS);
	make_image(&img);
	PH(&img, PH_TEXT)->p_type = PT_NOTE;
	PH(&img, PH_DATA)->p_type = PT_NULL;
	expect_reject(&img, ELF_ERR_NO_SEGMENTS);
	make_image(&img); /* loadable but empty */
	PH(&img, PH_TEXT)->p_filesz = PH(&img, PH_TEXT)->p_memsz = 0;
	PH(&img, PH_DATA)->p_filesz = PH(&img, PH_DATA)->p_memsz = 0;
	expect_reject(&img, ELF_ERR_NO_SEGMENTS);
}

static void test_entry(void **state)
{
	struct image img;

	(void)state;
	make_image(&img);
	EH(&img)->e_entry = DATA_VADDR; /* not executable */
	expect_reject(&img, ELF_ERR_ENTRY);
	EH(&img)->e_entry = 0;
	expect_reject(&img, ELF_ERR_ENTRY);
	EH(&img)->e_entry = TEXT_VADDR + TEXT_SIZE; /* one past the end */
	expect_reject(&img, ELF_ERR_ENTRY);
	EH(&img)->e_entry = TEXT_VADDR - 1;
	expect_reject(&img, ELF_ERR_ENTRY);
	make_image(&img); /* inside the exidx segment, which is not loaded */
	PH(&img, PH_TEXT)->p_flags = PF_R;
	PH(&img, PH_EXIDX)->p_flags = PF_R | PF_X;
	EH(&img)->e_entry = TEXT_VADDR + EXIDX_OFF - TEXT_OFF;
	expect_reject(&img, ELF_ERR_ENTRY);
}

static void expect_strtab_error(const struct image *img)
{
	expect_reject(img, ELF_ERR_STRTAB);
	assert_null(elf32_find_section_header_name(img->b, IMAGE_SIZE, ".got"));
	assert_int_equal(elf32_find_section(img->b, IMAGE_SIZE, ".got", NULL, NULL),
			 ELF_ERR_STRTAB);
}

static void test_strtab(void **state)
{
	struct image img;

	(void)state;
	make_image(&img); /* index out of range */
	EH(&img)->e_shstrndx = NUM_SH;
	expect_strtab_error(&img);
	EH(&img)->e_shstrndx = 0xffff; /* SHN_XINDEX: extended numbering is not supported */
	expect_strtab_error(&img);
	make_image(&img); /* an index but no sections */
	EH(&img)->e_shnum = 0;
	expect_strtab_error(&img);
	make_image(&img); /* not a string table */
	EH(&img)->e_shstrndx = SH_TEXT;
	expect_strtab_error(&img);
	make_image(&img);
	SH(&img, SH_SHSTRTAB)->sh_size = 0;
	expect_strtab_error(&img);
	make_image(&img); /* outside the file */
	SH(&img, SH_SHSTRTAB)->sh_offset = IMAGE_SIZE - 4;
	expect_strtab_error(&img);
	SH(&img, SH_SHSTRTAB)->sh_offset = 0xfffffff0;
	expect_strtab_error(&img);
	make_image(&img); /* the last name is not NUL-terminated */
	img.b[SHSTRTAB_OFF + sizeof(shstrtab) - 1] = 'x';
	expect_strtab_error(&img);
	make_image(&img); /* ".got" runs to the end of a shortened table */
	SH(&img, SH_SHSTRTAB)->sh_size = NAME_GOT + 4;
	expect_strtab_error(&img);
	make_image(&img); /* a name offset past the table */
	SH(&img, SH_BSS)->sh_name = sizeof(shstrtab);
	expect_strtab_error(&img);
	SH(&img, SH_BSS)->sh_name = 0xffffffff;
	expect_strtab_error(&img);
}

/* --- robustness ----------------------------------------------------------- */

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/*
 * Random byte mutations of the headers: whatever the result, no crash, no
 * out-of-bounds access (ASan), and an allocation for each accepted segment.
 */
static void test_random_mutations(void **state)
{
	static const uint32_t interesting[] = { 0,	    1,		0x7f,	   0x80,
						0xff,	    0xfff,	0x1000,	   0x7fffffff,
						0x80000000, 0xfffff000, 0xffffffff };
	struct image img;
	unsigned accepted = 0;

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		/* Validation is under test here, not the copying of huge segments. */
		struct alloc_log log = { .max_size = 1 << 20,
					 .fail_err = SYS_ERR_RETYPE_INVALID_SIZE };
		uint32_t entry;
		uint8_t *copy;
		errval_t err;

		make_image(&img);
		for (int n = 1 + (int)(rng() % 4); n > 0; n--) {
			/* Mostly headers (the first 0x100 bytes and the section table). */
			uint32_t off = rng() % 2 ? rng() % 0x100 : SHDR_OFF + rng() % 0xf0;
			uint32_t v =
			    interesting[rng() % (sizeof(interesting) / sizeof(interesting[0]))];

			if (rng() % 2)
				v = rng();
			for (int k = 0; k < 4 && off + k < IMAGE_SIZE; k++)
				img.b[off + k] = (uint8_t)(v >> (8 * k));
		}
		copy = exact_copy(img.b, IMAGE_SIZE);
		err = elf_validate(EM_ARM, copy, IMAGE_SIZE);
		if (err_is_ok(err)) {
			accepted++;
			err = elf_load(EM_ARM, test_alloc, &log, copy, IMAGE_SIZE, &entry);
			assert_true(err == SYS_ERR_OK || err == SYS_ERR_RETYPE_INVALID_SIZE);
			assert_true(log.calls >= 1);
		} else {
			assert_int_equal(
			    elf_load(EM_ARM, test_alloc, &log, copy, IMAGE_SIZE, &entry), err);
			assert_int_equal(log.calls, 0);
		}
		(void)elf32_find_section_header_name(copy, IMAGE_SIZE, ".got");
		free_log(&log);
		free(copy);
	}
	print_message("%u of 20000 mutated images accepted\n", accepted);
	assert_true(accepted > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_valid),
		cmocka_unit_test(test_find_section),
		cmocka_unit_test(test_stack_size),
		cmocka_unit_test(test_unaligned_image),
		cmocka_unit_test(test_allocator_error_returned),
		cmocka_unit_test(test_load_sharing),
		cmocka_unit_test(test_load_sharing_falls_back_and_fails),
		cmocka_unit_test(test_accepted_variants),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_data),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_machine),
		cmocka_unit_test(test_header_size),
		cmocka_unit_test(test_phdr_bounds),
		cmocka_unit_test(test_phdr_count),
		cmocka_unit_test(test_shdr_bounds),
		cmocka_unit_test(test_segment_bounds),
		cmocka_unit_test(test_filesz_gt_memsz),
		cmocka_unit_test(test_segment_wraps),
		cmocka_unit_test(test_segment_kernel),
		cmocka_unit_test(test_segment_overlap),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_no_segments),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_strtab),
		cmocka_unit_test(test_random_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
