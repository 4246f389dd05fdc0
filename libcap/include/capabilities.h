/*
 * Capabilities from user space, under Barrelfish's names: capability
 * references, the well-known capabilities of the CSpace layout, and the
 * invocations.  docs/syscalls.md lists the kernel side of each call.
 *
 * A `struct cnoderef` names a CNode by the address of its capability in
 * the caller's own CSpace: level 1 for an L2 CNode that sits in a slot of
 * the caller's root CNode (the usual case), level 2 for a CNode capability
 * held in an L2 slot (the root CNode itself, a child's L1 CNode, a foreign
 * L2 CNode).  A `struct capref` is a slot in such a CNode.  Only slots of
 * level-1 CNodes can be invoked; the others can be the destination of a
 * copy, retype or map.
 */
#ifndef LIBCAP_CAPABILITIES_H
#define LIBCAP_CAPABILITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <captypes.h>
#include <cspace.h>
#include <errors.h>
#include <invocations.h>
#include <lmp.h>
#include <syscalls.h>

typedef uint32_t cslot_t;

struct cnoderef {
	capaddr_t cnode; /* address of the CNode capability in the caller's CSpace */
	uint8_t level;	 /* 1: an L2 CNode in a root slot; 2: a CNode cap in an L2 slot */
};

struct capref {
	struct cnoderef cnode;
	cslot_t slot;
};

/* An L2 CNode in slot `rootcn_slot` of the caller's root CNode. */
static inline struct cnoderef cnode_in_root(uint32_t rootcn_slot)
{
	struct cnoderef c = { CAPADDR(rootcn_slot, 0), CAPADDR_LEVEL_L1 };
	return c;
}

/* The CNode whose capability lies in slot c (of one of our L2 CNodes), named at level 2. */
static inline struct cnoderef cnode_at(struct capref c)
{
	struct cnoderef r = { CAPADDR(CAPADDR_L1(c.cnode.cnode), c.slot), CAPADDR_LEVEL_L2 };
	return r;
}

/* The well-known CNodes and capabilities (include/cspace.h). */
extern const struct cnoderef cnode_root, cnode_task, cnode_page, cnode_super, cnode_seg,
    cnode_module, cnode_arg, cnode_pacn;
extern const struct capref cap_root, cap_dispatcher, cap_dispframe, cap_vroot, cap_bootinfo,
    cap_kernel, cap_argspage, cap_selfep, cap_initep;
extern const struct capref NULL_CAP;

static inline bool capref_is_null(struct capref c)
{
	return c.cnode.cnode == 0 && c.cnode.level == 0 && c.slot == 0;
}

static inline bool capref_equal(struct capref a, struct capref b)
{
	return a.cnode.cnode == b.cnode.cnode && a.cnode.level == b.cnode.level && a.slot == b.slot;
}

/*
 * The address and level to invoke the capability in c (only slots of level-1
 * CNodes): a slot of an L2 CNode at level 2, or an L2 CNode capability in a
 * slot of our own root at level 1.  Inline: it is part of every invocation.
 */
static inline errval_t capref_addr(struct capref c, capaddr_t *addr, uint8_t *level)
{
	if (c.cnode.level == CAPADDR_LEVEL_L1 && c.slot < L2_CNODE_SLOTS) {
		*addr = CAPADDR(CAPADDR_L1(c.cnode.cnode), c.slot);
		*level = CAPADDR_LEVEL_L2;
		return SYS_ERR_OK;
	}
	if (c.cnode.level == cnode_root.level && c.cnode.cnode == cnode_root.cnode &&
	    c.slot < ROOTCN_SLOTS_INIT) {
		*addr = CAPADDR(c.slot, 0);
		*level = CAPADDR_LEVEL_L1;
		return SYS_ERR_OK;
	}
	return LIB_ERR_CAP_NOT_ADDRESSABLE;
}

/* --- CNode operations ------------------------------------------------------ */

