/*
 * In-system tests of the user context across preemption: every register
 * and flag survives being preempted anywhere in enabled code and in
 * disabled code, which the kernel resumes itself (regcheck.S),
 * and inside the critical section of the user runtime's resume path
 * (critcheck.S), where only the kernel's test of crit_pc_low/high keeps it
 * from saving over the area being restored, and inside Thumb IT blocks
 * (itcheck.S), which only the kernel can resume.
 */
#include <stdbool.h>
#include <stdint.h>

#include <arch/armv7/psr.h>
#include <paging.h>

#include "helper.h"
#include "tests.h"

#define PREEMPTIONS_WANTED 1000 /* the regcheck helper must be preempted this often */
/* Preemptions that must land between disp_resume's enabling store and its last load. */
#define CRIT_WINDOW_HITS_WANTED 5
#define CRIT_STALL_YIELDS	200 /* init's turns without a round of the helper: it is stuck */

struct regcheck {
	uint32_t iterations;
	uint32_t stop;
};
int regcheck_thumb(struct regcheck *rc);

static int regcheck_helper(uint32_t arg)
{
	return regcheck_thumb((struct regcheck *)arg);
}

/* Has the helper not exited (it exits as soon as it finds a difference, or faults)? */
static bool helper_running(const struct helper *h)
{
	uint32_t state;
	int32_t status;

	return invoke_dispatcher_status(h->disp, &state, &status) == SYS_ERR_OK &&
	       state != DISPATCHER_STATE_EXITED;
}

static void test_registers_survive_preemption(void)
{
	static struct regcheck rc;
	struct helper h;
	int32_t status;

	EXPECT_OK(helper_start(&h, "regcheck", regcheck_helper, (uint32_t)&rc));
	while (h.frame_va->activations < PREEMPTIONS_WANTED && helper_running(&h))
		sys_yield();
	rc.stop = 1;
	status = helper_wait(&h);
	printf("  regcheck: %u preemptions, %u iterations, status %d\n",
	       (unsigned)h.frame_va->activations, (unsigned)rc.iterations, (int)status);
	EXPECT(status == 0);
	EXPECT(h.frame_va->activations >= PREEMPTIONS_WANTED);
	helper_destroy(&h);
}

/* The same loop disabled: the kernel saves and resumes every preemption itself. */
static uint32_t activations_when_disabled;

static int regcheck_disabled_helper(uint32_t arg)
{
	disp_frame()->shared.disabled =
	    1; /* no upcalls: the disabled area, restored by the kernel */
	activations_when_disabled = disp_frame()->activations;
	return regcheck_thumb((struct regcheck *)arg);
}

static void test_registers_survive_preemption_disabled(void)
{
	static struct regcheck rc;
	struct helper h;
	uint32_t turns;
	int32_t status;

	rc = (struct regcheck){ 0 };
	EXPECT_OK(helper_start(&h, "regcheck-dis", regcheck_disabled_helper, (uint32_t)&rc));
	/* Each turn of init's comes after a preemption of the helper (they alternate). */
	for (turns = 0; turns < PREEMPTIONS_WANTED && helper_running(&h); turns++)
		sys_yield();
	rc.stop = 1;
	status = helper_wait(&h);
	printf("  regcheck disabled: %u turns, %u iterations, %u activations, status %d\n",
	       (unsigned)turns, (unsigned)rc.iterations, (unsigned)h.frame_va->activations,
	       (int)status);
	EXPECT(status == 0);
	EXPECT(turns == PREEMPTIONS_WANTED && rc.iterations > 0);
	EXPECT(h.frame_va->activations == activations_when_disabled); /* never upcalled since */
	helper_destroy(&h);
}

/* critcheck.S reads the first two fields. */
struct critcheck {
	struct dispatcher_frame *frame; /* the helper's own frame */
	uint32_t sp;			/* its sp at the landing, as it set it */
	volatile uint32_t stop, rounds, crit_hits, window_hits, bad_word;
};

extern const uint32_t critcheck_template[17]; /* r0-r12, sp, lr, pc, cpsr */
extern char disp_crit_start[], disp_crit_end[], disp_resume_enabled[];
int critcheck_round(struct critcheck *cc);
int critcheck_verify(const uint32_t *saved);

static struct critcheck critcheck;

/*
 * The landing of critcheck_round: saved[0] is the APSR, saved[1..14] r0-r12
 * and lr, and sp was saved + 15 words.  0 when all is as the template set it.
 */
int critcheck_verify(const uint32_t *saved)
{
	const uint32_t flags_mask = 0xf80f0000u; /* N Z C V Q, GE[3:0] */
	struct critcheck *cc = &critcheck;

	for (int i = 0; i < 13; i++)
		if (saved[1 + i] != critcheck_template[i])
			return (int)(cc->bad_word = 1 + (uint32_t)i);
	if (saved[14] != critcheck_template[14])
		return (int)(cc->bad_word = 15);
	if ((uint32_t)(saved + 15) != cc->sp)
		return (int)(cc->bad_word = 14);
	if ((saved[0] & flags_mask) != (critcheck_template[16] & flags_mask))
		return (int)(cc->bad_word = 17);
	if (cc->frame->shared.disabled) /* disp_resume enabled us; nothing may undo that */
		return (int)(cc->bad_word = 18);
	return 0;
}

