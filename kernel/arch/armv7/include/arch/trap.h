/*
 * The register frame saved on the kernel stack by every exception entry
 * (vectors.S).  Keep the offsets in step with the assembly.
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <bits.h>

/* Exception kinds, passed by the entry stubs to exception_handler(). */
#define EXC_RESET	   U32(0)
#define EXC_UNDEFINED	   U32(1)
#define EXC_SVC		   U32(2)
#define EXC_PREFETCH_ABORT U32(3)
#define EXC_DATA_ABORT	   U32(4)
#define EXC_IRQ		   U32(5)
#define EXC_FIQ		   U32(6)

#define TRAP_FRAME_SP_OFFSET   52 /* r0-r12 come first */
#define TRAP_FRAME_PC_OFFSET   60
#define TRAP_FRAME_CPSR_OFFSET 64
#define TRAP_FRAME_SIZE	       68

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trap_frame {
	uint32_t r[13];
	uint32_t sp;   /* of the interrupted mode */
	uint32_t lr;   /* of the interrupted mode */
	uint32_t pc;   /* where the exception was taken (see vectors.S) */
	uint32_t cpsr; /* of the interrupted mode */
};

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "trap frame layout");

void exception_handler(struct trap_frame *tf, uint32_t kind);
#endif

#endif
