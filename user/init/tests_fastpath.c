/*
 * The system-call fast path (kernel/arch/armv7/syscall_fast.S) against the
 * full path: the same invocation, with the same registers, made once with
 * the fast path on and once with it off (KernelCmd_SyscallFastpath), must
 * give the same five result words.  The cases are the ones the fast path
 * serves and every way it can be just wrong: each check it makes, failed
 * on purpose, and the capabilities of a real CSpace, slot by slot.  The
 * send fast path (lmp_fast.S) the same way: a send both ways from the same
 * buffer state must leave the same buffer, the same count of deliveries
 * and the same result words.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <invocations.h>
#include <lmp_chan.h>
#include <runtime.h>
#include <slot_alloc.h>

#include "tests.h"

#define IDENTIFY_WORD(level) INVOKE_WORD(level, MemoryCmd_Identify)

static uint32_t compared; /* invocations made both ways */

static struct sysret invoke_raw(uint32_t cptr, uint32_t word)
{
	return syscall_regs(SYS_INVOKE, cptr, word, 0, 0, 0, 0, 0, 0, 0, 0);
}

/* One invocation both ways: false (and a line saying how) if the answers differ. */
static bool both_ways(uint32_t cptr, uint32_t word, struct sysret *ret)
{
	struct sysret fast, full;
	bool was_on = false;

	fast = invoke_raw(cptr, word);
	if (invoke_kernel_syscall_fastpath(false, &was_on) || !was_on) {
		printf("  the fast path was not on\n");
		return false;
	}
	full = invoke_raw(cptr, word);
	invoke_kernel_syscall_fastpath(true, NULL);
	compared++;
	if (memcmp(&fast, &full, sizeof(fast)) != 0) {
		printf("  address 0x%x, word 0x%x: fast path %s %x %x %x %x, full path %s %x %x %x "
		       "%x\n",
		       (unsigned)cptr, (unsigned)word, err_getname((errval_t)fast.error),
		       (unsigned)fast.value[0], (unsigned)fast.value[1], (unsigned)fast.value[2],
		       (unsigned)fast.value[3], err_getname((errval_t)full.error),
		       (unsigned)full.value[0], (unsigned)full.value[1], (unsigned)full.value[2],
		       (unsigned)full.value[3]);
		return false;
	}
	*ret = full;
	return true;
}

/* Both ways, and the full path's answer is `expected`. */
#define EXPECT_BOTH(cptr, word, expected)                   \
	do {                                                \
		struct sysret r_;                           \
		EXPECT(both_ways((cptr), (word), &r_));     \
		EXPECT_ERR((errval_t)r_.error, (expected)); \
	} while (0)

static capaddr_t addr_of(struct capref c)
{
	capaddr_t addr = 0;
	uint8_t level;

	capref_addr(c, &addr, &level);
	return addr;
}

