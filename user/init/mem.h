/* init's memory: its RAM allocator over the RAM capabilities in SUPERCN. */
#ifndef INIT_MEM_H
#define INIT_MEM_H

#include <bootinfo.h>
#include <mm.h>

extern struct mm init_mm;
extern const struct bootinfo *init_bootinfo;

#endif