errval_t cap_retype(struct capref dest_start, struct capref src, uint32_t offset,
		    enum objtype new_type, uint32_t objsize, uint32_t count);
errval_t cap_copy(struct capref dest, struct capref src);
/* Copy the capability at (src, src_level) of another CSpace, whose root L1 CNode we hold at
 * src_root, into dest of ours. */
errval_t cap_copy_foreign(struct capref dest, struct capref src_root, capaddr_t src,
			  uint8_t src_level);
errval_t cap_mint(struct capref dest, struct capref src, uint32_t rights, uint32_t badge);
/*
 * Mint an EndPoint with a badge and a buffer of buflen words at byte offset
 * `offset` of the receiver's LMP frame (Barrelfish's cap_mint(dest,
 * cap_selfep, epoffset, buflen)); each is set once (0 keeps src's).
 */
errval_t cap_mint_endpoint(struct capref dest, struct capref src, uint32_t rights, uint32_t badge,
			   uint32_t offset, uint32_t buflen);
errval_t cap_delete(struct capref cap);
errval_t cap_revoke(struct capref cap);

struct capability_identity {
	enum objtype type;
	uint32_t base;
	uint32_t bytes;
	uint8_t rights; /* CAPRIGHTS_* */
	uint32_t badge; /* EndPoints only */
};
errval_t cap_identify(struct capref cap, struct capability_identity *ret);

/* --- memory ------------------------------------------------------------------ */

struct frame_identity {
	uint32_t base; /* physical address */
	uint32_t bytes;
};

/* The base and size of a RAM, Frame or DevFrame.  Inline, as the kernel's fast path serves
 * it (kernel/arch/armv7/syscall_fast.S): the whole round trip is a few dozen instructions. */
static inline errval_t frame_identify(struct capref frame, struct frame_identity *ret)
{
	capaddr_t addr;
	uint8_t level;
	errval_t err = capref_addr(frame, &addr, &level);
	struct sysret r;

	if (err_is_fail(err))
		return err;
	r = syscall_invoke_noargs(addr, level, MemoryCmd_Identify);
	if (err_is_ok((errval_t)r.error))
		*ret = (struct frame_identity){ r.value[0], r.value[1] };
	return (errval_t)r.error;
}

/*
 * RAM comes from the allocator the process installs: init its own RAM
 * allocator (user/lib/mm/), children what their spawner gave them.  The
 * allocator retypes the object asked for straight from the RAM it holds,
 * into a slot the caller has made: one invocation per object, with no RAM
 * capability in between to make and delete.
 */
struct ram_request {
	enum objtype type; /* ObjType_RAM for RAM itself */
	uint32_t objsize;  /* the object's size: at most bytes rounded up to a page */
	size_t bytes;	   /* the block it takes (rounded up to a page) */
	size_t alignment;  /* of the block: a power of two (at least a page is used) */
};
/* The object into dest, and the block's base into *base (if base is not NULL: every
 * allocator says it). */
typedef errval_t (*ram_alloc_func_t)(void *state, struct capref dest, const struct ram_request *req,
				     uint32_t *base);
/* A request an allocator can serve: a block of 1 byte to 2 GiB at a power-of-two alignment
 * of at most 2 GiB, and an object that reaches into the block's last page (so that giving
 * the object back, by its own size rounded up to pages, gives back the whole block). */
static inline bool ram_request_valid(const struct ram_request *req)
{
	const uint32_t max = 0x80000000u;
	uint32_t pages = (uint32_t)((req->bytes + BASE_PAGE_SIZE - 1) / BASE_PAGE_SIZE);

	return req->bytes != 0 && req->bytes <= max && req->alignment != 0 &&
	       (req->alignment & (req->alignment - 1)) == 0 && req->alignment <= max &&
	       req->objsize != 0 && (req->objsize + BASE_PAGE_SIZE - 1) / BASE_PAGE_SIZE == pages;
}
typedef errval_t (*ram_free_func_t)(void *state, struct capref cap);
/* Give [base, base + bytes) back; cap, unless NULL_CAP (gone already), is its last capability,
 * deleted (with its copies and descendants) once the range is known to be the allocator's. */
