/*
 * The send fast path's switch (kernel/arch/armv7/lmp_fast.S) against the C
 * path, send by send, with a probe helper as the receiver (sendprobe.S):
 * the same send, made once with the fast path on and once with it off,
 * must leave the sender the same registers (r0..r4 the results, r5..r12
 * untouched), save it the same way (resumed where it was, or upcalled), and
 * start the receiver the same way (its registers at `run`, or the state it
 * was saved in, sanitised).  Also: a send that wakes a blocked receiver
 * makes it runnable at once.  And the yield fast path (yield_fast.S), which
 * saves and loads with the same code: a plain yield both ways.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <arch/armv7/psr.h>
#include <lmp.h>
#include <paging.h>
#include <runtime.h>
#include <slot_alloc.h>

#include "helper.h"
#include "sendprobe.h"
#include "tests.h"

#define WAIT_YIELDS  200
#define CPSR_CHECKED (PSR_MODE_MASK | PSR_F | PSR_I | PSR_A) /* T reads as 0 in user mode */
#define TRIES	     3 /* a tick inside a measured send changes its counts: try again */

struct probe_helper {
	struct helper h;
	struct capref selfep, ep, lmp_frame;
	volatile uint32_t *buf; /* its buffer, in our mapping */
	volatile uint32_t go;
	struct probe *probe; /* in its frame */
};

/* The helper's first code: from now on its upcall is probe_run; it waits for the first. */
static int probe_main(uint32_t arg)
{
	struct probe_helper *ph = (struct probe_helper *)arg;
	struct dispatcher_frame *f = disp_frame();

	while (!ph->go)
		sys_yield();
	f->shared.run = (uint32_t)probe_run;
	for (;;) {
		f->generic.lmp_seen = f->generic.lmp_delivered;
		sys_yield_block();
	}
	return 0;
}

static errval_t probe_start(struct probe_helper *ph)
{
	errval_t err;

	*ph = (struct probe_helper){ .selfep = NULL_CAP, .ep = NULL_CAP, .lmp_frame = NULL_CAP };
	if ((err = frame_alloc(&ph->lmp_frame, 4 * KiB, NULL)))
		return err;
	if ((err = paging_map_frame(get_current_paging_state(), (void **)&ph->buf, 4 * KiB,
				    ph->lmp_frame))) {
		ph->buf = NULL;
		return err;
	}
	memset((void *)ph->buf, 0, 4 * KiB);
	if ((err = helper_start(&ph->h, "probe", probe_main, (uint32_t)ph))) {
		ph->h.frame_va = NULL; /* it gave back what it made */
		return err;
	}
	ph->probe = (struct probe *)((uint8_t *)ph->h.frame_va + PROBE_OFFSET);
	memset(ph->probe, 0, sizeof(*ph->probe));
	if ((err = slot_alloc(&ph->selfep)) || (err = slot_alloc(&ph->ep)) ||
	    (err = cap_retype(ph->selfep, ph->h.disp, 0, ObjType_EndPoint, 0, 1)) ||
	    (err = cap_mint_endpoint(ph->ep, ph->selfep, CAPRIGHTS_ALLRIGHTS, 7, 0,
				     LMP_BUF_MIN_WORDS)) ||
	    (err = invoke_dispatcher_lmp_frame(ph->h.disp, ph->lmp_frame)))
		return err;
	ph->go = 1;
	return SYS_ERR_OK;
}

/* Give back whatever probe_start made, however far it got. */
static void probe_destroy(struct probe_helper *ph)
{
	if (!capref_is_null(ph->ep)) {
		cap_delete(ph->ep);
		slot_free(ph->ep);
	}
	if (!capref_is_null(ph->selfep)) {
		cap_delete(ph->selfep);
		slot_free(ph->selfep);
	}
	if (ph->h.frame_va)
		helper_destroy(&ph->h);
	if (ph->buf)
		paging_unmap(get_current_paging_state(), (void *)ph->buf);
	if (!capref_is_null(ph->lmp_frame))
		frame_free(ph->lmp_frame);
}

