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
	INIT_RPC_SPAWN,		       /* cap: a Frame holding the command line; reply a0 pid */
	INIT_RPC_WAIT,		       /* a0 pid (the caller's child): reply a0 its status */
	INIT_RPC_KILL,		       /* a0 pid (the caller's child) */
	INIT_RPC_LIST,		       /* a0 pid: the process with the next larger pid */
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
#define INIT_RPC_CMDLINE_MAX 256 /* bytes of a command line, its NUL included */
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

/* Start "program arg..." (split at spaces); its pid.  Only the caller may wait for or kill it. */
errval_t init_rpc_spawn(const char *cmdline, uint32_t *pid);
/* Wait until the caller's child pid has exited; its exit status (EXIT_STATUS_KILLED if killed). */
errval_t init_rpc_wait(uint32_t pid, int32_t *status);
errval_t init_rpc_kill(uint32_t pid);
/* The process with the smallest pid above after_pid (0: the first); INIT_ERR_LIST_END after
 * the last. */
errval_t init_rpc_list_next(uint32_t after_pid, struct init_proc_info *info);

#endif