/* What the fast path serves: Identify of RAM and Frames, at level 2, and what the answer is. */
static void test_fastpath_serves_identify(void)
{
	struct capref frame, ram;
	struct capability_identity id;
	struct sysret r;
	bool was_on;

	EXPECT_ERR((errval_t)syscall_invoke(addr_of(cap_kernel), CAPADDR_LEVEL_L2,
					    KernelCmd_SyscallFastpath, 2, 0, 0, 0, 0, 0, 0, 0)
		       .error,
		   SYS_ERR_FASTPATH_SWITCH);
	EXPECT_OK(invoke_kernel_syscall_fastpath(true, &was_on));
	EXPECT(was_on);
	EXPECT_OK(frame_alloc(&frame, 2 * BASE_PAGE_SIZE, NULL));
	EXPECT_OK(cap_identify(frame, &id));
	EXPECT(both_ways(addr_of(frame), IDENTIFY_WORD(CAPADDR_LEVEL_L2), &r));
	EXPECT(r.error == SYS_ERR_OK && r.value[0] == id.base && r.value[1] == 2 * BASE_PAGE_SIZE);
	EXPECT(r.value[2] == 0 && r.value[3] == 0);
	EXPECT_OK(ram_alloc(&ram, BASE_PAGE_SIZE));
	EXPECT_OK(cap_identify(ram, &id));
	EXPECT(both_ways(addr_of(ram), IDENTIFY_WORD(CAPADDR_LEVEL_L2), &r));
	EXPECT(r.error == SYS_ERR_OK && r.value[0] == id.base && r.value[1] == BASE_PAGE_SIZE);
	/* Other commands and levels of the same capability: the full path's errors. */
	EXPECT_BOTH(addr_of(frame), INVOKE_WORD(CAPADDR_LEVEL_L2, 0), SYS_ERR_ILLEGAL_INVOCATION);
	EXPECT_BOTH(addr_of(frame), INVOKE_WORD(CAPADDR_LEVEL_L2, 2), SYS_ERR_ILLEGAL_INVOCATION);
	EXPECT_BOTH(addr_of(frame), INVOKE_WORD(CAPADDR_LEVEL_L2, 0x10001),
		    SYS_ERR_ILLEGAL_INVOCATION);
	EXPECT_BOTH(addr_of(frame), IDENTIFY_WORD(0), SYS_ERR_INVALID_LEVEL);
	EXPECT_BOTH(addr_of(frame), IDENTIFY_WORD(3), SYS_ERR_INVALID_LEVEL);
	/* Deleted: not found either way; the slot used again: the new object's answer. */
	EXPECT_OK(cap_delete(frame));
	EXPECT_BOTH(addr_of(frame), IDENTIFY_WORD(CAPADDR_LEVEL_L2), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_OK(cap_retype(frame, ram, 0, ObjType_Frame, BASE_PAGE_SIZE, 1));
	EXPECT(both_ways(addr_of(frame), IDENTIFY_WORD(CAPADDR_LEVEL_L2), &r));
	EXPECT(r.error == SYS_ERR_OK && r.value[0] == id.base && r.value[1] == BASE_PAGE_SIZE);
	EXPECT_OK(cap_delete(frame));
	EXPECT_OK(slot_free(frame));
	EXPECT_OK(ram_free(ram));
}

/* Each check of the fast path, failed on purpose: the full path's error, both ways. */
static void test_fastpath_refuses_as_full_path(void)
{
	struct capref frame, weak_cn, frame_in_root;
	cslot_t weak_slot, frame_slot, empty_slot;
	const capaddr_t dispframe_in_task = CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME);

	EXPECT_OK(frame_alloc(&frame, BASE_PAGE_SIZE, NULL));
	EXPECT_OK(root_slot_alloc(&weak_slot));
	EXPECT_OK(root_slot_alloc(&frame_slot));
	EXPECT_OK(root_slot_alloc(&empty_slot));
	/* TASKCN again, in a root slot of its own, without the read right. */
	weak_cn = (struct capref){ cnode_root, weak_slot };
	EXPECT_OK(cap_mint(weak_cn, (struct capref){ cnode_root, ROOTCN_SLOT_TASKCN },
			   CAPRIGHTS_WRITE, 0));
	EXPECT_BOTH(dispframe_in_task, IDENTIFY_WORD(CAPADDR_LEVEL_L2), SYS_ERR_OK);
	EXPECT_BOTH(CAPADDR(weak_slot, TASKCN_SLOT_DISPFRAME), IDENTIFY_WORD(CAPADDR_LEVEL_L2),
		    SYS_ERR_CNODE_RIGHTS);
	/* A Frame where an L2 CNode should be; an empty root slot; outside the root. */
	frame_in_root = (struct capref){ cnode_root, frame_slot };
	EXPECT_OK(cap_copy(frame_in_root, frame));
	EXPECT_BOTH(CAPADDR(frame_slot, 0), IDENTIFY_WORD(CAPADDR_LEVEL_L2), SYS_ERR_CNODE_TYPE);
	EXPECT_BOTH(CAPADDR(empty_slot, 0), IDENTIFY_WORD(CAPADDR_LEVEL_L2),
		    SYS_ERR_CNODE_NOT_FOUND);
	EXPECT_BOTH(CAPADDR(ROOTCN_SLOTS_INIT, 0), IDENTIFY_WORD(CAPADDR_LEVEL_L2),
		    SYS_ERR_L1_INDEX_INVALID);
	EXPECT_BOTH(0xffffffffu, IDENTIFY_WORD(CAPADDR_LEVEL_L2), SYS_ERR_L1_INDEX_INVALID);
	/* Identify on what is not memory: a CNode, an empty slot, a root slot at level 1. */
	EXPECT_BOTH(CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN),
		    IDENTIFY_WORD(CAPADDR_LEVEL_L2), SYS_ERR_INVALID_LEVEL);
	EXPECT_BOTH(CAPADDR(ROOTCN_SLOT_TASKCN, 255), IDENTIFY_WORD(CAPADDR_LEVEL_L2),
		    SYS_ERR_CAP_NOT_FOUND);
	EXPECT_BOTH(CAPADDR(ROOTCN_SLOT_TASKCN, 0), IDENTIFY_WORD(CAPADDR_LEVEL_L1),
		    SYS_ERR_CNODE_NOT_ROOT);
	EXPECT_OK(cap_delete(frame_in_root));
	EXPECT_OK(cap_delete(weak_cn));
	root_slot_free(weak_slot);
	root_slot_free(frame_slot);
	root_slot_free(empty_slot);
	EXPECT_OK(frame_free(frame));
}

