/*
 * Dumps of a CSpace and of a page table, made in user space (dump.h):
 * one small invocation per slot or entry, formatted here.
 */
#include <stdbool.h>
#include <stdio.h>

#include <dump.h>
#include <syscalls.h>

#define ARM_L1_TYPE_MASK    0x3u
#define ARM_L1_TYPE_SECTION 0x2u
#define ARM_SECTION_SIZE    0x100000u
#define ARM_PAGE_SIZE	    0x1000u

static const char *const type_names[] = {
#define OBJTYPE(name, size, bytes, parents, flags, rights) #name,
#include <objtype.def>
#undef OBJTYPE
};

const char *objtype_name(uint32_t type)
{
	return type < sizeof(type_names) / sizeof(type_names[0]) ? type_names[type] : "(unknown)";
}

void dump_to_stdout(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
}

/* Identify the capability at (addr, level) of the CSpace rooted at root_addr (level 2). */
static errval_t identify_in(capaddr_t root_addr, capaddr_t addr, uint8_t level,
			    struct capability_identity *id)
{
	struct sysret r = syscall_invoke(root_addr, CAPADDR_LEVEL_L2, CNodeCmd_Identify, addr,
					 level, 0, 0, 0, 0, 0, 0);

	if (r.error == SYS_ERR_OK)
		*id = (struct capability_identity){ (enum objtype)(r.value[0] & 0xffu), r.value[1],
						    r.value[2], (uint8_t)(r.value[0] >> 8),
						    r.value[3] };
	return (errval_t)r.error;
}

/* The names of the well-known slots (include/cspace.h); NULL for the others. */
static const char *slot_name(uint32_t l1, uint32_t l2, bool in_l2)
{
	static const char *const root[ROOTCN_FIRST_FREE_SLOT] = {
		[ROOTCN_SLOT_TASKCN] = "TASKCN",
		[ROOTCN_SLOT_PAGECN] = "PAGECN",
		[ROOTCN_SLOT_SUPERCN] = "SUPERCN",
		[ROOTCN_SLOT_SEGCN] = "SEGCN",
		[ROOTCN_SLOT_PACN] = "PACN",
		[ROOTCN_SLOT_MODULECN] = "MODULECN",
		[ROOTCN_SLOT_SLOT_ALLOC0] = "SLOT_ALLOC0",
		[ROOTCN_SLOT_SLOT_ALLOC1] = "SLOT_ALLOC1",
		[ROOTCN_SLOT_SLOT_ALLOC2] = "SLOT_ALLOC2",
		[ROOTCN_SLOT_ARGCN] = "ARGCN",
		[ROOTCN_SLOT_MAPPINGCN] = "MAPPINGCN",
	};
	static const char *const task[TASKCN_FIRST_FREE_SLOT] = {
		[TASKCN_SLOT_DISPATCHER] = "DISPATCHER", [TASKCN_SLOT_ROOTCN] = "ROOTCN",
		[TASKCN_SLOT_DISPFRAME] = "DISPFRAME",	 [TASKCN_SLOT_BOOTINFO] = "BOOTINFO",
		[TASKCN_SLOT_KERNELCAP] = "KERNELCAP",	 [TASKCN_SLOT_ARGSPAGE] = "ARGSPAGE",
		[TASKCN_SLOT_HEAPRAM] = "HEAPRAM",	 [TASKCN_SLOT_SELFEP] = "SELFEP",
		[TASKCN_SLOT_INITEP] = "INITEP",
	};

	if (!in_l2)
		return l1 < ROOTCN_FIRST_FREE_SLOT ? root[l1] : NULL;
	if (l1 == ROOTCN_SLOT_TASKCN && l2 >= TASKCN_SLOT_BASE_PAGE0 &&
	    l2 < TASKCN_SLOT_BASE_PAGE0 + BASE_PAGE_CAPS)
		return "BASE_PAGE";
	if (l1 == ROOTCN_SLOT_TASKCN)
		return l2 < TASKCN_FIRST_FREE_SLOT ? task[l2] : NULL;
	if (l1 == ROOTCN_SLOT_PAGECN && l2 == PAGECN_SLOT_VROOT)
		return "VROOT";
	return NULL;
}

/* "RWXGV": each right the capability has, or '-'. */
static void rights_string(uint8_t rights, char out[6])
{
	static const char letters[] = "RWXGV"; /* read, write, execute, grant, revoke */

	for (int i = 0; i < 5; i++)
		out[i] = rights & (1u << i) ? letters[i] : '-';
	out[5] = 0;
}

static void emit_cap(dump_line_fn fn, void *arg, uint32_t l1, uint32_t l2, bool in_l2,
		     const struct capability_identity *id)
{
	const char *name = slot_name(l1, l2, in_l2);
	char line[112], where[24], rights[6];

	if (in_l2)
		snprintf(where, sizeof(where), "%u.%u", (unsigned)l1, (unsigned)l2);
	else
		snprintf(where, sizeof(where), "%u", (unsigned)l1);
	rights_string(id->rights, rights);
	snprintf(line, sizeof(line), "%s[%s] %s base 0x%08x size 0x%x %s%s%s%s",
		 in_l2 ? "    " : "  ", where, objtype_name(id->type), (unsigned)id->base,
		 (unsigned)id->bytes, rights, name ? " (" : "", name ? name : "", name ? ")" : "");
	fn(arg, line);
}

