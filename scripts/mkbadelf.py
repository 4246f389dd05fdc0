#!/usr/bin/env python3
"""Write broken copies of a good ARM ELF executable, one per way spawn must refuse it.

usage: mkbadelf.py GOOD_ELF OUTPUT_DIR

  bad_truncated  the first 40 bytes only (shorter than an ELF header)
  bad_machine    e_machine is EM_386
  bad_overlap    the second PT_LOAD segment starts on the first one's page
  bad_filesz     a PT_LOAD segment with p_filesz > p_memsz
  bad_stack      asks for a 2 MiB stack (a PT_GNU_STACK header in place of its
                 PT_ARM_EXIDX one), more than spawn gives (CHILD_STACK_MAX)
"""
import os
import struct
import sys

EM_386 = 3
PT_LOAD = 1
PT_ARM_EXIDX = 0x70000001
PT_GNU_STACK = 0x6474e551


def load_segments(elf):
    """(offset of each PT_LOAD program header, its fields)."""
    phoff, = struct.unpack_from("<I", elf, 28)
    phentsize, phnum = struct.unpack_from("<HH", elf, 42)
    out = []
    for i in range(phnum):
        at = phoff + i * phentsize
        fields = list(struct.unpack_from("<8I", elf, at))
        if fields[0] == PT_LOAD:
            out.append((at, fields))
    return out


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    elf = bytearray(open(good, "rb").read())
    loads = load_segments(elf)
    if len(loads) < 2:
        sys.exit(f"{good}: needs two PT_LOAD segments, has {len(loads)}")

    def write(name, data):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)

    write("bad_truncated", elf[:40])

    machine = bytearray(elf)
    struct.pack_into("<H", machine, 18, EM_386)
    write("bad_machine", machine)

    overlap = bytearray(elf)
    (at0, first), (at1, second) = loads[0], loads[1]
    # Same page offset as before, on the first segment's last page.
    page_of_first = (first[2] + first[5] - 1) & ~0xfff
    new_vaddr = page_of_first | (second[2] & 0xfff)
    struct.pack_into("<II", overlap, at1 + 8, new_vaddr, new_vaddr)
    struct.pack_into("<I", overlap, at1 + 28, 0x1000)  # p_align: page-congruent is enough
    write("bad_overlap", overlap)

    filesz = bytearray(elf)
    at, seg = next((a, f) for a, f in loads if f[4] >= 8)
    struct.pack_into("<I", filesz, at + 20, seg[4] - 4)  # p_memsz below p_filesz
    write("bad_filesz", filesz)

    stack = bytearray(elf)
    phoff, = struct.unpack_from("<I", elf, 28)
    phentsize, phnum = struct.unpack_from("<HH", elf, 42)
    exidx = next(phoff + i * phentsize for i in range(phnum)
                 if struct.unpack_from("<I", elf, phoff + i * phentsize)[0] == PT_ARM_EXIDX)
    struct.pack_into("<8I", stack, exidx, PT_GNU_STACK, 0, 0, 0, 0, 2 << 20, 6, 16)
    write("bad_stack", stack)


if __name__ == "__main__":
    main()