/*
 * The commands of each type that change nothing when made with zero
 * arguments, so they can be made twice: Identify of memory (and command 2,
 * which memory has not); a CNode's copy and identify, which refuse level 0;
 * a Kernel's count of live capabilities; an EndPoint's identify; a page
 * table's entry 0.  Nothing of a Dispatcher: its status counts ticks.
 */
static uint32_t harmless_commands(enum objtype type, uint32_t cmds[2])
{
	switch (type) {
	case ObjType_Null:
	case ObjType_RAM:
	case ObjType_Frame:
	case ObjType_DevFrame:
		cmds[0] = MemoryCmd_Identify;
		cmds[1] = MemoryCmd_Identify + 1;
		return 2;
	case ObjType_L1CNode:
	case ObjType_L2CNode:
		cmds[0] = CNodeCmd_Copy;
		cmds[1] = CNodeCmd_Identify;
		return 2;
	case ObjType_Frame_Mapping:
	case ObjType_DevFrame_Mapping:
	case ObjType_VNode_ARM_l2_Mapping: cmds[0] = 1; return 1;
	case ObjType_Kernel: cmds[0] = KernelCmd_CapCounts; return 1;
	case ObjType_EndPoint: cmds[0] = EndPointCmd_Identify; return 1;
	case ObjType_VNode_ARM_l1:
	case ObjType_VNode_ARM_l2: cmds[0] = VNodeCmd_Entry; return 1;
	default: return 0;
	}
}

/* Every slot of init's well-known CNodes, whatever it holds: what the fast path answers, and
 * what it hands on to the full path's invocations, found. */
