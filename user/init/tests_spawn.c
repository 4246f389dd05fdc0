/*
 * In-system tests of spawning: many children at once, spawning and reaping
 * hundreds without losing anything, a child mapping the RAM it was given
 * through its own paging, and broken ELF modules refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <spawn.h>
#include <syscalls.h>

#include "proc.h"
#include "server.h"
#include "tests.h"

#define CONCURRENT 50
#define IN_A_ROW   200

/* Spawn hello with argv { "hello", "child", "<i>", "of", "<n>" }. */
static errval_t spawn_hello(unsigned i, unsigned n, uint32_t *pid)
{
	char num[12], total[12];
	char *argv[] = { "hello", "child", num, "of", total };

	snprintf(num, sizeof(num), "%u", i);
	snprintf(total, sizeof(total), "%u", n);
	return proc_spawn_argv(5, argv, 0, pid);
}

static void test_many_children_at_once(void)
{
	uint32_t pids[CONCURRENT];

	spawn_verbose = false;
	for (unsigned i = 0; i < CONCURRENT; i++)
		EXPECT_OK(spawn_hello(i, CONCURRENT, &pids[i]));
	EXPECT(proc_wait_all() == CONCURRENT);
	spawn_verbose = true;
	printf("  %u children ran at once\n", CONCURRENT);
}

