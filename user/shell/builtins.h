/* The shell's built-in commands (builtins.c). */
#ifndef SHELL_BUILTINS_H
#define SHELL_BUILTINS_H

#include <stdbool.h>
#include <stdint.h>

#include <cmdline.h>

/* Run cmd if it names a built-in command; false if it does not (it is a program). */
bool run_builtin(const struct command *cmd);
/* What an exit status means: " (killed)", " (stopped by Ctrl-C)", ... or "". */
const char *status_meaning(int32_t status);

#endif
