/*
 * In-system tests of init as a server (docs/ipc.md): it waits for its
 * children off the run queue, and children call it (RAM beyond their own,
 * spawn, wait, kill, the process list) and abuse it (floods, garbage,
 * leaving in the middle of calls) without costing init anything.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <init_rpc.h>
#include <slot_alloc.h>

#include "helper.h"
#include "proc.h"
#include "server.h"
#include "tests.h"

/* While init waits for a child, it is off the run queue: the exit message wakes it. */
static void test_init_waits_off_the_run_queue(void)
{
	char *argv[] = { "spinner", "1", "300" };
	struct sched_counters c0, c1;
	uint32_t pid;
	int32_t status = -1;

	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &c0));
	EXPECT_OK(proc_spawn_argv(3, argv, 0, &pid));
	EXPECT_OK(proc_wait(pid, &status));
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &c1));
	printf("  init waited 300 ms for a spinner in %u turns, %u blocking yields\n",
	       (unsigned)(c1.runs - c0.runs), (unsigned)(c1.blocks - c0.blocks));
	EXPECT(status == 0);
	EXPECT(c1.blocks > c0.blocks);
	/* Polling, it would have had a turn in every other tick of the 300. */
	EXPECT(c1.runs - c0.runs < 20);
}

/* Runs argv as a child of init's and wants `expected` as its status; nothing may be lost. */
static void run_child_expect(int argc, char **argv, int32_t expected, const char *what)
{
	struct snapshot before, after;
	uint32_t pid;
	int32_t status = -100;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(proc_spawn_argv(argc, argv, 0, &pid));
	EXPECT_OK(proc_wait(pid, &status));
	EXPECT(status == expected);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, what) == 0);
}

/*
 * A child's calls go through the kernel (EndPointCmd_Call) while init waits
 * for them, so they deliver nothing to init's rings: of `pingpong rpc
 * 200`'s messages to init only the bind (its first call, which carries the
 * child's EndPoint) and the kernel's exit message come that way, and
 * perhaps a few calls that found init busy.
 */
static void test_rpc_calls_go_through_the_kernel(void)
{
	char *argv[] = { "pingpong", "rpc", "200" };
	struct sched_counters c0, c1;

	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &c0));
	run_child_expect(3, argv, 0, "  calls through the kernel: ");
	EXPECT_OK(invoke_kernel_sched_counters(cap_dispatcher, &c1));
	printf("  %u messages delivered to init for 201 calls\n",
	       (unsigned)(c1.delivered - c0.delivered));
	EXPECT(c1.delivered - c0.delivered <= 6);
}

/* A helper that calls init through an old client's EndPoint, then the new one's. */
struct two_calls {
	struct lmp_ep_ref old_ref, new_ref;
	uint32_t old_err, new_err, old_reply[LMP_CALL_WORDS], new_reply[LMP_CALL_WORDS];
	volatile uint32_t done;
};

static int call_old_then_new(uint32_t arg)
{
	struct two_calls *t = (struct two_calls *)arg;
	const uint32_t w[LMP_CALL_WORDS] = { INIT_RPC_NULL, 0, 0, 0 };

	t->old_err = lmp_ep_ref_call(&t->old_ref, 1, w, t->old_reply);
	t->new_err = lmp_ep_ref_call(&t->new_ref, 1, w, t->new_reply);
	t->done = 1;
	return 0;
}

/*
 * An EndPoint an earlier client passed on is not the next client's: init
 * answers its calls as a stranger's (INIT_ERR_UNKNOWN_CALL), the new one's
 * as the client's.  init opens the entry itself and waits in server_wait,
 * as it does for a child.
 */
static void test_rpc_old_client_endpoint_refused(void)
{
	static struct two_calls t;
	const uint32_t index = PROC_MAX - 1; /* an entry no test's process reaches */
	struct capref ep, old = NULL_CAP;
	struct snapshot before, after;
	struct helper h;

	EXPECT_OK(take_snapshot(&before));
	memset(&t, 0, sizeof(t));
	EXPECT_OK(server_client_open(index, &ep));
	EXPECT_OK(slot_alloc(&old));
	EXPECT_OK(cap_copy(old, ep));
	server_client_close(index);
	EXPECT_OK(server_client_open(index, &ep));
	EXPECT_OK(lmp_ep_ref_make(old, &t.old_ref));
	EXPECT_OK(lmp_ep_ref_make(ep, &t.new_ref));
	EXPECT_OK(helper_start(&h, "twocalls", call_old_then_new, (uint32_t)&t));
	for (int i = 0; i < 20 && !t.done; i++)
		server_wait();
	EXPECT(t.done);
	EXPECT(t.old_err == SYS_ERR_OK && t.old_reply[1] == INIT_ERR_UNKNOWN_CALL);
	EXPECT(t.new_err == SYS_ERR_OK && t.new_reply[0] == (INIT_RPC_NULL | INIT_RPC_REPLY) &&
	       t.new_reply[1] == SYS_ERR_OK);
	EXPECT(helper_wait(&h) == 0);
	helper_destroy(&h);
	server_client_close(index);
	EXPECT_OK(cap_delete(old));
	slot_free(old);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  old client's EndPoint: ") == 0);
}

/* A child maps 32 MiB, twice what init could ever put in its 16 pages, asking init. */
static void test_rpc_ram_beyond_initial(void)
{
	char *argv[] = { "ramhog", "32" };

	run_child_expect(2, argv, 0, "  RAM through init: ");
}

/* More than a process may hold is refused with a named error; nothing is lost. */
static void test_rpc_ram_limit(void)
{
	char *argv[] = { "ramhog", "200" };

	run_child_expect(2, argv, 3, "  RAM limit: ");
}

