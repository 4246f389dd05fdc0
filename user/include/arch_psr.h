/* The user-visible bits of the ARM program status register. */
#ifndef ARCH_PSR_H
#define ARCH_PSR_H

#define USER_PSR_T	  0x20 /* Thumb state */
#define USER_PSR_MODE_USR 0x10

#endif
