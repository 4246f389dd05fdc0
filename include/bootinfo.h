/*
 * struct bootinfo: what the kernel tells init about memory and boot
 * modules.  It is one page, mapped read-only into init; its address is
 * argv[1].  Strings (module names and arguments) follow the regions in the
 * same page; mrmod_data is the offset of a region's string from the start
 * of the page.
 */
#ifndef BOOTINFO_H
#define BOOTINFO_H

#include <stdint.h>

enum region_type {
	RegionType_Empty,  /* free RAM: a RAM capability in SUPERCN */
	RegionType_Module, /* a boot module: a Frame capability in MODULECN */
	RegionType_Device, /* device registers: a DevFrame capability in PACN */
};

struct mem_region {
	uint32_t mr_base;     /* physical address */
	uint32_t mr_bytes;    /* size (for modules: the frame, whole pages) */
	uint32_t mr_type;     /* enum region_type */
	uint32_t mrmod_slot;  /* the capability's slot in SUPERCN, MODULECN or PACN */
	uint32_t mrmod_size;  /* modules: the file's exact size in bytes */
	uint32_t mrmod_data;  /* offset in this page of a module's "name args", a device's name */
	uint32_t mrmod_flags; /* modules: MODULE_FLAG_* */
};

/* A `module` line of menu.lst: init starts it at boot (a `program` line: only on request). */
#define MODULE_FLAG_BOOT 1u

#define BOOTINFO_MAX_REGIONS 64

struct bootinfo {
	uint32_t regions_length;
	uint32_t mem_total; /* bytes of RAM handed to init */
	struct mem_region regions[BOOTINFO_MAX_REGIONS];
	/* strings follow */
};

#endif
