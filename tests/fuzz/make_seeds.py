#!/usr/bin/env python3
"""Write the fuzzer's seed corpus: small ARM ELF32 executables, valid and not.

usage: make_seeds.py [DIRECTORY]   (default: tests/fuzz/corpus next to this script)

The seeds are checked in; run this again only to change them.  They are
built here, byte by byte, so that they do not depend on the ARM cross build,
and kept small (a few hundred bytes) so that the fuzzer's mutations stay
cheap.  Each valid seed passes elf_validate(); each "bad-" seed is a valid one
with one defect, so that the fuzzer starts next to every rejection
(docs/elf.md lists them).
"""
import os
import struct
import sys

EM_ARM = 40
ET_EXEC = 2
PT_LOAD, PT_ARM_EXIDX, PT_GNU_STACK = 1, 0x70000001, 0x6474E551
PF_X, PF_W, PF_R = 1, 2, 4
SHT_PROGBITS, SHT_STRTAB, SHT_NOBITS, SHT_ARM_EXIDX = 1, 3, 8, 0x70000001
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4

EHDR_SIZE, PHDR_SIZE, SHDR_SIZE = 52, 32, 40

# mov r0, #0; svc #0; b . (ARM) and a Thumb "b ." for the Thumb entry.
ARM_TEXT = struct.pack("<3I", 0xE3A00000, 0xEF000000, 0xEAFFFFFE)
THUMB_TEXT = struct.pack("<2H", 0xE7FE, 0xBF00)
EXIDX = struct.pack("<2I", 0x7FFFFFF0, 1)  # one EXIDX_CANTUNWIND entry
DATA = struct.pack("<4I", 0x12345678, 0, 0x9000, 0x9004)  # .got-like words


def phdr(p_type, offset, vaddr, filesz, memsz, flags, align=0x1000):
    return dict(type=p_type, offset=offset, vaddr=vaddr, filesz=filesz, memsz=memsz,
                flags=flags, align=align)


def section(name, sh_type, offset, addr, size, flags=0, align=4):
    return dict(name=name, type=sh_type, offset=offset, addr=addr, size=size, flags=flags,
                align=align)


def elf(entry, phdrs, blobs, sections=(), unaligned_shoff=False, strtab_nul=True, **overrides):
    """An ELF32 image: the header, the program headers right after it, each
    blob at its file offset, then (if sections are given) the name string
    table and the section header table.  overrides change header fields."""
    image = bytearray(EHDR_SIZE + PHDR_SIZE * len(phdrs))
    for offset, data in blobs:
        if len(image) < offset + len(data):
            image.extend(bytes(offset + len(data) - len(image)))
        image[offset:offset + len(data)] = data

    shoff = shnum = shstrndx = 0
    if sections:
        names = b"\0"
        name_offsets = []
        for s in sections:
            name_offsets.append(len(names))
            names += s["name"].encode() + b"\0"
        name_offsets.append(len(names))
        names += b".shstrtab\0"
        if not strtab_nul:
            names = names[:-1] + b"x"
        strtab_offset = len(image)
        image += names
        # The table at a multiple of 4, or (unaligned_shoff) one byte past one.
        while len(image) % 4 != (1 if unaligned_shoff else 0):
            image += b"\0"
        shoff = len(image)
        table = [bytes(SHDR_SIZE)]  # section 0, the null entry
        for s, name in zip(sections, name_offsets):
            table.append(struct.pack("<10I", name, s["type"], s["flags"], s["addr"],
                                     s["offset"], s["size"], 0, 0, s["align"], 0))
        table.append(struct.pack("<10I", name_offsets[-1], SHT_STRTAB, 0, 0, strtab_offset,
                                 len(names), 0, 0, 1, 0))
        image += b"".join(table)
        shnum = len(table)
        shstrndx = shnum - 1

    header = dict(ident=b"\x7fELF\x01\x01\x01" + bytes(9), type=ET_EXEC, machine=EM_ARM,
                  version=1, entry=entry, phoff=EHDR_SIZE, shoff=shoff, flags=0x05000200,
                  ehsize=EHDR_SIZE, phentsize=PHDR_SIZE, phnum=len(phdrs),
                  shentsize=SHDR_SIZE if sections else 0, shnum=shnum, shstrndx=shstrndx)
    header.update(overrides)
    image[0:EHDR_SIZE] = struct.pack(
        "<16sHHIIIIIHHHHHH", header["ident"], header["type"], header["machine"],
        header["version"], header["entry"], header["phoff"], header["shoff"], header["flags"],
        header["ehsize"], header["phentsize"], header["phnum"], header["shentsize"],
        header["shnum"], header["shstrndx"])
    for i, p in enumerate(phdrs):
        at = EHDR_SIZE + PHDR_SIZE * i
        image[at:at + PHDR_SIZE] = struct.pack(
            "<8I", p["type"], p["offset"], p["vaddr"], p["vaddr"], p["filesz"], p["memsz"],
            p["flags"], p["align"])
    return bytes(image)