static bool wait_blocked(const struct probe_helper *ph)
{
	for (int i = 0; i < WAIT_YIELDS; i++) {
		if (helper_state(&ph->h) == DISPATCHER_STATE_BLOCKED)
			return true;
		sys_yield();
	}
	return helper_state(&ph->h) == DISPATCHER_STATE_BLOCKED;
}

/* What one send did, to the sender and to the receiver. */
struct send_effect {
	uint32_t out[13];	   /* the sender's r0..r12 after the call */
	uint32_t activations;	   /* the sender's `run` upcalls during it */
	uint32_t upcalls, resumes; /* the receiver's */
	struct probe record;	   /* the receiver's records (counts zeroed) */
	uint32_t state;		   /* the receiver's state right after */
};

enum sender { FROM_ARM, FROM_CRITICAL, FROM_IT_BLOCK };

/* A send of eight words from `how`, with flags, to the probe (blocked, its buffer empty). */
static void send_once(struct probe_helper *ph, enum sender how, uint32_t flags,
		      struct send_effect *e)
{
	struct dispatcher_frame *f = disp_frame();
	uint32_t in[13] = { SYS_INVOKE, 0, 0, flags | LMP_SEND_LENGTH(LMP_MSG_WORDS), 0 };
	uint32_t crit_low = f->arm.crit_pc_low, crit_high = f->arm.crit_pc_high;
	uint32_t act = f->activations, up = ph->probe->upcalls, res = ph->probe->resumes;
	uint8_t level;

	if (err_is_fail(capref_addr(ph->ep, &in[1], &level)))
		level = 0; /* the send fails, both ways alike, and the test says so */
	in[2] = INVOKE_WORD(level, EndPointCmd_Send);
	memset(ph->probe->upcall, 0, sizeof(ph->probe->upcall));
	memset(ph->probe->resume, 0, sizeof(ph->probe->resume));
	for (uint32_t i = 0; i < LMP_MSG_WORDS; i++)
		in[5 + i] = 0x5e000000u + i * 0x00010101u;
	ph->buf[LMP_BUF_DELIVERED] = ph->buf[LMP_BUF_CONSUMED] = 0;
	if (how == FROM_CRITICAL) {
		/* Our critical section, stretched to cover the `svc` too: we must be resumed
		 * there, disabled or not (dispatch_save's rule).  It still covers the real one,
		 * and whatever lies between is resumed in place too, which is always safe. */
		uint32_t svc = (uint32_t)send_regs_svc;

		f->arm.crit_pc_low = svc < crit_low ? svc : crit_low;
		f->arm.crit_pc_high = svc + 8 > crit_high ? svc + 8 : crit_high;
	}
	if (how == FROM_IT_BLOCK)
		send_regs_it(in, e->out);
	else
		send_regs(in, e->out);
	f->arm.crit_pc_low = crit_low;
	f->arm.crit_pc_high = crit_high;
	e->state = helper_state(&ph->h);
	e->activations = f->activations - act;
	e->upcalls = ph->probe->upcalls - up;
	e->resumes = ph->probe->resumes - res;
	e->record = *ph->probe;
	e->record.upcalls = e->record.resumes = 0;
}

/*
 * The same send both ways, from the same receiver state (waiting enabled):
 * false if anything differs.  A tick inside one of the two sends can give
 * someone an extra turn, so a difference is looked at again, up to TRIES
 * times; a wrong fast path differs every time.
 */
static bool send_both_ways(struct probe_helper *ph, enum sender how, uint32_t flags,
			   struct send_effect *full)
{
	struct send_effect fast;
	bool was_on = false;

	for (int t = 0; t < TRIES; t++) {
		send_once(ph, how, flags, &fast);
		if (!wait_blocked(ph) || invoke_kernel_syscall_fastpath(false, &was_on) || !was_on)
			return false;
		send_once(ph, how, flags, full);
		invoke_kernel_syscall_fastpath(true, NULL);
		if (!wait_blocked(ph))
			return false;
		if (memcmp(&fast, full, sizeof(fast)) == 0)
			return true;
	}
	printf("  sender %d, flags 0x%x: fast path r0 %x r5 %x r12 %x, %u activations, "
	       "%u upcalls, %u resumes; C path r0 %x r5 %x r12 %x, %u, %u, %u\n",
	       (int)how, (unsigned)flags, (unsigned)fast.out[0], (unsigned)fast.out[5],
	       (unsigned)fast.out[12], (unsigned)fast.activations, (unsigned)fast.upcalls,
	       (unsigned)fast.resumes, (unsigned)full->out[0], (unsigned)full->out[5],
	       (unsigned)full->out[12], (unsigned)full->activations, (unsigned)full->upcalls,
	       (unsigned)full->resumes);
	return false;
}

