/*
 * Finding boot modules and their menu.lst arguments through bootinfo (a
 * module's string lies in the bootinfo page, at mrmod_data from its start).
 */
#include <string.h>

#include "spawn.h"

static const struct bootinfo *bootinfo;

void spawn_set_bootinfo(const struct bootinfo *bi)
{
	bootinfo = bi;
}

const struct bootinfo *spawn_bootinfo(void)
{
	return bootinfo;
}

static const char *module_line(const struct mem_region *m)
{
	return (const char *)bootinfo + m->mrmod_data;
}

void multiboot_module_name(const struct mem_region *module, char *buf, size_t size)
{
	const char *line = module_line(module);
	size_t n = 0;

	while (line[n] && line[n] != ' ' && n + 1 < size) {
		buf[n] = line[n];
		n++;
	}
	buf[n] = 0;
}

/* Does the path match name, as a whole or by its last component? */
static bool name_matches(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');

	return strcmp(path, name) == 0 || (slash && strcmp(slash + 1, name) == 0);
}

const struct mem_region *multiboot_find_module(const struct bootinfo *bi, const char *name)
{
	char path[SPAWN_NAME_LEN * 2];

	for (uint32_t i = 0; i < bi->regions_length && i < BOOTINFO_MAX_REGIONS; i++) {
		const struct mem_region *m = &bi->regions[i];

		if (m->mr_type != RegionType_Module)
			continue;
		multiboot_module_name(m, path, sizeof(path));
		if (name_matches(path, name))
			return m;
	}
	return NULL;
}

const char *multiboot_module_opts(const struct mem_region *module)
{
	const char *line = module_line(module);

	while (*line && *line != ' ')
		line++;
	while (*line == ' ')
		line++;
	return line;
}
