/*
 * init as the console's owner (console.h, docs/console.md).  The kernel
 * sends each typed byte on an EndPoint of init's; init is the line
 * discipline: it echoes, edits the line (backspace, Ctrl-U), and on Enter
 * moves the line to the finished input, which reads take in the order they
 * came, one process at a time: the foreground process if there is one, else
 * the session's (the shell).  A process in the background that reads waits
 * until it is brought to the foreground, as a Unix job would.  Ctrl-C stops
 * the foreground process (status 130); Ctrl-D on an empty line ends the
 * input of the reader waiting for it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <capabilities.h>
#include <init_rpc.h>
#include <lmp_chan.h>
#include <runtime.h>
#include <slot_alloc.h>
#include <syscalls.h>

#include "console.h"
#include "proc.h"
#include "server.h"

#define CTRL(c)	  ((c)&0x1f)
#define KEY_DEL	  0x7f
#define NO_READER (-1)

static struct {
	bool started;
	struct lmp_endpoint ep; /* the kernel's messages of typed bytes */
	char line[CONSOLE_LINE_MAX];
	uint32_t line_len;
	char cooked[CONSOLE_COOKED_MAX]; /* finished lines, oldest first */
	uint32_t cooked_len;
	uint32_t eofs; /* Ctrl-D on an empty line: a read that returns 0 */
	/* Reads waiting for a line, oldest first: client index and byte limit. */
	int32_t readers[PROC_MAX];
	uint32_t reader_max[PROC_MAX];
	uint32_t nreaders;
	uint32_t foreground; /* pid Ctrl-C stops, or 0 */
	uint32_t session;    /* pid that reads when no process is in the foreground; 0: any */
} con;

static void echo(const char *s, uint32_t len)
{
	sys_print(s, len);
}

errval_t console_start(void)
{
	struct capref cap;
	errval_t err;

	if ((err = lmp_endpoint_create(&con.ep, CONSOLE_BUF_WORDS, 0, &cap)))
		return err;
	if ((err = invoke_kernel_console_bind(cap))) {
		lmp_endpoint_destroy(&con.ep);
		return err;
	}
	/* The kernel holds its own copy, which lives as long as our dispatcher. */
	cap_delete(cap);
	slot_free(cap);
	con.started = true;
	return SYS_ERR_OK;
}

/* The reply to a read: up to min(max, INIT_RPC_READ_BYTES) bytes of finished input. */
static void answer_read(uint32_t index, uint32_t max)
{
	uint32_t words[LMP_MSG_WORDS] = { INIT_RPC_CONSOLE_READ | INIT_RPC_REPLY, SYS_ERR_OK };
	uint32_t n = con.cooked_len;

	if (n > max)
		n = max;
	if (n > INIT_RPC_READ_BYTES)
		n = INIT_RPC_READ_BYTES;
	if (n == 0 && con.eofs)
		con.eofs--; /* end of input: a read of 0 bytes */
	words[2] = n;
	memcpy(&words[3], con.cooked, n);
	con.cooked_len -= n;
	memmove(con.cooked, con.cooked + n, con.cooked_len);
	server_reply_words(index, words, LMP_MSG_WORDS);
}

/* May the process in table entry `index` read now? */
static bool may_read(int32_t index)
{
	uint32_t reader = con.foreground ? con.foreground : con.session;

	return reader == 0 || proc_pid_at((uint32_t)index) == reader;
}

static void drop_reader(uint32_t i)
{
	con.nreaders--;
	memmove(&con.readers[i], &con.readers[i + 1], (con.nreaders - i) * sizeof(con.readers[0]));
	memmove(&con.reader_max[i], &con.reader_max[i + 1],
		(con.nreaders - i) * sizeof(con.reader_max[0]));
}

/* Hand finished input to the waiting readers that may read, oldest first. */
static void serve_readers(void)
{
	for (uint32_t i = 0; i < con.nreaders && (con.cooked_len || con.eofs);) {
		if (!may_read(con.readers[i])) {
			i++;
			continue;
		}
		answer_read((uint32_t)con.readers[i], con.reader_max[i]);
		drop_reader(i);
	}
}

