/*
 * The heap behind malloc: newlib grows it with _sbrk, and _sbrk backs a
 * reserved paging region with fresh frames as the break rises (no static
 * heap).  When newlib trims, whole frames above the break are unmapped and
 * their memory given back.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <paging.h>

#undef errno
extern int errno;

#define HEAP_RESERVE (512u << 20) /* virtual address space for the heap */
#define HEAP_STEP    (64u << 10)  /* back the heap at least this much at a time */

static struct paging_region heap;
static uint32_t brk;
static int heap_ready;

static uint32_t round_up(uint32_t v, uint32_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static int heap_init(void)
{
	if (heap_ready)
		return 0;
	if (err_is_fail(paging_region_init(get_current_paging_state(), &heap, HEAP_RESERVE,
					   VREGION_FLAGS_READ_WRITE)))
		return -1;
	brk = heap.base_addr;
	heap_ready = 1;
	return 0;
}

/*
 * Back the heap up to new_brk: one frame of a whole HEAP_STEP if RAM
 * allows, else one frame of just what is needed, else page by page (a
 * child may own nothing but 4 KiB blocks).  All or nothing.
 */
static int grow(uint32_t new_brk)
{
	uint32_t old_top = heap.current_addr, room = heap.base_addr + heap.region_size - old_top;
	uint32_t need = round_up(new_brk - old_top, BASE_PAGE_SIZE);
	uint32_t step = round_up(need, HEAP_STEP);
	void *buf;

	if (step <= room && err_is_ok(paging_region_map(&heap, step, &buf, NULL)))
		return 0;
	if (err_is_ok(paging_region_map(&heap, need, &buf, NULL)))
		return 0;
	while (heap.current_addr < old_top + need)
		if (err_is_fail(paging_region_map(&heap, BASE_PAGE_SIZE, &buf, NULL))) {
			paging_region_unmap(&heap, old_top);
			return -1;
		}
	return 0;
}

void *_sbrk(ptrdiff_t incr)
{
	uint32_t old = brk, new_brk = brk + (uint32_t)incr;

	if (heap_init() < 0)
		goto nomem;
	old = brk;
	new_brk = brk + (uint32_t)incr;
	if (incr > 0 && (new_brk < old || new_brk > heap.base_addr + heap.region_size))
		goto nomem;
	if (incr < 0 && (new_brk > old || new_brk < heap.base_addr))
		goto nomem;
	if (new_brk > heap.current_addr && grow(new_brk) < 0)
		goto nomem;
	if (incr < 0)
		paging_region_unmap(&heap, round_up(new_brk, BASE_PAGE_SIZE));
	brk = new_brk;
	return (void *)old;

nomem:
	errno = ENOMEM;
	return (void *)-1;
}

/* How much memory the heap holds now (for tests and reports). */
size_t morecore_backed_bytes(void)
{
	return heap_ready ? heap.current_addr - heap.base_addr : 0;
}
