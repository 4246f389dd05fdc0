/*
 * Calls to init over every process's channel to it (docs/ipc.md).  spawn
 * puts an EndPoint to a buffer of init's, badged for the child, in
 * TASKCN_SLOT_INITEP; the first call binds: it sends init an EndPoint to
 * a buffer of the caller's, on which init replies.
 *
 * A call is one message: words[0] = the call, then its arguments, and at
 * most one capability.  A reply is words[0] = the call | INIT_RPC_REPLY,
 * words[1] = an errval_t, then results, and perhaps a capability.
 */
#ifndef INIT_RPC_H
#define INIT_RPC_H

#include <stdint.h>

#include <capabilities.h>

#include "lmp_chan.h"

enum init_rpc_call {
	INIT_RPC_BIND = LMP_CHAN_BIND, /* cap: the caller's EndPoint for replies */
	INIT_RPC_NULL = 1,	       /* does nothing: a round trip */
	INIT_RPC_PEER_REGISTER,	       /* a0 key, cap: an EndPoint others may look up */
	INIT_RPC_PEER_LOOKUP,	       /* a0 key: reply cap is a copy of that EndPoint */
	INIT_RPC_RAM_ALLOC,	       /* a0 bytes, a1 alignment: reply cap is RAM */
	INIT_RPC_SPAWN,	       /* cap: a Frame holding argv (init_rpc_pack_argv); reply a0 pid */
	INIT_RPC_WAIT,	       /* a0 pid (the caller's child): reply a0 its status */
	INIT_RPC_KILL,	       /* a0 pid (the caller's child) */
	INIT_RPC_LIST,	       /* a0 pid: the process with the next larger pid */
	INIT_RPC_CONSOLE_READ, /* a0 most bytes: reply a0 count, then the bytes */
	INIT_RPC_FOREGROUND,   /* a0 pid (the caller's child, 0: none): Ctrl-C stops it */
	INIT_RPC_PROC_STATS,   /* a0 pid: reply a0 RAM bytes, a1 CPU ticks, a2 tick Hz */
	INIT_RPC_MEM_STATS,    /* reply a0 free RAM bytes, a1 total RAM bytes (init's) */
	INIT_RPC_MODULE,       /* a0 index: reply a0 flags, then the module's name */
	INIT_RPC_DUMP,	       /* a0 INIT_DUMP_*, a1 pid: init prints it on the console */
	INIT_RPC_IDLE_TICKS,   /* reply a0, a1: the ticks that found the core idle */
};

/* One process, as INIT_RPC_LIST describes it. */
struct init_proc_info {
	uint32_t pid;
	uint32_t state;	     /* INIT_PROC_RUNNING or INIT_PROC_EXITED (not yet waited for) */
	uint32_t parent_pid; /* 0: init */
	char name[12];	     /* NUL-terminated */
};
#define INIT_PROC_RUNNING    1
#define INIT_PROC_EXITED     2
#define INIT_RPC_CMDLINE_MAX 256 /* bytes of a packed argv (or a command line), NULs included */
#define INIT_RPC_READ_BYTES  ((LMP_MSG_WORDS - 3) * 4) /* bytes one CONSOLE_READ reply carries */
#define INIT_RPC_MODULE_NAME ((LMP_MSG_WORDS - 3) * 4) /* bytes of a MODULE reply's name */
#define INIT_MODULE_BOOT     1u /* MODULE flags: menu.lst starts it at boot */
#define INIT_DUMP_CSPACE     1u /* DUMP: the process's CSpace, slot by slot */
#define INIT_DUMP_VSPACE     2u /* DUMP: the process's page tables */
#define INIT_RPC_REPLY	     0x80000000u
#define INIT_RPC_PEER_KEYS   16 /* keys are 0..INIT_RPC_PEER_KEYS-1 */
/* RAM init hands one process, at most (INIT_ERR_RAM_LIMIT), and in how many pieces. */
#define INIT_RPC_RAM_LIMIT  (128u * 1024u * 1024u)
#define INIT_RPC_RAM_PIECES 32u

/* The channel to init (bound on first use). */
struct lmp_chan *init_rpc_chan(void);
errval_t init_rpc_null(void);
errval_t init_rpc_peer_register(uint32_t key, struct capref ep);
/* The EndPoint registered under key, in a fresh slot. */
errval_t init_rpc_peer_lookup(uint32_t key, struct capref *ep);

/*
 * RAM from init, as a capability in a fresh slot (without the revoke right;
 * init takes it back when the process exits).  The runtime's RAM allocator
 * asks for more this way when its own runs out.
 */
errval_t init_rpc_ram_alloc(size_t bytes, size_t alignment, struct capref *ram);

/* Start argv[0] with these arguments; its pid.  Only the caller may wait for or kill it. */
errval_t init_rpc_spawn_argv(int argc, char *const argv[], uint32_t *pid);
/* The same for "program arg..." split at spaces. */
errval_t init_rpc_spawn(const char *cmdline, uint32_t *pid);
/*
 * argv as INIT_RPC_SPAWN carries it: each argument with its NUL, then an
 * empty one.  Returns the bytes used, or 0 if it does not fit in `size`.
 */
uint32_t init_rpc_pack_argv(int argc, char *const argv[], char *buf, uint32_t size);
/* Wait until the caller's child pid has exited; its exit status (EXIT_STATUS_KILLED if killed). */
errval_t init_rpc_wait(uint32_t pid, int32_t *status);
errval_t init_rpc_kill(uint32_t pid);
/* The process with the smallest pid above after_pid (0: the first); INIT_ERR_LIST_END after
 * the last. */
errval_t init_rpc_list_next(uint32_t after_pid, struct init_proc_info *info);

/* Up to max bytes of console input (one line at most); blocks until a line is typed.
 * *got = 0: the input ended (Ctrl-D). */
errval_t init_rpc_console_read(char *buf, uint32_t max, uint32_t *got);
/* Ctrl-C stops pid (a child of the caller's) from now on; 0: nobody. */
errval_t init_rpc_foreground(uint32_t pid);
/* What pid costs: the RAM init spent on it and handed it, and the CPU time it used. */
struct init_proc_stats {
	uint32_t ram_bytes;
	uint32_t cpu_ticks;
	uint32_t tick_hz;
};
errval_t init_rpc_proc_stats(uint32_t pid, struct init_proc_stats *stats);
/* init's RAM allocator: free and total bytes. */
errval_t init_rpc_mem_stats(uint32_t *free_bytes, uint32_t *total_bytes);
/* Module `index` of the boot archive (0, 1, ...; INIT_ERR_LIST_END after the last). */
errval_t init_rpc_module(uint32_t index, char name[INIT_RPC_MODULE_NAME + 1], uint32_t *flags);
/* The ticks that found the core idle since boot (the Kernel capability's counter). */
errval_t init_rpc_idle_ticks(uint64_t *ticks);
/* init prints pid's CSpace or page tables (INIT_DUMP_*) on the console, then replies. */
errval_t init_rpc_dump(uint32_t what, uint32_t pid);

#endif
