/*
 * Invocation command numbers, per capability type.  An invocation is the
 * SYS_INVOKE system call on a capability address; see docs/syscalls.md for
 * the registers of each command.
 */
#ifndef INVOCATIONS_H
#define INVOCATIONS_H

/* On an L1 or L2 CNode (usually the caller's root CNode). */
enum cnode_cmd {
	CNodeCmd_Copy = 1,
	CNodeCmd_Mint,
	CNodeCmd_Retype,
	CNodeCmd_Delete,
	CNodeCmd_Revoke,
	CNodeCmd_Identify, /* type, base, size of any capability */
};

/* On RAM, Frame and DevFrame capabilities. */
enum memory_cmd {
	MemoryCmd_Identify = 1, /* returns base and size */
};

/* On VNodes (page tables). */
enum vnode_cmd {
	VNodeCmd_Map = 1,
	VNodeCmd_Unmap,
	VNodeCmd_Entry, /* a0 entry: its value, the next valid entry, the number of entries */
};

/* On Dispatcher capabilities. */
enum dispatcher_cmd {
	DispatcherCmd_Setup = 1,      /* CSpace root, VSpace root, dispatcher frame, run */
	DispatcherCmd_Status,	      /* r1 state, r2 exit status, r3 ticks it ran */
	DispatcherCmd_Properties = 4, /* a0: time slice in ticks, 1..DISPATCHER_DEFAULT_TIMESLICE */
	DispatcherCmd_LmpFrame,	      /* a0 frame, a1 its level (0: none): the receive buffers */
	DispatcherCmd_ExitEndpoint,   /* a0 EndPoint, a1 its level (0: none): told of the exit */
};

/* On EndPoint capabilities (include/lmp.h, docs/ipc.md). */
enum endpoint_cmd {
	EndPointCmd_Send = 1, /* a0 flags, a1 capability to send, a2..a9 payload */
	EndPointCmd_Identify, /* r1 badge, r2 buffer offset, r3 buffer words, r4 rights */
	EndPointCmd_Call,     /* a0 length, a2..a5 words: to a dispatcher in SYS_REPLY_WAIT */
};

/* Time slices, in ticks: anyone may ask for the default; up to the maximum
 * needs the Kernel capability (KernelCmd_DispatcherTimeslice). */
#define DISPATCHER_DEFAULT_TIMESLICE 1
#define DISPATCHER_MAX_TIMESLICE     100

/* On the Kernel capability (init only). */
enum kernel_cmd {
	KernelCmd_CapCounts = 1,       /* the number of live capabilities of one type */
	KernelCmd_CheckInvariants,     /* the derivation tree and every page table (slow) */
	KernelCmd_DispatcherTimeslice, /* a0 dispatcher, a1 its level, a2 ticks (1..MAX) */
	KernelCmd_SchedCounters,       /* a0 dispatcher, a1 its level (0: none): who ran */
	KernelCmd_ConsoleBind,	       /* a0 EndPoint, a1 its level (0: none): gets typed input */
	KernelCmd_IdleTicks,	       /* r1, r2: ticks that found the core idle (low, high) */
	KernelCmd_Shutdown,	       /* a0 status: stop the machine (QEMU exits with it) */
	KernelCmd_SyscallFastpath,     /* a0 1: on, 0: off; r1 whether it was on */
};

/* Dispatcher states reported by DispatcherCmd_Status. */
#define DISPATCHER_STATE_CREATED  0
#define DISPATCHER_STATE_RUNNABLE 1
#define DISPATCHER_STATE_EXITED	  2
#define DISPATCHER_STATE_BLOCKED  3 /* waits in a blocking yield for a message */
#define DISPATCHER_STATE_CALLING  4 /* made a call (EndPointCmd_Call), waits for its reply */

/* Flags of VNodeCmd_Map (VREGION_FLAGS_* in user space map onto these). */
#define MAP_FLAG_READ	 0x1u
#define MAP_FLAG_WRITE	 0x2u
#define MAP_FLAG_EXECUTE 0x4u
#define MAP_FLAG_NOCACHE 0x8u

/* Exit status of a dispatcher stopped by a fault. */
#define EXIT_STATUS_FAULT (-1)
/* Exit status of a process its parent killed (through init: docs/ipc.md). */
#define EXIT_STATUS_KILLED (-2)
/* The exit status of a process stopped by Ctrl-C at the console (128 + SIGINT, as a Unix
 * shell shows it; there are no signals). */
#define EXIT_STATUS_CTRL_C 130

#endif
