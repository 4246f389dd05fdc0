/* The shell's built-in commands: each prints its result, or one line saying what failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <init_rpc.h>
#include <runtime.h>
#include <syscalls.h>

#include "builtins.h"

struct builtin {
	const char *name, *args, *help;
	int min_args;
	void (*run)(const struct command *cmd);
};

static const struct builtin builtins[];

/* A pid argument: digits only, not 0. */
static bool parse_pid(const struct command *cmd, uint32_t *pid)
{
	char *end;
	unsigned long v = strtoul(cmd->argv[1], &end, 10);

	if (*end || end == cmd->argv[1] || v == 0 || v > UINT32_MAX) {
		printf("%s: '%s' is not a pid\n", cmd->argv[0], cmd->argv[1]);
		return false;
	}
	*pid = (uint32_t)v;
	return true;
}

const char *status_meaning(int32_t status)
{
	switch (status) {
	case EXIT_STATUS_KILLED: return " (killed)";
	case EXIT_STATUS_FAULT: return " (faulted)";
	case EXIT_STATUS_CTRL_C: return " (stopped by Ctrl-C)";
	default: return "";
	}
}

static void report(const struct command *cmd, errval_t err)
{
	if (err_is_fail(err))
		printf("%s: %s\n", cmd->argv[0], err_getstring(err));
}

static void cmd_help(const struct command *cmd)
{
	(void)cmd;
	printf("Built-in commands:\n");
	for (const struct builtin *b = builtins; b->name; b++)
		printf("  %-7s %-12s %s\n", b->name, b->args, b->help);
	printf("  %-7s %-12s %s\n", "exit", "[status]", "leave the shell");
	printf("Anything else runs a program of the boot archive (see lsmod):\n"
	       "  <program> [args...]   wait for it; Ctrl-C stops it\n"
	       "  <program> [args...] & run it in the background\n"
	       "Quote arguments with ' or \"; Ctrl-U erases the line, Ctrl-D ends the input.\n");
}

static const char *state_name(uint32_t state)
{
	return state == INIT_PROC_RUNNING ? "running" : "exited";
}

static void cmd_ps(const struct command *cmd)
{
	struct init_proc_info info;
	struct init_proc_stats st;
	uint32_t after = 0;
	errval_t err;

	printf("  PID  PPID  STATE     RAM KiB  CPU ms  NAME\n");
	while (err_is_ok(err = init_rpc_list_next(after, &info))) {
		after = info.pid;
		if (err_is_fail(init_rpc_proc_stats(info.pid, &st)))
			st = (struct init_proc_stats){ 0, 0, 0 };
		printf("%5u %5u  %-8s %8u %7u  %s\n", (unsigned)info.pid, (unsigned)info.parent_pid,
		       state_name(info.state), (unsigned)(st.ram_bytes >> 10),
		       (unsigned)(st.tick_hz ? (uint64_t)st.cpu_ticks * 1000 / st.tick_hz : 0),
		       info.name);
	}
	if (err != INIT_ERR_LIST_END)
		report(cmd, err);
}

static void cmd_kill(const struct command *cmd)
{
	uint32_t pid;

	if (parse_pid(cmd, &pid))
		report(cmd, init_rpc_kill(pid));
}

static void cmd_wait(const struct command *cmd)
{
	uint32_t pid;
	int32_t status;
	errval_t err;

	if (!parse_pid(cmd, &pid))
		return;
	init_rpc_foreground(pid); /* it is in the foreground now: Ctrl-C stops it */
	err = init_rpc_wait(pid, &status);
	init_rpc_foreground(0);
	if (err_is_fail(err))
		report(cmd, err);
	else
		printf("wait: %u exited with status %d%s\n", (unsigned)pid, (int)status,
		       status_meaning(status));
}

