/*
 * libelf: ELF32 validation and loading, one source for the kernel, user space
 * and the host tests.  Only little-endian ET_EXEC images are loaded; every
 * field of the input is checked before it is used (docs/elf.md).
 */
#ifndef ELF_H
#define ELF_H

#include <stddef.h>
#include <stdint.h>

#include <errors.h>

typedef uint32_t Elf32_Addr;
typedef uint16_t Elf32_Half;
typedef uint32_t Elf32_Off;
typedef int32_t Elf32_Sword;
typedef uint32_t Elf32_Word;

/* e_ident[] */
#define EI_MAG0	      0
#define EI_MAG1	      1
#define EI_MAG2	      2
#define EI_MAG3	      3
#define EI_CLASS      4
#define EI_DATA	      5
#define EI_VERSION    6
#define EI_OSABI      7
#define EI_ABIVERSION 8
#define EI_NIDENT     16

#define ELFMAG0	    0x7f
#define ELFMAG1	    'E'
#define ELFMAG2	    'L'
#define ELFMAG3	    'F'
#define ELFCLASS32  1
#define ELFDATA2LSB 1
#define EV_CURRENT  1

/* e_type */
#define ET_NONE 0
#define ET_REL	1
#define ET_EXEC 2
#define ET_DYN	3

/* e_machine */
#define EM_ARM 40

/* p_type */
#define PT_NULL	     0
#define PT_LOAD	     1
#define PT_DYNAMIC   2
#define PT_INTERP    3
#define PT_NOTE	     4
#define PT_PHDR	     6
#define PT_TLS	     7
#define PT_ARM_EXIDX 0x70000001
#define PT_GNU_STACK 0x6474e551 /* p_memsz: the stack the program asks for (ld -z stack-size) */

/* p_flags */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/* sh_type */
#define SHT_NULL     0
#define SHT_PROGBITS 1
#define SHT_SYMTAB   2
#define SHT_STRTAB   3
#define SHT_NOBITS   8

/* sh_flags */
#define SHF_WRITE     0x1
#define SHF_ALLOC     0x2
#define SHF_EXECINSTR 0x4

#define SHN_UNDEF 0

/*
 * The most program headers an image may have.  Real programs have a handful;
 * the loader compares every pair of loadable segments, so a bound keeps a
 * crafted file with tens of thousands of them from taking seconds.
 */
#define ELF_MAX_PHNUM 64

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	Elf32_Half e_type;
	Elf32_Half e_machine;
	Elf32_Word e_version;
	Elf32_Addr e_entry;
	Elf32_Off e_phoff;
	Elf32_Off e_shoff;
	Elf32_Word e_flags;
	Elf32_Half e_ehsize;
	Elf32_Half e_phentsize;
	Elf32_Half e_phnum;
	Elf32_Half e_shentsize;
	Elf32_Half e_shnum;
	Elf32_Half e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	Elf32_Word p_type;
	Elf32_Off p_offset;
	Elf32_Addr p_vaddr;
	Elf32_Addr p_paddr;
	Elf32_Word p_filesz;
	Elf32_Word p_memsz;
	Elf32_Word p_flags;
	Elf32_Word p_align;
} Elf32_Phdr;

typedef struct {
	Elf32_Word sh_name;
	Elf32_Word sh_type;
	Elf32_Word sh_flags;
	Elf32_Addr sh_addr;
	Elf32_Off sh_offset;
	Elf32_Word sh_size;
	Elf32_Word sh_link;
	Elf32_Word sh_info;
	Elf32_Word sh_addralign;
	Elf32_Word sh_entsize;
} Elf32_Shdr;

/*
 * Called once per loadable segment: make the pages [base, base + size)
 * (base and size multiples of 4 KiB) exist with the segment's PF_* flags,
 * zeroed, and return in *ret where the loader may write them; *ret
 * corresponds to base.  An error stops the load and is returned unchanged.
 */
typedef errval_t (*elf_allocator_fn)(void *state, uint32_t base, size_t size, uint32_t flags,
				     void **ret);

/*
 * Called instead of the allocator for a read-only segment whose pages can
 * be mapped straight from the image (its file bytes lie at the same place
 * in their page as in memory, and it has nothing to zero): make the pages
 * [base, base + size) be the image's bytes [offset, offset + size), offset
 * a multiple of 4 KiB within the image rounded up to a page.  An error
 * stops the load and is returned unchanged.
 */
typedef errval_t (*elf_share_fn)(void *state, uint32_t base, size_t size, uint32_t flags,
				 uint32_t offset);

/* Check everything elf_load relies on; nothing is allocated or written. */
errval_t elf_validate(uint16_t em_machine, const void *base, size_t size);

/*
 * Validate the image, then allocate each PT_LOAD segment and copy its file
 * bytes (the rest of p_memsz is zero: the allocator's pages are); *entry
 * (if not NULL) gets e_entry.
 */
errval_t elf_load(uint16_t em_machine, elf_allocator_fn allocate_func, void *state,
		  const void *base, size_t size, uint32_t *entry);
/* The same, but each segment that can be is shared from the image (share_func), not copied. */
errval_t elf_load_sharing(uint16_t em_machine, elf_allocator_fn allocate_func,
			  elf_share_fn share_func, void *state, const void *base, size_t size,
			  uint32_t *entry);

/*
 * The stack the program asks for: p_memsz of its PT_GNU_STACK header
 * (`ld -z stack-size=N`), or 0 if it has none.  Reads only the ELF header
 * and the program header table, which it checks first.
 */
errval_t elf_stack_size(uint16_t em_machine, const void *base, size_t size, uint32_t *bytes);

/*
 * The section header named name, pointing into the image, or NULL when
 * there is none or the section table or its string table is invalid.
 */
const Elf32_Shdr *elf32_find_section_header_name(const void *base, size_t size, const char *name);

/* The section's address and size, or the reason it cannot be found. */
errval_t elf32_find_section(const void *base, size_t size, const char *name, uint32_t *vaddr,
			    uint32_t *bytes);

#endif
