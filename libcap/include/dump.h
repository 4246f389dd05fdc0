/*
 * Dumps of kernel structures, made in user space through the capabilities
 * the caller holds (docs/debugging.md): a CSpace, read slot by slot with
 * CNodeCmd_Identify on its root CNode, and a page table, read entry by
 * entry with VNodeCmd_Entry.  The kernel does a small, bounded piece of
 * work per call, so a dump of any size never holds it for long.
 */
#ifndef LIBCAP_DUMP_H
#define LIBCAP_DUMP_H

#include <stdint.h>

#include <capabilities.h>

/* Where a dump's lines go (without the newline); dump_to_stdout prints them. */
typedef void (*dump_line_fn)(void *arg, const char *line);
void dump_to_stdout(void *arg, const char *line);

/* The name of a capability type ("L2CNode", "Frame", ...). */
const char *objtype_name(uint32_t type);

/*
 * Every capability in the CSpace rooted at l1cnode (an L1 CNode we hold):
 *   CSpace root at 0x<base> (<n> slots):
 *     [i] <type> base 0x<base> size 0x<bytes> <rights> (<NAME>)
 *       [i.j] <type> base 0x<base> size 0x<bytes> <rights> (<NAME>)   (an L2 CNode's slots)
 * <rights> is "RWXGV" with '-' for each right missing (read, write, execute,
 * grant, revoke); (<NAME>) names a well-known slot of include/cspace.h.
 * *ncaps (if not NULL): how many capabilities were listed.
 */
errval_t cspace_dump(struct capref l1cnode, dump_line_fn fn, void *arg, uint32_t *ncaps);

/* One entry of a page table: its value, the next valid entry, the number of user entries. */
errval_t vnode_entry(struct capref pgtbl, uint32_t entry, uint32_t *pte, uint32_t *next,
		     uint32_t *entries);
/*
 * The valid entries of a page table; a run of pages or sections that follow
 * each other is one line:
 *   L2 table at 0x<base>:
 *     [   i] <pte>
 *     [   i-   j] <pte> and on, <n> entries 0x<step> apart
 *     <n> valid entries
 */
errval_t vnode_dump_to(struct capref pgtbl, dump_line_fn fn, void *arg);

#endif
