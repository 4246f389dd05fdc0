/*
 * The invocations, under Barrelfish's names, on top of the SYS_INVOKE
 * system call (include/syscalls.h).  CNode operations are invocations of
 * the caller's root CNode, with the caller's root as the source root too:
 * every address in them resolves in the caller's CSpace.  docs/syscalls.md lists the argument
 * registers.
 */
#include <stdint.h>

#include <capabilities.h>
#include <lmp.h>
#include <syscalls.h>

const struct capref NULL_CAP;

/* The root CNode, through its copy in TASKCN (a level-2 address). */
static const capaddr_t root_addr = CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN);

static struct sysret invoke(struct capref cap, uint32_t cmd, uint32_t a0, uint32_t a1, uint32_t a2,
			    uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t a7)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = capref_addr(cap, &addr, &level);
	struct sysret r = { err, { 0, 0, 0, 0 } };

	if (err_is_ok(err))
		r = syscall_invoke(addr, level, cmd, a0, a1, a2, a3, a4, a5, a6, a7);
	return r;
}

/* A CNode invocation on our own root; sources resolve in our own root too. */
static errval_t invoke_root(uint32_t cmd, const uint32_t a[SYS_INVOKE_ARGS])
{
	return (errval_t)syscall_invoke_args(root_addr, CAPADDR_LEVEL_L2, cmd, a).error;
}

errval_t cap_retype(struct capref dest_start, struct capref src, uint32_t offset,
		    enum objtype new_type, uint32_t objsize, uint32_t count)
{
	capaddr_t src_addr;
	uint8_t src_level;
	errval_t err = capref_addr(src, &src_addr, &src_level);

	if (err_is_fail(err))
		return err;
	return invoke_root(CNodeCmd_Retype,
			   (const uint32_t[SYS_INVOKE_ARGS]){
			       root_addr, src_addr, src_level, offset, new_type, objsize, count,
			       dest_start.cnode.cnode, dest_start.cnode.level, dest_start.slot });
}

static errval_t copy_or_mint(uint32_t cmd, struct capref dest, struct capref src, uint32_t rights,
			     uint32_t badge, uint32_t ep_offset, uint32_t ep_buflen)
{
	capaddr_t src_addr;
	uint8_t src_level;
	errval_t err = capref_addr(src, &src_addr, &src_level);

	if (err_is_fail(err))
		return err;
	return invoke_root(cmd, (const uint32_t[SYS_INVOKE_ARGS]){
				    dest.cnode.cnode, dest.cnode.level, dest.slot, root_addr,
				    src_addr, src_level, rights, badge, ep_offset, ep_buflen });
}

errval_t cap_copy(struct capref dest, struct capref src)
{
	return copy_or_mint(CNodeCmd_Copy, dest, src, 0, 0, 0, 0);
}

errval_t cap_copy_foreign(struct capref dest, struct capref src_root, capaddr_t src,
			  uint8_t src_level)
{
	capaddr_t root;
	uint8_t root_level;
	errval_t err = capref_addr(src_root, &root, &root_level);

	if (err_is_fail(err))
		return err;
	if (root_level != CAPADDR_LEVEL_L2)
		return LIB_ERR_CAP_NOT_ADDRESSABLE; /* a source root is named at level 2 */
	return invoke_root(CNodeCmd_Copy, (const uint32_t[SYS_INVOKE_ARGS]){
					      dest.cnode.cnode, dest.cnode.level, dest.slot, root,
					      src, src_level, 0, 0, 0, 0 });
}

errval_t cap_mint(struct capref dest, struct capref src, uint32_t rights, uint32_t badge)
{
	return copy_or_mint(CNodeCmd_Mint, dest, src, rights, badge, 0, 0);
}

errval_t cap_mint_endpoint(struct capref dest, struct capref src, uint32_t rights, uint32_t badge,
			   uint32_t offset, uint32_t buflen)
{
	return copy_or_mint(CNodeCmd_Mint, dest, src, rights, badge, offset, buflen);
}

static errval_t on_cap(uint32_t cmd, struct capref cap, struct sysret *ret)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = capref_addr(cap, &addr, &level);

	if (err_is_fail(err))
		return err;
	*ret = syscall_invoke(root_addr, CAPADDR_LEVEL_L2, cmd, addr, level, 0, 0, 0, 0, 0, 0);
	return (errval_t)ret->error;
}

errval_t cap_delete(struct capref cap)
{
	struct sysret r;
	return on_cap(CNodeCmd_Delete, cap, &r);
}

errval_t cap_revoke(struct capref cap)
{
	struct sysret r;
	return on_cap(CNodeCmd_Revoke, cap, &r);
}

errval_t cap_identify(struct capref cap, struct capability_identity *ret)
{
	struct sysret r;
	errval_t err = on_cap(CNodeCmd_Identify, cap, &r);

	if (err_is_ok(err))
		*ret = (struct capability_identity){ (enum objtype)(r.value[0] & 0xffu), r.value[1],
						     r.value[2], (uint8_t)(r.value[0] >> 8),
						     r.value[3] };
	return err;
}

