/*
 * init_create: the kernel makes init from the boot archive.  All of init's
 * objects are retyped from one "boot memory" RAM capability, through the
 * same capability core that init's own invocations use; the rest of RAM is
 * given to init as RAM capabilities in SUPERCN.  docs/boot.md walks through
 * the steps; docs/memory.md shows the resulting CSpace and VSpace.
 */
#include <stddef.h>
#include <stdint.h>

#include <arch/cpu.h>
#include <bootarchive.h>
#include <arch/armv7/dispatcher_arch.h>
#include <bootinfo.h>
#include <cap.h>
#include <cpio.h>
#include <cspace.h>
#include <dispatch.h>
#include <elf.h>
#include <invocations.h>
#include <kprintf.h>
#include <kstring.h>
#include <mmu.h>
#include <plat.h>
#include <spawn_params.h>
#include <startup.h>
#include <vspace_layout.h>
#include <vnode.h>

#define BOOT_MEM_BASE_SIZE (4u << 20)  /* init's tables, stack and frames */
#define SUPERCN_CHUNK	   (64u << 20) /* RAM caps for init: at most 64 MiB each */
#define BOOT_MEM_ALIGN	   (1u << 20)

static struct cte boot_ram; /* root capability of the boot memory */
static struct cte
    boot_tmp_rootcn; /* the kernel's copy of init's root CNode, until the DCB has one */
static uint32_t boot_ram_used;

static struct cte *init_cnode[ROOTCN_FIRST_FREE_SLOT];
static uint32_t next_slot[ROOTCN_FIRST_FREE_SLOT]; /* next free slot per L2 CNode */
static struct cte *init_l2_table[VNODE_ARM_L1_USER_ENTRIES];

static struct cte *slot_in(unsigned rootcn_slot, uint32_t slot)
{
	return (struct cte *)cap_kva(init_cnode[rootcn_slot]->cap.base) + slot;
}

/* Retype `count` objects from the boot memory into consecutive slots. */
static void boot_retype_into(struct cte *slots, uint32_t slot, uint32_t nslots, enum objtype type,
			     uint32_t objsize)
{
	uint32_t align = (type == ObjType_VNode_ARM_l1 || type == ObjType_L1CNode) ? 16384 : 4096;
	uint32_t offset = (boot_ram_used + align - 1) & ~(align - 1);
	errval_t err = caps_retype(&boot_ram, type, offset, objsize, 1, slots, slot, nslots);

	if (err_is_fail(err))
		panic("init_create: retype of type %u, %u bytes at offset 0x%x failed: error %u",
		      type, objsize, offset, err);
	boot_ram_used = offset + ((objsize + 4095) & ~4095u);
}

/* A new object in the next free slot of one of init's L2 CNodes. */
static struct cte *boot_object(unsigned rootcn_slot, enum objtype type, uint32_t objsize)
{
	uint32_t slot = next_slot[rootcn_slot]++;
	struct cte *slots = cap_kva(init_cnode[rootcn_slot]->cap.base);

	boot_retype_into(slots, slot, L2_CNODE_SLOTS, type, objsize);
	return &slots[slot];
}

static struct cte *boot_object_at(unsigned rootcn_slot, uint32_t slot, enum objtype type,
				  uint32_t objsize)
{
	struct cte *slots = cap_kva(init_cnode[rootcn_slot]->cap.base);

	boot_retype_into(slots, slot, L2_CNODE_SLOTS, type, objsize);
	return &slots[slot];
}

/* The L2 table covering vaddr, made and installed on first use. */
static struct cte *l2_table_for(uint32_t vaddr)
{
	uint32_t l1_entry = vaddr >> 20;
	struct cte *l2;
	errval_t err;

	if (init_l2_table[l1_entry])
		return init_l2_table[l1_entry];
	l2 = boot_object(ROOTCN_SLOT_PAGECN, ObjType_VNode_ARM_l2, OBJSIZE_VNODE_ARM_L2);
	err =
	    vnode_map_kernel(slot_in(ROOTCN_SLOT_PAGECN, PAGECN_SLOT_VROOT), l2, l1_entry, 0, 0, 1,
			     slot_in(ROOTCN_SLOT_MAPPINGCN, next_slot[ROOTCN_SLOT_MAPPINGCN]++));
	if (err_is_fail(err))
		panic("init_create: installing an L2 table for 0x%08x failed: error %u", vaddr,
		      err);
	init_l2_table[l1_entry] = l2;
	return l2;
}

