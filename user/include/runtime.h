/* The minimal user runtime: dispatcher access, printing, invocations. */
#ifndef RUNTIME_H
#define RUNTIME_H

#include <stdint.h>

#include <captypes.h>
#include <cspace.h>
#include <dispatcher.h>
#include <errors.h>
#include <invocations.h>
#include <syscalls.h>

typedef uint32_t capaddr_t;

/* This dispatcher's frame, from TPIDRURO. */
static inline struct dispatcher_frame *disp_frame(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(v));
	return (struct dispatcher_frame *)v;
}

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, unsigned size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *err_getstring(errval_t err);
const char *err_getname(errval_t err);
#define DEBUG_ERR(err, what) \
	printf("%s: %s: %s (%s)\n", __func__, what, err_getname(err), err_getstring(err))

/* Invocations (docs/syscalls.md).  Addresses are level-2 unless named otherwise. */
errval_t cap_retype(capaddr_t dest_cnode, uint32_t dest_level, uint32_t dest_slot, capaddr_t src,
		    uint32_t offset, enum objtype type, uint32_t objsize, uint32_t count);
errval_t cap_copy(capaddr_t dest_cnode, uint32_t dest_level, uint32_t dest_slot, capaddr_t src);
errval_t cap_mint(capaddr_t dest_cnode, uint32_t dest_level, uint32_t dest_slot, capaddr_t src,
		  uint32_t rights, uint32_t badge);
errval_t cap_delete(capaddr_t cap);
errval_t cap_revoke(capaddr_t cap);
errval_t cap_identify(capaddr_t cap, uint32_t *type, uint32_t *base, uint32_t *bytes);
errval_t frame_identify(capaddr_t frame, uint32_t *base, uint32_t *bytes);
errval_t vnode_map(capaddr_t vnode, uint32_t entry, capaddr_t src, uint32_t flags,
		   uint32_t offset, uint32_t pte_count, capaddr_t mapping_cnode,
		   uint32_t mapping_slot);
errval_t vnode_unmap(capaddr_t vnode, capaddr_t mapping);
errval_t vnode_dump(capaddr_t vnode);
errval_t invoke_dispatcher(capaddr_t disp, capaddr_t cspace, capaddr_t vspace, capaddr_t frame,
			   int run);
errval_t dispatcher_status(capaddr_t disp, uint32_t *state, int32_t *status);
errval_t kernel_cap_count(enum objtype type, uint32_t *count);

#define CAP_ROOTCN CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_ROOTCN)
#define CAP_VROOT CAPADDR(ROOTCN_SLOT_PAGECN, PAGECN_SLOT_VROOT)
#define CAP_DISPATCHER CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPATCHER)
#define CAP_KERNEL CAPADDR(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_KERNELCAP)
/* The level-1 address of an L2 CNode in root slot `slot`. */
#define CNODE_L1(slot) CAPADDR(slot, 0)

#endif
