/*
 * The system-call fast path (docs/performance.md, "The system-call fast
 * path").  For SYS_INVOKE with a level-2 address, the usual kind, it finds
 * the capability itself, in a few dozen instructions; then
 *
 *   - Identify on a RAM, Frame or DevFrame (frame_identify, the round trip
 *     `invoke_null` measures) it answers at once: SYS_ERR_OK, base, size;
 *   - any other capability it hands, found, to syscall_invoke_found (C),
 *     which invokes it as the full path would after its own lookup.
 *
 * It makes the full path's checks, in the full path's order, and gives up
 * the moment one of them does not plainly pass: the call then goes to
 * vec_svc, the full path, as if the fast path did not exist, and gets the
 * full path's error.  So the fast path can only ever answer what the full path
 * would have answered; a test image checks that it does
 * (user/init/tests_fastpath.c), and KernelCmd_SyscallFastpath switches it
 * off.  Its checks:
 *
 *   - the address is a level-2 one;
 *   - no deletion work is left over (invoke_lookup finishes it first);
 *   - the CSpace root is an L1 CNode with the read right, the address's
 *     level-1 index lies inside it, and that slot holds an L2 CNode with
 *     the read right, whose slot the address names is not empty
 *     (cspace_lookup_fast, kernel/include/cap.h).
 *
 * The caller needs no check of its own: a dispatcher runs in user mode
 * only while it is the current one and can run, since every kernel path
 * that stops it (exit, a block, the loss of a DCB copy) schedules another
 * before returning to user mode, and deletion work left over sends the
 * call to the full path.  System calls come from user mode only: the
 * kernel makes none (its semihosting call, were it to trap, has an
 * operation number in r0, never SYS_INVOKE's).  Interrupts stay masked
 * throughout, as on every kernel entry.  An answered Identify does not
 * count for tick_watch (the check that the board's tick has started: every
 * other entry and the idle loop do), nor look for a reschedule pending
 * (only a long invocation leaves one, and it acts on it before it returns).
 *
 * It stores r0..r12 below the stack pointer at once (the kernel stack is
 * empty on an entry from user mode), so every register is free to use and
 * giving up costs one load-multiple; an answer leaves r5..r12 untouched and
 * sets r0..r4, the results.
 */
#include <arch/cpu.h>
#include <arch/trap.h>
#include <asm_offsets.h>
#include <syscalls.h>

#include "fastpath.h"

	.syntax unified
	.arm
	.text

.if OBJTYPE_NULL != 0 || OBJTYPE_FRAME != OBJTYPE_RAM + 1 || OBJTYPE_DEVFRAME != OBJTYPE_RAM + 2
	.error "Null is 0; the memory types are RAM, Frame, DevFrame in a row"
.endif
.if ENDPOINTCMD_CALL == MEMORYCMD_IDENTIFY
	.error "Identify and Call are told apart by their command numbers"
.endif
.if CORE_CAPS_DRAINING != CORE_CAPS_WORKLIST + 4
	.error "cap_core: worklist and draining side by side"
.endif

/* The DCB's copy of its CSpace root. */
#define ROOT (DCB_CSPACE_ROOT + CTE_CAP)
/* A capability's first word with every right but read cleared: its type | read << 8. */
#define RIGHTS_BUT_READ ((~CAPRIGHTS_READ_BIT & 0xff) << 8)

/*
 * FIND_CAP: the capability at level-2 address r1 in the caller's CSpace:
 * r0 its CTE, r4 its type.  Anything but a plain success goes to full_path.
 * Uses r0..r4 (the caller's are saved below sp).
 */
