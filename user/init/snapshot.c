/* Snapshots of the kernel's and init's accounting (snapshot.h). */
#include <stdio.h>
#include <string.h>

#include <paging.h>
#include <slot_alloc.h>

#include "mem.h"
#include "snapshot.h"

static const char *const type_names[] = {
#define OBJTYPE(name, ...) #name,
#include <objtype.def>
#undef OBJTYPE
};

errval_t take_snapshot(struct snapshot *s)
{
	struct paging_stats ps;
	errval_t err;

	memset(s, 0, sizeof(*s)); /* compared with memcmp too: no stray padding */
	for (int t = 0; t < ObjType_Num; t++)
		if ((err = invoke_kernel_cap_count((enum objtype)t, &s->caps[t], &s->cap_bytes[t])))
			return err;
	paging_get_stats(get_current_paging_state(), &ps);
	s->free_ram = init_mm.free_bytes;
	s->slots_in_use = slot_alloc_in_use();
	s->used_regions = ps.used_regions;
	s->l2_tables = ps.l2_tables;
	s->maps = ps.maps;
	s->slab_in_use = ps.slab_in_use;
	return SYS_ERR_OK;
}

static int differs(const char *prefix, const char *what, uint64_t a, uint64_t b)
{
	if (a == b)
		return 0;
	printf("%s%s: %llu before, %llu after\n", prefix, what, (unsigned long long)a,
	       (unsigned long long)b);
	return 1;
}

int compare_snapshots(const struct snapshot *a, const struct snapshot *b, const char *prefix)
{
	char what[48];
	int n = 0;

	for (int t = 0; t < ObjType_Num; t++) {
		snprintf(what, sizeof(what), "%s capabilities", type_names[t]);
		n += differs(prefix, what, a->caps[t], b->caps[t]);
		snprintf(what, sizeof(what), "bytes of %s capabilities", type_names[t]);
		n += differs(prefix, what, a->cap_bytes[t], b->cap_bytes[t]);
	}
	n += differs(prefix, "init's free RAM (bytes)", a->free_ram, b->free_ram);
	n += differs(prefix, "init's slots in use", a->slots_in_use, b->slots_in_use);
	n += differs(prefix, "init's used regions", a->used_regions, b->used_regions);
	n += differs(prefix, "init's L2 tables", a->l2_tables, b->l2_tables);
	n += differs(prefix, "init's map invocations", a->maps, b->maps);
	n += differs(prefix, "init's region nodes in use", a->slab_in_use, b->slab_in_use);
	return n;
}