def seeds():
    """(file name, image) pairs."""
    # A program like user/init, in miniature: text (with an EXIDX table) at
    # 0x8100, data with .got and .bss on the next page, section names.
    text_off, exidx_off, data_off = 0x100, 0x110, 0x140
    text = phdr(PT_LOAD, text_off, 0x8100, 0x18, 0x18, PF_R | PF_X)
    data = phdr(PT_LOAD, data_off, 0x9140, len(DATA), 0x40, PF_R | PF_W)
    exidx = phdr(PT_ARM_EXIDX, exidx_off, 0x8110, len(EXIDX), len(EXIDX), PF_R, 4)
    stack = phdr(PT_GNU_STACK, 0, 0, 0, 0, PF_R | PF_W, 0x10)
    blobs = [(text_off, ARM_TEXT), (exidx_off, EXIDX), (data_off, DATA)]
    sections = [
        section(".text", SHT_PROGBITS, text_off, 0x8100, len(ARM_TEXT), SHF_ALLOC | SHF_EXECINSTR),
        section(".ARM.exidx", SHT_ARM_EXIDX, exidx_off, 0x8110, len(EXIDX), SHF_ALLOC),
        section(".got", SHT_PROGBITS, data_off, 0x9140, 8, SHF_ALLOC | SHF_WRITE),
        section(".data", SHT_PROGBITS, data_off + 8, 0x9148, 8, SHF_ALLOC | SHF_WRITE),
        section(".bss", SHT_NOBITS, data_off + 16, 0x9150, 0x30, SHF_ALLOC | SHF_WRITE),
    ]
    full = dict(entry=0x8100, phdrs=[text, data, exidx, stack], blobs=blobs, sections=sections)

    def program(**changes):
        args = dict(full)
        args.update(changes)
        return elf(**args)

    def with_phdr(i, **changes):
        phdrs = [dict(p) for p in full["phdrs"]]
        phdrs[i].update(changes)
        return program(phdrs=phdrs)

    one = phdr(PT_LOAD, 0x60, 0x10060, len(ARM_TEXT), len(ARM_TEXT), PF_R | PF_X)
    thumb = phdr(PT_LOAD, 0x60, 0x20060, len(THUMB_TEXT), 0x1000, PF_R | PF_X, 0)
    return [
        # valid
        ("valid-text-data-bss.elf", program()),
        ("valid-one-segment-stripped.elf", elf(0x10060, [one], [(0x60, ARM_TEXT)])),
        ("valid-thumb-unaligned-sections.elf",
         elf(0x20061, [thumb], [(0x60, THUMB_TEXT)],
             [section(".text", SHT_PROGBITS, 0x60, 0x20060, len(THUMB_TEXT),
                      SHF_ALLOC | SHF_EXECINSTR, 2)], unaligned_shoff=True)),
        # one defect each
        ("bad-segments-share-page.elf", with_phdr(1, vaddr=0x8f40, align=0x100)),
        ("bad-entry-in-data.elf", program(entry=0x9140)),
        ("bad-filesz-gt-memsz.elf", with_phdr(1, memsz=4)),
        ("bad-segment-in-kernel-half.elf", with_phdr(1, vaddr=0x7ffff140, memsz=0x1000)),
        ("bad-alignment.elf", with_phdr(0, vaddr=0x8104)),
        ("bad-segment-past-eof.elf", with_phdr(2, offset=0x1000)),
        ("bad-strtab-unterminated.elf", program(strtab_nul=False)),
        ("bad-phdrs-past-eof.elf", program(phnum=0x40)),
        ("bad-not-exec.elf", program(type=3)),
    ]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    os.makedirs(out, exist_ok=True)
    for name, image in seeds():
        with open(os.path.join(out, name), "wb") as f:
            f.write(image)
        print(f"{len(image):5d} {os.path.relpath(os.path.join(out, name))}")


if __name__ == "__main__":
    main()
