/*
 * The virtual address-space split, shared by the kernel and user space.
 *
 *   0x00000000 - 0x7fffffff  user space, per process (TTBR0); page 0 never mapped
 *   0x80000000 - ...         all RAM, mapped linearly (TTBR1, kernel only)
 *   0xf0000000 - 0xffefffff  the kernel's device window, 1 MiB per device
 *   0xfff00000 - 0xffffffff  unused (high vectors are not used; VBAR is)
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#include <bits.h>

#define USER_SPACE_TOP	    U32(0x80000000) /* first address user space cannot use */
#define KERNEL_VBASE	    U32(0x80000000) /* virtual address of the first byte of RAM */
#define DEVICE_WINDOW_BASE  U32(0xf0000000)
#define DEVICE_WINDOW_SLOTS U32(255) /* 1 MiB slots below 0xfff00000 */

#define SECTION_SHIFT 20
#define SECTION_SIZE  (U32(1) << SECTION_SHIFT) /* 1 MiB */
#define SECTION_MASK  (SECTION_SIZE - U32(1))
#define PAGE_SHIFT    12
#define PAGE_SIZE     (U32(1) << PAGE_SHIFT) /* 4 KiB */

#endif
