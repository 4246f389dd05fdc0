/* init's process table (proc.h). */
#include <stdio.h>
#include <string.h>

#include <dump.h>
#include <runtime.h>

#include "proc.h"
#include "server.h"

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

/* p's channel to init, for spawn to hand to the child. */
static errval_t proc_prepare(struct proc *p)
{
	errval_t err = server_client_open((uint32_t)(p - procs), &p->si.initep);

	p->si.exitep = p->si.initep; /* its exit comes in the same buffer, from the kernel */
	return err;
}

/* The spawn into p's slot returned err: on success p is a running child. */
static errval_t proc_start(struct proc *p, errval_t err, uint32_t *pid)
{
	if (err_is_fail(err)) {
		server_client_close((uint32_t)(p - procs));
		return err;
	}
	p->state = PROC_RUNNING;
	*pid = p->pid;
	return SYS_ERR_OK;
}

errval_t proc_spawn_argv(int argc, char *argv[], uint32_t heap_ram_bytes, uint32_t *pid)
{
	struct proc *p = proc_slot();

	errval_t err;

	if (!p)
		return SPAWN_ERR_TOO_MANY_PROCS;
	if ((err = proc_prepare(p)))
		return err;
	p->si.heap_ram_bytes = heap_ram_bytes;
	return proc_start(p, spawn_load_argv(argc, argv, &p->si, &p->pid), pid);
}

errval_t proc_spawn_by_name(const char *name, uint32_t *pid)
{
	struct proc *p = proc_slot();

	errval_t err;

	if (!p)
		return SPAWN_ERR_TOO_MANY_PROCS;
	if ((err = proc_prepare(p)))
		return err;
	p->si.heap_ram_bytes = 0;
	return proc_start(p, spawn_load_by_name(name, &p->si, &p->pid), pid);
}

errval_t proc_spawn_module(const struct mem_region *module, uint32_t *pid)
{
	struct proc *p = proc_slot();

	errval_t err;

	if (!p)
		return SPAWN_ERR_TOO_MANY_PROCS;
	if ((err = proc_prepare(p)))
		return err;
	p->si.heap_ram_bytes = 0;
	return proc_start(p, spawn_load_module(module, &p->si, &p->pid), pid);
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

/* Has p exited?  Then take everything back. */
static bool try_reap(struct proc *p)
{
	int32_t status;

	if (!has_exited(p, &status))
		return false;
	p->status = status;
	if (proc_verbose)
		printf("init: %s[%u] exited with status %d\n", p->si.name, (unsigned)p->pid,
		       (int)status);
	spawn_cleanup(&p->si);
	server_client_close((uint32_t)(p - procs));
	p->state = PROC_FREE;
	return true;
}

errval_t proc_dump_cspace(uint32_t pid)
{
	struct proc *p = proc_find(pid);

	if (!p)
		return SPAWN_ERR_NO_SUCH_PROC;
	return cspace_dump(p->si.rootcn.cap, dump_to_stdout, NULL, NULL);
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
