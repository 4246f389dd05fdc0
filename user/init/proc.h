/*
 * init's process table: the children it spawned, their state, and reaping
 * them (giving back everything they were given) when they exit.
 */
#ifndef INIT_PROC_H
#define INIT_PROC_H

#include <init_rpc.h>
#include <spawn.h>

#define PROC_MAX 64

enum proc_state { PROC_FREE, PROC_RUNNING, PROC_EXITED };

#define PROC_PARENT_INIT (-1) /* the parent of a child init spawned itself */

/*
 * A child init spawned for another process (INIT_RPC_SPAWN) has that
 * process's table entry as its parent; once reaped it stays PROC_EXITED,
 * with its status, until the parent waits for it (or goes).
 */
struct proc {
	enum proc_state state;
	uint32_t pid;
	int32_t status;
	int32_t parent;	 /* table entry of the process that asked for it, or PROC_PARENT_INIT */
	int32_t waiter;	 /* table entry whose INIT_RPC_WAIT waits for its exit, or -1 */
	bool exit_heard; /* its exit is known: the kernel's message came, or the kernel said so */
	uint32_t spawn_ram_bytes; /* init's RAM that spawning it took */
	uint32_t cpu_ticks;	  /* ticks it ran, read when it was reaped */
	struct spawninfo si;
};

/* Spawn argv (argv[0] names the module); heap_ram_bytes: a RAM cap for its heap, or 0. */
errval_t proc_spawn_argv(int argc, char *argv[], uint32_t heap_ram_bytes, uint32_t *pid);

/* The calls of other processes (server.c): `caller` is the caller's table entry. */
errval_t proc_spawn_for(uint32_t caller, int argc, char *argv[], uint32_t *pid);
/* Wait for the caller's child pid: done (*status set) or deferred (INIT_ERR_DEFERRED). */
errval_t proc_wait_for(uint32_t caller, uint32_t pid, int32_t *status);
errval_t proc_kill_for(uint32_t caller, uint32_t pid);
bool proc_is_child_of(uint32_t caller, uint32_t pid);
/* The pid of the process in table entry `index` (0 if there is none). */
uint32_t proc_pid_at(uint32_t index);
/* pid's process-table entry, or PROC_MAX if there is none. */
uint32_t proc_index_of(uint32_t pid);
/* Stop pid, whoever its parent, with this exit status (Ctrl-C, console.c). */
errval_t proc_kill(uint32_t pid, int32_t status);
/* INIT_RPC_PROC_STATS; given_bytes: the RAM it got from init since (server.c knows). */
errval_t proc_stats(uint32_t pid, uint32_t given_bytes, struct init_proc_stats *stats);
/* Print the regions spawn mapped for a running child, and its page tables (proc_dump.c). */
errval_t proc_dump_vspace(uint32_t pid);
/* The process with the smallest pid above after_pid (INIT_RPC_LIST). */
errval_t proc_list_next(uint32_t after_pid, struct init_proc_info *info);
/* Ask the kernel which running children have exited (their exit message may have been
 * lost): they count as reported, and another process's children are reaped. */
void proc_check_exits(void);
/* The kernel reported the exit of the child in entry `index`. */
void proc_exit_reported(uint32_t index);
/* The process in entry `index` is gone: its children are init's now. */
void proc_orphan_children_of(uint32_t index);
/* Spawn a module with its menu.lst arguments. */
errval_t proc_spawn_by_name(const char *name, uint32_t *pid);
errval_t proc_spawn_module(const struct mem_region *module, uint32_t *pid);
/* Wait (yielding) until pid exits; reap it; its exit status in *status. */
errval_t proc_wait(uint32_t pid, int32_t *status);
/* Has pid exited (its status in *status)?  It is not reaped: proc_wait does that. */
errval_t proc_poll_exit(uint32_t pid, bool *exited, int32_t *status);
/* The spawn record of a running child, or NULL. */
const struct spawninfo *proc_running_spawninfo(uint32_t pid);
/* The spawn record of a running or exited child, or NULL. */
const struct spawninfo *proc_spawninfo(uint32_t pid);
/* Wait for every child; returns how many were reaped. */
unsigned proc_wait_all(void);
/* Print a running child's CSpace, read through our capability to its root CNode
 * (libcap/dump.h; proc_dump.c). */
errval_t proc_dump_cspace(uint32_t pid);
/* Print whether each child reaped so far (verbosely or not). */
extern bool proc_verbose;

#endif