errval_t vnode_map(struct capref dest, struct capref src, cslot_t slot, uint32_t attr,
		   uint32_t offset, uint32_t pte_count, struct capref mapping)
{
	capaddr_t src_addr;
	uint8_t src_level;
	errval_t err = capref_addr(src, &src_addr, &src_level);

	if (err_is_fail(err))
		return err;
	return (errval_t)invoke(dest, VNodeCmd_Map, slot, src_addr, src_level | (attr << 8), offset,
				pte_count, mapping.cnode.cnode, mapping.cnode.level, mapping.slot)
	    .error;
}

errval_t vnode_unmap(struct capref pgtbl, struct capref mapping)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = capref_addr(mapping, &addr, &level);

	if (err_is_fail(err))
		return err;
	return (errval_t)invoke(pgtbl, VNodeCmd_Unmap, addr, level, 0, 0, 0, 0, 0, 0).error;
}

errval_t invoke_dispatcher(struct capref dispatcher, struct capref domdispatcher,
			   struct capref cspace, struct capref vspace, struct capref dispframe,
			   bool run)
{
	capaddr_t c, v, f;
	uint8_t cl, vl, fl;
	errval_t err;

	(void)domdispatcher; /* Barrelfish's parent dispatcher: not used by this kernel */
	if ((err = capref_addr(cspace, &c, &cl)) || (err = capref_addr(vspace, &v, &vl)) ||
	    (err = capref_addr(dispframe, &f, &fl)))
		return err;
	return (errval_t)invoke(dispatcher, DispatcherCmd_Setup, c, cl, v, vl, f, fl, run, 0).error;
}

errval_t invoke_dispatcher_status(struct capref dispatcher, uint32_t *state, int32_t *status)
{
	struct sysret r = invoke(dispatcher, DispatcherCmd_Status, 0, 0, 0, 0, 0, 0, 0, 0);

	*state = r.value[0];
	*status = (int32_t)r.value[1];
	return (errval_t)r.error;
}

errval_t invoke_dispatcher_cpu_ticks(struct capref dispatcher, uint32_t *ticks)
{
	struct sysret r = invoke(dispatcher, DispatcherCmd_Status, 0, 0, 0, 0, 0, 0, 0, 0);

	*ticks = r.value[2];
	return (errval_t)r.error;
}

errval_t invoke_dispatcher_properties(struct capref dispatcher, uint32_t timeslice)
{
	return (errval_t)invoke(dispatcher, DispatcherCmd_Properties, timeslice, 0, 0, 0, 0, 0, 0,
				0)
	    .error;
}

errval_t invoke_kernel_cap_count(enum objtype type, uint32_t *count, uint64_t *bytes)
{
	struct sysret r = invoke(cap_kernel, KernelCmd_CapCounts, type, 0, 0, 0, 0, 0, 0, 0);

	*count = r.value[0];
	if (bytes)
		*bytes = r.value[1] | (uint64_t)r.value[2] << 32;
	return (errval_t)r.error;
}

errval_t invoke_kernel_check_invariants(void)
{
	return (errval_t)invoke(cap_kernel, KernelCmd_CheckInvariants, 0, 0, 0, 0, 0, 0, 0, 0)
	    .error;
}

errval_t invoke_kernel_dispatcher_timeslice(struct capref dispatcher, uint32_t ticks)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = capref_addr(dispatcher, &addr, &level);

	if (err_is_fail(err))
		return err;
	return (errval_t)invoke(cap_kernel, KernelCmd_DispatcherTimeslice, addr, level, ticks, 0, 0,
				0, 0, 0)
	    .error;
}

/* The address of c, or level 0 ("none") for NULL_CAP. */
static errval_t optional_addr(struct capref c, capaddr_t *addr, uint8_t *level)
{
	*addr = 0;
	*level = 0;
	return capref_is_null(c) ? SYS_ERR_OK : capref_addr(c, addr, level);
}

errval_t invoke_kernel_sched_counters(struct capref dispatcher, struct sched_counters *ret)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = optional_addr(dispatcher, &addr, &level);
	struct sysret r;

	if (err_is_fail(err))
		return err;
	r = invoke(cap_kernel, KernelCmd_SchedCounters, addr, level, 0, 0, 0, 0, 0, 0);
	*ret = (struct sched_counters){ r.value[0], r.value[1], r.value[2], r.value[3] };
	return (errval_t)r.error;
}

errval_t invoke_kernel_shutdown(int status)
{
	return (errval_t)invoke(cap_kernel, KernelCmd_Shutdown, (uint32_t)status, 0, 0, 0, 0, 0, 0,
				0)
	    .error;
}

