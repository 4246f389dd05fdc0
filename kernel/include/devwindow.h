/* Kernel virtual addresses of device registers in the device window. */
#ifndef DEVWINDOW_H
#define DEVWINDOW_H

#include <memlayout.h>

/* Does physical address pa lie in the 1 MiB section that starts at `section`? */
#define DEVICE_IN_SECTION(pa, section) (((pa) & ~SECTION_MASK) == (section))

/* The address of physical device register `pa` mapped in window slot `slot`. */
#define DEVICE_VADDR(slot, pa) (DEVICE_WINDOW_BASE + (slot)*SECTION_SIZE + ((pa)&SECTION_MASK))

#endif