/* A child spawns a grandchild through init and waits for it. */
static void test_rpc_spawn_and_wait(void)
{
	char *argv[] = { "parent", "wait" };

	run_child_expect(2, argv, 0, "  spawn and wait: ");
}

/* A child kills the grandchild it spawned. */
static void test_rpc_kill_own_child(void)
{
	char *argv[] = { "parent", "kill" };

	run_child_expect(2, argv, 0, "  kill: ");
}

/* Waiting for or killing a process the caller did not spawn (init's, init itself) is refused. */
static void test_rpc_kill_refused(void)
{
	char *spin[] = { "spinner", "1", "300" }, pid_text[12];
	char *argv[] = { "parent", "others", pid_text };
	uint32_t spinner;
	int32_t status = -1;

	EXPECT_OK(proc_spawn_argv(3, spin, 0, &spinner));
	snprintf(pid_text, sizeof(pid_text), "%u", (unsigned)spinner);
	run_child_expect(3, argv, 0, "  refused: ");
	EXPECT_OK(proc_wait(spinner, &status));
	EXPECT(status == 0); /* never killed */
}

/* A child lists the processes: itself and init's other child are there. */
static void test_rpc_list_processes(void)
{
	char *spin[] = { "spinner", "1", "100" }, pid_text[12];
	char *argv[] = { "parent", "list", pid_text };
	uint32_t spinner;
	int32_t status = -1;

	EXPECT_OK(proc_spawn_argv(3, spin, 0, &spinner));
	snprintf(pid_text, sizeof(pid_text), "%u", (unsigned)spinner);
	run_child_expect(3, argv, 0, "  list: ");
	EXPECT_OK(proc_wait(spinner, &status));
	EXPECT(status == 0);
}

/* A flood of calls it never reads the replies of, while another child is served. */
static void test_rpc_flood(void)
{
	char *flood[] = { "misbehave", "flood" }, *other[] = { "ramhog", "4" };
	struct snapshot before, after;
	uint32_t flooder, worker;
	int32_t s1 = -1, s2 = -1;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(proc_spawn_argv(2, flood, 0, &flooder));
	EXPECT_OK(proc_spawn_argv(2, other, 0, &worker));
	EXPECT_OK(proc_wait(worker, &s2));
	EXPECT_OK(proc_wait(flooder, &s1));
	EXPECT(s1 == 0 && s2 == 0);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  flood: ") == 0);
}

/* Garbage calls get named errors; init goes on serving. */
static void test_rpc_garbage(void)
{
	char *argv[] = { "misbehave", "garbage" };

	run_child_expect(2, argv, 0, "  garbage: ");
}

/* A child that exits in the middle of calls: a deferred wait, RAM it never took.  Its
 * child, still running, becomes init's. */
static void test_rpc_exit_mid_call(void)
{
	char *argv[] = { "misbehave", "leave" };
	struct snapshot before, after;
	uint32_t pid;
	int32_t status = -1;

	EXPECT_OK(take_snapshot(&before));
	EXPECT_OK(proc_spawn_argv(2, argv, 0, &pid));
	EXPECT_OK(proc_wait(pid, &status));
	EXPECT(status == 0);
	EXPECT(proc_wait_all() == 1); /* the orphan */
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  exit mid-call: ") == 0);
}

/* Two children ping-pong 100,000 messages, a frame moved there and back every 1,000th. */
static void test_lmp_pingpong_children(void)
{
	char *server_argv[] = { "pingpong", "server", "3" };
	char *client_argv[] = { "pingpong", "client", "3", "100000" };
	struct snapshot before, after;
	uint32_t server, client;
	int32_t server_status = -1, client_status = -1;

	uint32_t hz;
	uint64_t start;

	EXPECT_OK(take_snapshot(&before));
	start = sys_clock(&hz);
	EXPECT_OK(proc_spawn_argv(3, server_argv, 0, &server));
	EXPECT_OK(proc_spawn_argv(4, client_argv, 0, &client));
	EXPECT_OK(proc_wait(client, &client_status));
	EXPECT_OK(proc_wait(server, &server_status));
	printf("  pingpong: spawn, 100000 round trips and reaping took %u ms of board time\n",
	       (unsigned)((sys_clock(&hz) - start) * 1000 / hz));
	EXPECT(client_status == 0 && server_status == 0);
	EXPECT_OK(take_snapshot(&after));
	EXPECT(compare_snapshots(&before, &after, "  pingpong: ") == 0);
}

const struct test rpc_tests[] = {
	{ "init_waits_off_the_run_queue", test_init_waits_off_the_run_queue },
	{ "lmp_pingpong_children", test_lmp_pingpong_children },
	{ "rpc_calls_go_through_the_kernel", test_rpc_calls_go_through_the_kernel },
	{ "rpc_old_client_endpoint_refused", test_rpc_old_client_endpoint_refused },
	{ "rpc_ram_beyond_initial", test_rpc_ram_beyond_initial },
	{ "rpc_ram_limit", test_rpc_ram_limit },
	{ "rpc_spawn_and_wait", test_rpc_spawn_and_wait },
	{ "rpc_kill_own_child", test_rpc_kill_own_child },
	{ "rpc_kill_refused", test_rpc_kill_refused },
	{ "rpc_list_processes", test_rpc_list_processes },
	{ "rpc_flood", test_rpc_flood },
	{ "rpc_garbage", test_rpc_garbage },
	{ "rpc_exit_mid_call", test_rpc_exit_mid_call },
};
const unsigned rpc_test_count = sizeof(rpc_tests) / sizeof(rpc_tests[0]);
