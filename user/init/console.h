/*
 * init owns the console (docs/console.md): the kernel sends it every typed
 * byte; init echoes, edits the line, and hands finished lines to the
 * processes that read their standard input (INIT_RPC_CONSOLE_READ).
 */
#ifndef INIT_CONSOLE_H
#define INIT_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include <errors.h>

#define CONSOLE_LINE_MAX   256	/* bytes of the line being edited */
#define CONSOLE_COOKED_MAX 1024 /* bytes of finished lines nobody has read yet */
#define CONSOLE_BUF_WORDS  128u /* init's receive buffer for the kernel's messages */

/* Bind an EndPoint of init's to the console (the Kernel capability's authority). */
errval_t console_start(void);
/* Take the kernel's messages of typed bytes, if any came; true if one did. */
bool console_poll(void);
/*
 * INIT_RPC_CONSOLE_READ from client `index`: up to `max` bytes.  Replies at
 * once if a finished line is waiting, else when one is (INIT_ERR_DEFERRED).
 */
errval_t console_read_for(uint32_t index, uint32_t max);
/* INIT_RPC_FOREGROUND: pid (a child of the caller's; 0: none) reads the console and Ctrl-C
 * stops it. */
errval_t console_set_foreground(uint32_t caller, uint32_t pid);
/* With no process in the foreground, pid reads the console (the shell; 0: any process). */
void console_set_session(uint32_t pid);
/* The client is gone: its waiting read goes too. */
void console_forget(uint32_t index);

#endif
