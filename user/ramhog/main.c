/*
 * ramhog: a child that uses far more RAM than it starts with (16 pages),
 * asking init for it (docs/ipc.md): its runtime's RAM allocator calls
 * init_rpc_ram_alloc when its own runs out.
 *
 *   ramhog MIB   maps a frame of MIB MiB, writes and reads back every page,
 *                gives it all back, and exits 0; 3 if init refuses the RAM
 *                (more than a process may hold), 1 on any other error
 */
#include <stdio.h>
#include <stdlib.h>

#include <capabilities.h>
#include <paging.h>
#include <runtime.h>

static int fail(unsigned mib, const char *what, errval_t err)
{
	printf("ramhog[%u]: %u MiB: %s: %s\n", (unsigned)runtime_pid(), mib, what,
	       err_getname(err));
	return err == INIT_ERR_RAM_LIMIT ? 3 : 1;
}

int main(int argc, char **argv)
{
	struct paging_state *st = get_current_paging_state();
	unsigned mib = argc == 2 ? (unsigned)atoi(argv[1]) : 0, bad = 0;
	uint32_t bytes = mib << 20, words = BASE_PAGE_SIZE / sizeof(uint32_t);
	volatile uint32_t *buf;
	struct capref frame;
	errval_t err;

	if (mib == 0 || mib > 1024) {
		printf("usage: ramhog MIB (1 to 1024)\n");
		return 2;
	}
	if ((err = frame_alloc(&frame, bytes, NULL)))
		return fail(mib, "a frame", err);
	if ((err = paging_map_frame(st, (void **)&buf, bytes, frame)))
		return fail(mib, "mapping it", err);
	for (uint32_t p = 0; p < bytes / BASE_PAGE_SIZE; p++)
		buf[p * words] = 0x4a000000u ^ p;
	for (uint32_t p = 0; p < bytes / BASE_PAGE_SIZE; p++)
		bad += buf[p * words] != (0x4a000000u ^ p);
	if ((err = paging_unmap(st, (void *)buf)) || (err = frame_free(frame)))
		return fail(mib, "giving it back", err);
	printf("ramhog[%u]: %u MiB through init: written, read back (%u wrong), given back\n",
	       (unsigned)runtime_pid(), mib, bad);
	return bad ? 1 : 0;
}