/* Map all of `frame` at vaddr in init's VSpace, one map per L2 table. */
static void boot_map(uint32_t vaddr, struct cte *frame, uint32_t flags)
{
	uint32_t offset = 0;

	while (offset < frame->cap.bytes) {
		uint32_t va = vaddr + offset;
		uint32_t entry = (va >> 12) & 0xff;
		uint32_t count = VNODE_ARM_L2_ENTRIES - entry;
		errval_t err;

		if (count > (frame->cap.bytes - offset) >> 12)
			count = (frame->cap.bytes - offset) >> 12;
		err = vnode_map_kernel(
		    l2_table_for(va), frame, entry, flags, offset, count,
		    slot_in(ROOTCN_SLOT_MAPPINGCN, next_slot[ROOTCN_SLOT_MAPPINGCN]++));
		if (err_is_fail(err))
			panic("init_create: mapping 0x%08x failed: error %u", va, err);
		offset += count << 12;
	}
}

static uint32_t map_flags_from_elf(uint32_t p_flags)
{
	return ((p_flags & PF_R) ? MAP_FLAG_READ : 0) | ((p_flags & PF_W) ? MAP_FLAG_WRITE : 0) |
	       ((p_flags & PF_X) ? MAP_FLAG_EXECUTE : 0);
}

/* elf_load's allocator: a fresh zeroed frame in SEGCN, mapped in init. */
static errval_t load_segment(void *state, uint32_t base, size_t size, uint32_t flags, void **ret)
{
	struct cte *frame = boot_object(ROOTCN_SLOT_SEGCN, ObjType_Frame, (uint32_t)size);

	(void)state;
	boot_map(base, frame, map_flags_from_elf(flags));
	*ret = cap_kva(frame->cap.base);
	return SYS_ERR_OK;
}

struct boot_state {
	struct bootinfo *bi;
	uint32_t strings_used; /* bytes of strings after struct bootinfo */
	const void *init_elf;
	uint32_t init_elf_size;
	uint32_t init_args; /* offset of init's menu.lst arguments in bootinfo */
};

/* Append a string to the bootinfo page; returns its offset in the page. */
static uint32_t bootinfo_string(struct boot_state *bs, const char *s, uint32_t len)
{
	char *page = (char *)bs->bi;
	uint32_t off = sizeof(struct bootinfo) + bs->strings_used;

	if (off + len + 1 > BASE_PAGE_SIZE)
		panic("init_create: menu.lst lines do not fit the bootinfo page");
	for (uint32_t i = 0; i < len; i++)
		page[off + i] = s[i];
	page[off + len] = 0;
	bs->strings_used += len + 1;
	return off;
}

static struct mem_region *bootinfo_region(struct bootinfo *bi)
{
	if (bi->regions_length >= BOOTINFO_MAX_REGIONS)
		panic("init_create: more than %u bootinfo regions", BOOTINFO_MAX_REGIONS);
	return &bi->regions[bi->regions_length++];
}

/* One menu.lst module: copy it into fresh frames in MODULECN, describe it in bootinfo.
 * A line naming a file the archive lacks is reported and left out. */
static bool add_module(struct boot_state *bs, const char *line, uint32_t len, uint32_t path_len,
		       uint32_t flags)
{
	char path[64];
	struct cpio_file file;
	struct cte *frame;
	struct mem_region *r;
	uint32_t slot = next_slot[ROOTCN_SLOT_MODULECN];

	if (path_len >= sizeof(path)) {
		kprintf(
		    "boot: menu.lst: a path of %u bytes is too long (at most %u): line left out\n",
		    path_len, (uint32_t)sizeof(path) - 1);
		return false;
	}
	for (uint32_t i = 0; i < path_len; i++)
		path[i] = line[i];
	path[path_len] = 0;
	if (err_is_fail(cpio_find(boot_archive_start, boot_archive_size(), path, &file))) {
		kprintf(
		    "boot: menu.lst names '%s', which is not in the boot archive: line left out\n",
		    path);
		return false;
	}
	frame = boot_object(ROOTCN_SLOT_MODULECN, ObjType_Frame,
			    file.size ? (file.size + 4095) & ~4095u : 4096);
	memcpy(cap_kva(frame->cap.base), file.data, file.size);
	r = bootinfo_region(bs->bi);
	*r = (struct mem_region){ .mr_base = frame->cap.base,
				  .mr_bytes = frame->cap.bytes,
				  .mr_type = RegionType_Module,
				  .mrmod_slot = slot,
				  .mrmod_size = file.size,
				  .mrmod_data = bootinfo_string(bs, line, len),
				  .mrmod_flags = flags };
	if (!bs->init_elf) { /* the first module is init itself */
		bs->init_elf = file.data;
		bs->init_elf_size = file.size;
		bs->init_args = bootinfo_string(bs, line + path_len, len - path_len);
	}
	return true;
}

