/*
 * Helper dispatchers: a second dispatcher in init's own CSpace and VSpace,
 * with its own dispatcher frame and stack, started with invoke_dispatcher.
 * Tests use them to fault, spin and be preempted while init watches.  A
 * helper must not call into newlib or the paging library (init's state is
 * not shared safely).
 */
#ifndef INIT_HELPER_H
#define INIT_HELPER_H

#include <runtime.h>

typedef int (*helper_fn)(uint32_t arg);

struct helper {
	struct capref disp;
	struct capref frame;
	struct dispatcher_frame *frame_va; /* init's (shared) view of its frame */
	void *stack_region;
	bool frame_owned; /* the helper made the frame and frees it */
};

/* Start fn(arg) in a new dispatcher; `cpsr` is what its save area claims. */
errval_t helper_start_cpsr(struct helper *h, const char *name, helper_fn fn, uint32_t arg,
			   uint32_t cpsr);
/* The same with a dispatcher frame the caller made and mapped at frame_va. */
errval_t helper_start_in(struct helper *h, const char *name, helper_fn fn, uint32_t arg,
			 uint32_t cpsr, struct capref frame, void *frame_va);
errval_t helper_start(struct helper *h, const char *name, helper_fn fn, uint32_t arg);
/* Its dispatcher's state (DISPATCHER_STATE_*; 0 if the kernel would not say). */
uint32_t helper_state(const struct helper *h);
/* Yield until the helper has exited; returns its exit status. */
int32_t helper_wait(const struct helper *h);
/* Delete the dispatcher (if not yet gone) and give back its stack and frame. */
void helper_destroy(struct helper *h);

#endif
