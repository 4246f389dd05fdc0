/*
 * In-system tests of the CPU driver, run by init when menu.lst gives it the
 * argument "test".  Each test prints "test NAME: ok" or what went wrong;
 * the run ends with "N passed, N failed".
 */
#include <stdint.h>

#include <arch_psr.h>

#include "helper.h"
#include "mem.h"
#include "tests.h"

#define KiB 1024u
#define MiB (1024u * 1024u)
#define RAM_CAP CAPADDR(ROOTCN_SLOT_SUPERCN, 0)

static int failures;

#define EXPECT_ERR(call, expected)                                                          \
	do {                                                                                \
		errval_t e_ = (call);                                                       \
		if (e_ != (expected)) {                                                     \
			printf("  %s:%d: %s gave %s, expected %s\n", __func__, __LINE__, #call, \
			       err_getname(e_), err_getname(expected));                     \
			failures++;                                                         \
			return;                                                             \
		}                                                                           \
	} while (0)
#define EXPECT_OK(call) EXPECT_ERR(call, SYS_ERR_OK)
#define EXPECT(cond)                                                                        \
	do {                                                                                \
		if (!(cond)) {                                                              \
			printf("  %s:%d: expected %s\n", __func__, __LINE__, #cond);        \
			failures++;                                                         \
			return;                                                             \
		}                                                                           \
	} while (0)

/* A fresh RAM capability of `bytes` to experiment on. */
static void fresh_ram(uint32_t bytes, capaddr_t *ram)
{
	if (err_is_fail(object_alloc(ObjType_RAM, bytes, ram)))
		*ram = 0;
}

static capaddr_t slots_at(uint32_t *slot_out)
{
	capaddr_t s = slot_alloc();
	*slot_out = CAPADDR_L2(s);
	return CNODE_L1(CAPADDR_L1(s));
}

static void test_retype_rules(void)
{
	capaddr_t ram, cn, big;
	uint32_t slot;

	fresh_ram(1 * MiB, &ram);
	EXPECT(ram != 0);
	cn = slots_at(&slot);
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 100, ObjType_Frame, 4 * KiB, 1),
		   SYS_ERR_RETYPE_INVALID_OFFSET);
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 0, ObjType_Frame, 5000, 1),
		   SYS_ERR_RETYPE_INVALID_SIZE);
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 0, ObjType_L2CNode, 8 * KiB, 1),
		   SYS_ERR_RETYPE_INVALID_SIZE);
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 0, ObjType_Frame, 4 * KiB, 0),
		   SYS_ERR_RETYPE_INVALID_COUNT);
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 0, ObjType_Frame, 4 * KiB, 0x100001),
		   SYS_ERR_RETYPE_OUT_OF_RANGE);
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 0, ObjType_Frame, 0x80000000u, 4),
		   SYS_ERR_RETYPE_OUT_OF_RANGE); /* count * size overflows 32 bits */
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 0, ObjType_Kernel, 4 * KiB, 1),
		   SYS_ERR_DEST_TYPE_INVALID);
	/* A descendant makes the overlapping range unavailable until revoked. */
	EXPECT_OK(cap_retype(cn, 1, slot, ram, 64 * KiB, ObjType_Frame, 64 * KiB, 1));
	cn = slots_at(&slot);
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 120 * KiB, ObjType_Frame, 8 * KiB, 1),
		   SYS_ERR_REVOKE_FIRST);
	EXPECT_OK(cap_retype(cn, 1, slot, ram, 128 * KiB, ObjType_Frame, 8 * KiB, 1));
	/* Destination slots: occupied, and past the end of the CNode. */
	EXPECT_ERR(cap_retype(cn, 1, slot, ram, 256 * KiB, ObjType_Frame, 4 * KiB, 1),
		   SYS_ERR_SLOT_IN_USE);
	EXPECT_ERR(cap_retype(CNODE_L1(ROOTCN_SLOT_SLOT_ALLOC2), 1, 250, ram, 256 * KiB,
			      ObjType_Frame, 4 * KiB, 10),
		   SYS_ERR_SLOTS_INVALID);
	/* Wrong source type: a Frame cannot become a CNode. */
	big = CAPADDR(CAPADDR_L1(cn), slot);
	cn = slots_at(&slot);
	EXPECT_ERR(cap_retype(cn, 1, slot, big, 0, ObjType_L2CNode, 16 * KiB, 1),
		   SYS_ERR_INVALID_SOURCE_TYPE);
	EXPECT_OK(cap_revoke(ram));
	EXPECT_OK(cap_retype(cn, 1, slot, ram, 120 * KiB, ObjType_Frame, 8 * KiB, 1));
	EXPECT_OK(cap_revoke(ram));
}

