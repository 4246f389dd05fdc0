/* struct probe, in the probe helper's dispatcher frame (sendprobe.S, tests_sendpath.c). */
#ifndef INIT_SENDPROBE_H
#define INIT_SENDPROBE_H

#define PROBE_OFFSET  2048 /* above struct dispatcher_frame, below the upcall stack it uses */
#define PROBE_MODE    0	   /* 0: wait enabled (upcalled next); 1: wait disabled (resumed) */
#define PROBE_UPCALLS 4
#define PROBE_RESUMES 8
#define PROBE_UPCALL  12 /* what the last upcall started with */
#define PROBE_RESUME  76 /* what the last resume found */
#define PROBE_WORDS   16 /* r0..r12, lr, sp, cpsr */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct probe {
	uint32_t mode, upcalls, resumes;
	uint32_t upcall[PROBE_WORDS], resume[PROBE_WORDS];
};

_Static_assert(__builtin_offsetof(struct probe, upcalls) == PROBE_UPCALLS &&
		   __builtin_offsetof(struct probe, resumes) == PROBE_RESUMES &&
		   __builtin_offsetof(struct probe, upcall) == PROBE_UPCALL &&
		   __builtin_offsetof(struct probe, resume) == PROBE_RESUME,
	       "sendprobe.S writes struct probe at these offsets");

void probe_run(void) __attribute__((noreturn));
void send_regs(const uint32_t in[13], uint32_t out[13]);
void send_regs_it(const uint32_t in[13], uint32_t out[13]);
extern const char send_regs_svc[];
#endif

#endif