static void test_fastpath_every_slot(void)
{
	static const uint32_t cnodes[] = { ROOTCN_SLOT_TASKCN,	   ROOTCN_SLOT_PAGECN,
					   ROOTCN_SLOT_SUPERCN,	   ROOTCN_SLOT_SEGCN,
					   ROOTCN_SLOT_PACN,	   ROOTCN_SLOT_MODULECN,
					   ROOTCN_SLOT_SLOT_ALLOC0 };
	uint32_t identified = 0, handed_on = 0, before = compared;

	for (uint32_t c = 0; c < sizeof(cnodes) / sizeof(cnodes[0]); c++) {
		for (uint32_t slot = 0; slot < L2_CNODE_SLOTS; slot++) {
			struct capref cap = { cnode_in_root(cnodes[c]), slot };
			struct capability_identity id = { .type = ObjType_Null };
			errval_t err = cap_identify(cap, &id);
			bool memory = id.type >= ObjType_RAM && id.type <= ObjType_DevFrame;
			uint32_t cmds[2], n;
			struct sysret r;

			if (err_is_fail(err) && err != SYS_ERR_CAP_NOT_FOUND) {
				EXPECT_OK(err);
			}
			n = harmless_commands(id.type, cmds);
			for (uint32_t i = 0; i < n; i++) {
				EXPECT(both_ways(addr_of(cap),
						 INVOKE_WORD(CAPADDR_LEVEL_L2, cmds[i]), &r));
				if (memory && cmds[i] == MemoryCmd_Identify) {
					EXPECT(r.error == SYS_ERR_OK && r.value[0] == id.base &&
					       r.value[1] == id.bytes);
					identified++;
				}
				handed_on += !memory && id.type != ObjType_Null;
			}
		}
	}
	/* init holds RAM, frames of its segments and modules, device frames, and more. */
	EXPECT(identified >= 8 && handed_on >= 8);
	printf("  %u invocations compared: %u identified, %u handed on\n",
	       (unsigned)(compared - before), (unsigned)identified, (unsigned)handed_on);
}

/* --- the send fast path (lmp_fast.S) ------------------------------------------------- */

#define SEND_BUFLEN 64 /* words: a header and a ring of 60 */
#define SEND_RING   (SEND_BUFLEN - LMP_BUF_HEADER_WORDS)

struct send_case {
	uint32_t flags, a1;	      /* a0 and a1 of the send */
	uint32_t delivered, consumed; /* the buffer's header before it */
};

struct send_outcome {
	struct sysret ret;
	uint32_t buf[SEND_BUFLEN];
	uint32_t deliveries; /* how far our frame's count of deliveries moved */
};

/* The buffer as the case says, the ring filled with a pattern; then the send. */
static void send_once(struct lmp_endpoint *ep, capaddr_t to, const struct send_case *c,
		      struct send_outcome *out)
{
	struct dispatcher_frame *f = disp_frame();
	uint32_t args[SYS_ARGS_WORDS] = { SYS_INVOKE, to,
					  INVOKE_WORD(CAPADDR_LEVEL_L2, EndPointCmd_Send), c->flags,
					  c->a1 };
	uint32_t before;

	for (uint32_t i = 0; i < LMP_MSG_WORDS; i++)
		args[5 + i] = 0xa0000000u + i * 0x01010101u;
	for (uint32_t i = LMP_BUF_HEADER_WORDS; i < SEND_BUFLEN; i++)
		ep->buf[i] = 0xeeee0000u + i;
	ep->buf[LMP_BUF_DELIVERED] = c->delivered;
	ep->buf[LMP_BUF_CONSUMED] = c->consumed;
	ep->buf[LMP_BUF_RECV_CPTR] = 0;
	ep->buf[LMP_BUF_RECV_LEVEL] = 0;
	before = f->generic.lmp_delivered;
	syscall_raw(args, &out->ret);
	for (uint32_t i = 0; i < SEND_BUFLEN; i++)
		out->buf[i] = ep->buf[i];
	out->deliveries = f->generic.lmp_delivered - before;
	f->generic.lmp_seen = f->generic.lmp_delivered;
}

/* One send both ways: false (and a line saying how) if anything differs. */
static bool send_both_ways(struct lmp_endpoint *ep, capaddr_t to, const struct send_case *c,
			   struct send_outcome *full)
{
	static struct send_outcome fast;
	bool was_on = false;