typedef errval_t (*ram_free_range_func_t)(void *state, struct capref cap, uint32_t base,
					  uint32_t bytes);
void ram_alloc_set(ram_alloc_func_t alloc, ram_free_func_t free, ram_free_range_func_t free_range,
		   void *state);
errval_t ram_alloc_aligned(struct capref *ret, size_t bytes, size_t alignment);
errval_t ram_alloc(struct capref *ret, size_t bytes);
/* Give a block back: cap is the last capability to all of it (RAM, Frame, or
 * another object made from all of it); it is deleted, its slot stays ours. */
errval_t ram_free(struct capref cap);
/* Give a block back by its range, when its capability is already gone (mm_free_range). */
errval_t ram_free_range(uint32_t base, uint32_t bytes);
/*
 * Give back a block we handed out copies of, and free cap's slot: by its
 * capability, or, if a holder of a copy revoked ours away, by the range
 * recorded in id when it was made.  If the allocator refuses it, cap and
 * its slot stay and the error is returned.
 */
errval_t ram_give_back(struct capref cap, const struct capability_identity *id);

/* A new Frame of at least `bytes` (rounded up to pages) in a fresh slot. */
errval_t frame_alloc(struct capref *dest, size_t bytes, size_t *retbytes);
/* Delete a frame from frame_alloc, give its memory back and free its slot. */
errval_t frame_free(struct capref frame);

/* --- CNodes ------------------------------------------------------------------ */

/* A new L1 CNode (256 slots, 16 KiB) in a fresh slot of ours; cnoderef names it (level 2). */
errval_t cnode_create_l1(struct capref *ret_dest, struct cnoderef *cnoderef);
/* A new L2 CNode in a free slot of our root CNode; cnoderef names it (level 1). */
errval_t cnode_create_l2(struct capref *ret_dest, struct cnoderef *cnoderef);
/*
 * A new L2 CNode for another CSpace: its capability goes into slot
 * dest_slot of the foreign L1 CNode dest_l1, without the revoke right
 * (CAPRIGHTS_SHARED); we keep a copy with all rights, which
 * cnoderef names (level 2), so that we can fill it.
 */
errval_t cnode_create_foreign_l2(struct capref dest_l1, cslot_t dest_slot,
				 struct cnoderef *cnoderef);

/* --- VNodes -------------------------------------------------------------------- */

/* A new page table of `type` (VNode_ARM_l1 or VNode_ARM_l2) in dest. */
errval_t vnode_create(struct capref dest, enum objtype type);
/* vnode_create, and the new table's identity as cap_identify would give it, from what the RAM
 * allocator says (no invocation made only to learn what was just made). */
errval_t vnode_create_identified(struct capref dest, enum objtype type,
				 struct capability_identity *id);
/* Map pte_count entries of src from entry `slot` of dest; the mapping cap goes into mapping. */
errval_t vnode_map(struct capref dest, struct capref src, cslot_t slot, uint32_t attr,
		   uint32_t offset, uint32_t pte_count, struct capref mapping);
errval_t vnode_unmap(struct capref pgtbl, struct capref mapping);
/* Print the table's valid entries (libcap/dump.c, read through VNodeCmd_Entry). */
errval_t vnode_dump(struct capref pgtbl);

/* --- dispatchers and the kernel -------------------------------------------------- */

errval_t dispatcher_create(struct capref dest);
/* Set the dispatcher up with its CSpace and VSpace roots and frame; run makes it runnable. */
errval_t invoke_dispatcher(struct capref dispatcher, struct capref domdispatcher,
			   struct capref cspace, struct capref vspace, struct capref dispframe,
			   bool run);
