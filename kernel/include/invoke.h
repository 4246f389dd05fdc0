/*
 * Capability invocations.  Each is split into a decode step, which checks
 * every argument and returns a specific error, and an invoke step, which
 * acts: a failed invocation changes nothing.
 */
#ifndef INVOKE_H
#define INVOKE_H

#include <stdint.h>

#include <cap.h>
#include <syscalls.h>

/*
 * SYS_INVOKE in two steps: finish any deletion work left over and find the
 * capability that cptr names at the level in word (= level | cmd << 8); then
 * hand it to its type's invocations.  SYS_ERR_PREEMPTED from either means
 * "restart me" (kernel/syscall.c).
 */
errval_t invoke_lookup(uint32_t cptr, uint32_t word, struct cte **cte);
struct sysret invoke_cap(struct cte *cte, uint32_t word, const uint32_t args[SYS_INVOKE_ARGS]);

struct sysret invoke_cnode(struct cte *cnode, uint32_t cmd, const uint32_t *args);
struct sysret invoke_vnode(struct cte *vnode, uint32_t cmd, const uint32_t *args);
struct sysret invoke_dispatcher(struct cte *disp, uint32_t cmd, const uint32_t *args);
struct sysret invoke_endpoint(struct cte *ep, uint32_t cmd, const uint32_t *args);
/* KernelCmd_DispatcherTimeslice: the dispatcher at (addr, level) gets `ticks` per turn. */
errval_t dispatcher_set_timeslice(uint32_t addr, uint32_t level, uint32_t ticks);
/* KernelCmd_SchedCounters: the core's idle entries; with level != 0 the runs, blocking
 * yields and deliveries of the dispatcher at (addr, level). */
struct sysret sched_counters(uint32_t addr, uint32_t level);

/* Look a capability up in the current dispatcher's CSpace (rights: what every
 * CNode on the path must hold, CAPRIGHTS_READ to use it, _WRITE to change it). */
errval_t lookup_cap(uint32_t addr, uint32_t level, uint8_t rights, struct cte **ret);
errval_t lookup_slot(uint32_t addr, uint32_t level, uint8_t rights, struct cte **ret);
/* The slots of the CNode named by (addr, level) in the CSpace of root, whose
 * slots the caller will change (the path and the CNode need the write right). */
errval_t lookup_cnode_slots(struct cte *root, uint32_t addr, uint32_t level, struct cte **slots,
			    uint32_t *nslots);
/* The current dispatcher's CSpace root (its DCB's own copy). */
struct cte *caller_cspace_root(void);

static inline struct sysret sysret_error(errval_t err)
{
	struct sysret r = { err, { 0, 0, 0, 0 } };
	return r;
}

#endif
