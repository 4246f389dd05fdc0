/*
 * The ARMv7-A program status register: the bits the kernel and user space
 * both read (the kernel to decode and sanitise, the user runtime and the
 * spawners to build a dispatcher's first state).  Usable from assembly.
 */
#ifndef ARCH_ARMV7_PSR_H
#define ARCH_ARMV7_PSR_H

#include <bits.h>

#define PSR_MODE_MASK U32(0x1f)
#define PSR_MODE_USR  U32(0x10)
#define PSR_MODE_FIQ  U32(0x11)
#define PSR_MODE_IRQ  U32(0x12)
#define PSR_MODE_SVC  U32(0x13)
#define PSR_MODE_MON  U32(0x16)
#define PSR_MODE_ABT  U32(0x17)
#define PSR_MODE_HYP  U32(0x1a)
#define PSR_MODE_UND  U32(0x1b)
#define PSR_MODE_SYS  U32(0x1f)
#define PSR_T	      BIT(5) /* Thumb state */
#define PSR_F	      BIT(6) /* FIQ masked */
#define PSR_I	      BIT(7) /* IRQ masked */
#define PSR_A	      BIT(8) /* asynchronous abort masked */
#define PSR_E	      BIT(9) /* big-endian data */
/* The Thumb IT state, IT[7:2] in bits 15:10 and IT[1:0] in bits 26:25: nonzero in an IT block. */
#define PSR_IT_MASK U32(0x0600fc00)

#endif