.macro FIND_CAP
	/* No deletion work left over. */
	mrc	p15, 0, r0, c13, c0, 4		/* TPIDRPRW: this core's struct core */
	ldrd	r2, r3, [r0, #CORE_CAPS_WORKLIST] /* worklist, draining */
	orrs	r2, r2, r3
	bne	full_path

	/* The CSpace root: an L1 CNode we may read, with slot r1 >> 8 inside it. */
	ldr	r0, [r0, #CORE_CURRENT]		/* the caller's DCB */
	ldr	r3, [r0, #ROOT + CAP_TYPE]	/* type, rights, reserved (zero) */
	bic	r3, r3, #RIGHTS_BUT_READ
	cmp	r3, #(OBJTYPE_L1CNODE | CAPRIGHTS_READ_BIT << 8)
	bne	full_path
	ldr	r4, [r0, #ROOT + CAP_BYTES]
	lsr	r3, r1, #L2_CNODE_INDEX_BITS
	cmp	r3, r4, lsr #CTE_SIZE_SHIFT
	bhs	full_path

	/* That slot: an L2 CNode we may read. */
	ldr	r4, [r0, #ROOT + CAP_BASE]
	PHYS_TO_VIRT r4
	ldr	r0, [r4, r3, lsl #CTE_SIZE_SHIFT]!
	bic	r0, r0, #RIGHTS_BUT_READ
	eor	r0, r0, #OBJTYPE_L2CNODE
	cmp	r0, #(CAPRIGHTS_READ_BIT << 8)
	bne	full_path

	/* Its slot r1 & 0xff, not empty. */
	ldr	r0, [r4, #CAP_BASE]
	PHYS_TO_VIRT r0
	and	r3, r1, #((1 << L2_CNODE_INDEX_BITS) - 1)
	ldrb	r4, [r0, r3, lsl #CTE_SIZE_SHIFT]!
.endm

	.global vec_svc_fast
	.type	vec_svc_fast, %function
vec_svc_fast:
	cmp	r0, #SYS_INVOKE
	bne	not_invoke
	stmdb	sp, {r0-r12}			/* the caller's registers, for full_path */
	sub	r3, r2, #(MEMORYCMD_IDENTIFY << 8)
	cmp	r3, #CAPADDR_LEVEL_2
	beq	identify
	sub	r3, r2, #(ENDPOINTCMD_CALL << 8)
	cmp	r3, #CAPADDR_LEVEL_2
	beq	call
	and	r3, r2, #0xff
	cmp	r3, #CAPADDR_LEVEL_2
	bne	full_path			/* a level-1 address */

	FIND_CAP
	cmp	r4, #OBJTYPE_NULL
	beq	full_path			/* an empty slot: the full path says so */
	b	fast_found

call:
	/* Command 3 at level 2: on an EndPoint, a call (call_fast.S). */
	FIND_CAP
	cmp	r4, #OBJTYPE_ENDPOINT
	beq	lmp_call_fast
	cmp	r4, #OBJTYPE_NULL
	beq	full_path
	b	fast_found

identify:
	/* Identify at level 2: answered here for RAM, Frame and DevFrame. */
	FIND_CAP
	sub	r4, r4, #OBJTYPE_RAM
	cmp	r4, #(OBJTYPE_DEVFRAME - OBJTYPE_RAM)
	bhi	identify_other
	ldmib	r0, {r1, r2}			/* CAP_BASE, CAP_BYTES */
	mov	r0, #ERR_OK			/* SYS_ERR_OK, base, size, 0, 0 (invoke_memory) */
	mov	r3, #0
	mov	r4, #0
	movs	pc, lr				/* back to user mode, SPSR to CPSR */
identify_other:
	cmn	r4, #OBJTYPE_RAM		/* an empty slot: the full path says so */
	beq	full_path
	cmp	r4, #(OBJTYPE_ENDPOINT - OBJTYPE_RAM)
	beq	lmp_send_fast			/* command 1 of an EndPoint: Send (lmp_fast.S) */

	.global fast_found
fast_found:
	/* Build the trap frame as vec_svc does, then syscall_invoke_found(frame, cte). */
	str	r0, [sp, #-(TRAP_FRAME_SIZE + 4)] /* the CTE, just below the frame */
	ldmdb	sp, {r0-r12}
	srsdb	sp!, #PSR_MODE_SVC		/* pc and cpsr */
	sub	sp, sp, #8
	stmdb	sp!, {r0-r12}
	add	r2, sp, #TRAP_FRAME_SP_OFFSET
	stmia	r2, {sp, lr}^			/* the banked user registers */
	ldr	r1, [sp, #-4]			/* the CTE */
	mov	r0, sp				/* struct trap_frame * */
	mov	r4, sp				/* AAPCS wants sp 8-byte aligned for C */
	bic	sp, sp, #7
	bl	syscall_invoke_found
	mov	sp, r4
	mov	r0, sp
	b	frame_return			/* vectors.S */

full_path:
	ldmdb	sp, {r0-r12}			/* as the call came */
	b	vec_svc

not_invoke:
	/*
	 * SYS_REPLY_WAIT: call_fast.S; a plain yield (no flags): yield_fast.S;
	 * any other call: the full path, its registers as they came.
	 */
	stmdb	sp, {r0-r12}
	cmp	r0, #SYS_REPLY_WAIT
	beq	reply_wait_fast
	cmp	r0, #SYS_YIELD
	cmpeq	r1, #0
	beq	yield_fast
	b	vec_svc
	.size	vec_svc_fast, . - vec_svc_fast