/* The sender got SYS_ERR_OK and no values, and r5..r12 as it sent them. */
static bool sender_whole(const struct send_effect *e)
{
	for (uint32_t i = 0; i < 5; i++)
		if (e->out[i] != 0)
			return false;
	for (uint32_t i = 0; i < LMP_MSG_WORDS; i++)
		if (e->out[5 + i] != 0x5e000000u + i * 0x00010101u)
			return false;
	return true;
}

/* The receiver's upcall: r0 its frame, r9 its GOT, sp the upcall stack, the rest zero. */
static bool upcall_clean(const struct probe_helper *ph, const uint32_t *r)
{
	const struct dispatcher_frame *f = ph->h.frame_va;

	for (uint32_t i = 1; i < 14; i++)
		if (i != 9 && r[i] != 0)
			return false;
	return r[0] == f->shared.udisp && r[9] == f->arm.got_base &&
	       r[14] == f->shared.udisp + DISP_UPCALL_STACK_TOP &&
	       (r[15] & CPSR_CHECKED) == PSR_MODE_USR;
}

/* The cases, on a started probe (each EXPECT that fails ends them; the caller cleans up). */
static void sendpath_cases(struct probe_helper *ph)
{
	struct send_effect e;

	EXPECT(wait_blocked(ph));

	/* A send without a directed yield wakes the blocked receiver, and does not run it. */
	EXPECT(send_both_ways(ph, FROM_ARM, 0, &e));
	EXPECT(sender_whole(&e) && e.state == DISPATCHER_STATE_RUNNABLE && e.upcalls == 0);

	/* With one: the receiver is upcalled, clean; the sender, enabled, is upcalled later. */
	EXPECT(send_both_ways(ph, FROM_ARM, LMP_SEND_YIELD, &e));
	EXPECT(sender_whole(&e) && e.upcalls == 1 && e.activations == 1);
	EXPECT(upcall_clean(ph, e.record.upcall));

	/* A sender inside its critical section, or inside an IT block, is resumed where it
	 * was: no upcall of its own, and the rest of the IT block as it was. */
	EXPECT(send_both_ways(ph, FROM_CRITICAL, LMP_SEND_YIELD, &e));
	EXPECT(sender_whole(&e) && e.upcalls == 1 && e.activations == 0);
	EXPECT(send_both_ways(ph, FROM_IT_BLOCK, LMP_SEND_YIELD, &e));
	EXPECT(sender_whole(&e) && e.upcalls == 1 && e.activations == 0);

	/* A receiver that waits disabled is resumed after its `svc`, with the registers it had
	 * there (the yield's results in r0..r4) and a user-mode cpsr, whatever its save area
	 * claims: here SVC mode with interrupts masked, written while it waits. */
	ph->probe->mode = 1;
	send_once(ph, FROM_ARM, LMP_SEND_YIELD, &e); /* upcalled; it now waits disabled */
	EXPECT(wait_blocked(ph) && e.upcalls == 1);
	for (int round = 0; round < 2; round++) {
		struct arm_registers *area = &ph->h.frame_va->disabled_area;

		/* Round 0 with the fast path, round 1 without. */
		EXPECT_OK(invoke_kernel_syscall_fastpath(round == 0, NULL));
		area->cpsr = (area->cpsr & ~PSR_MODE_MASK) | PSR_MODE_SVC | PSR_I | PSR_F | PSR_A;
		send_once(ph, FROM_ARM, LMP_SEND_YIELD, &e);
		EXPECT(wait_blocked(ph));
		EXPECT(sender_whole(&e) && e.resumes == 1 && e.upcalls == 0);
		EXPECT((e.record.resume[15] & CPSR_CHECKED) == PSR_MODE_USR);
		EXPECT(e.record.resume[0] == 0 && e.record.resume[1] == 0 &&
		       e.record.resume[5] == 5 && e.record.resume[12] == 12 &&
		       e.record.resume[13] == 14);
	}
}