static void cmd_free(const struct command *cmd)
{
	uint32_t free_bytes, total;
	errval_t err = init_rpc_mem_stats(&free_bytes, &total);

	if (err_is_fail(err)) {
		report(cmd, err);
		return;
	}
	printf("RAM: %u KiB free, %u KiB used, %u KiB in all (init's allocator)\n",
	       (unsigned)(free_bytes >> 10), (unsigned)((total - free_bytes) >> 10),
	       (unsigned)(total >> 10));
}

static void dump(const struct command *cmd, uint32_t what)
{
	uint32_t pid;

	fflush(stdout); /* init prints the dump: our lines first */
	if (parse_pid(cmd, &pid))
		report(cmd, init_rpc_dump(what, pid));
}

static void cmd_caps(const struct command *cmd)
{
	dump(cmd, INIT_DUMP_CSPACE);
}

static void cmd_vspace(const struct command *cmd)
{
	dump(cmd, INIT_DUMP_VSPACE);
}

/* Was `name` listed by an earlier module (menu.lst may start a program more than once)? */
static bool listed_before(uint32_t index, const char *name)
{
	char other[INIT_RPC_MODULE_NAME + 1];
	uint32_t flags;

	for (uint32_t i = 0; i < index; i++)
		if (err_is_ok(init_rpc_module(i, other, &flags)) && strcmp(other, name) == 0)
			return true;
	return false;
}

static void cmd_lsmod(const struct command *cmd)
{
	char name[INIT_RPC_MODULE_NAME + 1];
	uint32_t flags;
	errval_t err;

	for (uint32_t i = 0; err_is_ok(err = init_rpc_module(i, name, &flags)); i++)
		if (!listed_before(i, name))
			printf("  %-16s %s\n", name,
			       flags & INIT_MODULE_BOOT ? "(started at boot)" : "");
	if (err != INIT_ERR_LIST_END)
		report(cmd, err);
}

static void cmd_ticks(const struct command *cmd)
{
	struct tick_sample t = sys_ticks();
	uint32_t hz;
	uint64_t clock = sys_clock(&hz), idle;
	errval_t err = init_rpc_idle_ticks(&idle);

	if (err_is_fail(err)) {
		report(cmd, err);
		return;
	}
	printf("ticks: %llu at %u Hz = %llu ms; board clock: %llu ms; idle: %llu ticks\n",
	       (unsigned long long)t.ticks, (unsigned)t.tick_hz,
	       (unsigned long long)(t.ticks * 1000 / t.tick_hz),
	       (unsigned long long)(clock * 1000 / hz), (unsigned long long)idle);
}

static const struct builtin builtins[] = {
	{ "help", "", "this list", 0, cmd_help },
	{ "ps", "", "the processes: pid, parent, state, RAM, CPU time, name", 0, cmd_ps },
	{ "kill", "<pid>", "stop a program this shell started", 1, cmd_kill },
	{ "wait", "<pid>", "wait for a program (Ctrl-C stops it); its exit status", 1, cmd_wait },
	{ "free", "", "RAM free and used", 0, cmd_free },
	{ "caps", "<pid>", "a process's capabilities, slot by slot", 1, cmd_caps },
	{ "vspace", "<pid>", "a process's page tables", 1, cmd_vspace },
	{ "lsmod", "", "the programs in the boot archive", 0, cmd_lsmod },
	{ "ticks", "", "the tick count, the board clock, the ticks the CPU was idle", 0,
	  cmd_ticks },
	{ NULL, NULL, NULL, 0, NULL },
};

bool run_builtin(const struct command *cmd)
{
	for (const struct builtin *b = builtins; b->name; b++) {
		if (strcmp(cmd->argv[0], b->name) != 0)
			continue;
		if (cmd->argc - 1 < b->min_args)
			printf("%s: usage: %s %s\n", b->name, b->name, b->args);
		else if (cmd->background)
			printf("%s: a built-in command cannot run in the background\n", b->name);
		else
			b->run(cmd);
		return true;
	}
	return false;
}
