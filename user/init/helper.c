/* Helper dispatchers sharing init's CSpace and VSpace (helper.h). */
#include <stdint.h>
#include <string.h>

#include <arch/armv7/dispatcher_arch.h>
#include <paging.h>
#include <slot_alloc.h>

#include "helper.h"

#define HELPER_STACK_SIZE 16384

/* The helper's first code, entered disabled: enable activations, run, exit. */
static void helper_entry(helper_fn fn, uint32_t arg) __attribute__((noreturn));
static void helper_entry(helper_fn fn, uint32_t arg)
{
	runtime_enable_activations();
	sys_exit(fn(arg));
}

errval_t helper_start_in(struct helper *h, const char *name, helper_fn fn, uint32_t arg,
			 uint32_t cpsr, struct capref frame, void *frame_va)
{
	struct paging_state *st = get_current_paging_state();
	struct dispatcher_frame *f = frame_va;
	void *top;
	errval_t err;

	h->frame = frame;
	h->frame_va = f;
	h->frame_owned = false;
	if ((err = slot_alloc(&h->disp)))
		return err;
	if ((err = dispatcher_create(h->disp)))
		goto fail_slot;
	if ((err = paging_alloc_stack(st, HELPER_STACK_SIZE, &h->stack_region, &top)))
		goto fail_disp;
	memset(f, 0, sizeof(*f));
	strncpy(f->shared.name, name, DISP_NAME_LEN - 1);
	f->shared.udisp = (uint32_t)frame_va;
	f->shared.disabled = 1;
	f->shared.fpu_trap = 1;
	arch_dispatcher_initial_state(&f->disabled_area, (uint32_t)helper_entry, (uint32_t)top,
				      (uint32_t)fn, 0);
	f->disabled_area.r[1] = arg;
	f->disabled_area.cpsr = cpsr; /* a test may forge any mode here */
	err = invoke_dispatcher(h->disp, cap_dispatcher, cap_root, cap_vroot, frame, true);
	if (err_is_ok(err))
		return SYS_ERR_OK;
	paging_unmap(st, h->stack_region);
fail_disp:
	ram_free(h->disp);
fail_slot:
	slot_free(h->disp);
	return err;
}

errval_t helper_start_cpsr(struct helper *h, const char *name, helper_fn fn, uint32_t arg,
			   uint32_t cpsr)
{
	struct capref frame;
	void *frame_va = NULL;
	errval_t err;

	if ((err = frame_alloc(&frame, DISPATCHER_FRAME_SIZE, NULL)))
		return err;
	err = paging_map_frame_attr(get_current_paging_state(), &frame_va, DISPATCHER_FRAME_SIZE,
				    frame, VREGION_FLAGS_READ_WRITE);
	if (err_is_ok(err))
		err = helper_start_in(h, name, fn, arg, cpsr, frame, frame_va);
	if (err_is_fail(err)) {
		if (frame_va)
			paging_unmap(get_current_paging_state(), frame_va);
		frame_free(frame);
		return err;
	}
	h->frame_owned = true;
	return SYS_ERR_OK;
}

errval_t helper_start(struct helper *h, const char *name, helper_fn fn, uint32_t arg)
{
	return helper_start_cpsr(h, name, fn, arg, PSR_MODE_USR);
}

uint32_t helper_state(const struct helper *h)
{
	uint32_t state = 0;
	int32_t status;

	invoke_dispatcher_status(h->disp, &state, &status);
	return state;
}

int32_t helper_wait(const struct helper *h)
{
	uint32_t state;
	int32_t status;

	for (;;) {
		if (err_is_fail(invoke_dispatcher_status(h->disp, &state, &status)))
			return INT32_MIN;
		if (state == DISPATCHER_STATE_EXITED)
			return status;
		sys_yield();
	}
}

void helper_destroy(struct helper *h)
{
	struct paging_state *st = get_current_paging_state();
	errval_t err = ram_free(h->disp);

	/* A test may have deleted the dispatcher itself; the slot is ours either way. */
	if (err_is_ok(err) || err == SYS_ERR_CAP_NOT_FOUND)
		slot_free(h->disp);
	paging_unmap(st, h->stack_region);
	if (h->frame_owned) {
		paging_unmap(st, h->frame_va);
		frame_free(h->frame);
	}
}