static void test_sendpath_switches_as_c_path(void)
{
	static struct probe_helper ph;
	errval_t err = probe_start(&ph);

	if (err_is_ok(err))
		sendpath_cases(&ph);
	invoke_kernel_syscall_fastpath(true, NULL); /* whatever a failed case left */
	probe_destroy(&ph);
	EXPECT_OK(err);
}

/* A plain yield from `how`: the registers it came back with, and our upcalls meanwhile. */
static void yield_once(enum sender how, uint32_t out[13], uint32_t *activations)
{
	struct dispatcher_frame *f = disp_frame();
	uint32_t in[13] = { SYS_YIELD, 0 };
	uint32_t crit_low = f->arm.crit_pc_low, crit_high = f->arm.crit_pc_high;
	uint32_t act = f->activations;

	for (uint32_t i = 2; i < 13; i++)
		in[i] = 0x9e000000u + i;
	if (how == FROM_CRITICAL) {
		uint32_t svc = (uint32_t)send_regs_svc;

		f->arm.crit_pc_low = svc < crit_low ? svc : crit_low;
		f->arm.crit_pc_high = svc + 8 > crit_high ? svc + 8 : crit_high;
	}
	if (how == FROM_IT_BLOCK)
		send_regs_it(in, out);
	else
		send_regs(in, out);
	f->arm.crit_pc_low = crit_low;
	f->arm.crit_pc_high = crit_high;
	*activations = f->activations - act;
}

/* The results (r0..r4 zero) and r5..r12 as they were; upcalled only if it yielded enabled. */
static bool yielded_whole(const uint32_t out[13], uint32_t activations, enum sender how)
{
	for (uint32_t i = 0; i < 5; i++)
		if (out[i] != 0)
			return false;
	for (uint32_t i = 5; i < 13; i++)
		if (out[i] != 0x9e000000u + i)
			return false;
	return activations == (how == FROM_ARM ? 1u : 0u);
}

/*
 * The yield fast path (yield_fast.S) against the C path: a plain yield, enabled, inside our
 * critical section and inside an IT block, made with the fast path on and off.  A tick in
 * between can add an upcall, so each is tried up to TRIES times.
 */
static void test_yieldpath_resumes_as_c_path(void)
{
	static const enum sender hows[] = { FROM_ARM, FROM_CRITICAL, FROM_IT_BLOCK };

	for (uint32_t h = 0; h < sizeof(hows) / sizeof(hows[0]); h++) {
		bool same = false;

		for (int t = 0; t < TRIES && !same; t++) {
			uint32_t fast[13], full[13], fast_act, full_act;

			yield_once(hows[h], fast, &fast_act);
			invoke_kernel_syscall_fastpath(false, NULL);
			yield_once(hows[h], full, &full_act);
			invoke_kernel_syscall_fastpath(true, NULL);
			same = memcmp(fast, full, sizeof(fast)) == 0 && fast_act == full_act &&
			       yielded_whole(fast, fast_act, hows[h]);
			if (!same && t == TRIES - 1)
				printf(
				    "  yield from %d: fast path r0 %x r5 %x, %u upcalls; C path r0 "
				    "%x r5 %x, %u upcalls\n",
				    (int)hows[h], (unsigned)fast[0], (unsigned)fast[5],
				    (unsigned)fast_act, (unsigned)full[0], (unsigned)full[5],
				    (unsigned)full_act);
		}
		EXPECT(same);
	}
}

const struct test sendpath_tests[] = {
	{ "sendpath_switches_as_c_path", test_sendpath_switches_as_c_path },
	{ "yieldpath_resumes_as_c_path", test_yieldpath_resumes_as_c_path },
};
const unsigned sendpath_test_count = sizeof(sendpath_tests) / sizeof(sendpath_tests[0]);