errval_t cspace_dump(struct capref l1cnode, dump_line_fn fn, void *arg, uint32_t *ncaps)
{
	struct capability_identity root, id;
	capaddr_t root_addr;
	uint8_t root_level;
	uint32_t nslots, listed = 0;
	char line[96];
	errval_t err;

	if ((err = capref_addr(l1cnode, &root_addr, &root_level)))
		return err;
	if (root_level != CAPADDR_LEVEL_L2)
		return LIB_ERR_CAP_NOT_ADDRESSABLE; /* a root CNode's capability sits in an L2 slot
						     */
	if ((err = cap_identify(l1cnode, &root)))
		return err;
	if (root.type != ObjType_L1CNode)
		return SYS_ERR_CNODE_TYPE;
	nslots = root.bytes / CTE_SIZE;
	snprintf(line, sizeof(line), "CSpace root at 0x%08x (%u slots):", (unsigned)root.base,
		 (unsigned)nslots);
	fn(arg, line);
	for (uint32_t i = 0; i < nslots; i++) {
		err = identify_in(root_addr, CAPADDR(i, 0), CAPADDR_LEVEL_L1, &id);
		if (err == SYS_ERR_CAP_NOT_FOUND)
			continue;
		if (err_is_fail(err))
			return err;
		emit_cap(fn, arg, i, 0, false, &id);
		listed++;
		if (id.type != ObjType_L2CNode)
			continue;
		for (uint32_t j = 0; j < L2_CNODE_SLOTS; j++) {
			err = identify_in(root_addr, CAPADDR(i, j), CAPADDR_LEVEL_L2, &id);
			if (err == SYS_ERR_CAP_NOT_FOUND)
				continue;
			if (err_is_fail(err))
				return err;
			emit_cap(fn, arg, i, j, true, &id);
			listed++;
		}
	}
	if (ncaps)
		*ncaps = listed;
	return SYS_ERR_OK;
}

errval_t vnode_entry(struct capref pgtbl, uint32_t entry, uint32_t *pte, uint32_t *next,
		     uint32_t *entries)
{
	capaddr_t addr;
	uint8_t level;
	struct sysret r;
	errval_t err = capref_addr(pgtbl, &addr, &level);

	if (err_is_fail(err))
		return err;
	r = syscall_invoke(addr, level, VNodeCmd_Entry, entry, 0, 0, 0, 0, 0, 0, 0);
	if (r.error == SYS_ERR_OK) {
		*pte = r.value[0];
		*next = r.value[1];
		*entries = r.value[2];
	}
	return (errval_t)r.error;
}

errval_t vnode_dump_to(struct capref pgtbl, dump_line_fn fn, void *arg)
{
	struct capability_identity id;
	uint32_t pte, next, entries, shown = 0;
	char line[96];
	errval_t err;
	int l1;

	if ((err = cap_identify(pgtbl, &id)))
		return err;
	if (id.type != ObjType_VNode_ARM_l1 && id.type != ObjType_VNode_ARM_l2)
		return SYS_ERR_VNODE_TYPE;
	l1 = id.type == ObjType_VNode_ARM_l1;
	snprintf(line, sizeof(line), "%s table at 0x%08x:", l1 ? "L1" : "L2", (unsigned)id.base);
	fn(arg, line);
	/* Entry 0, then from each valid entry to the next. */
	if ((err = vnode_entry(pgtbl, 0, &pte, &next, &entries)))
		return err;
	for (uint32_t i = pte ? 0 : next; i < entries;) {
		uint32_t first = i, value, step, n = 1;

		if ((err = vnode_entry(pgtbl, i, &value, &next, &entries)))
			return err;
		step = !l1 ? ARM_PAGE_SIZE
			   : ((value & ARM_L1_TYPE_MASK) == ARM_L1_TYPE_SECTION ? ARM_SECTION_SIZE
										: 0);
		/* A run: each following entry continues the one before it. */
		while (step && next == first + n && next < entries) {
			uint32_t v, after;

			if ((err = vnode_entry(pgtbl, next, &v, &after, &entries)))
				return err;
			if (v != value + n * step)
				break;
			n++;
			next = after;
		}
		if (n == 1)
			snprintf(line, sizeof(line), "  [%4u] %08x", (unsigned)first,
				 (unsigned)value);
		else
			snprintf(line, sizeof(line),
				 "  [%4u-%4u] %08x and on, %u entries 0x%x apart", (unsigned)first,
				 (unsigned)(first + n - 1), (unsigned)value, (unsigned)n,
				 (unsigned)step);
		fn(arg, line);
		shown += n;
		i = next; /* the entry that ended the run, or the next valid one */
	}
	snprintf(line, sizeof(line), "  %u valid entries", (unsigned)shown);
	fn(arg, line);
	return SYS_ERR_OK;
}

errval_t vnode_dump(struct capref pgtbl)
{
	return vnode_dump_to(pgtbl, dump_to_stdout, NULL);
}