errval_t invoke_kernel_syscall_fastpath(bool on, bool *was_on)
{
	struct sysret r = invoke(cap_kernel, KernelCmd_SyscallFastpath, on, 0, 0, 0, 0, 0, 0, 0);

	if (was_on)
		*was_on = r.value[0] != 0;
	return (errval_t)r.error;
}

errval_t invoke_kernel_idle_ticks(uint64_t *ticks)
{
	struct sysret r = invoke(cap_kernel, KernelCmd_IdleTicks, 0, 0, 0, 0, 0, 0, 0, 0);

	*ticks = ((uint64_t)r.value[1] << 32) | r.value[0];
	return (errval_t)r.error;
}

errval_t invoke_kernel_console_bind(struct capref ep)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = optional_addr(ep, &addr, &level);

	if (err_is_fail(err))
		return err;
	return (errval_t)invoke(cap_kernel, KernelCmd_ConsoleBind, addr, level, 0, 0, 0, 0, 0, 0)
	    .error;
}

errval_t invoke_dispatcher_lmp_frame(struct capref dispatcher, struct capref frame)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = optional_addr(frame, &addr, &level);

	if (err_is_fail(err))
		return err;
	return (errval_t)invoke(dispatcher, DispatcherCmd_LmpFrame, addr, level, 0, 0, 0, 0, 0, 0)
	    .error;
}

errval_t invoke_dispatcher_exit_endpoint(struct capref dispatcher, struct capref ep)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = optional_addr(ep, &addr, &level);

	if (err_is_fail(err))
		return err;
	return (errval_t)invoke(dispatcher, DispatcherCmd_ExitEndpoint, addr, level, 0, 0, 0, 0, 0,
				0)
	    .error;
}

errval_t endpoint_identify(struct capref ep, struct endpoint_identity *ret)
{
	struct sysret r = invoke(ep, EndPointCmd_Identify, 0, 0, 0, 0, 0, 0, 0, 0);

	if (err_is_ok((errval_t)r.error))
		*ret = (struct endpoint_identity){ r.value[0], r.value[1], r.value[2],
						   (uint8_t)r.value[3] };
	return (errval_t)r.error;
}

/* A send's addresses and its flags word (length and the level of the capability). */
static inline __attribute__((always_inline)) errval_t
send_addresses(struct capref ep, uint32_t flags, struct capref send_cap, uint32_t length,
	       uint32_t *ep_addr, uint32_t *word, uint32_t *flags_word, uint32_t *cap_addr)
{
	uint8_t ep_level, cap_level = 0;
	errval_t err = capref_addr(ep, ep_addr, &ep_level);

	*cap_addr = 0;
	if (err_is_ok(err) && !capref_is_null(send_cap))
		err = capref_addr(send_cap, cap_addr, &cap_level);
	if (err_is_fail(err))
		return err;
	/* The length and the level come from the arguments, never from stray bits of flags. */
	if (length > LMP_MSG_WORDS || (flags & ~(LMP_SEND_YIELD | LMP_SEND_MOVE)))
		return SYS_ERR_LMP_FLAGS_INVALID;
	*word = INVOKE_WORD(ep_level, EndPointCmd_Send);
	*flags_word = flags | LMP_SEND_LENGTH(length) | LMP_SEND_CAP_LEVEL(cap_level);
	return SYS_ERR_OK;
}

errval_t lmp_ep_send_args(struct capref ep, uint32_t flags, struct capref send_cap, uint32_t length,
			  const uint32_t *words, uint32_t args[SYS_ARGS_WORDS])
{
	errval_t err = send_addresses(ep, flags, send_cap, length, &args[SYS_INVOKE_REG_CPTR],
				      &args[SYS_INVOKE_REG_WORD], &args[SYS_INVOKE_REG_ARGS],
				      &args[SYS_INVOKE_REG_ARGS + 1]);

	if (err_is_fail(err))
		return err;
	args[0] = SYS_INVOKE;
	for (uint32_t i = 0; i < LMP_MSG_WORDS; i++)
		args[SYS_INVOKE_REG_ARGS + 2 + i] = i < length ? words[i] : 0;
	return SYS_ERR_OK;
}

errval_t lmp_ep_ref_make(struct capref ep, struct lmp_ep_ref *ref)
{
	uint8_t level;
	errval_t err = capref_addr(ep, &ref->addr, &level);

	ref->word = err_is_ok(err) ? INVOKE_WORD(level, EndPointCmd_Send) : 0;
	return err;
}

errval_t lmp_ep_send(struct capref ep, uint32_t flags, struct capref send_cap, uint32_t length,
		     const uint32_t *words)
{
	uint32_t ep_addr, word, flags_word, cap_addr;
	errval_t err =
	    send_addresses(ep, flags, send_cap, length, &ep_addr, &word, &flags_word, &cap_addr);

	if (err_is_fail(err))
		return err;
	return (errval_t)syscall_send(ep_addr, word, flags_word, cap_addr, words, length);
}
