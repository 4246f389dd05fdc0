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

/* Does the line's path (up to the first space) match name, as a whole or by its last part? */
static bool name_matches(const char *line, const char *name)
{
	size_t path_len = strcspn(line, " "), name_len = strlen(name), last = path_len;

	while (last > 0 && line[last - 1] != '/')
		last--;
	if (path_len == name_len && strncmp(line, name, name_len) == 0)
		return true;
	return path_len - last == name_len && strncmp(line + last, name, name_len) == 0;
}

/* The first module (not init itself, MODULECN slot 0) whose path matches name. */
const struct mem_region *multiboot_find_module(const struct bootinfo *bi, const char *name)
{
	for (uint32_t i = 0; i < bi->regions_length && i < BOOTINFO_MAX_REGIONS; i++) {
		const struct mem_region *m = &bi->regions[i];

		if (m->mr_type != RegionType_Module || m->mrmod_slot == 0)
			continue;
		if (name_matches((const char *)bi + m->mrmod_data, name))
			return m;
	}
	return NULL;
}

const struct mem_region *multiboot_module_at(const struct bootinfo *bi, uint32_t index)
{
	for (uint32_t i = 0; i < bi->regions_length && i < BOOTINFO_MAX_REGIONS; i++) {
		const struct mem_region *m = &bi->regions[i];

		if (m->mr_type != RegionType_Module || m->mrmod_slot == 0)
			continue;
		if (index-- == 0)
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
