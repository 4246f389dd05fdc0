/*
 * init's process table: the children it spawned, their state, and reaping
 * them (giving back everything they were given) when they exit.
 */
#ifndef INIT_PROC_H
#define INIT_PROC_H

#include <spawn.h>

#define PROC_MAX 64

enum proc_state { PROC_FREE, PROC_RUNNING, PROC_EXITED };

struct proc {
	enum proc_state state;
	uint32_t pid;
	int32_t status;
	struct spawninfo si;
};

/* Spawn argv (argv[0] names the module); heap_ram_bytes: a RAM cap for its heap, or 0. */
errval_t proc_spawn_argv(int argc, char *argv[], uint32_t heap_ram_bytes, uint32_t *pid);
/* Spawn a module with its menu.lst arguments. */
errval_t proc_spawn_by_name(const char *name, uint32_t *pid);
errval_t proc_spawn_module(const struct mem_region *module, uint32_t *pid);
/* Wait (yielding) until pid exits; reap it; its exit status in *status. */
errval_t proc_wait(uint32_t pid, int32_t *status);
/* Has pid exited (its status in *status)?  It is not reaped: proc_wait does that. */
errval_t proc_poll_exit(uint32_t pid, bool *exited, int32_t *status);
/* The spawn record of a running or exited child, or NULL. */
const struct spawninfo *proc_spawninfo(uint32_t pid);
/* Wait for every child; returns how many were reaped. */
unsigned proc_wait_all(void);
/* Print the child's CSpace, read through our capability to its root CNode (libcap/dump.h). */
errval_t proc_dump_cspace(uint32_t pid);
/* Print whether each child reaped so far (verbosely or not). */
extern bool proc_verbose;

#endif