errval_t console_read_for(uint32_t index, uint32_t max)
{
	if (!con.started)
		return INIT_ERR_NO_CONSOLE;
	if (max == 0)
		return INIT_ERR_READ_SIZE;
	for (uint32_t i = 0; i < con.nreaders; i++)
		if (con.readers[i] == (int32_t)index)
			return INIT_ERR_READ_PENDING;
	con.readers[con.nreaders] = (int32_t)index;
	con.reader_max[con.nreaders++] = max;
	serve_readers();
	return INIT_ERR_DEFERRED; /* replied already, or when a line comes */
}

void console_forget(uint32_t index)
{
	for (uint32_t i = 0; i < con.nreaders; i++) {
		if (con.readers[i] == (int32_t)index) {
			drop_reader(i);
			return;
		}
	}
}

errval_t console_set_foreground(uint32_t caller, uint32_t pid)
{
	if (pid != 0 && !proc_is_child_of(caller, pid))
		return INIT_ERR_NOT_PARENT;
	con.foreground = pid;
	serve_readers(); /* it may have asked already, in the background */
	return SYS_ERR_OK;
}

void console_set_session(uint32_t pid)
{
	con.session = pid;
}

/* The line is finished: it joins the input readers take (whatever does not fit is lost). */
static void finish_line(bool newline)
{
	uint32_t room = CONSOLE_COOKED_MAX - con.cooked_len;
	uint32_t n = con.line_len < room ? con.line_len : room;

	memcpy(con.cooked + con.cooked_len, con.line, n);
	con.cooked_len += n;
	if (newline && con.cooked_len < CONSOLE_COOKED_MAX)
		con.cooked[con.cooked_len++] = '\n';
	con.line_len = 0;
	serve_readers();
}

/* Ctrl-C: the line is dropped and the foreground process stopped. */
static void interrupt(void)
{
	echo("^C\n", 3);
	con.line_len = 0;
	if (con.foreground && err_is_ok(proc_kill(con.foreground, EXIT_STATUS_CTRL_C)))
		con.foreground = 0;
	else
		finish_line(true); /* nobody to stop: the reader gets an empty line */
}

/* One typed byte, as a terminal's line discipline treats it. */
static void typed(char c)
{
	if (c == '\r' || c == '\n') {
		echo("\n", 1);
		finish_line(true);
	} else if (c == KEY_DEL || c == '\b') {
		if (con.line_len) {
			con.line_len--;
			echo("\b \b", 3);
		}
	} else if (c == CTRL('U')) {
		for (; con.line_len; con.line_len--)
			echo("\b \b", 3);
	} else if (c == CTRL('C')) {
		interrupt();
	} else if (c == CTRL('D')) {
		if (con.line_len == 0)
			con.eofs++;
		finish_line(false);
	} else if ((unsigned char)c >= ' ' && con.line_len < CONSOLE_LINE_MAX) {
		con.line[con.line_len++] = c;
		echo(&c, 1);
	}
	/* Other control bytes, and bytes past a full line, are ignored. */
}

bool console_poll(void)
{
	struct lmp_recv_msg m;
	struct capref cap;

	if (!con.started || !lmp_endpoint_can_recv(&con.ep) ||
	    err_is_fail(lmp_endpoint_recv(&con.ep, &m, &cap)))
		return false;
	/* Only the kernel's messages count: nobody else holds this EndPoint. */
	if (!m.from_kernel || m.length < LMP_CONSOLE_HEADER || m.words[0] != LMP_CONSOLE_WORD ||
	    m.words[1] > (m.length - LMP_CONSOLE_HEADER) * 4)
		return true;
	for (uint32_t i = 0; i < m.words[1]; i++)
		typed((char)(m.words[LMP_CONSOLE_HEADER + i / 4] >> (8 * (i % 4))));
	serve_readers();
	return true;
}
