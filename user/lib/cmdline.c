/* Splitting a command line into words, with quotes (cmdline.h). */
#include <stdbool.h>
#include <string.h>

#include <cmdline.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *cmdline_parse(const char *line, struct command *cmd)
{
	char *out = cmd->words, *end = cmd->words + sizeof(cmd->words);
	const char *p = line;

	cmd->argc = 0;
	cmd->background = false;
	for (;;) {
		bool quoted = false, amp_last = false;
		char *word = out;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		if (cmd->background)
			return "'&' must end the command";
		/* One word: runs of plain, quoted and escaped characters. */
		while (*p && !is_space(*p)) {
			char quote = 0;

			if (*p == '\'' || *p == '"') {
				quote = *p++;
				quoted = true;
				while (*p && *p != quote) {
					if (quote == '"' && *p == '\\' &&
					    (p[1] == '"' || p[1] == '\\'))
						p++;
					if (out + 1 >= end)
						return "the line is too long";
					*out++ = *p++;
				}
				if (!*p)
					return quote == '"' ? "a \" is not closed"
							    : "a ' is not closed";
				p++;
				amp_last = false;
				continue;
			}
			if (*p == '\\' && p[1]) {
				p++;
				quoted = true;
				amp_last = false;
			} else {
				amp_last = *p == '&';
			}
			if (out + 1 >= end)
				return "the line is too long";
			*out++ = *p++;
		}
		if (amp_last) { /* an unquoted & at the end of the word */
			out--;
			cmd->background = true;
			if (out == word && !quoted)
				continue; /* `&` alone is no word */
		}
		if (cmd->argc == CMDLINE_MAX_ARGS)
			return "too many words";
		*out++ = 0;
		cmd->argv[cmd->argc++] = word;
	}
	cmd->argv[cmd->argc] = NULL;
	if (cmd->argc == 0 && cmd->background)
		return "'&' needs a command before it";
	return NULL;
}
