/*
 * The normal image's init (image.h): a look at memory management at work,
 * then menu.lst's modules, then the shell, whose console init serves.
 */
#include <stdint.h>
#include <stdio.h>

#include <bootinfo.h>
#include <capabilities.h>
#include <spawn.h>

#include "console.h"
#include "image.h"
#include "mem.h"
#include "proc.h"

/* Start every `module` menu.lst lists after init itself, with its arguments (`program`
 * lines wait to be asked for). */
static void start_boot_modules(const struct bootinfo *bi)
{
	char path[64];
	uint32_t pid;
	errval_t err;

	for (uint32_t i = 0; i < bi->regions_length; i++) {
		const struct mem_region *m = &bi->regions[i];

		if (m->mr_type != RegionType_Module || m->mrmod_slot == 0 || /* slot 0: init */
		    !(m->mrmod_flags & MODULE_FLAG_BOOT))
			continue;
		multiboot_module_name(m, path, sizeof(path));
		if ((err = proc_spawn_module(m, &pid)))
			DEBUG_ERR(err, "spawning %s", path);
	}
}

/*
 * The shell, if menu.lst has one (`program /sbin/shell`): init owns the
 * console and serves it, and the shell's calls, for as long as it runs.
 */
static int run_shell(void)
{
	uint32_t pid;
	int32_t status;
	errval_t err;

	if (!multiboot_find_module(init_bootinfo, "shell")) {
		printf("init: done\n");
		return 0;
	}
	if ((err = console_start())) {
		DEBUG_ERR(err, "binding the console");
		return 1;
	}
	proc_verbose = false; /* the shell reports on its own children */
	spawn_verbose = false;
	if ((err = proc_spawn_by_name("shell", &pid))) {
		DEBUG_ERR(err, "starting the shell");
		return 1;
	}
	console_set_session(pid); /* it reads the console when no program of its does */
	if ((err = proc_wait(pid, &status))) {
		DEBUG_ERR(err, "running the shell");
		return 1;
	}
	printf("init: the shell exited with status %d; done\n", (int)status);
	return 0;
}

int image_main(int argc, char **argv)
{
	errval_t err;

	if (init_is_quiet(argc, argv)) {
		spawn_verbose = proc_verbose = false;
	} else if ((err = large_frame_round_trip())) {
		DEBUG_ERR(err, "large frame round trip");
		return 1;
	}
	start_boot_modules(init_bootinfo);
	if (init_is_quiet(argc, argv))
		proc_wait_all();
	else
		printf("init: all %u children exited\n", proc_wait_all());
	return run_shell();
}