static void test_spawn_and_reap_lose_nothing(void)
{
	struct snapshot before, after;
	int32_t status;
	uint32_t pid;

	spawn_verbose = false;
	proc_verbose = false;
	/* One first, so that init's own heap has grown to what a spawn needs. */
	EXPECT_OK(spawn_hello(0, IN_A_ROW, &pid));
	EXPECT_OK(proc_wait(pid, &status));
	EXPECT_OK(take_snapshot(&before));
	for (unsigned i = 1; i <= IN_A_ROW; i++) {
		EXPECT_OK(spawn_hello(i, IN_A_ROW, &pid));
		EXPECT_OK(proc_wait(pid, &status));
		EXPECT(status == 0);
	}
	EXPECT_OK(take_snapshot(&after));
	spawn_verbose = true;
	proc_verbose = true;
	printf("  %u children spawned and reaped one after another\n", IN_A_ROW);
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

/* Spawn argv (with heap_bytes of heap RAM): it exits 0, and reaping it leaves init as before
 * by every count. */
static void spawn_exits_ok_and_gives_back(int argc, char *argv[], uint32_t heap_bytes)
{
	struct snapshot before, after;
	int32_t status;
	uint32_t pid;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(proc_spawn_argv(argc, argv, heap_bytes, &pid));
	EXPECT_OK(proc_wait(pid, &status));
	EXPECT(status == 0);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

/* Reaping the child gives back the 16 MiB too: init is as before by every count. */
static void test_child_maps_its_16_mib(void)
{
	char *argv[] = { "memtest" };

	spawn_exits_ok_and_gives_back(1, argv, 16 * MiB);
}

/* A child's slot allocator starts with one L2 CNode and makes more itself, from RAM it asks
 * init for; reaping it gives everything back. */
static void test_child_slot_allocator_grows(void)
{
	char *argv[] = { "memtest", "slots", "700" };

	spawn_exits_ok_and_gives_back(3, argv, 0);
}

/*
 * A program gets the stack its ELF file asks for: memtest asks for 64 KiB
 * (PT_GNU_STACK) and uses 48 KiB of it, three times the default.
 */
static void test_child_gets_the_stack_it_asks_for(void)
{
	char *argv[] = { "memtest", "stack", "49152" };

	spawn_exits_ok_and_gives_back(3, argv, 0);
}

static void test_broken_elf_refused(void)
{
	static const struct {
		const char *name;
		errval_t err;
	} bad[] = {
		{ "bad_truncated", ELF_ERR_TRUNCATED },
		{ "bad_machine", ELF_ERR_MACHINE },
		{ "bad_overlap", ELF_ERR_SEGMENT_OVERLAP },
		{ "bad_filesz", ELF_ERR_FILESZ_GT_MEMSZ },
		{ "bad_stack", SPAWN_ERR_STACK_TOO_BIG },
	};
	struct snapshot before, after;
	uint32_t pid;

	EXPECT_OK(take_snapshot(&before));
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errval_t err = proc_spawn_by_name(bad[i].name, &pid);

		printf("  %s: %s (%s)\n", bad[i].name, err_getname(err), err_getstring(err));
		EXPECT_ERR(err, bad[i].err);
	}
	EXPECT_ERR(proc_spawn_by_name("no_such_program", &pid), SPAWN_ERR_MODULE_NOT_FOUND);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

/*
 * A child that revokes its copy of something init gave it deletes only what
 * it derived itself: spawn shares without the revoke right, so its copy and
 * init's stay (the child checks its own and exits 0).  init must reap it
 * and get back every byte and every slot.
 */
/* init's own copy of what the revoker revoked its share of. */
static struct capref inits_copy(const struct spawninfo *si, unsigned target)
{
	switch (target) {
	case 0: return si->dispatcher.cap;
	case 1: return si->dispframe.cap;
	case 2: return si->l1_vnode.cap;
	case 3: return si->rootcn.cap;
	default: return si->objects.cap; /* the parent of the child's base pages */
	}
}

static void test_hostile_child_loses_init_nothing(void)
{
	static const char *const targets[] = { "dispatcher", "dispframe", "vroot", "root",
					       "basepage" };
	struct snapshot before, after;
	struct capability_identity id;
	bool exited = false;
	int32_t status;
	uint32_t pid;

	EXPECT_OK(take_snapshot(&before));
	for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		char *argv[] = { "revoker", (char *)targets[i] };

		EXPECT_OK(proc_spawn_argv(2, argv, 0, &pid));
		/* Serving calls meanwhile: its printf may ask init for RAM. */
		for (exited = false; !exited;) {
			EXPECT_OK(proc_poll_exit(pid, &exited, &status));
			if (!exited && !server_poll())
				sys_yield();
		}
		/* Before reaping: the child's revoke left init's own copy alone. */
		EXPECT(proc_spawninfo(pid) != NULL);
		EXPECT_OK(cap_identify(inits_copy(proc_spawninfo(pid), i), &id));
		EXPECT(id.rights & CAPRIGHTS_REVOKE);
		EXPECT_OK(proc_wait(pid, &status));
		EXPECT(status == 0);
	}
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  ") == 0);
}

/* The dump of a child's CSpace, read through init's capability to its root CNode,
 * shows what spawn put where. */
static void test_child_cspace_dump(void)
{
	char *argv[] = { "hello", "dumped" };
	int32_t status;
	uint32_t pid;

	EXPECT_OK(proc_spawn_argv(2, argv, 0, &pid));
	printf("  the CSpace of pid %u:\n", (unsigned)pid);
	EXPECT_OK(proc_dump_cspace(pid));
	EXPECT_OK(proc_wait(pid, &status));
	EXPECT_ERR(proc_dump_cspace(pid), SPAWN_ERR_NO_SUCH_PROC);
}

/* A module started by name gets its menu.lst arguments, split as the shell splits a line:
 * boot/menu-test.lst quotes two words into one (test_spawn.py reads what hello prints). */
static void test_menu_arguments_with_quotes(void)
{
	int32_t status;
	uint32_t pid;

	printf("  hello with its menu.lst arguments:\n");
	EXPECT_OK(proc_spawn_by_name("hello", &pid));
	EXPECT_OK(proc_wait(pid, &status));
	EXPECT(status == 0);
}

/*
 * A child whose exit message never comes (here init takes the exit EndPoint
 * away; a dispatcher destroyed while its buffer is full loses it too) is
 * still reaped: init asks the kernel when a wait has been quiet a while.
 */
static void test_wait_without_exit_message(void)
{
	char *argv[] = { "hello", "unheard" };
	struct snapshot before, after;
	uint32_t pid, hz;
	uint64_t t0, t1;
	int32_t status = -100;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(proc_spawn_argv(2, argv, 0, &pid));
	/* Before it has had a turn: it has no exit EndPoint when it exits. */
	EXPECT_OK(invoke_dispatcher_exit_endpoint(proc_spawninfo(pid)->dispatcher.cap, NULL_CAP));
	t0 = sys_clock(&hz);
	EXPECT_OK(proc_wait(pid, &status));
	t1 = sys_clock(NULL);
	EXPECT(status == 0);
	printf("  reaped without its exit message after %u ms\n",
	       (unsigned)((t1 - t0) * 1000 / hz));
	EXPECT((t1 - t0) * 1000 / hz < 1000);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  unheard exit: ") == 0);
}

const struct test spawn_tests[] = {
	{ "many_children_at_once", test_many_children_at_once },
	{ "spawn_and_reap_lose_nothing", test_spawn_and_reap_lose_nothing },
	{ "child_maps_its_16_mib", test_child_maps_its_16_mib },
	{ "child_gets_the_stack_it_asks_for", test_child_gets_the_stack_it_asks_for },
	{ "child_slot_allocator_grows", test_child_slot_allocator_grows },
	{ "broken_elf_refused", test_broken_elf_refused },
	{ "child_cspace_dump", test_child_cspace_dump },
	{ "menu_arguments_with_quotes", test_menu_arguments_with_quotes },
	{ "wait_without_exit_message", test_wait_without_exit_message },
	{ "hostile_child_loses_init_nothing", test_hostile_child_loses_init_nothing },
};
const unsigned spawn_test_count = sizeof(spawn_tests) / sizeof(spawn_tests[0]);
