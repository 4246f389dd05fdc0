/*
 * shell: the interactive shell (docs/shell.md).  It reads a line from the
 * console (init owns it and edits the line), splits it into words, and runs
 * a built-in command or a program from the boot archive, through init:
 * init spawns, waits for and kills its children for it, and stops the
 * foreground one on Ctrl-C.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmdline.h>
#include <init_rpc.h>
#include <runtime.h>

#include "builtins.h"

#define PROMPT	       "kestrel$ "
#define SHELL_LINE_MAX 256 /* bytes of a typed line */

/* Run a program and, unless it is in the background, wait for it (Ctrl-C stops it). */
static void run_program(const struct command *cmd)
{
	uint32_t pid;
	int32_t status;
	errval_t err;

	if ((err = init_rpc_spawn_argv(cmd->argc, cmd->argv, &pid))) {
		printf("shell: %s: cannot start it: %s\n", cmd->argv[0], err_getstring(err));
		return;
	}
	if (cmd->background) {
		printf("[%u] %s\n", (unsigned)pid, cmd->argv[0]);
		return;
	}
	init_rpc_foreground(pid);
	err = init_rpc_wait(pid, &status);
	init_rpc_foreground(0);
	if (err_is_fail(err))
		printf("shell: %s: %s\n", cmd->argv[0], err_getstring(err));
	else if (status != 0)
		printf("shell: %s[%u] exited with status %d%s\n", cmd->argv[0], (unsigned)pid,
		       (int)status, status_meaning(status));
}

int main(void)
{
	static struct command cmd;
	char line[SHELL_LINE_MAX];
	const char *problem;

	printf("shell[%u]: type 'help' for the commands\n", (unsigned)runtime_pid());
	for (;;) {
		printf(PROMPT);
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin)) {
			printf("\n");
			return 0; /* Ctrl-D: the end of input */
		}
		if ((problem = cmdline_parse(line, &cmd))) {
			printf("shell: %s\n", problem);
			continue;
		}
		if (cmd.argc == 0)
			continue;
		if (strcmp(cmd.argv[0], "exit") == 0)
			return cmd.argc > 1 ? atoi(cmd.argv[1]) : 0;
		if (!run_builtin(&cmd))
			run_program(&cmd);
	}
}
