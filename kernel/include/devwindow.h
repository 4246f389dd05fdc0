/* Kernel virtual addresses of device registers in the device window. */
#ifndef DEVWINDOW_H
#define DEVWINDOW_H

#include <memlayout.h>

/* The address of physical device register `pa` mapped in window slot `slot`. */
#define DEVICE_VADDR(slot, pa) (DEVICE_WINDOW_BASE + (slot)*SECTION_SIZE + ((pa)&SECTION_MASK))

#endif