/* Read menu.lst: `init PATH ARGS` first, then `module PATH ARGS` lines (started at boot)
 * and `program PATH` lines (started only when asked for). */
static void read_menu(struct boot_state *bs)
{
	struct cpio_file menu;
	const char *p, *end;

	if (err_is_fail(cpio_find(boot_archive_start, boot_archive_size(), "menu.lst", &menu)))
		panic("init_create: the boot archive has no menu.lst");
	for (p = menu.data, end = p + menu.size; p < end;) {
		const char *line = p, *eol = p;
		while (eol < end && *eol != '\n')
			eol++;
		p = eol + 1;
		uint32_t skip = 0, flags = MODULE_FLAG_BOOT;
		bool is_init = eol - line > 5 && !memcmp(line, "init ", 5);
		if (is_init)
			skip = 5;
		else if (eol - line > 7 && !memcmp(line, "module ", 7))
			skip = 7;
		else if (eol - line > 8 && !memcmp(line, "program ", 8))
			skip = 8, flags = 0;
		if (!skip)
			continue; /* comments, blank lines, anything else */
		line += skip;
		uint32_t len = (uint32_t)(eol - line), path_len = 0;
		while (path_len < len && line[path_len] != ' ')
			path_len++;
		if (is_init != !bs->init_elf) {
			kprintf("boot: menu.lst: the init line must come first, and once: %s line "
				"left out\n",
				is_init ? "an init" : "a module or program");
			continue;
		}
		if (!add_module(bs, line, len, path_len, flags) && is_init)
			panic("init_create: menu.lst's init line names no program of the boot "
			      "archive");
	}
	if (!bs->init_elf)
		panic("init_create: menu.lst has no init line");
}

/* Add one argument string to the arguments page. */
static void add_arg(struct spawn_domain_params *params, uint32_t *off, const char *s, uint32_t len)
{
	char *page = (char *)params;

	if (params->argc >= SPAWN_MAX_ARGS || *off + len + 1 > BASE_PAGE_SIZE)
		panic("init_create: init's arguments do not fit its arguments page");
	params->argv[params->argc++] = INIT_ARGS_VADDR + *off;
	memcpy(page + *off, s, len);
	page[*off + len] = 0;
	*off += len + 1;
}

/* argv = { "init", "<bootinfo address in hex>", menu.lst arguments... }. */
static void fill_args(struct spawn_domain_params *params, const char *menu_args)
{
	uint32_t off = sizeof(*params);
	char hex[12];

	add_arg(params, &off, "init", 4);
	add_arg(params, &off, hex,
		(uint32_t)ksnprintf(hex, sizeof(hex), "0x%08x", INIT_BOOTINFO_VADDR));
	while (*menu_args) {
		uint32_t len = 0;
		while (*menu_args == ' ')
			menu_args++;
		while (menu_args[len] && menu_args[len] != ' ')
			len++;
		if (len)
			add_arg(params, &off, menu_args, len);
		menu_args += len;
	}
	params->argv[params->argc] = 0;
	params->envp[0] = 0;
	params->pid = 0;
	params->pagesize = BASE_PAGE_SIZE;
	params->slot_cnodes = ROOTCN_SLOT_ALLOC_CNODES; /* make_cspace makes them all */
}

