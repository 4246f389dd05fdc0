/* Process start-up: make activations work, run main, exit with its status. */
#include <stdint.h>

#include <runtime.h>
#include <spawn_params.h>

extern char disp_run[], disp_crit_start[], disp_crit_end[];
int main(int argc, char **argv);

void runtime_start(struct spawn_domain_params *params) __attribute__((noreturn));
void runtime_start(struct spawn_domain_params *params)
{
	struct dispatcher_frame *f = disp_frame();

	f->shared.run = (uint32_t)disp_run;
	f->arm.crit_pc_low = (uint32_t)disp_crit_start;
	f->arm.crit_pc_high = (uint32_t)disp_crit_end;
	/* Enabled from here: a preempted dispatcher is upcalled at disp_run. */
	f->shared.disabled = 0;
	sys_exit(main((int)params->argc, (char **)params->argv));
}
