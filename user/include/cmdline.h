/*
 * Splitting a command line into words, with quotes (user/lib/cmdline.c):
 * the shell's lines, and the arguments of menu.lst's module lines.
 */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdbool.h>

#include <spawn_params.h>

#define CMDLINE_MAX	 512		/* bytes of the words, each with its NUL */
#define CMDLINE_MAX_ARGS SPAWN_MAX_ARGS /* as many as a program can be given */

struct command {
	int argc;
	char *argv[CMDLINE_MAX_ARGS + 1]; /* NULL-terminated, pointing into words */
	bool background;		  /* it ended with `&` */
	char words[CMDLINE_MAX];
};

/*
 * Words are separated by spaces or tabs; 'single quotes' keep everything,
 * "double quotes" keep everything but \" and \\, and a backslash outside
 * quotes keeps the next character.  A last word `&` (or a word ending in an
 * unquoted `&`) runs the command in the background.  Returns NULL, or a
 * message saying what is wrong (an open quote, too many words, a line too long).
 */
const char *cmdline_parse(const char *line, struct command *cmd);

#endif