/* The dispatcher frame: init starts disabled at its ELF entry. */
static void fill_dispatcher_frame(struct dispatcher_frame *f, uint32_t entry, uint32_t got)
{
	const char name[] = "init";

	for (unsigned i = 0; i < sizeof(name); i++)
		f->shared.name[i] = name[i];
	f->shared.disabled = 1;
	f->shared.udisp = INIT_DISPFRAME_VADDR;
	f->shared.fpu_trap = 1;
	f->arm.got_base = got;
	arch_dispatcher_initial_state(&f->disabled_area, entry, INIT_STACK_TOP, INIT_ARGS_VADDR,
				      got);
}

/* The rest of RAM, after the boot memory, as RAM capabilities in SUPERCN. */
static void give_free_ram(struct bootinfo *bi, uint32_t start, uint32_t end)
{
	uint32_t slot = 0;

	while (start < end) {
		uint32_t bytes = end - start < SUPERCN_CHUNK ? end - start : SUPERCN_CHUNK;
		struct capability ram = { .type = ObjType_RAM,
					  .rights = CAPRIGHTS_ALLRIGHTS,
					  .base = start,
					  .bytes = bytes };
		struct mem_region *r = bootinfo_region(bi);

		caps_create_root(slot_in(ROOTCN_SLOT_SUPERCN, slot), &ram);
		*r = (struct mem_region){ .mr_base = start,
					  .mr_bytes = bytes,
					  .mr_type = RegionType_Empty,
					  .mrmod_slot = slot };
		bi->mem_total += bytes;
		start += bytes;
		slot++;
	}
}

/* Devices the kernel does not use, as DevFrame capabilities in PACN (board.h). */
static void give_devices(struct boot_state *bs)
{
	static const struct {
		uint32_t phys, bytes;
		const char *name;
	} devices[] = BOARD_INIT_DEVICES;

	for (uint32_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		struct capability dev = { .type = ObjType_DevFrame,
					  .rights = CAPRIGHTS_ALLRIGHTS,
					  .base = devices[i].phys,
					  .bytes = devices[i].bytes };
		struct mem_region *r = bootinfo_region(bs->bi);

		caps_create_root(slot_in(ROOTCN_SLOT_PACN, i), &dev);
		*r = (struct mem_region){ .mr_base = dev.base,
					  .mr_bytes = dev.bytes,
					  .mr_type = RegionType_Device,
					  .mrmod_slot = i,
					  .mrmod_data = bootinfo_string(bs, devices[i].name,
									strlen(devices[i].name)) };
	}
}

static void make_cspace(void)
{
	static const unsigned l2_cnodes[] = {
		ROOTCN_SLOT_TASKCN,	 ROOTCN_SLOT_PAGECN,	  ROOTCN_SLOT_SUPERCN,
		ROOTCN_SLOT_SEGCN,	 ROOTCN_SLOT_MODULECN,	  ROOTCN_SLOT_PACN,
		ROOTCN_SLOT_SLOT_ALLOC0, ROOTCN_SLOT_SLOT_ALLOC1, ROOTCN_SLOT_SLOT_ALLOC2,
		ROOTCN_SLOT_ARGCN,	 ROOTCN_SLOT_MAPPINGCN,
	};
	struct cte *root;

	/* The root CNode goes into a kernel slot first: it has no CNode to live in yet. */
	boot_retype_into(&boot_tmp_rootcn, 0, 1, ObjType_L1CNode, ROOTCN_SLOTS_INIT * CTE_SIZE);
	root = cap_kva(boot_tmp_rootcn.cap.base);
	for (unsigned i = 0; i < sizeof(l2_cnodes) / sizeof(l2_cnodes[0]); i++) {
		boot_retype_into(root, l2_cnodes[i], ROOTCN_SLOTS_INIT, ObjType_L2CNode,
				 OBJSIZE_L2CNODE);
		init_cnode[l2_cnodes[i]] = &root[l2_cnodes[i]];
	}
	next_slot[ROOTCN_SLOT_PAGECN] = PAGECN_SLOT_VROOT + 1;
	caps_copy(&boot_tmp_rootcn, slot_in(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN));
	boot_object_at(ROOTCN_SLOT_PAGECN, PAGECN_SLOT_VROOT, ObjType_VNode_ARM_l1,
		       OBJSIZE_VNODE_ARM_L1);
}