/* Resume through disp_resume again and again; count preemptions inside it. */
static int critcheck_helper(uint32_t arg)
{
	struct critcheck *cc = (struct critcheck *)arg;
	struct arm_registers *disabled = &cc->frame->disabled_area;

	while (!cc->stop) {
		disabled->r[15] = 0;
		if (critcheck_round(cc))
			return 1;
		/* A preemption while disabled or in the section left its pc here. */
		if (disabled->r[15] >= (uint32_t)disp_crit_start &&
		    disabled->r[15] < (uint32_t)disp_crit_end) {
			cc->crit_hits++;
			if (disabled->r[15] >= (uint32_t)disp_resume_enabled)
				cc->window_hits++;
		}
		cc->rounds++;
	}
	return 0;
}

static void test_preempted_inside_resume(void)
{
	struct critcheck *cc = &critcheck;
	struct helper h;
	uint32_t stalled = 0, rounds = 0;
	int32_t status;
	struct capref frame;
	void *va = NULL;

	EXPECT_OK(frame_alloc(&frame, DISPATCHER_FRAME_SIZE, NULL));
	EXPECT_OK(paging_map_frame_attr(get_current_paging_state(), &va, DISPATCHER_FRAME_SIZE,
					frame, VREGION_FLAGS_READ_WRITE));
	*cc = (struct critcheck){ .frame = va };
	EXPECT_OK(helper_start_in(&h, "critcheck", critcheck_helper, (uint32_t)cc, PSR_MODE_USR,
				  frame, va));
	h.frame_owned = true;
	while (cc->window_hits < CRIT_WINDOW_HITS_WANTED && stalled < CRIT_STALL_YIELDS &&
	       helper_running(&h)) {
		stalled = cc->rounds == rounds ? stalled + 1 : 0;
		rounds = cc->rounds;
		sys_yield();
	}
	cc->stop = 1;
	if (stalled >= CRIT_STALL_YIELDS) { /* resumed into a loop of its own resume, say */
		printf("  critcheck: stuck after %u rounds\n", (unsigned)cc->rounds);
		helper_destroy(&h);
		EXPECT(stalled < CRIT_STALL_YIELDS);
	}
	status = helper_wait(&h);
	printf("  critcheck: %u rounds, %u preemptions in the critical section, %u of them "
	       "after it enabled, %u activations, status %d%s\n",
	       (unsigned)cc->rounds, (unsigned)cc->crit_hits, (unsigned)cc->window_hits,
	       (unsigned)h.frame_va->activations, (int)status,
	       cc->bad_word ? ", a word differed" : "");
	if (cc->bad_word)
		printf("  critcheck: word %u differed (1-13: r0-r12, 14: sp, 15: lr, 17: flags, "
		       "18: left disabled)\n",
		       (unsigned)cc->bad_word);
	EXPECT(status == 0);
	EXPECT(cc->window_hits >= CRIT_WINDOW_HITS_WANTED);
	helper_destroy(&h);
}

struct itcheck {
	volatile uint32_t iterations, stop;
};
int itcheck_thumb(struct itcheck *ic);

static int itcheck_helper(uint32_t arg)
{
	return itcheck_thumb((struct itcheck *)arg);
}

/* Preempted inside Thumb IT blocks, again and again: no skipped instruction ever runs. */
static void test_preempted_inside_it_block(void)
{
	static struct itcheck ic;
	struct helper h;
	uint32_t turns;
	int32_t status;

	ic = (struct itcheck){ 0, 0 };
	EXPECT_OK(helper_start(&h, "itcheck", itcheck_helper, (uint32_t)&ic));
	/* init and the helper alternate: each turn of init's follows a preemption of it. */
	for (turns = 0; turns < PREEMPTIONS_WANTED && helper_running(&h); turns++)
		sys_yield();
	ic.stop = 1;
	status = helper_wait(&h);
	printf("  itcheck: %u turns, %u iterations, %u activations, %d skipped instructions ran\n",
	       (unsigned)turns, (unsigned)ic.iterations, (unsigned)h.frame_va->activations,
	       (int)status);
	EXPECT(status == 0);
	EXPECT(turns == PREEMPTIONS_WANTED && ic.iterations > 0);
	helper_destroy(&h);
}

const struct test context_tests[] = {
	{ "registers_survive_preemption", test_registers_survive_preemption },
	{ "registers_survive_preemption_disabled", test_registers_survive_preemption_disabled },
	{ "preempted_inside_it_block", test_preempted_inside_it_block },
	{ "preempted_inside_resume", test_preempted_inside_resume },
};
const unsigned context_test_count = sizeof(context_tests) / sizeof(context_tests[0]);
