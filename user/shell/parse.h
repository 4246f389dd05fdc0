/* Splitting a shell command line into words (parse.c). */
#ifndef SHELL_PARSE_H
#define SHELL_PARSE_H

#include <stdbool.h>

#define SHELL_LINE_MAX 256
#define SHELL_MAX_ARGS 32

struct command {
	int argc;
	char *argv[SHELL_MAX_ARGS + 1]; /* NULL-terminated, pointing into words */
	bool background;		/* it ended with `&` */
	char words[SHELL_LINE_MAX];
};

/*
 * Words are separated by spaces or tabs; 'single quotes' keep everything,
 * "double quotes" keep everything but \" and \\, and a backslash outside
 * quotes keeps the next character.  A last word `&` (or a word ending in an
 * unquoted `&`) runs the command in the background.  Returns NULL, or a
 * message saying what is wrong (an open quote, too many words, a line too long).
 */
const char *parse_command(const char *line, struct command *cmd);

#endif