errval_t invoke_dispatcher_status(struct capref dispatcher, uint32_t *state, int32_t *status);
/* The ticks that found the dispatcher running: the CPU time it used, to one tick. */
errval_t invoke_dispatcher_cpu_ticks(struct capref dispatcher, uint32_t *ticks);
/* Scheduling properties: the dispatcher runs `timeslice` ticks per turn. */
errval_t invoke_dispatcher_properties(struct capref dispatcher, uint32_t timeslice);
/*
 * The number of capabilities of `type` in the whole system, and the sum of
 * their sizes, every copy counted (needs the Kernel cap; bytes may be NULL).
 */
errval_t invoke_kernel_cap_count(enum objtype type, uint32_t *count, uint64_t *bytes);
/* Check the kernel's invariants (derivation tree, page tables); slow, for tests. */
errval_t invoke_kernel_check_invariants(void);
/* Give a dispatcher up to DISPATCHER_MAX_TIMESLICE ticks per turn (the Kernel
 * capability's authority; invoke_dispatcher_properties allows the default only). */
errval_t invoke_kernel_dispatcher_timeslice(struct capref dispatcher, uint32_t ticks);

/* The scheduler's counters (KernelCmd_SchedCounters): who ran. */
struct sched_counters {
	uint32_t idle_entries; /* times the core had nothing to run */
	uint32_t runs;	       /* turns the dispatcher got */
	uint32_t blocks;       /* blocking yields that took it off the run queue */
	uint32_t delivered;    /* messages delivered to it */
};
/* Needs the Kernel cap; dispatcher NULL_CAP: only idle_entries. */
errval_t invoke_kernel_sched_counters(struct capref dispatcher, struct sched_counters *ret);
/* Stop the machine: under QEMU (with semihosting) it exits with `status`; on a board the
 * core halts.  Returns only if refused.  Needs the Kernel cap. */
errval_t invoke_kernel_shutdown(int status);
/* The ticks that found the core idle: time no dispatcher used.  Needs the Kernel cap. */
errval_t invoke_kernel_idle_ticks(uint64_t *ticks);
/* The kernel's system-call fast path on or off (*was_on: as it was; may be NULL). */
errval_t invoke_kernel_syscall_fastpath(bool on, bool *was_on);
/* Typed input goes to ep from now on, as messages from the kernel (LMP_CONSOLE_WORD, include/lmp.h;
 * docs/console.md); NULL_CAP: to nobody.  Needs the Kernel cap. */
errval_t invoke_kernel_console_bind(struct capref ep);

/* --- message passing (docs/ipc.md, include/lmp.h) ------------------------------------- */

/* The frame the dispatcher's EndPoint buffers live in (NULL_CAP: none). */
errval_t invoke_dispatcher_lmp_frame(struct capref dispatcher, struct capref frame);
/* When the dispatcher exits, the kernel sends LMP_EXIT_WORD and the status on ep,
 * marked LMP_MSG_FROM_KERNEL (NULL_CAP: no message). */
errval_t invoke_dispatcher_exit_endpoint(struct capref dispatcher, struct capref ep);

struct endpoint_identity {
	uint32_t badge;
	uint32_t offset; /* of its buffer in the receiver's LMP frame, bytes */
	uint32_t buflen; /* words; 0: no buffer */
	uint8_t rights;
};
errval_t endpoint_identify(struct capref ep, struct endpoint_identity *ret);

/*
 * Send `length` (at most LMP_MSG_WORDS) words, and send_cap unless it is
 * NULL_CAP, on ep.  flags: LMP_SEND_YIELD runs the receiver at once,
 * LMP_SEND_MOVE moves send_cap instead of copying it; any other bit is
 * SYS_ERR_LMP_FLAGS_INVALID.
 */
errval_t lmp_ep_send(struct capref ep, uint32_t flags, struct capref send_cap, uint32_t length,
		     const uint32_t *words);
