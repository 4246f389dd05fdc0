/*
 * Dispatcher invocations: set a dispatcher up (CSpace root, VSpace root,
 * dispatcher frame) and make it runnable; report its state; set its
 * time slice and its LMP frame (docs/ipc.md); the scheduler's counters.  (A dump of its CSpace is
 * made in user space, through CNodeCmd_Identify on the CSpace root: docs/debugging.md.)
 */
#include <stdint.h>

#include <cap.h>
#include <core.h>
#include <dispatch.h>
#include <invocations.h>
#include <invoke.h>
#include <objtype.h>

struct setup_request {
	struct cte *cspace, *vspace, *frame;
	uint32_t run;
};

/* a0 CSpace root, a1 its level, a2 VSpace root, a3 its level, a4 frame, a5 its level, a6 run. */
static errval_t setup_decode(struct dcb *dcb, const uint32_t *a, struct setup_request *r)
{
	errval_t err;

	if (dcb->state != DISPATCHER_STATE_CREATED)
		return dcb->state == DISPATCHER_STATE_EXITED ? SYS_ERR_DISP_EXITED
							     : SYS_ERR_DISP_RUNNING;
	if ((err = lookup_cap(a[0], a[1], CAPRIGHTS_READ, &r->cspace)))
		return err;
	if ((err = lookup_cap(a[2], a[3], CAPRIGHTS_READ, &r->vspace)))
		return err;
	if ((err = lookup_cap(a[4], a[5], CAPRIGHTS_READ, &r->frame)))
		return err;
	if (r->cspace->cap.type != ObjType_L1CNode)
		return SYS_ERR_DISP_CSPACE_INVALID;
	if (r->vspace->cap.type != ObjType_VNode_ARM_l1)
		return SYS_ERR_DISP_VSPACE_INVALID;
	/* Running in a VSpace is using all its mappings: it takes the right to change it. */
	if (!cap_has_rights(r->vspace, CAPRIGHTS_READ | CAPRIGHTS_WRITE))
		return SYS_ERR_DISP_VSPACE_RIGHTS;
	if (r->frame->cap.type != ObjType_Frame || r->frame->cap.bytes < DISPATCHER_FRAME_SIZE)
		return SYS_ERR_DISP_FRAME_INVALID;
	if (!cap_has_rights(r->frame, CAPRIGHTS_READ | CAPRIGHTS_WRITE))
		return SYS_ERR_DISP_FRAME_RIGHTS;
	r->run = a[6];
	return SYS_ERR_OK;
}

/* Replace the DCB's own copy in `slot` by a copy of src. */
static void set_dcb_slot(struct dcb *dcb, enum dcb_slot slot, struct cte *src)
{
	if (!cte_is_empty(&dcb->slots[slot]))
		caps_delete(&dcb->slots[slot]);
	caps_copy(src, &dcb->slots[slot]);
}

static void setup_invoke(struct dcb *dcb, const struct setup_request *r)
{
	set_dcb_slot(dcb, DCB_SLOT_CSPACE, r->cspace);
	set_dcb_slot(dcb, DCB_SLOT_VSPACE, r->vspace);
	set_dcb_slot(dcb, DCB_SLOT_DISPFRAME, r->frame);
	dcb->frame = cap_kva(r->frame->cap.base);
	dcb->frame->generic.lmp_delivered = dcb->lmp_delivered;
	if (r->run)
		dispatch_make_runnable(dcb);
}

/* A time slice in ticks; above the default only with the Kernel capability. */
static errval_t check_timeslice(uint32_t ticks, bool authorised)
{
	if (ticks < 1 || ticks > DISPATCHER_MAX_TIMESLICE)
		return SYS_ERR_DISP_TIMESLICE;
	if (ticks > DISPATCHER_DEFAULT_TIMESLICE && !authorised)
		return SYS_ERR_DISP_TIMESLICE_AUTHORITY;
	return SYS_ERR_OK;
}

errval_t dispatcher_set_timeslice(uint32_t addr, uint32_t level, uint32_t ticks)
{
	struct cte *disp;
	errval_t err = lookup_cap(addr, level, CAPRIGHTS_READ, &disp);

	if (err_is_fail(err))
		return err;
	if (disp->cap.type != ObjType_Dispatcher)
		return SYS_ERR_DISP_CAP_INVALID;
	if (!cap_has_rights(disp, CAPRIGHTS_WRITE))
		return SYS_ERR_DISP_RIGHTS;
	if ((err = check_timeslice(ticks, true)))
		return err;
	dcb_of(&disp->cap)->timeslice = ticks;
	return SYS_ERR_OK;
}