static uint32_t count_of(enum objtype type)
{
	uint32_t n = 0;

	kernel_cap_count(type, &n);
	return n;
}

static void test_copy_mint_delete_revoke(void)
{
	capaddr_t ram, cn, frame, copy, minted, child;
	uint32_t slot, type, base, bytes, base2, frames_before = count_of(ObjType_Frame);

	fresh_ram(256 * KiB, &ram);
	cn = slots_at(&slot);
	EXPECT_OK(cap_retype(cn, 1, slot, ram, 0, ObjType_Frame, 64 * KiB, 1));
	frame = CAPADDR(CAPADDR_L1(cn), slot);
	cn = slots_at(&slot);
	EXPECT_OK(cap_copy(cn, 1, slot, frame));
	copy = CAPADDR(CAPADDR_L1(cn), slot);
	EXPECT_ERR(cap_copy(cn, 1, slot, frame), SYS_ERR_SLOT_IN_USE);
	cn = slots_at(&slot);
	EXPECT_OK(cap_mint(cn, 1, slot, frame, CAPRIGHTS_READ, 0));
	minted = CAPADDR(CAPADDR_L1(cn), slot);
	cn = slots_at(&slot);
	EXPECT_ERR(cap_mint(cn, 1, slot, minted, CAPRIGHTS_ALLRIGHTS, 0), SYS_ERR_RIGHTS_INVALID);
	EXPECT(count_of(ObjType_Frame) == frames_before + 3);
	/* Deleting the original leaves the copy naming the same frame. */
	EXPECT_OK(frame_identify(frame, &base, &bytes));
	EXPECT_OK(cap_delete(frame));
	EXPECT_ERR(frame_identify(frame, &base2, &bytes), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_OK(cap_identify(copy, &type, &base2, &bytes));
	EXPECT(type == ObjType_Frame && base2 == base && bytes == 64 * KiB);
	/* A child of the copy: retype Frame into a smaller Frame. */
	EXPECT_OK(cap_retype(cn, 1, slot, copy, 0, ObjType_Frame, 4 * KiB, 1));
	child = CAPADDR(CAPADDR_L1(cn), slot);
	/* Revoking the RAM removes every copy and descendant. */
	EXPECT_OK(cap_revoke(ram));
	EXPECT_ERR(cap_identify(copy, &type, &base, &bytes), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_identify(minted, &type, &base, &bytes), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_identify(child, &type, &base, &bytes), SYS_ERR_CAP_NOT_FOUND);
	EXPECT(count_of(ObjType_Frame) == frames_before);
	EXPECT_ERR(cap_delete(copy), SYS_ERR_CAP_NOT_FOUND);
	EXPECT_ERR(cap_delete(CAPADDR(200, 0)), SYS_ERR_CNODE_NOT_FOUND);
}

/* Map frame at va (which has an L2 table), returning the mapping cap. */
static errval_t map_one(capaddr_t l2, uint32_t va, capaddr_t frame, uint32_t flags,
			capaddr_t *mapping)
{
	uint32_t slot;
	capaddr_t cn = slots_at(&slot);

	*mapping = CAPADDR(CAPADDR_L1(cn), slot);
	return vnode_map(l2, (va >> 12) & 0xff, frame, flags, 0, 1, cn, slot);
}

static void test_map_unmap_rules(void)
{
	capaddr_t l2, frame, mapping, mapping2, section;
	uint32_t va = vaddr_alloc(MiB) & ~(MiB - 1), slot;
	capaddr_t cn;
	const uint32_t rw = MAP_FLAG_READ | MAP_FLAG_WRITE;

	va += MiB; /* a MiB of its own: its own L2 table */
	vaddr_alloc(2 * MiB);
	EXPECT_OK(object_alloc(ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2, &l2));
	EXPECT_OK(object_alloc(ObjType_Frame, 4 * KiB, &frame));
	cn = slots_at(&slot);
	EXPECT_OK(vnode_map(CAP_VROOT, va >> 20, l2, 0, 0, 1, cn, slot));
	EXPECT_OK(map_one(l2, va, frame, rw, &mapping));
	EXPECT_ERR(map_one(l2, va, frame, rw, &mapping2), SYS_ERR_VNODE_SLOT_INUSE);
	EXPECT_ERR(vnode_map(l2, 20, frame, rw, 0, 1, cn, slot), SYS_ERR_SLOT_IN_USE);
	cn = slots_at(&slot);
	EXPECT_ERR(vnode_map(l2, 250, frame, rw, 0, 7, cn, slot), SYS_ERR_VNODE_SLOT_INVALID);
	EXPECT_ERR(vnode_map(l2, 10, frame, rw, 4 * KiB, 1, cn, slot),
		   SYS_ERR_FRAME_OFFSET_INVALID);
	EXPECT_ERR(vnode_map(l2, 10, frame, rw | MAP_FLAG_NOCACHE, 0, 1, cn, slot),
		   SYS_ERR_NOCACHE_RAM);
	EXPECT_ERR(vnode_map(CAP_VROOT, 2048, frame, rw, 0, 1, cn, slot),
		   SYS_ERR_VNODE_SLOT_RESERVED);
	EXPECT_ERR(vnode_map(CAP_VROOT, 4095, l2, 0, 0, 1, cn, slot), SYS_ERR_VNODE_SLOT_RESERVED);
	EXPECT_ERR(vnode_map(CAP_VROOT, 0x300, frame, rw, 0, 1, cn, slot),
		   SYS_ERR_FRAME_OFFSET_INVALID); /* a 4 KiB frame is no section */
	*(volatile uint32_t *)va = 42;
	EXPECT(*(volatile uint32_t *)va == 42);
	EXPECT_ERR(vnode_unmap(CAP_VROOT, mapping), SYS_ERR_WRONG_MAPPING);
	EXPECT_ERR(vnode_unmap(l2, frame), SYS_ERR_MAPPING_TYPE);
	EXPECT_OK(vnode_unmap(l2, mapping));
	EXPECT_ERR(vnode_unmap(l2, mapping), SYS_ERR_CAP_NOT_FOUND);
	/* A 1 MiB section in the L1 table. */
	EXPECT_OK(object_alloc(ObjType_Frame, MiB, &section));
	cn = slots_at(&slot);
	if (err_is_ok(vnode_map(CAP_VROOT, (va >> 20) + 1, section, rw, 0, 1, cn, slot))) {
		*(volatile uint32_t *)(va + MiB) = 7;
		EXPECT(*(volatile uint32_t *)(va + MiB) == 7);
		EXPECT_OK(vnode_unmap(CAP_VROOT, CAPADDR(CAPADDR_L1(cn), slot)));
	}
}

/* The same address, remapped to a different frame, reads the new frame. */
static void test_remap_reads_new_frame(void)
{
	capaddr_t a, b, l2, mapping;
	uint32_t *a_va, *b_va, slot;
	uint32_t va = (vaddr_alloc(3 * MiB) + MiB) & ~(MiB - 1);
	capaddr_t cn;

	EXPECT_OK(frame_alloc_map(4 * KiB, MAP_FLAG_READ | MAP_FLAG_WRITE, &a, (void **)&a_va));
	EXPECT_OK(frame_alloc_map(4 * KiB, MAP_FLAG_READ | MAP_FLAG_WRITE, &b, (void **)&b_va));
	a_va[0] = 0xaaaaaaaa;
	b_va[0] = 0xbbbbbbbb;
	EXPECT_OK(object_alloc(ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2, &l2));
	cn = slots_at(&slot);
	EXPECT_OK(vnode_map(CAP_VROOT, va >> 20, l2, 0, 0, 1, cn, slot));
	EXPECT_OK(map_one(l2, va, a, MAP_FLAG_READ, &mapping));
	EXPECT(*(volatile uint32_t *)va == 0xaaaaaaaa);
	EXPECT_OK(vnode_unmap(l2, mapping));
	EXPECT_OK(map_one(l2, va, b, MAP_FLAG_READ, &mapping));
	EXPECT(*(volatile uint32_t *)va == 0xbbbbbbbb);
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
}

struct regcheck {
	uint32_t iterations;
	uint32_t stop;
};
int regcheck_thumb(struct regcheck *rc);

static int regcheck_helper(uint32_t arg)
{
	return regcheck_thumb((struct regcheck *)arg);
}

static void test_registers_survive_preemption(void)
{
	static struct regcheck rc;
	struct helper h;
	int32_t status;

	EXPECT_OK(helper_start(&h, "regcheck", regcheck_helper, (uint32_t)&rc));
	uint32_t state;
	while (h.frame->activations < PREEMPTIONS_WANTED) {
		EXPECT_OK(dispatcher_status(h.disp, &state, &status));
		if (state == DISPATCHER_STATE_EXITED)
			break; /* it found a difference */
		sys_yield();
	}
	rc.stop = 1;
	status = helper_wait(&h);
	printf("  regcheck: %u preemptions, %u iterations, status %d\n", h.frame->activations,
	       rc.iterations, (int)status);
	EXPECT(status == 0);
	EXPECT(h.frame->activations >= PREEMPTIONS_WANTED);
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
	while (h1.frame->activations < SPIN_SLICES || h2.frame->activations < SPIN_SLICES)
		sys_yield();
	s1.stop = s2.stop = 1;
	helper_wait(&h1);
	helper_wait(&h2);
	lo = s1.count < s2.count ? s1.count : s2.count;
	hi = s1.count < s2.count ? s2.count : s1.count;
	printf("  spinners: %u and %u iterations\n", s1.count, s2.count);
	EXPECT(lo > 0 && hi <= 2 * lo);
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
	EXPECT(helper_wait(&h) == USER_PSR_MODE_USR);
}

/* Deleting the last capability to a running dispatcher takes it off the CPU for good. */
static void test_delete_running_dispatcher(void)
{
	static struct spinner s;
	struct helper h;
	uint32_t dispatchers = count_of(ObjType_Dispatcher), seen;

	EXPECT_OK(helper_start(&h, "doomed", spin, (uint32_t)&s));
	while (h.frame->activations < 3)
		sys_yield();
	EXPECT(count_of(ObjType_Dispatcher) == dispatchers + 1);
	EXPECT_OK(cap_delete(h.disp));
	EXPECT(count_of(ObjType_Dispatcher) == dispatchers);
	seen = s.count;
	for (int i = 0; i < 200; i++)
		sys_yield();
	EXPECT(s.count == seen);
	EXPECT_ERR(cap_delete(h.disp), SYS_ERR_CAP_NOT_FOUND);
}

/* Revoking the RAM a running dispatcher's frame came from stops that dispatcher. */
static void test_revoke_dispatcher_frame(void)
{
	static struct spinner s;
	struct helper h;
	capaddr_t ram, frame;
	uint32_t slot, va = vaddr_alloc(DISPATCHER_FRAME_SIZE), state;
	capaddr_t cn;
	int32_t status;

	fresh_ram(64 * KiB, &ram);
	EXPECT(ram != 0);
	cn = slots_at(&slot);
	frame = CAPADDR(CAPADDR_L1(cn), slot);
	EXPECT_OK(cap_retype(cn, 1, slot, ram, 0, ObjType_Frame, DISPATCHER_FRAME_SIZE, 1));
	EXPECT_OK(map_frame_at(va, frame, DISPATCHER_FRAME_SIZE, MAP_FLAG_READ | MAP_FLAG_WRITE));
	EXPECT_OK(helper_start_in(&h, "revoked", spin, (uint32_t)&s, USER_PSR_MODE_USR, frame,
				  (void *)va));
	while (s.count == 0)
		sys_yield();
	EXPECT_OK(cap_revoke(ram)); /* the frame, its mappings, and the DCB's copy */
	EXPECT_OK(dispatcher_status(h.disp, &state, &status));
	EXPECT(state == DISPATCHER_STATE_EXITED && status == EXIT_STATUS_FAULT);
	EXPECT_OK(cap_delete(h.disp));
}

static void test_bad_syscalls(void)
{
	uint32_t args[11] = { 99 };
	struct sysret r;

	syscall_raw(args, &r);
	EXPECT(r.error == SYS_ERR_ILLEGAL_SYSCALL);
	EXPECT(sys_print((const char *)0x10, 4) == SYS_ERR_BAD_USER_POINTER);
	EXPECT(sys_print((const char *)0x90000000, 4) == SYS_ERR_BAD_USER_POINTER);
	EXPECT(sys_print("x", 100000) == SYS_ERR_PRINT_TOO_LONG);
}

struct test {
	const char *name;
	void (*run)(void);
};

static const struct test tests[] = {
	{ "retype_rules", test_retype_rules },
	{ "copy_mint_delete_revoke", test_copy_mint_delete_revoke },
	{ "map_unmap_rules", test_map_unmap_rules },
	{ "remap_reads_new_frame", test_remap_reads_new_frame },
	{ "user_fault_reported", test_user_fault_reported },
	{ "registers_survive_preemption", test_registers_survive_preemption },
	{ "two_spinners_share_the_cpu", test_two_spinners_share_the_cpu },
	{ "forged_privileged_mode", test_forged_privileged_mode },
	{ "delete_running_dispatcher", test_delete_running_dispatcher },
	{ "revoke_dispatcher_frame", test_revoke_dispatcher_frame },
	{ "bad_syscalls", test_bad_syscalls },
};

int run_tests(void)
{
	int passed = 0, failed = 0;

	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int before = failures;
		tests[i].run();
		if (failures == before) {
			printf("test %s: ok\n", tests[i].name);
			passed++;
		} else {
			printf("test %s: FAILED\n", tests[i].name);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
