/* The kernel hooks of the capability core, faked for host tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hooks.h"

static uint64_t ram_words[FAKE_RAM_BYTES / sizeof(uint64_t)]; /* aligned for CTEs */
uint8_t *fake_ram = (uint8_t *)ram_words;
uint32_t fake_destroyed[ObjType_Num];
void (*fake_destroy_extra)(const struct capability *cap);

static struct cap_core fake_cap_core;

struct cap_core *cap_core(void)
{
	return &fake_cap_core;
}

void *cap_kva(uint32_t phys)
{
	if (phys < FAKE_RAM_BASE || phys - FAKE_RAM_BASE >= FAKE_RAM_BYTES) {
		fprintf(stderr, "cap_kva(0x%x): not in the fake RAM\n", phys);
		abort();
	}
	return fake_ram + (phys - FAKE_RAM_BASE);
}

void cap_finalise(struct cte *cte)
{
	fake_destroyed[cte->cap.type]++;
	if (fake_destroy_extra)
		fake_destroy_extra(&cte->cap);
}

void fake_reset(void)
{
	memset(&fake_cap_core, 0, sizeof(fake_cap_core));
	fake_stop_every = 0;
	fake_stop_checks = 0;
	cap_delete_chunk = 16;
	memset(fake_destroyed, 0, sizeof(fake_destroyed));
	fake_destroy_extra = NULL;
}

const char *fake_errname(errval_t err)
{
	static const char *const names[] = {
#define ERRVAL_NAME(name, text) #name,
		ERRVAL_LIST(ERRVAL_NAME)
#undef ERRVAL_NAME
	};

	return err < ERRVAL_COUNT ? names[err] : "(not an errval_t)";
}

void fake_assert_err(errval_t err, errval_t expected, const char *file, int line)
{
	if (err != expected) {
		print_error("%s:%d: got %s, expected %s\n", file, line, fake_errname(err),
			    fake_errname(expected));
		_fail(file, line);
	}
}

unsigned fake_preemption_points;

void cap_preemption_point(void)
{
	fake_preemption_points++;
}

uint32_t cap_delete_chunk = 16;
unsigned fake_stop_every, fake_stop_checks;

bool cap_should_stop(void)
{
	fake_stop_checks++;
	return fake_stop_every && fake_stop_checks % fake_stop_every == 0;
}