static void make_dispatcher(uint32_t entry, uint32_t got)
{
	struct cte *disp = boot_object_at(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPATCHER,
					  ObjType_Dispatcher, OBJSIZE_DISPATCHER);
	struct cte *frame = slot_in(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME);
	struct cte *selfep = slot_in(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_SELFEP);
	struct dcb *dcb = dcb_of(&disp->cap);
	struct capability kernel = { .type = ObjType_Kernel, .rights = CAPRIGHTS_ALLRIGHTS };
	errval_t err;

	err = caps_retype(disp, ObjType_EndPoint, 0, 0, 1, selfep - TASKCN_SLOT_SELFEP,
			  TASKCN_SLOT_SELFEP, L2_CNODE_SLOTS);
	if (err_is_fail(err))
		panic("init_create: SELFEP: error %u", err);
	caps_create_root(slot_in(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_KERNELCAP), &kernel);
	caps_copy(&boot_tmp_rootcn, &dcb->slots[DCB_SLOT_CSPACE]);
	caps_copy(slot_in(ROOTCN_SLOT_PAGECN, PAGECN_SLOT_VROOT), &dcb->slots[DCB_SLOT_VSPACE]);
	caps_copy(frame, &dcb->slots[DCB_SLOT_DISPFRAME]);
	caps_delete(&boot_tmp_rootcn);
	dcb->frame = cap_kva(frame->cap.base);
	fill_dispatcher_frame(dcb->frame, entry, got);
	dispatch_make_runnable(dcb);
}

void init_create(void)
{
	extern char __kernel_end[];
	uint32_t free_start =
	    (virt_to_phys(__kernel_end) + BOOT_MEM_ALIGN - 1) & ~(BOOT_MEM_ALIGN - 1);
	uint32_t boot_mem = BOOT_MEM_BASE_SIZE + ((boot_archive_size() * 2 + BOOT_MEM_ALIGN - 1) &
						  ~(BOOT_MEM_ALIGN - 1));
	struct capability ram = { .type = ObjType_RAM,
				  .rights = CAPRIGHTS_ALLRIGHTS,
				  .base = free_start,
				  .bytes = boot_mem };
	struct boot_state bs = { 0 };
	const Elf32_Shdr *got;
	struct cte *frame;
	uint32_t entry;
	errval_t err;

	caps_create_root(&boot_ram, &ram); /* memory for init's objects */
	make_cspace();			   /* root CNode, L2 CNodes, L1 VNode */
	frame =
	    boot_object_at(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_BOOTINFO, ObjType_Frame, BASE_PAGE_SIZE);
	boot_map(INIT_BOOTINFO_VADDR, frame, MAP_FLAG_READ);
	bs.bi = cap_kva(frame->cap.base);
	read_menu(&bs); /* modules into MODULECN */
	err = elf_load(EM_ARM, load_segment, NULL, bs.init_elf, bs.init_elf_size, &entry);
	if (err_is_fail(err))
		panic("init_create: init is not a loadable ARM ELF: error %u", err);
	got = elf32_find_section_header_name(bs.init_elf, bs.init_elf_size, ".got");
	frame = boot_object(ROOTCN_SLOT_SEGCN, ObjType_Frame, INIT_STACK_SIZE);
	boot_map(INIT_STACK_TOP - INIT_STACK_SIZE, frame, MAP_FLAG_READ | MAP_FLAG_WRITE);
	frame =
	    boot_object_at(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ARGSPAGE, ObjType_Frame, BASE_PAGE_SIZE);
	boot_map(INIT_ARGS_VADDR, frame, MAP_FLAG_READ | MAP_FLAG_WRITE);
	fill_args(cap_kva(frame->cap.base), (const char *)bs.bi + bs.init_args);
	frame = boot_object_at(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPFRAME, ObjType_Frame,
			       DISPATCHER_FRAME_SIZE);
	boot_map(INIT_DISPFRAME_VADDR, frame, MAP_FLAG_READ | MAP_FLAG_WRITE);
	make_dispatcher(entry, got ? got->sh_addr : 0); /* DCB, SELFEP, Kernel cap */
	give_free_ram(bs.bi, free_start + boot_mem, BOARD_RAM_BASE + BOARD_RAM_SIZE);
	give_devices(&bs); /* DevFrames in PACN for the devices the kernel leaves alone */
	kprintf("init: %u KiB of boot memory used, %u MiB of RAM given to init\n",
		boot_ram_used >> 10, bs.bi->mem_total >> 20);
}
