/*
 * In-system tests of the CPU driver's rules, from user mode: retype, the
 * derivation tree, map and unmap, TLB maintenance, faults, sharing the
 * CPU, dispatcher deletion, bad system calls (registers across preemption:
 * tests_context.c).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <arch/armv7/psr.h>
#include <lmp.h>
#include <paging.h>
#include <slot_alloc.h>

#include "helper.h"
#include "tests.h"

int test_failures;

uint32_t count_of(enum objtype type)
{
	uint32_t n = 0;

	invoke_kernel_cap_count(type, &n, NULL);
	return n;
}

/* A fresh slot; the tests leave their capabilities to revokes of their RAM. */
static struct capref new_slot(void)
{
	struct capref s = NULL_CAP;

	slot_alloc(&s);
	return s;
}

static void test_retype_rules(void)
{
	struct capref ram, cn_cap, frame, dest = new_slot();
	struct cnoderef cn;

	EXPECT_OK(ram_alloc(&ram, 1 * MiB));
	EXPECT_ERR(cap_retype(dest, ram, 100, ObjType_Frame, 4 * KiB, 1),
		   SYS_ERR_RETYPE_INVALID_OFFSET);
	EXPECT_ERR(cap_retype(dest, ram, 0, ObjType_Frame, 5000, 1), SYS_ERR_RETYPE_INVALID_SIZE);
	EXPECT_ERR(cap_retype(dest, ram, 0, ObjType_L2CNode, 8 * KiB, 1),
		   SYS_ERR_RETYPE_INVALID_SIZE);
	EXPECT_ERR(cap_retype(dest, ram, 0, ObjType_Frame, 4 * KiB, 0),
		   SYS_ERR_RETYPE_INVALID_COUNT);
	EXPECT_ERR(cap_retype(dest, ram, 0, ObjType_Frame, 4 * KiB, 0x100001),
		   SYS_ERR_RETYPE_OUT_OF_RANGE);
	EXPECT_ERR(cap_retype(dest, ram, 0, ObjType_Frame, 0x80000000u, 4),
		   SYS_ERR_RETYPE_OUT_OF_RANGE); /* count * size overflows 32 bits */
	EXPECT_ERR(cap_retype(dest, ram, 0, ObjType_Kernel, 4 * KiB, 1), SYS_ERR_DEST_TYPE_INVALID);
	/* A descendant makes the overlapping range unavailable until revoked. */
	EXPECT_OK(cap_retype(dest, ram, 64 * KiB, ObjType_Frame, 64 * KiB, 1));
	frame = dest;
	dest = new_slot();
	EXPECT_ERR(cap_retype(dest, ram, 120 * KiB, ObjType_Frame, 8 * KiB, 1),
		   SYS_ERR_REVOKE_FIRST);
	EXPECT_OK(cap_retype(dest, ram, 128 * KiB, ObjType_Frame, 8 * KiB, 1));
	/* Destination slots: occupied, and past the end of the CNode. */
	EXPECT_ERR(cap_retype(dest, ram, 256 * KiB, ObjType_Frame, 4 * KiB, 1),
		   SYS_ERR_SLOT_IN_USE);
	EXPECT_OK(cnode_create_l2(&cn_cap, &cn));
	EXPECT_ERR(
	    cap_retype((struct capref){ cn, 250 }, ram, 256 * KiB, ObjType_Frame, 4 * KiB, 10),
	    SYS_ERR_SLOTS_INVALID);
	/* Wrong source type: a Frame cannot become a CNode. */
	dest = new_slot();
	EXPECT_ERR(cap_retype(dest, frame, 0, ObjType_L2CNode, 16 * KiB, 1),
		   SYS_ERR_INVALID_SOURCE_TYPE);
	EXPECT_OK(cap_revoke(ram));
	EXPECT_OK(cap_retype(dest, ram, 120 * KiB, ObjType_Frame, 8 * KiB, 1));
	EXPECT_OK(cap_revoke(ram));
	EXPECT_OK(ram_free(ram));
	EXPECT_OK(ram_free(cn_cap));
	root_slot_free(cn_cap.slot);
}

