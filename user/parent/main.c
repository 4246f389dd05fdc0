/*
 * parent: a child that starts, waits for and kills processes of its own
 * through init (docs/ipc.md).  Exits 0 when everything went as it should.
 *
 *   parent wait        starts "hello grandchild" and waits: status 0
 *   parent kill        starts a long spinner, kills it, waits: EXIT_STATUS_KILLED
 *   parent others PID  waits for and kills PID (not its child) and pid 0:
 *                      each is refused with INIT_ERR_NOT_PARENT
 *   parent list PID    lists the processes: itself and PID must be there, running
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <init_rpc.h>
#include <runtime.h>

static int check(const char *what, errval_t got, errval_t want)
{
	if (got == want)
		return 0;
	printf("parent[%u]: %s: %s, not %s\n", (unsigned)runtime_pid(), what, err_getname(got),
	       err_getname(want));
	return 1;
}

static int spawn_and_wait(void)
{
	uint32_t pid = 0;
	int32_t status = -1;

	if (check("spawn", init_rpc_spawn("hello grandchild", &pid), SYS_ERR_OK) ||
	    check("wait", init_rpc_wait(pid, &status), SYS_ERR_OK))
		return 1;
	printf("parent[%u]: its child %u exited with status %d\n", (unsigned)runtime_pid(),
	       (unsigned)pid, (int)status);
	/* Waited for once: it is gone. */
	return status != 0 || check("wait again", init_rpc_wait(pid, &status), INIT_ERR_NOT_PARENT);
}

static int spawn_and_kill(void)
{
	uint32_t pid = 0;
	int32_t status = 0;

	if (check("spawn", init_rpc_spawn("spinner 1 100000", &pid), SYS_ERR_OK) ||
	    check("kill", init_rpc_kill(pid), SYS_ERR_OK) ||
	    check("wait", init_rpc_wait(pid, &status), SYS_ERR_OK))
		return 1;
	printf("parent[%u]: killed its child %u: status %d\n", (unsigned)runtime_pid(),
	       (unsigned)pid, (int)status);
	return status != EXIT_STATUS_KILLED;
}

static int others(uint32_t pid)
{
	int32_t status;
	int bad = 0;

	bad += check("wait for another's child", init_rpc_wait(pid, &status), INIT_ERR_NOT_PARENT);
	bad += check("kill another's child", init_rpc_kill(pid), INIT_ERR_NOT_PARENT);
	bad += check("wait for init", init_rpc_wait(0, &status), INIT_ERR_NOT_PARENT);
	bad += check("kill init", init_rpc_kill(0), INIT_ERR_NOT_PARENT);
	bad += check("kill itself", init_rpc_kill(runtime_pid()), INIT_ERR_NOT_PARENT);
	bad += check("spawn nothing", init_rpc_spawn("", &pid), INIT_ERR_CMDLINE);
	bad += check("spawn a missing program", init_rpc_spawn("nosuchprogram", &pid),
		     SPAWN_ERR_MODULE_NOT_FOUND);
	printf("parent[%u]: refused as it should: %s\n", (unsigned)runtime_pid(),
	       bad ? "no" : "yes");
	return bad != 0;
}

static int list(uint32_t other)
{
	struct init_proc_info info;
	uint32_t pid = 0, found = 0;
	errval_t err;

	while ((err = init_rpc_list_next(pid, &info)) == SYS_ERR_OK) {
		printf("parent[%u]: pid %u '%s' %s, parent %u\n", (unsigned)runtime_pid(),
		       (unsigned)info.pid, info.name,
		       info.state == INIT_PROC_RUNNING ? "running" : "exited",
		       (unsigned)info.parent_pid);
		if (info.state == INIT_PROC_RUNNING && info.parent_pid == 0 &&
		    ((info.pid == runtime_pid() && strcmp(info.name, "parent") == 0) ||
		     info.pid == other))
			found++;
		pid = info.pid;
	}
	return check("listing", err, INIT_ERR_LIST_END) || found != 2;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "list") == 0)
		return list((uint32_t)atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "wait") == 0)
		return spawn_and_wait();
	if (argc == 2 && strcmp(argv[1], "kill") == 0)
		return spawn_and_kill();
	if (argc == 3 && strcmp(argv[1], "others") == 0)
		return others((uint32_t)atoi(argv[2]));
	printf("usage: parent wait | parent kill | parent others PID | parent list PID\n");
	return 2;
}
