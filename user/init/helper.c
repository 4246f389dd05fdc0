/* Helper dispatchers sharing init's CSpace and VSpace (helper.h). */
#include <stdint.h>

#include <arch_psr.h>

#include "helper.h"
#include "mem.h"

#define HELPER_STACK_SIZE 16384

extern char disp_run[], disp_crit_start[], disp_crit_end[];

/* The helper's first code, entered disabled: enable activations, run, exit. */
static void helper_entry(helper_fn fn, uint32_t arg) __attribute__((noreturn));
static void helper_entry(helper_fn fn, uint32_t arg)
{
	struct dispatcher_frame *f = disp_frame();

	f->shared.run = (uint32_t)disp_run;
	f->arm.crit_pc_low = (uint32_t)disp_crit_start;
	f->arm.crit_pc_high = (uint32_t)disp_crit_end;
	f->shared.disabled = 0;
	sys_exit(fn(arg));
}

errval_t helper_start_in(struct helper *h, const char *name, helper_fn fn, uint32_t arg,
			 uint32_t cpsr, capaddr_t frame, void *frame_va)
{
	capaddr_t stack;
	void *stack_va;
	struct dispatcher_frame *f;
	errval_t err;

	if ((err = object_alloc(ObjType_Dispatcher, OBJSIZE_DISPATCHER, &h->disp)))
		return err;
	if ((err = frame_alloc_map(HELPER_STACK_SIZE, MAP_FLAG_READ | MAP_FLAG_WRITE, &stack,
				   &stack_va)))
		return err;
	f = frame_va;
	for (int i = 0; i < DISP_NAME_LEN - 1 && name[i]; i++)
		f->shared.name[i] = name[i];
	f->shared.udisp = (uint32_t)frame_va;
	f->shared.disabled = 1;
	f->shared.fpu_trap = 1;
	f->disabled_area.r[0] = (uint32_t)fn;
	f->disabled_area.r[1] = arg;
	f->disabled_area.r[13] = (uint32_t)stack_va + HELPER_STACK_SIZE;
	f->disabled_area.r[15] = (uint32_t)helper_entry;
	f->disabled_area.cpsr = cpsr;
	h->frame = f;
	return invoke_dispatcher(h->disp, CAP_ROOTCN, CAP_VROOT, frame, 1);
}

errval_t helper_start_cpsr(struct helper *h, const char *name, helper_fn fn, uint32_t arg,
			   uint32_t cpsr)
{
	capaddr_t frame;
	void *frame_va;
	errval_t err;

	if ((err = frame_alloc_map(DISPATCHER_FRAME_SIZE, MAP_FLAG_READ | MAP_FLAG_WRITE, &frame,
				   &frame_va)))
		return err;
	return helper_start_in(h, name, fn, arg, cpsr, frame, frame_va);
}

errval_t helper_start(struct helper *h, const char *name, helper_fn fn, uint32_t arg)
{
	return helper_start_cpsr(h, name, fn, arg, USER_PSR_MODE_USR);
}

int32_t helper_wait(const struct helper *h)
{
	uint32_t state;
	int32_t status;

	for (;;) {
		if (err_is_fail(dispatcher_status(h->disp, &state, &status)))
			return INT32_MIN;
		if (state == DISPATCHER_STATE_EXITED)
			return status;
		sys_yield();
	}
}