static void test_copy_mint_delete_revoke(void)
{
	struct capref ram, frame = new_slot(), copy = new_slot(), minted = new_slot();
	struct capref child = new_slot(), other = new_slot();
	struct capability_identity id, id2;
	uint32_t frames_before = count_of(ObjType_Frame);

	EXPECT_OK(ram_alloc(&ram, 256 * KiB));
	EXPECT_OK(cap_retype(frame, ram, 0, ObjType_Frame, 64 * KiB, 1));
	EXPECT_OK(cap_copy(copy, frame));
	EXPECT_ERR(cap_copy(copy, frame), SYS_ERR_SLOT_IN_USE);
	EXPECT_OK(cap_mint(minted, frame, CAPRIGHTS_READ, 0));
	EXPECT_ERR(cap_mint(other, minted, CAPRIGHTS_ALLRIGHTS, 0), SYS_ERR_RIGHTS_INVALID);
	EXPECT(count_of(ObjType_Frame) == frames_before + 3);
	/* Deleting the original leaves the copy naming the same frame. */
	EXPECT_OK(cap_identify(frame, &id));
	EXPECT_OK(cap_delete(frame));
	EXPECT_ERR(cap_identify(frame, &id2), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_OK(cap_identify(copy, &id2));
	EXPECT(id2.type == ObjType_Frame && id2.base == id.base && id2.bytes == 64 * KiB);
	/* A child of the copy: retype Frame into a smaller Frame. */
	EXPECT_OK(cap_retype(child, copy, 0, ObjType_Frame, 4 * KiB, 1));
	/* Revoking the RAM removes every copy and descendant. */
	EXPECT_OK(cap_revoke(ram));
	EXPECT_ERR(cap_identify(copy, &id), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_identify(minted, &id), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_identify(child, &id), SYS_ERR_CAP_NOT_FOUND);
	EXPECT(count_of(ObjType_Frame) == frames_before);
	EXPECT_ERR(cap_delete(copy), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_delete((struct capref){ cnode_in_root(200), 0 }), SYS_ERR_CNODE_NOT_FOUND);
	EXPECT_OK(ram_free(ram));
}

/* Does [va, va + bytes) hold `word` in every word? */
static bool all_words(const uint32_t *va, uint32_t bytes, uint32_t word)
{
	for (uint32_t i = 0; i < bytes / sizeof(uint32_t); i++)
		if (va[i] != word)
			return false;
	return true;
}

/* Memory that held data is zeroed before it becomes a new object: a Frame, then a CNode. */
static void test_reused_memory_is_zeroed(void)
{
	struct paging_state *st = get_current_paging_state();
	struct capref ram, frame = new_slot(), cn_cap;
	struct capability_identity id;
	cslot_t root_slot;
	void *va;

	EXPECT_OK(ram_alloc(&ram, 16 * KiB));
	for (int round = 0; round < 2; round++) {
		EXPECT_OK(cap_retype(frame, ram, 0, ObjType_Frame, 16 * KiB, 1));
		EXPECT_OK(paging_map_frame(st, &va, 16 * KiB, frame));
		EXPECT(all_words(va, 16 * KiB,
				 0)); /* the second round: what the first wrote is gone */
		memset(va, 0xa5, 16 * KiB);
		EXPECT_OK(paging_unmap(st, va));
		EXPECT_OK(cap_delete(frame));
	}
	/* The same memory as an L2 CNode: every one of its slots is empty. */
	EXPECT_OK(root_slot_alloc(&root_slot));
	cn_cap = (struct capref){ cnode_root, root_slot };
	EXPECT_OK(cap_retype(cn_cap, ram, 0, ObjType_L2CNode, 16 * KiB, 1));
	for (cslot_t i = 0; i < L2_CNODE_SLOTS; i++)
		EXPECT_ERR(cap_identify((struct capref){ cnode_in_root(root_slot), i }, &id),
			   SYS_ERR_CAP_NOT_FOUND);
	EXPECT_OK(cap_delete(cn_cap));
	root_slot_free(root_slot);
	EXPECT_OK(ram_free(ram));
	slot_free(frame);
}

/* A VA range of its own (2 MiB, 1 MiB-aligned) that the paging library leaves alone. */
static uint32_t private_range(void)
{
	void *buf = NULL;

	paging_alloc(get_current_paging_state(), &buf, 2 * MiB, MiB);
	return (uint32_t)buf;
}

static void test_map_unmap_rules(void)
{
	struct capref l2 = new_slot(), frame, section, l2_mapping = new_slot();
	struct capref mapping = new_slot(), mapping2 = new_slot(), m = new_slot();
	uint32_t va = private_range();
	const uint32_t rw = MAP_FLAG_READ | MAP_FLAG_WRITE;

	EXPECT(va != 0);
	EXPECT_OK(vnode_create(l2, ObjType_VNode_ARM_l2));
	EXPECT_OK(frame_alloc(&frame, 4 * KiB, NULL));
	EXPECT_OK(vnode_map(cap_vroot, l2, va >> 20, 0, 0, 1, l2_mapping));
	EXPECT_OK(vnode_map(l2, frame, (va >> 12) & 0xff, rw, 0, 1, mapping));
	EXPECT_ERR(vnode_map(l2, frame, (va >> 12) & 0xff, rw, 0, 1, mapping2),
		   SYS_ERR_VNODE_SLOT_INUSE);
	EXPECT_ERR(vnode_map(l2, frame, 20, rw, 0, 1, mapping), SYS_ERR_SLOT_IN_USE);
	EXPECT_ERR(vnode_map(l2, frame, 250, rw, 0, 7, m), SYS_ERR_VNODE_SLOT_INVALID);
	EXPECT_ERR(vnode_map(l2, frame, 10, rw, 4 * KiB, 1, m), SYS_ERR_FRAME_OFFSET_INVALID);
	EXPECT_ERR(vnode_map(l2, frame, 10, rw | MAP_FLAG_NOCACHE, 0, 1, m), SYS_ERR_NOCACHE_RAM);
	EXPECT_ERR(vnode_map(cap_vroot, frame, 2048, rw, 0, 1, m), SYS_ERR_VNODE_SLOT_RESERVED);
	EXPECT_ERR(vnode_map(cap_vroot, l2, 4095, 0, 0, 1, m), SYS_ERR_VNODE_SLOT_RESERVED);
	EXPECT_ERR(vnode_map(cap_vroot, frame, 0x300, rw, 0, 1, m),
		   SYS_ERR_FRAME_OFFSET_INVALID); /* a 4 KiB frame is no section */
	*(volatile uint32_t *)va = 42;
	EXPECT(*(volatile uint32_t *)va == 42);
	EXPECT_ERR(vnode_unmap(cap_vroot, mapping), SYS_ERR_WRONG_MAPPING);
	EXPECT_ERR(vnode_unmap(l2, frame), SYS_ERR_MAPPING_TYPE);
	EXPECT_OK(vnode_unmap(l2, mapping));
	EXPECT_ERR(vnode_unmap(l2, mapping), SYS_ERR_CAP_NOT_FOUND);
	/* A 1 MiB section in the L1 table, from a 1 MiB-aligned frame. */
	struct capref ram;
	EXPECT_OK(ram_alloc_aligned(&ram, MiB, MiB));
	section = new_slot();
	EXPECT_OK(cap_retype(section, ram, 0, ObjType_Frame, MiB, 1));
	EXPECT_OK(vnode_map(cap_vroot, section, (va >> 20) + 1, rw, 0, 1, m));
	*(volatile uint32_t *)(va + MiB) = 7;
	EXPECT(*(volatile uint32_t *)(va + MiB) == 7);
	EXPECT_OK(vnode_unmap(cap_vroot, m));
	EXPECT_OK(cap_delete(section));
	EXPECT_OK(ram_free(ram));
	EXPECT_OK(vnode_unmap(cap_vroot, l2_mapping));
	EXPECT_OK(ram_free(l2));
	EXPECT_OK(frame_free(frame));
	EXPECT_OK(paging_unmap(get_current_paging_state(), (void *)va));
}

/* The same address, remapped to a different frame, reads the new frame. */
static void test_remap_reads_new_frame(void)
{
	struct paging_state *st = get_current_paging_state();
	struct capref a, b, l2 = new_slot(), l2_mapping = new_slot(), mapping = new_slot();
	uint32_t *a_va, *b_va, va = private_range();

	EXPECT_OK(frame_alloc(&a, 4 * KiB, NULL));
	EXPECT_OK(frame_alloc(&b, 4 * KiB, NULL));
	EXPECT_OK(paging_map_frame(st, (void **)&a_va, 4 * KiB, a));
	EXPECT_OK(paging_map_frame(st, (void **)&b_va, 4 * KiB, b));
	a_va[0] = 0xaaaaaaaa;
	b_va[0] = 0xbbbbbbbb;
	EXPECT_OK(vnode_create(l2, ObjType_VNode_ARM_l2));
	EXPECT_OK(vnode_map(cap_vroot, l2, va >> 20, 0, 0, 1, l2_mapping));
	EXPECT_OK(vnode_map(l2, a, (va >> 12) & 0xff, MAP_FLAG_READ, 0, 1, mapping));
	EXPECT(*(volatile uint32_t *)va == 0xaaaaaaaa);
	EXPECT_OK(vnode_unmap(l2, mapping));
	EXPECT_OK(vnode_map(l2, b, (va >> 12) & 0xff, MAP_FLAG_READ, 0, 1, mapping));
	EXPECT(*(volatile uint32_t *)va == 0xbbbbbbbb);
	EXPECT_OK(vnode_unmap(l2, mapping));
	EXPECT_OK(vnode_unmap(cap_vroot, l2_mapping));
	EXPECT_OK(ram_free(l2));
	EXPECT_OK(paging_unmap(st, a_va));
	EXPECT_OK(paging_unmap(st, b_va));
	EXPECT_OK(frame_free(a));
	EXPECT_OK(frame_free(b));
	EXPECT_OK(paging_unmap(st, (void *)va));
}

static int fault_write_null(uint32_t arg)
{
	(void)arg;
	*(volatile uint32_t *)0 = 1;
	return 0;
}

static void test_user_fault_reported(void)
{
	struct helper h;

	EXPECT_OK(helper_start(&h, "faulter", fault_write_null, 0));
	EXPECT(helper_wait(&h) == EXIT_STATUS_FAULT);
	helper_destroy(&h);
}

struct spinner {
	volatile uint32_t count;
	volatile uint32_t stop;
};

static int spin(uint32_t arg)
{
	struct spinner *s = (struct spinner *)arg;

	while (!s->stop)
		s->count++;
	return 0;
}

static void test_two_spinners_share_the_cpu(void)
{
	static struct spinner s1, s2;
	struct helper h1, h2;
	uint32_t lo, hi;

	EXPECT_OK(helper_start(&h1, "spinner1", spin, (uint32_t)&s1));
	EXPECT_OK(helper_start(&h2, "spinner2", spin, (uint32_t)&s2));
	while (h1.frame_va->activations < SPIN_SLICES || h2.frame_va->activations < SPIN_SLICES)
		sys_yield();
	s1.stop = s2.stop = 1;
	helper_wait(&h1);
	helper_wait(&h2);
	lo = s1.count < s2.count ? s1.count : s2.count;
	hi = s1.count < s2.count ? s2.count : s1.count;
	printf("  spinners: %u and %u iterations\n", (unsigned)s1.count, (unsigned)s2.count);
	helper_destroy(&h1);
	helper_destroy(&h2);
	EXPECT(lo > 0 && hi <= 2 * lo);
}

/* A dispatcher with a time slice of three ticks gets about three times the CPU of one with one. */
static void test_timeslice_property(void)
{
	static struct spinner s1, s2;
	struct helper h1, h2;
	uint32_t ratio10;

	s1.count = s2.count = s1.stop = s2.stop = 0;
	EXPECT_OK(helper_start(&h1, "slice3", spin, (uint32_t)&s1));
	EXPECT_OK(helper_start(&h2, "slice1", spin, (uint32_t)&s2));
	/* More than the default takes the Kernel capability's authority. */
	EXPECT_ERR(invoke_dispatcher_properties(h1.disp, 3), SYS_ERR_DISP_TIMESLICE_AUTHORITY);
	EXPECT_OK(invoke_kernel_dispatcher_timeslice(h1.disp, 3));
	EXPECT_OK(invoke_dispatcher_properties(h2.disp, DISPATCHER_DEFAULT_TIMESLICE));
	EXPECT_ERR(invoke_dispatcher_properties(h2.disp, 0), SYS_ERR_DISP_TIMESLICE);
	EXPECT_ERR(invoke_kernel_dispatcher_timeslice(h2.disp, DISPATCHER_MAX_TIMESLICE + 1),
		   SYS_ERR_DISP_TIMESLICE);
	while (h2.frame_va->activations < SPIN_SLICES)
		sys_yield();
	s1.stop = s2.stop = 1;
	helper_wait(&h1);
	helper_wait(&h2);
	ratio10 = s2.count ? (uint32_t)((uint64_t)s1.count * 10 / s2.count) : 0;
	printf("  time slices 3 and 1: %u and %u iterations (ratio %u.%u)\n", (unsigned)s1.count,
	       (unsigned)s2.count, (unsigned)(ratio10 / 10), (unsigned)(ratio10 % 10));
	helper_destroy(&h1);
	helper_destroy(&h2);
	EXPECT(ratio10 >= 20 && ratio10 <= 45);
}

static int report_mode(uint32_t arg)
{
	uint32_t cpsr;

	(void)arg;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return (int)(cpsr & 0x1df); /* mode and the I and F masks */
}

/* A save area that claims SVC mode with interrupts masked still runs in user mode. */
static void test_forged_privileged_mode(void)
{
	struct helper h;
	const uint32_t svc_masked = 0x1d3;

	EXPECT_OK(helper_start_cpsr(&h, "forger", report_mode, 0, svc_masked));
	EXPECT(helper_wait(&h) == PSR_MODE_USR);
	helper_destroy(&h);
}

/* Memory just given back, taken again as frames of ours (reuse_memory, give_back_reused). */
#define REUSE_TRIES 8
static struct capref reuse_ram[REUSE_TRIES], reuse_frame;
static unsigned reuse_held;
static void *reuse_va;

/*
 * Allocate RAM of `bytes` until init's allocator hands out the block at
 * `base` (it reuses what was freed last), make it a frame, map it and fill
 * it with ones.
 */
static errval_t reuse_memory(uint32_t base, uint32_t bytes)
{
	struct capability_identity id;
	errval_t err;

	for (reuse_held = 0; reuse_held < REUSE_TRIES; reuse_held++) {
		struct capref *r = &reuse_ram[reuse_held];

		if ((err = ram_alloc(r, bytes)) || (err = cap_identify(*r, &id)))
			return err;
		if (id.base != base)
			continue;
		reuse_frame = new_slot();
		if ((err = cap_retype(reuse_frame, *r, 0, ObjType_Frame, bytes, 1)) ||
		    (err = paging_map_frame(get_current_paging_state(), &reuse_va, bytes,
					    reuse_frame)))
			return err;
		memset(reuse_va, 0xff, bytes);
		reuse_held++;
		return SYS_ERR_OK;
	}
	printf("  the allocator did not hand back 0x%08x in %u tries\n", (unsigned)base,
	       (unsigned)REUSE_TRIES);
	return MM_ERR_NOT_ALLOCATED; /* the test cannot reach that memory */
}

static errval_t give_back_reused(void)
{
	errval_t err = paging_unmap(get_current_paging_state(), reuse_va);

	if (err_is_ok(err))
		err = cap_delete(reuse_frame);
	while (reuse_held > 0 && err_is_ok(err))
		err = ram_free(reuse_ram[--reuse_held]);
	return err;
}

/* Deleting the last capability to a running dispatcher takes it off the CPU for good. */
static void test_delete_running_dispatcher(void)
{
	static struct spinner s;
	struct helper h;
	uint32_t dispatchers = count_of(ObjType_Dispatcher), seen;
	struct capability_identity id;

	EXPECT_OK(helper_start(&h, "doomed", spin, (uint32_t)&s));
	while (h.frame_va->activations < 3)
		sys_yield();
	EXPECT(count_of(ObjType_Dispatcher) == dispatchers + 1);
	EXPECT_OK(cap_identify(h.disp, &id));
	EXPECT_OK(ram_free(h.disp)); /* deletes the only capability */
	EXPECT(count_of(ObjType_Dispatcher) == dispatchers);
	seen = s.count;
	/* Its memory, reused at once and filled with ones: nothing may still point into it. */
	EXPECT_OK(reuse_memory(id.base, id.bytes));
	for (int i = 0; i < 200; i++)
		sys_yield();
	EXPECT(s.count == seen);
	EXPECT_OK(give_back_reused());
	EXPECT_ERR(cap_identify(h.disp, &id), SYS_ERR_CAP_NOT_FOUND);
	helper_destroy(&h);
}

/* Revoking the RAM a running dispatcher's frame came from stops that dispatcher. */
static void test_revoke_dispatcher_frame(void)
{
	struct paging_state *st = get_current_paging_state();
	static struct spinner s;
	struct helper h;
	struct capref ram, frame = new_slot(), reused = new_slot();
	uint32_t state, seen;
	int32_t status;
	void *va, *reused_va;

	EXPECT_OK(ram_alloc(&ram, 64 * KiB));
	EXPECT_OK(cap_retype(frame, ram, 0, ObjType_Frame, DISPATCHER_FRAME_SIZE, 1));
	EXPECT_OK(paging_map_frame(st, &va, DISPATCHER_FRAME_SIZE, frame));
	EXPECT_OK(helper_start_in(&h, "revoked", spin, (uint32_t)&s, PSR_MODE_USR, frame, va));
	while (s.count == 0)
		sys_yield();
	EXPECT_OK(cap_revoke(ram)); /* the frame, its mappings, and the DCB's copy */
	/*
	 * The memory is reused at once, as a frame of ours.  Its own counter,
	 * not the kernel's word, says the helper never runs again; the new
	 * frame staying zero says the kernel never saves or upcalls it into
	 * memory that is no longer its frame.
	 */
	seen = s.count;
	EXPECT_OK(cap_retype(reused, ram, 0, ObjType_Frame, DISPATCHER_FRAME_SIZE, 1));
	EXPECT_OK(paging_map_frame(st, &reused_va, DISPATCHER_FRAME_SIZE, reused));
	for (int i = 0; i < 200; i++)
		sys_yield();
	EXPECT(s.count == seen);
	EXPECT(all_words(reused_va, DISPATCHER_FRAME_SIZE, 0));
	EXPECT_OK(paging_unmap(st, reused_va));
	EXPECT_OK(cap_delete(reused));
	EXPECT_OK(invoke_dispatcher_status(h.disp, &state, &status));
	EXPECT(state == DISPATCHER_STATE_EXITED && status == EXIT_STATUS_FAULT);
	helper_destroy(&h);
	EXPECT_OK(paging_unmap(st, va)); /* its mapping capabilities are gone already */
	EXPECT_OK(ram_free(ram));
	slot_free(frame);
}

static void test_bad_syscalls(void)
{
	uint32_t args[SYS_ARGS_WORDS] = { 99 };
	struct sysret r;

	syscall_raw(args, &r);
	EXPECT(r.error == SYS_ERR_ILLEGAL_SYSCALL);
	EXPECT(sys_print((const char *)0x10, 4) == SYS_ERR_BAD_USER_POINTER);
	EXPECT(sys_print((const char *)0x90000000, 4) == SYS_ERR_BAD_USER_POINTER);
	EXPECT(sys_print("x", 100000) == SYS_ERR_PRINT_TOO_LONG);
}

static int exit_at_once(uint32_t arg)
{
	return (int)arg;
}

/*
 * KernelCmd_ConsoleBind: only an EndPoint with a buffer; the kernel's own
 * copy is a capability like any other, replaced by the next bind and gone
 * with its dispatcher, after which the memory is reused.
 */
static void test_console_bind_rules(void)
{
	struct capref selfep = NULL_CAP, ep = NULL_CAP, empty;
	struct snapshot before, after;
	struct helper h;
	uint32_t eps;

	EXPECT_OK(take_snapshot(&before));
	eps = count_of(ObjType_EndPoint);
	EXPECT_ERR(invoke_kernel_console_bind(cap_selfep), SYS_ERR_CONSOLE_EP_INVALID);
	EXPECT_ERR(invoke_kernel_console_bind(cap_dispatcher), SYS_ERR_CONSOLE_EP_INVALID);
	EXPECT_OK(slot_alloc(&empty));
	EXPECT_ERR(invoke_kernel_console_bind(empty), SYS_ERR_CAP_NOT_FOUND);
	slot_free(empty);
	EXPECT(count_of(ObjType_EndPoint) == eps); /* refused: nothing kept */
	/* An EndPoint of a helper dispatcher's, with a buffer: bound, our copies deleted. */
	EXPECT_OK(helper_start(&h, "console", exit_at_once, 0));
	EXPECT(helper_wait(&h) == 0);
	EXPECT_OK(slot_alloc(&selfep));
	EXPECT_OK(slot_alloc(&ep));
	EXPECT_OK(cap_retype(selfep, h.disp, 0, ObjType_EndPoint, 0, 1));
	EXPECT_OK(cap_mint_endpoint(ep, selfep, CAPRIGHTS_ALLRIGHTS, 0, 0, LMP_BUF_MIN_WORDS));
	EXPECT_OK(invoke_kernel_console_bind(ep));
	EXPECT_OK(cap_delete(ep));
	EXPECT_OK(cap_delete(selfep));
	EXPECT(count_of(ObjType_EndPoint) == eps + 1); /* the kernel's copy */
	/* Unbound: nothing is left behind.  Then bound again, to die with its dispatcher. */
	EXPECT_OK(invoke_kernel_console_bind(NULL_CAP));
	EXPECT(count_of(ObjType_EndPoint) == eps);
	EXPECT_OK(cap_retype(selfep, h.disp, 0, ObjType_EndPoint, 0, 1));
	EXPECT_OK(cap_mint_endpoint(ep, selfep, CAPRIGHTS_ALLRIGHTS, 0, 0, LMP_BUF_MIN_WORDS));
	EXPECT_OK(invoke_kernel_console_bind(ep));
	/* The dispatcher goes: the kernel's copy goes with it; its memory is reused. */
	helper_destroy(&h);
	EXPECT(count_of(ObjType_EndPoint) == eps);
	slot_free(ep);
	slot_free(selfep);
	EXPECT_OK(helper_start(&h, "console2", exit_at_once, 0));
	EXPECT(helper_wait(&h) == 0);
	helper_destroy(&h);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  console bind: ") == 0);
}

const struct test kernel_tests[] = {
	{ "retype_rules", test_retype_rules },
	{ "copy_mint_delete_revoke", test_copy_mint_delete_revoke },
	{ "reused_memory_is_zeroed", test_reused_memory_is_zeroed },
	{ "map_unmap_rules", test_map_unmap_rules },
	{ "remap_reads_new_frame", test_remap_reads_new_frame },
	{ "user_fault_reported", test_user_fault_reported },
	{ "two_spinners_share_the_cpu", test_two_spinners_share_the_cpu },
	{ "timeslice_property", test_timeslice_property },
	{ "forged_privileged_mode", test_forged_privileged_mode },
	{ "delete_running_dispatcher", test_delete_running_dispatcher },
	{ "revoke_dispatcher_frame", test_revoke_dispatcher_frame },
	{ "bad_syscalls", test_bad_syscalls },
	{ "console_bind_rules", test_console_bind_rules },
};
const unsigned kernel_test_count = sizeof(kernel_tests) / sizeof(kernel_tests[0]);
