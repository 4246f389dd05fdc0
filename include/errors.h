/*
 * errval_t: every failure a user can cause has its own code, a name and a
 * sentence.  The list is an X-macro so that the kernel and user space build
 * their string tables from this one place (err_getstring()).
 */
#ifndef ERRORS_H
#define ERRORS_H

#define ERRVAL_LIST(X)                                                                             \
	X(SYS_ERR_OK, "success")                                                                   \
	/* system calls */                                                                         \
	X(SYS_ERR_ILLEGAL_SYSCALL, "unknown system call number")                                   \
	X(SYS_ERR_BAD_USER_POINTER, "a pointer argument is not readable user memory")              \
	X(SYS_ERR_PRINT_TOO_LONG, "print: the line is longer than the kernel accepts")             \
	X(SYS_ERR_ILLEGAL_INVOCATION, "the capability type has no such invocation")                \
	/* capability addressing */                                                                \
	X(SYS_ERR_INVALID_LEVEL, "capability address level must be 1 or 2")                        \
	X(SYS_ERR_L1_INDEX_INVALID, "the address's L1 index is outside the root CNode")            \
	X(SYS_ERR_CNODE_NOT_FOUND, "no L2 CNode at the address's L1 index")                        \
	X(SYS_ERR_CNODE_TYPE, "the capability is not a CNode of the required level")               \
	X(SYS_ERR_CNODE_RIGHTS, "a CNode on the address's path lacks the right the call needs")    \
	X(SYS_ERR_CNODE_NOT_ROOT, "CNode invocations are made on a root (L1) CNode, not an L2")    \
	X(SYS_ERR_SOURCE_ROOT_INVALID, "the source root (a level-2 address) is not an L1 CNode")   \
	X(SYS_ERR_CAP_NOT_FOUND, "no capability at that address (the slot is empty)")              \
	X(SYS_ERR_SLOT_IN_USE, "the destination slot is occupied")                                 \
	X(SYS_ERR_SLOTS_INVALID, "the destination slot range lies outside the CNode")              \
	/* capability operations */                                                                \
	X(SYS_ERR_INVALID_SOURCE_TYPE, "the source capability cannot be retyped into that type")   \
	X(SYS_ERR_DEST_TYPE_INVALID, "objects of that type cannot be made by retype")              \
	X(SYS_ERR_RETYPE_INVALID_OFFSET, "retype offset is not a multiple of 4 KiB")               \
	X(SYS_ERR_RETYPE_INVALID_SIZE, "object size is not valid for that type")                   \
	X(SYS_ERR_RETYPE_VNODE_ALIGN, "an L1 page table must start at a 16 KiB-aligned address")   \
	X(SYS_ERR_RETYPE_ENDPOINT_OFFSET, "an EndPoint is its whole dispatcher: offset must be 0") \
	X(SYS_ERR_RETYPE_ENDPOINT_COUNT, "a Dispatcher is retyped into exactly one EndPoint")      \
	X(SYS_ERR_RETYPE_INVALID_COUNT, "object count must be at least 1")                         \
	X(SYS_ERR_RETYPE_OUT_OF_RANGE, "offset + count * size exceeds the source (or overflows)")  \
	X(SYS_ERR_REVOKE_FIRST, "the range overlaps existing descendants: revoke them first")      \
	X(SYS_ERR_CAP_NOT_COPYABLE, "capabilities of this type cannot be copied")                  \
	X(SYS_ERR_RIGHTS_INVALID, "mint cannot add rights the source does not have")               \
	X(SYS_ERR_DELETE_FAILED, "the capability could not be deleted")                            \
	X(SYS_ERR_RETYPE_RIGHTS, "retype needs the write right on the source capability")          \
	X(SYS_ERR_KERNEL_INVARIANT, "the kernel found one of its invariants broken (see console)") \
	X(SYS_ERR_PREEMPTED, "a long operation stopped for the tick; the kernel restarts it")      \
	/* mapping */                                                                              \
	X(SYS_ERR_VNODE_TYPE, "the capability is not a page table (VNode)")                        \
	X(SYS_ERR_VNODE_SLOT_INVALID, "the entry range lies outside the page table")               \
	X(SYS_ERR_VNODE_SLOT_RESERVED, "L1 entries 2048 and above belong to the kernel")           \
	X(SYS_ERR_VNODE_SLOT_INUSE, "a page-table entry in the range is already in use")           \
	X(SYS_ERR_WRONG_MAPPING, "that type cannot be mapped into this kind of table")             \
	X(SYS_ERR_FRAME_OFFSET_INVALID, "the mapped range lies outside the frame")                 \
	X(SYS_ERR_SECTION_UNALIGNED, "a section mapping needs a 1 MiB-aligned frame offset")       \
	X(SYS_ERR_NOCACHE_RAM, "NOCACHE is refused for RAM frames")                                \
	X(SYS_ERR_MAP_RIGHTS, "the mapping asks for rights the frame capability lacks")            \
	X(SYS_ERR_MAPPING_TYPE, "the capability is not a mapping capability")                      \
	X(SYS_ERR_VNODE_RIGHTS,                                                                    \
	  "the page-table capability lacks the right (WRITE to change, READ to read)")             \
	/* dispatchers */                                                                          \
	X(SYS_ERR_DISP_NOT_SETUP, "the dispatcher has no CSpace, VSpace or frame yet")             \
	X(SYS_ERR_DISP_CSPACE_INVALID, "the CSpace root is not an L1 CNode")                       \
	X(SYS_ERR_DISP_VSPACE_INVALID, "the VSpace root is not an L1 VNode")                       \
	X(SYS_ERR_DISP_FRAME_INVALID, "the dispatcher frame is not a 4 KiB RAM frame")             \
	X(SYS_ERR_DISP_RUNNING, "the dispatcher is already running")                               \
	X(SYS_ERR_DISP_EXITED, "the dispatcher has exited")                                        \
	X(SYS_ERR_DISP_TIMESLICE, "the time slice must be 1 to DISPATCHER_MAX_TIMESLICE ticks")    \
	X(SYS_ERR_DISP_TIMESLICE_AUTHORITY, "a time slice above the default needs the Kernel "     \
					    "capability (KernelCmd_DispatcherTimeslice)")          \
	X(SYS_ERR_DISP_CAP_INVALID, "the capability is not a Dispatcher")                          \
	X(SYS_ERR_DISP_RIGHTS, "that dispatcher invocation needs a right its capability lacks")    \
	X(SYS_ERR_DISP_FRAME_RIGHTS, "a dispatcher frame must be writable: the kernel writes it")  \
	X(SYS_ERR_DISP_VSPACE_RIGHTS, "a VSpace root needs read and write rights to run in it")    \
	X(SYS_ERR_DISP_LMP_FRAME_INVALID,                                                          \
	  "an LMP frame must be a RAM Frame with read and write rights")                           \
	X(SYS_ERR_YIELD_FLAGS, "yield: unknown flags")                                             \
	X(SYS_ERR_DISP_EXITEP_INVALID, "an exit EndPoint must be an EndPoint")                     \
	X(SYS_ERR_CONSOLE_EP_INVALID, "the console needs an EndPoint with a buffer")               \
	/* message passing */                                                                      \
	X(SYS_ERR_ENDPOINT_BADGE_SET, "an EndPoint's badge, once set, cannot be changed by mint")  \
	X(SYS_ERR_ENDPOINT_BUFFER_SET,                                                             \
	  "an EndPoint's buffer, once set, cannot be changed by mint")                             \
	X(SYS_ERR_ENDPOINT_BUFFER_INVALID, "buffer offset not word-aligned, or length outside "    \
					   "LMP_BUF_MIN_WORDS..LMP_BUF_MAX_WORDS")                 \
	X(SYS_ERR_LMP_FLAGS_INVALID, "send: unknown flag bits, or more than LMP_MSG_WORDS words")  \
	X(SYS_ERR_LMP_NO_BUFFER, "the EndPoint names no buffer: mint one from SELFEP with one")    \
	X(SYS_ERR_LMP_TARGET_EXITED, "the receiving dispatcher has exited")                        \
	X(SYS_ERR_LMP_NO_FRAME, "the receiving dispatcher has no LMP frame")                       \
	X(SYS_ERR_LMP_BUFFER_OUTSIDE,                                                              \
	  "the EndPoint's buffer lies outside the receiver's LMP frame")                           \
	X(SYS_ERR_LMP_BUFFER_CORRUPT,                                                              \
	  "the receiver's buffer header has an index outside the ring")                            \
	X(SYS_ERR_LMP_BUFFER_FULL, "the receiver's buffer has no room for the message")            \
	X(SYS_ERR_LMP_GRANT, "sending a capability needs the GRANT right on the EndPoint")         \
	X(SYS_ERR_LMP_RECV_SLOT_NONE, "the receiver named no slot for a capability")               \
	X(SYS_ERR_LMP_RECV_SLOT_INVALID,                                                           \
	  "the receiver's receive slot is not a writable slot of its CSpace")                      \
	X(SYS_ERR_LMP_RECV_SLOT_OCCUPIED, "the receiver's receive slot is occupied")               \
	X(SYS_ERR_LMP_CALL_FLAGS, "call: flags other than a length of at most LMP_CALL_WORDS")     \
	X(SYS_ERR_LMP_NOT_WAITING,                                                                 \
	  "call: the receiver is not waiting for a call (SYS_REPLY_WAIT)")                         \
	X(SYS_ERR_LMP_SERVER_GONE, "call: the dispatcher called went away before it replied")      \
	X(SYS_ERR_FASTPATH_SWITCH, "the fast-path switch takes 1 (on) or 0 (off)")                 \
	/* ELF loading */                                                                          \
	X(ELF_ERR_NOT_ELF, "not an ELF file: the magic number is wrong")                           \
	X(ELF_ERR_TRUNCATED, "the file is shorter than an ELF32 header")                           \
	X(ELF_ERR_CLASS, "not a 32-bit ELF file (EI_CLASS is not ELFCLASS32)")                     \
	X(ELF_ERR_DATA, "not a little-endian ELF file (EI_DATA is not ELFDATA2LSB)")               \
	X(ELF_ERR_VERSION, "unknown ELF version (EI_VERSION or e_version is not 1)")               \
	X(ELF_ERR_TYPE, "not an executable ELF file (e_type is not ET_EXEC)")                      \
	X(ELF_ERR_MACHINE, "the ELF file is for another machine (e_machine)")                      \
	X(ELF_ERR_HEADER_SIZE, "e_ehsize, e_phentsize or e_shentsize is not the ELF32 size")       \
	X(ELF_ERR_PHDR_BOUNDS, "the program header table lies outside the file")                   \
	X(ELF_ERR_PHDR_COUNT, "more program headers than the loader takes (ELF_MAX_PHNUM)")        \
	X(ELF_ERR_SHDR_BOUNDS, "the section header table lies outside the file")                   \
	X(ELF_ERR_SEGMENT_BOUNDS, "a segment's file bytes lie outside the file")                   \
	X(ELF_ERR_FILESZ_GT_MEMSZ, "a segment has more file bytes than memory bytes")              \
	X(ELF_ERR_SEGMENT_WRAPS, "a segment wraps around the end of the address space")            \
	X(ELF_ERR_SEGMENT_KERNEL, "a segment reaches the kernel's half (0x80000000 and above)")    \
	X(ELF_ERR_SEGMENT_OVERLAP, "two loadable segments share a page")                           \
	X(ELF_ERR_ALIGNMENT, "bad p_align, or p_vaddr and p_offset disagree modulo p_align")       \
	X(ELF_ERR_NO_SEGMENTS, "the ELF file has no loadable segment")                             \
	X(ELF_ERR_ENTRY, "the entry point is not inside an executable segment")                    \
	X(ELF_ERR_SECTION_NOT_FOUND, "the ELF file has no section of that name")                   \
	X(ELF_ERR_STRTAB, "bad section name string table (index, bounds, or unterminated)")        \
	/* boot archive */                                                                         \
	X(CPIO_ERR_MAGIC, "not a cpio newc entry: the magic is not 070701")                        \
	X(CPIO_ERR_TRUNCATED, "the archive ends inside an entry or before its trailer")            \
	X(CPIO_ERR_HEADER, "a cpio header field is not 8 hexadecimal digits")                      \
	X(CPIO_ERR_NAME, "a cpio entry name is empty or not NUL-terminated")                       \
	X(CPIO_ERR_END, "end of the archive (its TRAILER!!! entry)")                               \
	X(CPIO_ERR_NOT_FOUND, "no file of that name in the archive")                               \
	/* user libraries: capabilities and slots */                                               \
	X(LIB_ERR_CAP_NOT_ADDRESSABLE, "the capability lies in a CNode the caller cannot address") \
	X(LIB_ERR_SLOT_ALLOC_FULL, "no free capability slot, and no more L2 CNodes can be made")   \
	X(LIB_ERR_SLOT_FREE_INVALID, "the slot was not handed out by this slot allocator")         \
	X(LIB_ERR_NO_RAM_ALLOCATOR, "no RAM allocator is installed in this process")               \
	/* message passing in user space */                                                        \
	X(LIB_ERR_LMP_NO_MESSAGE, "no message is waiting")                                         \
	X(LIB_ERR_LMP_FRAME_SET, "the LMP frame is already made: size it before first use")        \
	X(LIB_ERR_LMP_FRAME_SIZE, "the LMP frame size must be 1 byte to 128 KiB")                  \
	X(LIB_ERR_LMP_FRAME_FULL, "no room left in the LMP frame for a buffer that size")          \
	X(LIB_ERR_LMP_CHAN_REGISTERED, "the channel is already registered in a waitset")           \
	X(LIB_ERR_WAITSET_EMPTY,                                                                   \
	  "event_dispatch: no channel is registered; it would wait forever")                       \
	X(LIB_ERR_RPC_NOT_BOUND, "the channel to init could not be set up")                        \
	X(LIB_ERR_RPC_BAD_REPLY, "init's reply does not answer the call made")                     \
	/* init's calls */                                                                         \
	X(INIT_ERR_UNKNOWN_CALL, "init does not know that call")                                   \
	X(INIT_ERR_NOT_BOUND, "the caller has not given init an EndPoint to reply on")             \
	X(INIT_ERR_NO_CAP, "that call needs a capability, and none came with it")                  \
	X(INIT_ERR_PEER_KEY, "no such key: keys are 0 to INIT_RPC_PEER_KEYS - 1")                  \
	X(INIT_ERR_PEER_TAKEN, "another process has registered that key")                          \
	X(INIT_ERR_PEER_NOT_FOUND, "nothing is registered under that key")                         \
	X(INIT_ERR_RAM_LIMIT, "the process would hold more RAM from init than its limit allows")   \
	X(INIT_ERR_NOT_PARENT, "no such process among those the caller spawned")                   \
	X(INIT_ERR_LIST_END, "no process with a larger pid")                                       \
	X(INIT_ERR_DEFERRED, "(init: the reply comes later)")                                      \
	X(INIT_ERR_CMDLINE, "the command line is empty, too long, or not in a readable frame")     \
	X(INIT_ERR_NO_CONSOLE, "init has no console to read (it could not bind one)")              \
	X(INIT_ERR_READ_SIZE, "a console read must ask for at least one byte")                     \
	X(INIT_ERR_READ_PENDING, "the caller already waits for console input")                     \
	X(INIT_ERR_DUMP_KIND, "init can dump a CSpace (1) or a VSpace (2), nothing else")          \
	/* RAM allocator */                                                                        \
	X(MM_ERR_OUT_OF_MEMORY, "no free RAM block of that size and alignment")                    \
	X(MM_ERR_BAD_REQUEST, "size 0, or alignment not a power of two")                           \
	X(MM_ERR_TOO_MANY_BLOCKS, "the RAM allocator's table of free blocks is full")              \
	X(MM_ERR_NOT_ALLOCATED,                                                                    \
	  "free: the capability is not a block the RAM allocator handed out")                      \
	X(MM_ERR_BAD_REGION, "a RAM capability given to the allocator is not usable RAM")          \
	/* paging */                                                                               \
	X(PAGING_ERR_NO_SPACE, "no free virtual region of that size and alignment")                \
	X(PAGING_ERR_REGION_OVERLAP, "the virtual range is not entirely free and managed")         \
	X(PAGING_ERR_REGION_NOT_FOUND, "no mapped or allocated region starts at that address")     \
	X(PAGING_ERR_BAD_ALIGNMENT, "size 0, or alignment not a power of two")                     \
	X(PAGING_ERR_NODE_ALLOC, "the paging library's bookkeeping is out of memory")              \
	X(PAGING_ERR_BAD_VADDR, "the address or size is not page-aligned")                         \
	X(PAGING_ERR_FRAME_TOO_SMALL, "the frame is smaller than the size to map")                 \
	X(PAGING_ERR_REGION_FULL, "the paging region has no room left for that size")              \
	X(PAGING_ERR_DESTROY_SELF, "a process cannot destroy its own paging state")                \
	/* spawning */                                                                             \
	X(SPAWN_ERR_NO_BOOTINFO, "the spawn library has not been given the bootinfo")              \
	X(SPAWN_ERR_TOO_MANY_PROCS, "init's process table is full")                                \
	X(SPAWN_ERR_NO_SUCH_PROC, "no child with that pid")                                        \
	X(SPAWN_ERR_MODULE_NOT_FOUND, "no boot module of that name")                               \
	X(SPAWN_ERR_TOO_MANY_SEGMENTS, "the ELF file has more loadable segments than spawn takes") \
	X(SPAWN_ERR_ARGS_TOO_LONG, "the arguments do not fit the child's arguments page")          \
	X(SPAWN_ERR_ARGS_MALFORMED,                                                                \
	  "menu.lst's arguments for it do not parse (an open quote, a '&')")                       \
	X(SPAWN_ERR_VSPACE_TOO_BIG, "the child's VSpace has more regions or L2 tables than fit")   \
	X(SPAWN_ERR_STACK_TOO_BIG, "the program asks for a stack larger than CHILD_STACK_MAX")

typedef enum {
#define ERRVAL_ENUM(name, text) name,
	ERRVAL_LIST(ERRVAL_ENUM)
#undef ERRVAL_ENUM
	    ERRVAL_COUNT
} errval_t;

static inline int err_is_ok(errval_t err)
{
	return err == SYS_ERR_OK;
}

static inline int err_is_fail(errval_t err)
{
	return err != SYS_ERR_OK;
}

#endif