/* LmpFrame: a0 frame, a1 its level (0: the dispatcher keeps no LMP frame). */
static errval_t lmp_frame_decode(const struct dcb *dcb, const uint32_t *a, struct cte **frame)
{
	errval_t err;

	*frame = NULL;
	if (dcb->state == DISPATCHER_STATE_EXITED)
		return SYS_ERR_DISP_EXITED;
	if (a[1] == 0)
		return SYS_ERR_OK;
	if ((err = lookup_cap(a[0], a[1], CAPRIGHTS_READ, frame)))
		return err;
	/* The kernel writes messages into it, through its own map of RAM. */
	if ((*frame)->cap.type != ObjType_Frame ||
	    !cap_has_rights(*frame, CAPRIGHTS_READ | CAPRIGHTS_WRITE))
		return SYS_ERR_DISP_LMP_FRAME_INVALID;
	return SYS_ERR_OK;
}

/* ExitEndpoint: a0 EndPoint, a1 its level (0: none).  The DCB keeps its own copy. */
static errval_t exit_ep_decode(const struct dcb *dcb, const uint32_t *a, struct cte **ep)
{
	errval_t err;

	*ep = NULL;
	if (dcb->state == DISPATCHER_STATE_EXITED)
		return SYS_ERR_DISP_EXITED;
	if (a[1] == 0)
		return SYS_ERR_OK;
	if ((err = lookup_cap(a[0], a[1], CAPRIGHTS_READ, ep)))
		return err;
	return (*ep)->cap.type == ObjType_EndPoint ? SYS_ERR_OK : SYS_ERR_DISP_EXITEP_INVALID;
}

/* Replace (or with NULL, delete) the DCB's own copy in an optional slot. */
static void set_optional_slot(struct dcb *dcb, enum dcb_slot slot, struct cte *src)
{
	if (src)
		set_dcb_slot(dcb, slot, src);
	else if (!cte_is_empty(&dcb->slots[slot]))
		caps_delete(&dcb->slots[slot]);
}

/* KernelCmd_SchedCounters: idle entries, and the runs, blocks and deliveries of a dispatcher. */
struct sysret sched_counters(uint32_t addr, uint32_t level)
{
	struct sysret ret = { SYS_ERR_OK, { this_core()->sched.idle_entries, 0, 0, 0 } };
	struct cte *disp;
	struct dcb *dcb;
	errval_t err;

	if (level == 0)
		return ret;
	if ((err = lookup_cap(addr, level, CAPRIGHTS_READ, &disp)))
		return sysret_error(err);
	if (disp->cap.type != ObjType_Dispatcher)
		return sysret_error(SYS_ERR_DISP_CAP_INVALID);
	dcb = dcb_of(&disp->cap);
	ret.value[1] = dcb->runs;
	ret.value[2] = dcb->blocks;
	ret.value[3] = dcb->lmp_delivered;
	return ret;
}

/* The right each command needs on the dispatcher capability. */
static uint8_t right_needed(uint32_t cmd)
{
	return cmd == DispatcherCmd_Status ? CAPRIGHTS_READ : CAPRIGHTS_WRITE;
}

struct sysret invoke_dispatcher(struct cte *disp, uint32_t cmd, const uint32_t *args)
{
	struct dcb *dcb = dcb_of(&disp->cap);
	struct setup_request req;
	struct cte *frame; /* the LMP frame or exit EndPoint to keep */
	struct sysret ret = { SYS_ERR_OK, { 0, 0, 0, 0 } };
	errval_t err;

	if (!cap_has_rights(disp, right_needed(cmd)))
		return sysret_error(SYS_ERR_DISP_RIGHTS);
	switch (cmd) {
	case DispatcherCmd_Setup:
		if ((err = setup_decode(dcb, args, &req)))
			return sysret_error(err);
		setup_invoke(dcb, &req);
		return ret;
	case DispatcherCmd_Status:
		dispatch_exit_if_broken(dcb);
		ret.value[0] = dcb->state;
		ret.value[1] = (uint32_t)dcb->exit_status;
		ret.value[2] = dcb->ticks_used;
		return ret;
	case DispatcherCmd_Properties:
		if ((err = check_timeslice(args[0], false)))
			return sysret_error(err);
		dcb->timeslice = args[0];
		return ret;
	case DispatcherCmd_LmpFrame:
		if ((err = lmp_frame_decode(dcb, args, &frame)))
			return sysret_error(err);
		set_optional_slot(dcb, DCB_SLOT_LMPFRAME, frame);
		return ret;
	case DispatcherCmd_ExitEndpoint:
		if ((err = exit_ep_decode(dcb, args, &frame)))
			return sysret_error(err);
		set_optional_slot(dcb, DCB_SLOT_EXITEP, frame);
		return ret;
	default: return sysret_error(SYS_ERR_ILLEGAL_INVOCATION);
	}
}