/* The same send's system-call registers (r0..r12, as syscall_raw loads them), not made. */
errval_t lmp_ep_send_args(struct capref ep, uint32_t flags, struct capref send_cap, uint32_t length,
			  const uint32_t *words, uint32_t args[SYS_ARGS_WORDS]);

/*
 * An EndPoint's address worked out once, for a channel that sends words
 * alone on it again and again: lmp_ep_ref_send(ref, ...) is
 * lmp_ep_send(ep, ..., NULL_CAP, ...) without turning the capref into an
 * address on every send.  It names the slot, as the capref does: the kernel
 * still checks at each send what the slot holds.
 */
struct lmp_ep_ref {
	capaddr_t addr;
	uint32_t word; /* INVOKE_WORD(level, EndPointCmd_Send); 0: not made */
};
/* LIB_ERR_CAP_NOT_ADDRESSABLE (and *ref unmade) if ep cannot be invoked. */
errval_t lmp_ep_ref_make(struct capref ep, struct lmp_ep_ref *ref);

static inline errval_t lmp_ep_ref_send(const struct lmp_ep_ref *ref, uint32_t flags,
				       uint32_t length, const uint32_t *words)
{
	if (ref->word == 0)
		return LIB_ERR_CAP_NOT_ADDRESSABLE;
	if (length > LMP_MSG_WORDS || (flags & ~(LMP_SEND_YIELD | LMP_SEND_MOVE)))
		return SYS_ERR_LMP_FLAGS_INVALID;
	return (errval_t)syscall_send(ref->addr, ref->word, flags | LMP_SEND_LENGTH(length), 0,
				      words, length);
}

/*
 * A call (include/lmp.h, docs/ipc.md): the first `length` (at most
 * LMP_CALL_WORDS) of `words` to the dispatcher ref's EndPoint names, which
 * must be waiting in SYS_REPLY_WAIT (else SYS_ERR_LMP_NOT_WAITING, and
 * nothing was sent); its reply in `reply`.  words is read whole.
 */
static inline errval_t lmp_ep_ref_call(const struct lmp_ep_ref *ref, uint32_t length,
				       const uint32_t words[LMP_CALL_WORDS],
				       uint32_t reply[LMP_CALL_WORDS])
{
	register uint32_t r0 __asm__("r0") = SYS_INVOKE;
	register uint32_t r1 __asm__("r1") = ref->addr;
	register uint32_t r2 __asm__("r2") =
	    INVOKE_WORD(INVOKE_WORD_LEVEL(ref->word), EndPointCmd_Call);
	register uint32_t r3 __asm__("r3") = LMP_SEND_LENGTH(length);
	register uint32_t r4 __asm__("r4");
	register uint32_t r5 __asm__("r5") = words[0];
	register uint32_t r6 __asm__("r6") = words[1];
	register uint32_t r7 __asm__("r7") = words[2];
	register uint32_t r8 __asm__("r8") = words[3];

	_Static_assert(LMP_CALL_WORDS == 4,
		       "a call's words go in r5..r8, its reply comes in r1..r4");
	if (ref->word == 0)
		return LIB_ERR_CAP_NOT_ADDRESSABLE;
	/* The words where a send has its payload; the reply in the results. */
	__asm__ volatile("svc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "=r"(r4)
			 : "r"(r5), "r"(r6), "r"(r7), "r"(r8)
			 : "memory");
	reply[0] = r1;
	reply[1] = r2;
	reply[2] = r3;
	reply[3] = r4;
	return (errval_t)r0;
}

/* --- errors -------------------------------------------------------------------------- */

const char *err_getstring(errval_t err);
const char *err_getname(errval_t err);

#define DEBUG_ERR(err, ...) debug_err(__func__, __LINE__, (err), __VA_ARGS__)
void debug_err(const char *func, int line, errval_t err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
