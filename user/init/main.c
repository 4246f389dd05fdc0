/*
 * init: the first process.  For now it shows, by its own invocations, that
 * it holds what docs/memory.md says: it reads bootinfo, identifies a RAM
 * capability, retypes part of it into a frame and an L2 table, maps them,
 * writes and reads the frame, and unmaps it again.
 */
#include <stdint.h>

#include <bootinfo.h>
#include <runtime.h>
#include <vspace_layout.h>

#include "tests.h"

#define DEMO_CNODE ROOTCN_SLOT_SLOT_ALLOC0 /* an empty L2 CNode of init's */
#define DEMO_VADDR INIT_FIRST_FREE_VADDR
#define DEMO_PATTERN 0x4b657374u

static uint32_t parse_hex(const char *s)
{
	uint32_t v = 0;

	if (s[0] == '0' && s[1] == 'x')
		s += 2;
	for (; *s; s++)
		v = v * 16 + (uint32_t)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
	return v;
}

static void show_bootinfo(const struct bootinfo *bi)
{
	printf("init: bootinfo at %p: %u regions, %u MiB of RAM in SUPERCN\n", (void *)bi,
	       bi->regions_length, bi->mem_total >> 20);
	for (uint32_t i = 0; i < bi->regions_length; i++) {
		const struct mem_region *r = &bi->regions[i];
		if (r->mr_type == RegionType_Module)
			printf("init: module %u: '%s', %u bytes, MODULECN slot %u\n", i,
			       (const char *)bi + r->mrmod_data, r->mrmod_size, r->mrmod_slot);
	}
}

/* Retype, map, use and unmap a frame: the round trip through the kernel. */
static errval_t frame_round_trip(void)
{
	capaddr_t ram = CAPADDR(ROOTCN_SLOT_SUPERCN, 0);
	capaddr_t frame = CAPADDR(DEMO_CNODE, 0), l2 = CAPADDR(DEMO_CNODE, 1);
	capaddr_t l2_mapping = CAPADDR(DEMO_CNODE, 2), frame_mapping = CAPADDR(DEMO_CNODE, 3);
	volatile uint32_t *p = (volatile uint32_t *)DEMO_VADDR;
	uint32_t base, bytes;
	errval_t err;

	if ((err = frame_identify(ram, &base, &bytes)))
		return err;
	printf("init: RAM cap SUPERCN[0]: %u MiB at 0x%08x\n", bytes >> 20, base);
	if ((err = cap_retype(CNODE_L1(DEMO_CNODE), 1, 0, ram, 0, ObjType_Frame, BASE_PAGE_SIZE, 1)))
		return err;
	if ((err = cap_retype(CNODE_L1(DEMO_CNODE), 1, 1, ram, BASE_PAGE_SIZE, ObjType_VNode_ARM_l2,
			      OBJSIZE_VNODE_ARM_L2, 1)))
		return err;
	if ((err = vnode_map(CAP_VROOT, DEMO_VADDR >> 20, l2, 0, 0, 1, CNODE_L1(DEMO_CNODE), 2)))
		return err;
	if ((err = vnode_map(l2, (DEMO_VADDR >> 12) & 0xff, frame, MAP_FLAG_READ | MAP_FLAG_WRITE, 0,
			     1, CNODE_L1(DEMO_CNODE), 3)))
		return err;
	frame_identify(frame, &base, &bytes);
	p[0] = DEMO_PATTERN;
	p[1023] = ~DEMO_PATTERN;
	printf("init: frame at 0x%08x mapped at %p: wrote and read %s\n", base, (void *)p,
	       (p[0] == DEMO_PATTERN && p[1023] == ~DEMO_PATTERN) ? "back the same" : "WRONG DATA");
	if ((err = vnode_unmap(l2, frame_mapping)))
		return err;
	if ((err = vnode_unmap(CAP_VROOT, l2_mapping)))
		return err;
	if ((err = cap_delete(l2)) || (err = cap_delete(frame)))
		return err;
	printf("init: frame unmapped and deleted\n");
	return SYS_ERR_OK;
}

int main(int argc, char **argv)
{
	const struct bootinfo *bi;
	errval_t err;

	printf("init: running in user mode, argc %d, argv[0] '%s', argv[1] '%s'\n", argc, argv[0],
	       argc > 1 ? argv[1] : "");
	if (argc < 2) {
		printf("init: no bootinfo address in argv[1]\n");
		return 1;
	}
	bi = (const struct bootinfo *)parse_hex(argv[1]);
	show_bootinfo(bi);
	err = frame_round_trip();
	if (err_is_fail(err)) {
		DEBUG_ERR(err, "frame round trip");
		return 1;
	}
	if (argc > 2 && argv[2][0] == 't' && argv[2][1] == 'e') /* "test" */
		return run_tests();
	printf("init: done\n");
	return 0;
}
