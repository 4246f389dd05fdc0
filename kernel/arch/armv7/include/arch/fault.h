/* Decoding of the short-descriptor fault status registers DFSR and IFSR. */
#ifndef ARCH_FAULT_H
#define ARCH_FAULT_H

#include <stdint.h>

#define FSR_WNR (1u << 11) /* DFSR: the access was a write */
#define FSR_EXT (1u << 12) /* external abort type (implementation defined) */

/* The 5-bit fault status FS[4:0] = FSR[10]:FSR[3:0]. */
static inline unsigned fsr_status(uint32_t fsr)
{
	return ((fsr >> 6) & 0x10u) | (fsr & 0xfu);
}

/* A readable name for a fault status, e.g. "translation fault (section)". */
const char *fsr_describe(uint32_t fsr);

/* The name of an exception kind (EXC_*) and of a processor mode. */
const char *exception_name(uint32_t kind);
const char *mode_name(uint32_t cpsr);

#endif
