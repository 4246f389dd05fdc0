/*
 * The dispatcher frame: one 4 KiB page shared by a dispatcher and the
 * kernel, mapped in the dispatcher's VSpace (and its parent's).  The kernel
 * reaches it through its own mapping of the Frame capability, never
 * through the user address `udisp`.
 *
 * Activations (Barrelfish's): when the kernel stops a dispatcher, it saves
 * the registers in the disabled area if the dispatcher is disabled, its
 * pc lies in [crit_pc_low, crit_pc_high), or it is inside a Thumb IT block
 * (whose state user mode cannot restore), else in the enabled area, and
 * never changes `disabled` for it.  It resumes from the disabled area what
 * it saved there (and a dispatcher marked disabled); any other is upcalled
 * at `run` with r0 = udisp, disabled = 1, and resumes the enabled area
 * itself.
 */
#ifndef DISPATCHER_H
#define DISPATCHER_H

#include <bits.h>

#define DISPATCHER_FRAME_BITS 12
#define DISPATCHER_FRAME_SIZE (U32(1) << DISPATCHER_FRAME_BITS)
#define DISP_NAME_LEN	      16

/* Byte offsets for assembly; checked against the structures below. */
#define DISP_OFFSET_DISABLED	  0
#define DISP_OFFSET_GOT_BASE	  44
#define DISP_OFFSET_ACTIVATIONS	  88
#define DISP_OFFSET_LMP_DELIVERED 80
#define DISP_OFFSET_LMP_SEEN	  84
#define DISP_OFFSET_ENABLED_AREA  96
#define DISP_OFFSET_DISABLED_AREA 164
#define DISP_AREA_OFFSET_PC	  60
#define DISP_AREA_OFFSET_CPSR	  64
#define DISP_UPCALL_STACK_TOP	  DISPATCHER_FRAME_SIZE /* the stack `run` uses */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* r[13] = sp, r[14] = lr, r[15] = pc. */
struct arm_registers {
	uint32_t r[16];
	uint32_t cpsr;
};

struct dispatcher_shared_generic {
	uint32_t disabled; /* nonzero: resumed from the disabled area */
	uint32_t haswork;
	uint32_t udisp; /* this frame's address in the dispatcher's VSpace */
	uint32_t run;	/* upcall entry point */
	uint32_t fault; /* fault upcall entry point (unused yet: faults exit) */
	uint32_t core_id;
	uint32_t fpu_trap; /* VFP is off: a VFP instruction is an undefined-instruction fault */
	char name[DISP_NAME_LEN];
};

struct dispatcher_shared_arm {
	uint32_t got_base;
	uint32_t crit_pc_low;
	uint32_t crit_pc_high;
};

struct dispatcher_generic {
	uint32_t core_id;
	uint32_t eh_frame;
	uint32_t eh_frame_size;
	uint32_t eh_frame_hdr;
	uint32_t eh_frame_hdr_size;
	uint32_t pid;
	uint32_t lmp_delivered; /* messages delivered to this dispatcher (the kernel's count) */
	uint32_t lmp_seen;	/* the count the dispatcher last looked at (a blocking yield) */
};

struct dispatcher_frame {
	struct dispatcher_shared_generic shared; /* 44 bytes */
	struct dispatcher_shared_arm arm;	 /* 12 bytes */
	struct dispatcher_generic generic;	 /* 32 bytes */
	uint32_t activations; /* `run` upcalls so far (counted by the user runtime) */
	/* A blocking yield with this set (the low 32 bits of a tick count; 0: none) also ends
	 * when the tick count reaches it: Barrelfish's disp->wakeup (docs/scheduling.md). */
	uint32_t wakeup;
	struct arm_registers enabled_area;  /* at DISP_OFFSET_ENABLED_AREA */
	struct arm_registers disabled_area; /* at DISP_OFFSET_DISABLED_AREA */
	/* The rest of the page is the stack of the `run` upcall. */
};

_Static_assert(__builtin_offsetof(struct dispatcher_frame, arm.got_base) == DISP_OFFSET_GOT_BASE,
	       "got_base offset");
_Static_assert(__builtin_offsetof(struct dispatcher_frame, activations) == DISP_OFFSET_ACTIVATIONS,
	       "activations offset");
_Static_assert(__builtin_offsetof(struct dispatcher_frame, generic.lmp_delivered) ==
		   DISP_OFFSET_LMP_DELIVERED,
	       "lmp_delivered offset");
_Static_assert(__builtin_offsetof(struct dispatcher_frame, generic.lmp_seen) ==
		   DISP_OFFSET_LMP_SEEN,
	       "lmp_seen offset");
_Static_assert(__builtin_offsetof(struct dispatcher_frame, enabled_area) ==
		   DISP_OFFSET_ENABLED_AREA,
	       "enabled area offset");
_Static_assert(__builtin_offsetof(struct dispatcher_frame, disabled_area) ==
		   DISP_OFFSET_DISABLED_AREA,
	       "disabled area offset");
_Static_assert(__builtin_offsetof(struct arm_registers, cpsr) == DISP_AREA_OFFSET_CPSR,
	       "cpsr offset");
#endif

#endif
