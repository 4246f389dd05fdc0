/*
 * Process start-up (called by crt0): make activations work, set up the
 * slot allocator, the paging library and the environment, initialise
 * newlib, run main, and exit with its status.
 */
#include <stdint.h>
#include <stdlib.h>

#include <capabilities.h>
#include <init_rpc.h>
#include <mm.h>
#include <paging.h>
#include <lmp_chan.h>
#include <runtime.h>
#include <slot_alloc.h>
#include <spawn_params.h>

extern char disp_run[], disp_crit_start[], disp_crit_end[];
extern char **environ;
extern void __libc_init_array(void);
int main(int argc, char **argv);

static const struct spawn_domain_params *params;

/* newlib's __libc_init_array calls these; the *_array sections do the work. */
void _init(void);
void _fini(void);
void _init(void)
{
}

void _fini(void)
{
}

static struct mm own_ram;
static bool has_initep;		  /* our spawner gave us a channel to init */
static bool ram_from_init = true; /* runtime_ram_from_init */

#define RAM_FROM_INIT_CHUNK (1u << 20) /* the least a child asks init for at a time */

/*
 * A child's RAM allocator: its own RAM first; when that runs out, a piece
 * from init (at least RAM_FROM_INIT_CHUNK), which joins its own.  Asking
 * may itself need a little RAM (the channel to init, a slot): that comes
 * from what is left, and a request made while asking is not passed on.
 */
static errval_t alloc_or_ask_init(void *state, struct capref dest, const struct ram_request *req,
				  uint32_t *base)
{
	static bool asking;
	struct capability_identity id;
	struct capref piece;
	size_t want;
	errval_t err = mm_alloc_object(state, dest, req, base);

	if (err != MM_ERR_OUT_OF_MEMORY || asking || !has_initep || !ram_from_init)
		return err;
	want = req->bytes < RAM_FROM_INIT_CHUNK ? RAM_FROM_INIT_CHUNK : req->bytes;
	want = (want + BASE_PAGE_SIZE - 1) & ~(size_t)(BASE_PAGE_SIZE - 1);
	asking = true;
	err = init_rpc_ram_alloc(want, req->alignment, &piece);
	asking = false;
	if (err_is_fail(err))
		return err;
	if ((err = cap_identify(piece, &id)) || (err = mm_add(state, piece, id.base, id.bytes)))
		return err;
	return mm_alloc_object(state, dest, req, base);
}

static errval_t free_to_own(void *state, struct capref cap)
{
	return mm_free(state, cap);
}

static errval_t free_range_to_own(void *state, struct capref cap, uint32_t base, uint32_t bytes)
{
	return capref_is_null(cap) ? mm_free_range(state, base, bytes)
				   : mm_free_known(state, cap, base, bytes);
}

/*
 * A spawned child's RAM: the 4 KiB RAM caps its spawner put in TASKCN
 * and, when it was given one, the larger RAM cap in TASKCN_SLOT_HEAPRAM,
 * managed by the same allocator init uses.  (init brings its own version
 * of this function.)
 */
__attribute__((weak)) errval_t runtime_memory_init(int argc, char **argv)
{
	struct capability_identity id;
	struct capref cap;
	errval_t err;

	(void)argc;
	(void)argv;
	mm_init(&own_ram);
	for (uint32_t i = 0; i < BASE_PAGE_CAPS; i++) {
		cap = (struct capref){ cnode_task, TASKCN_SLOT_BASE_PAGE0 + i };
		/* The spawner says where they lie (one block, page after page); else ask. */
		if (params->base_pages)
			id = (struct capability_identity){ .type = ObjType_RAM,
							   .base = params->base_pages +
								   i * BASE_PAGE_SIZE,
							   .bytes = BASE_PAGE_SIZE };
		else if (err_is_fail(cap_identify(cap, &id)))
			continue;
		if (id.type == ObjType_RAM && (err = mm_add(&own_ram, cap, id.base, id.bytes)))
			return err;
	}
	cap = (struct capref){ cnode_task, TASKCN_SLOT_HEAPRAM };
	if (params->heap_ram_bytes && err_is_ok(cap_identify(cap, &id)) && id.type == ObjType_RAM &&
	    (err = mm_add(&own_ram, cap, id.base, id.bytes)))
		return err;
	has_initep = err_is_ok(cap_identify(cap_initep, &id)) && id.type == ObjType_EndPoint;
	ram_alloc_set(alloc_or_ask_init, free_to_own, free_range_to_own, &own_ram);
	return SYS_ERR_OK;
}

struct mm *runtime_ram_allocator(void)
{
	return &own_ram;
}

void runtime_ram_from_init(bool allowed)
{
	ram_from_init = allowed;
}

void runtime_enable_activations(void)
{
	struct dispatcher_frame *f = disp_frame();

	f->shared.run = (uint32_t)disp_run;
	f->arm.crit_pc_low = (uint32_t)disp_crit_start;
	f->arm.crit_pc_high = (uint32_t)disp_crit_end;
	/* Enabled from here: a preempted dispatcher is upcalled at disp_run. */
	f->shared.disabled = 0;
}

uint32_t runtime_wakeup_after(uint32_t ticks)
{
	/* The tick now is partly gone: one more makes the wait at least `ticks` long. */
	uint32_t wakeup = (uint32_t)sys_ticks().ticks + ticks + 1;

	return wakeup ? wakeup : 1; /* 0 means "no wake-up time" */
}

bool runtime_wakeup_reached(uint32_t wakeup)
{
	return (int32_t)((uint32_t)sys_ticks().ticks - wakeup) >= 0;
}

void runtime_sleep_ticks(uint32_t ticks)
{
	struct dispatcher_frame *f = disp_frame();
	uint32_t wakeup = runtime_wakeup_after(ticks);

	do {
		lmp_note_seen(); /* only a message that comes from now on ends the yield early */
		f->wakeup = wakeup;
		sys_yield_block();
	} while (!runtime_wakeup_reached(wakeup));
	f->wakeup = 0;
}

uint32_t runtime_pid(void)
{
	return params ? params->pid : 0;
}

void runtime_start(const struct spawn_domain_params *p) __attribute__((noreturn));
void runtime_start(const struct spawn_domain_params *p)
{
	static const uint32_t slot_cnodes[ROOTCN_SLOT_ALLOC_CNODES] = { ROOTCN_SLOT_SLOT_ALLOC0,
									ROOTCN_SLOT_SLOT_ALLOC1,
									ROOTCN_SLOT_SLOT_ALLOC2 };
	int argc = (int)p->argc;
	char **argv = (char **)p->argv;
	errval_t err;

	params = p;
	runtime_enable_activations();
	environ = (char **)p->envp;
	/* The empty CNodes its creator made for it; it makes more when it runs low. */
	slot_alloc_init(slot_cnodes, p->slot_cnodes < ROOTCN_SLOT_ALLOC_CNODES
					 ? p->slot_cnodes
					 : ROOTCN_SLOT_ALLOC_CNODES);
	/* A spawned child continues the paging state its spawner began. */
	if (p->vspace_buf)
		err = paging_init_inherited((const struct spawn_vspace_info *)p->vspace_buf);
	else
		err = paging_init();
	if (err_is_ok(err))
		err = runtime_memory_init(argc, argv);
	if (err_is_fail(err)) {
		const char msg[] = "runtime: setting up memory failed\n";
		sys_print(msg, sizeof(msg) - 1);
		sys_exit(1);
	}
	__libc_init_array(); /* constructors */
	exit(main(argc, argv));
}