	send_once(ep, to, c, &fast);
	if (invoke_kernel_syscall_fastpath(false, &was_on) || !was_on)
		return false;
	send_once(ep, to, c, full);
	invoke_kernel_syscall_fastpath(true, NULL);
	compared++;
	if (memcmp(&fast, full, sizeof(fast)) == 0)
		return true;
	printf("  flags 0x%x, delivered %u, consumed %u: fast path %s (%u deliveries), "
	       "full path %s (%u deliveries)%s\n",
	       (unsigned)c->flags, (unsigned)c->delivered, (unsigned)c->consumed,
	       err_getname((errval_t)fast.ret.error), (unsigned)fast.deliveries,
	       err_getname((errval_t)full->ret.error), (unsigned)full->deliveries,
	       memcmp(fast.buf, full->buf, sizeof(fast.buf)) ? ", buffers differ" : "");
	return false;
}

/*
 * Sends to ourselves (so a directed yield is no switch) from every buffer
 * state that matters: each length and flag, the ring near its end (where
 * the fast path leaves the wrap to C), full and nearly full, and a header
 * the receiver broke.  The same sends on our SELFEP, which has no buffer.
 */
static void test_fastpath_sends_as_full_path(void)
{
	static const uint32_t extra_flags[] = { 0,
						LMP_SEND_YIELD,
						LMP_SEND_MOVE,
						LMP_SEND_CAP_LEVEL(CAPADDR_LEVEL_L2),
						LMP_SEND_YIELD | LMP_SEND_CAP_LEVEL(3),
						U32(1) << 20,
						U32(1) << 31 };
	static const uint32_t headers[][2] = {
		{ 0, 0 },
		{ 7, 7 },
		{ SEND_RING - 11, SEND_RING - 11 }, /* a long message just fits before the end */
		{ SEND_RING - 10, SEND_RING - 10 }, /* and just does not */
		{ SEND_RING - 1, SEND_RING - 1 },
		{ 20, 21 }, /* full */
		{ 20, 31 },
		{ 20, 32 }, /* nearly full */
		{ 5, 30 },
		{ SEND_RING, 0 }, /* broken */
		{ 0, SEND_RING },
		{ 0xffffffffu, 3 },
	};
	struct lmp_endpoint ep;
	struct capref to_self;
	struct send_outcome out;
	uint32_t ok = 0, before = compared;
	capaddr_t addr;

	EXPECT_OK(lmp_endpoint_create(&ep, SEND_BUFLEN, 0x5eed, &to_self));
	addr = addr_of(to_self);
	for (uint32_t h = 0; h < sizeof(headers) / sizeof(headers[0]); h++) {
		for (uint32_t x = 0; x < sizeof(extra_flags) / sizeof(extra_flags[0]); x++) {
			for (uint32_t len = 0; len <= LMP_SEND_LENGTH(~0u); len++) {
				struct send_case c = { extra_flags[x] | LMP_SEND_LENGTH(len), 0,
						       headers[h][0], headers[h][1] };

				EXPECT(send_both_ways(&ep, addr, &c, &out));
				ok += out.ret.error == SYS_ERR_OK;
			}
		}
	}
	/* SELFEP names no buffer. */
	struct send_case c = { LMP_SEND_LENGTH(1), 0, 0, 0 };
	EXPECT(send_both_ways(&ep, CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_SELFEP), &c, &out));
	EXPECT_ERR((errval_t)out.ret.error, SYS_ERR_LMP_NO_BUFFER);
	/* Lengths 0..8 with no flag or a yield, from the four states with room for them all. */
	EXPECT(ok >= 4 * 2 * (LMP_MSG_WORDS + 1));
	printf("  %u sends compared, %u delivered\n", (unsigned)(compared - before), (unsigned)ok);
	EXPECT_OK(cap_delete(to_self));
	EXPECT_OK(slot_free(to_self));
	lmp_endpoint_destroy(&ep);
}

const struct test fastpath_tests[] = {
	{ "fastpath_serves_identify", test_fastpath_serves_identify },
	{ "fastpath_refuses_as_full_path", test_fastpath_refuses_as_full_path },
	{ "fastpath_every_slot", test_fastpath_every_slot },
	{ "fastpath_sends_as_full_path", test_fastpath_sends_as_full_path },
};
const unsigned fastpath_test_count = sizeof(fastpath_tests) / sizeof(fastpath_tests[0]);
