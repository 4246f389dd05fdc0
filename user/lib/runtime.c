/*
 * Process start-up (called by crt0): make activations work, set up the
 * slot allocator, the paging library and the environment, initialise
 * newlib, run main, and exit with its status.
 */
#include <stdint.h>
#include <stdlib.h>

#include <capabilities.h>
#include <paging.h>
#include <runtime.h>
#include <slot_alloc.h>
#include <spawn_params.h>

extern char disp_run[], disp_crit_start[], disp_crit_end[];
extern char **environ;
extern void __libc_init_array(void);
int main(int argc, char **argv);

static const struct spawn_domain_params *params;

/* newlib's __libc_init_array calls these; the *_array sections do the work. */
void _init(void);
void _fini(void);
void _init(void)
{
}

void _fini(void)
{
}

/* A process without its own RAM allocator (init has one) overrides nothing. */
__attribute__((weak)) errval_t runtime_memory_init(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return SYS_ERR_OK;
}

void runtime_enable_activations(void)
{
	struct dispatcher_frame *f = disp_frame();

	f->shared.run = (uint32_t)disp_run;
	f->arm.crit_pc_low = (uint32_t)disp_crit_start;
	f->arm.crit_pc_high = (uint32_t)disp_crit_end;
	/* Enabled from here: a preempted dispatcher is upcalled at disp_run. */
	f->shared.disabled = 0;
}

uint32_t runtime_pid(void)
{
	return params ? params->pid : 0;
}

void runtime_start(const struct spawn_domain_params *p) __attribute__((noreturn));
void runtime_start(const struct spawn_domain_params *p)
{
	static const uint32_t slot_cnodes[] = { ROOTCN_SLOT_SLOT_ALLOC0, ROOTCN_SLOT_SLOT_ALLOC1,
						ROOTCN_SLOT_SLOT_ALLOC2 };
	int argc = (int)p->argc;
	char **argv = (char **)p->argv;
	errval_t err;

	params = p;
	runtime_enable_activations();
	environ = (char **)p->envp;
	slot_alloc_init(slot_cnodes, sizeof(slot_cnodes) / sizeof(slot_cnodes[0]));
	err = paging_init();
	if (err_is_ok(err))
		err = runtime_memory_init(argc, argv);
	if (err_is_fail(err)) {
		const char msg[] = "runtime: setting up memory failed\n";
		sys_print(msg, sizeof(msg) - 1);
		sys_exit(1);
	}
	__libc_init_array(); /* constructors */
	exit(main(argc, argv));
}
