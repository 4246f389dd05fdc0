/* init's process table (proc.h). */
#include <stdio.h>
#include <string.h>

#include <runtime.h>

#include "mem.h"
#include "proc.h"
#include "server.h"

#include <init_rpc.h>

static struct proc procs[PROC_MAX];
bool proc_verbose = true;

static struct proc *proc_slot(void)
{
	for (unsigned i = 0; i < PROC_MAX; i++)
		if (procs[i].state == PROC_FREE)
			return &procs[i];
	return NULL;
}

static struct proc *proc_find(uint32_t pid)
{
	for (unsigned i = 0; i < PROC_MAX; i++)
		if (procs[i].state != PROC_FREE && procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

/* Entry i's process: running or exited but not yet waited for. */
static struct proc *proc_at(uint32_t i)
{
	return i < PROC_MAX && procs[i].state != PROC_FREE ? &procs[i] : NULL;
}

/* p's channel to init, for spawn to hand to the child. */
static errval_t proc_prepare(struct proc *p)
{
	errval_t err = server_client_open((uint32_t)(p - procs), &p->si.initep);

	p->si.exitep = p->si.initep; /* its exit comes in the same buffer, from the kernel */
	p->parent = PROC_PARENT_INIT;
	p->waiter = -1;
	return err;
}

/* The spawn into p's slot returned err: on success p is a running child.  free_before:
 * init's free RAM before the spawn, so that p's cost is known (proc_stats). */
static errval_t proc_start(struct proc *p, errval_t err, uint32_t *pid, uint64_t free_before)
{
	p->spawn_ram_bytes = (uint32_t)(free_before - init_mm.free_bytes);
	if (err_is_fail(err)) {
		server_client_close((uint32_t)(p - procs));
		return err;
	}
	p->state = PROC_RUNNING;
	p->exit_heard = false;
	*pid = p->pid;
	return SYS_ERR_OK;
}

errval_t proc_spawn_argv(int argc, char *argv[], uint32_t heap_ram_bytes, uint32_t *pid)
{
	struct proc *p = proc_slot();
	uint64_t free_before;
	errval_t err;

	if (!p)
		return SPAWN_ERR_TOO_MANY_PROCS;
	if ((err = proc_prepare(p)))
		return err;
	p->si.heap_ram_bytes = heap_ram_bytes;
	free_before = init_mm.free_bytes;
	return proc_start(p, spawn_load_argv(argc, argv, &p->si, &p->pid), pid, free_before);
}

errval_t proc_spawn_by_name(const char *name, uint32_t *pid)
{
	struct proc *p = proc_slot();
	uint64_t free_before;
	errval_t err;

	if (!p)
		return SPAWN_ERR_TOO_MANY_PROCS;
	if ((err = proc_prepare(p)))
		return err;
	p->si.heap_ram_bytes = 0;
	free_before = init_mm.free_bytes;
	return proc_start(p, spawn_load_by_name(name, &p->si, &p->pid), pid, free_before);
}

errval_t proc_spawn_module(const struct mem_region *module, uint32_t *pid)
{
	struct proc *p = proc_slot();
	uint64_t free_before;
	errval_t err;

	if (!p)
		return SPAWN_ERR_TOO_MANY_PROCS;
	if ((err = proc_prepare(p)))
		return err;
	p->si.heap_ram_bytes = 0;
	free_before = init_mm.free_bytes;
	return proc_start(p, spawn_load_module(module, &p->si, &p->pid), pid, free_before);
}

/* Has p exited? */
static bool has_exited(struct proc *p, int32_t *status)
{
	uint32_t state;
	errval_t err = invoke_dispatcher_status(p->si.dispatcher.cap, &state, status);

	/*
	 * Our capability to its dispatcher is gone only if the child revoked its
	 * own copy (deleting ours): it is treated as exited, and reaping it
	 * destroys its CSpace and with that its dispatcher.
	 */
	if (err == SYS_ERR_CAP_NOT_FOUND) {
		*status = EXIT_STATUS_FAULT;
		return true;
	}
	return err_is_ok(err) && state == DISPATCHER_STATE_EXITED;
}

errval_t proc_poll_exit(uint32_t pid, bool *exited, int32_t *status)
{
	struct proc *p = proc_find(pid);

	if (!p)
		return SPAWN_ERR_NO_SUCH_PROC;
	*exited = has_exited(p, status);
	return SYS_ERR_OK;
}

const struct spawninfo *proc_spawninfo(uint32_t pid)
{
	struct proc *p = proc_find(pid);

	return p ? &p->si : NULL;
}

/* p, reaped, goes to its parent: to a waiting one now, else it waits for the parent. */
static void hand_to_parent(struct proc *p)
{
	if (p->parent == PROC_PARENT_INIT) {
		p->state = PROC_FREE; /* init's own: proc_wait reads the status from here */
		return;
	}
	p->state = PROC_EXITED;
	if (p->waiter >= 0) {
		server_reply((uint32_t)p->waiter, INIT_RPC_WAIT, SYS_ERR_OK, (uint32_t)p->status);
		p->state = PROC_FREE;
	}
}

/* Take everything back from p, dead or alive, and record its status. */
static void reap(struct proc *p, int32_t status)
{
	p->status = status;
	invoke_dispatcher_cpu_ticks(p->si.dispatcher.cap, &p->cpu_ticks);
	if (proc_verbose)
		printf("init: %s[%u] exited with status %d\n", p->si.name, (unsigned)p->pid,
		       (int)status);
	spawn_cleanup(&p->si);
	server_client_close((uint32_t)(p - procs));
	proc_orphan_children_of((uint32_t)(p - procs));
	hand_to_parent(p);
}

/* Has p exited?  Then take everything back. */
static bool try_reap(struct proc *p)
{
	int32_t status;

	/* The kernel's exit message comes first (a child cannot fake it): until then the
	 * child is running and there is no need to ask the kernel. */
	if (p->state != PROC_RUNNING || !p->exit_heard || !has_exited(p, &status))
		return false;
	reap(p, status);
	return true;
}

void proc_check_exits(void)
{
	int32_t status;

	for (uint32_t i = 0; i < PROC_MAX; i++) {
		struct proc *p = &procs[i];

		if (p->state != PROC_RUNNING || p->exit_heard || !has_exited(p, &status))
			continue;
		p->exit_heard = true; /* as good as the message, which did not come */
		if (p->parent != PROC_PARENT_INIT)
			try_reap(p);
	}
}

void proc_exit_reported(uint32_t index)
{
	struct proc *p = proc_at(index);

	if (p)
		p->exit_heard = true;
	/* init's own children are reaped where init waits for them. */
	if (p && p->parent != PROC_PARENT_INIT)
		try_reap(p);
}

void proc_orphan_children_of(uint32_t index)
{
	for (uint32_t i = 0; i < PROC_MAX; i++) {
		if (procs[i].state == PROC_FREE || procs[i].parent != (int32_t)index)
			continue;
		if (procs[i].state == PROC_EXITED)
			procs[i].state = PROC_FREE; /* nobody will wait for it now */
		else
			procs[i].parent = PROC_PARENT_INIT;
		if (procs[i].waiter == (int32_t)index)
			procs[i].waiter = -1;
	}
}

/* The caller's child pid, or NULL. */
static struct proc *child_of(uint32_t caller, uint32_t pid)
{
	struct proc *p = proc_find(pid);

	return p && p->parent == (int32_t)caller ? p : NULL;
}

errval_t proc_spawn_for(uint32_t caller, int argc, char *argv[], uint32_t *pid)
{
	errval_t err = proc_spawn_argv(argc, argv, 0, pid);

	if (err_is_ok(err))
		proc_find(*pid)->parent = (int32_t)caller;
	return err;
}

errval_t proc_wait_for(uint32_t caller, uint32_t pid, int32_t *status)
{
	struct proc *p = child_of(caller, pid);

	if (!p)
		return INIT_ERR_NOT_PARENT;
	try_reap(p);
	if (p->state == PROC_EXITED) {
		*status = p->status;
		p->state = PROC_FREE;
		return SYS_ERR_OK;
	}
	p->waiter = (int32_t)caller; /* answered when it exits (hand_to_parent) */
	return INIT_ERR_DEFERRED;
}

errval_t proc_list_next(uint32_t after_pid, struct init_proc_info *info)
{
	struct proc *best = NULL;

	for (uint32_t i = 0; i < PROC_MAX; i++)
		if (procs[i].state != PROC_FREE && procs[i].pid > after_pid &&
		    (!best || procs[i].pid < best->pid))
			best = &procs[i];
	if (!best)
		return INIT_ERR_LIST_END;
	memset(info, 0, sizeof(*info));
	info->pid = best->pid;
	info->state = best->state == PROC_RUNNING ? INIT_PROC_RUNNING : INIT_PROC_EXITED;
	info->parent_pid = best->parent == PROC_PARENT_INIT ? 0 : procs[best->parent].pid;
	/* The name, cut to fit (the rest of info->name stays 0). */
	for (size_t i = 0; i + 1 < sizeof(info->name) && best->si.name[i]; i++)
		info->name[i] = best->si.name[i];
	return SYS_ERR_OK;
}

errval_t proc_kill_for(uint32_t caller, uint32_t pid)
{
	struct proc *p = child_of(caller, pid);

	if (!p)
		return INIT_ERR_NOT_PARENT;
	if (p->state == PROC_RUNNING) {
		if (proc_verbose)
			printf("init: %s[%u] killed by its parent\n", p->si.name, (unsigned)pid);
		reap(p, EXIT_STATUS_KILLED); /* destroying its dispatcher stops it */
	}
	return SYS_ERR_OK;
}

uint32_t proc_pid_at(uint32_t index)
{
	struct proc *p = proc_at(index);

	return p ? p->pid : 0;
}

uint32_t proc_index_of(uint32_t pid)
{
	struct proc *p = proc_find(pid);

	return p ? (uint32_t)(p - procs) : PROC_MAX;
}

bool proc_is_child_of(uint32_t caller, uint32_t pid)
{
	return child_of(caller, pid) != NULL;
}

errval_t proc_kill(uint32_t pid, int32_t status)
{
	struct proc *p = proc_find(pid);

	if (!p || p->state != PROC_RUNNING)
		return SPAWN_ERR_NO_SUCH_PROC;
	reap(p, status);
	return SYS_ERR_OK;
}

errval_t proc_stats(uint32_t pid, uint32_t given_bytes, struct init_proc_stats *stats)
{
	struct proc *p = proc_find(pid);
	struct tick_sample now = sys_ticks();
	errval_t err;

	if (!p)
		return SPAWN_ERR_NO_SUCH_PROC;
	/* An exited process was reaped: everything it had is back with init. */
	stats->ram_bytes = p->state == PROC_RUNNING ? p->spawn_ram_bytes + given_bytes : 0;
	stats->tick_hz = now.tick_hz;
	stats->cpu_ticks = p->cpu_ticks; /* its total, once it has exited */
	if (p->state == PROC_RUNNING &&
	    (err = invoke_dispatcher_cpu_ticks(p->si.dispatcher.cap, &stats->cpu_ticks)))
		return err;
	return SYS_ERR_OK;
}

const struct spawninfo *proc_running_spawninfo(uint32_t pid)
{
	struct proc *p = proc_find(pid);

	return p && p->state == PROC_RUNNING ? &p->si : NULL;
}

errval_t proc_wait(uint32_t pid, int32_t *status)
{
	struct proc *p = proc_find(pid);

	if (!p)
		return SPAWN_ERR_NO_SUCH_PROC;
	/* Serve the children's calls while waiting; the kernel's exit message wakes us. */
	while (!try_reap(p))
		server_wait();
	*status = p->status;
	return SYS_ERR_OK;
}

unsigned proc_wait_all(void)
{
	unsigned reaped = 0, running;

	do {
		running = 0;
		for (unsigned i = 0; i < PROC_MAX; i++) {
			if (procs[i].state != PROC_RUNNING)
				continue;
			if (try_reap(&procs[i]))
				reaped++;
			else
				running++;
		}
		if (running)
			server_wait();
	} while (running);
	return reaped;
}
