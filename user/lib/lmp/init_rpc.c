/* The client side of init's calls (init_rpc.h): one call at a time, waiting blocked. */
#include <stdbool.h>
#include <stdint.h>

#include <string.h>

#include <paging.h>
#include <runtime.h>
#include <slot_alloc.h>
#include <spawn_params.h>

#include "init_rpc.h"

static struct lmp_chan init_chan;
static bool bound;

/* Wait for the reply to `call`; its error, or the transport's. */
static errval_t wait_reply(uint32_t call, struct lmp_recv_msg *reply, struct capref *cap)
{
	errval_t err = lmp_chan_recv_blocking(&init_chan, reply, cap);

	if (err_is_fail(err))
		return err;
	if (reply->length < 2 || reply->words[0] != (call | INIT_RPC_REPLY))
		return LIB_ERR_RPC_BAD_REPLY;
	return (errval_t)reply->words[1];
}

/* The first call binds: our EndPoint goes to init, which replies on it. */
static errval_t bind(void)
{
	struct lmp_recv_msg reply;
	errval_t err;

	if (bound)
		return SYS_ERR_OK;
	if ((err = lmp_chan_connect(&init_chan, LMP_CHAN_BUFLEN, cap_initep)))
		return err;
	if ((err = wait_reply(INIT_RPC_BIND, &reply, NULL))) {
		lmp_chan_destroy(&init_chan);
		return err;
	}
	bound = true;
	return SYS_ERR_OK;
}

struct lmp_chan *init_rpc_chan(void)
{
	return err_is_ok(bind()) ? &init_chan : NULL;
}

/* A call's words: what, then its arguments (more than LMP_MSG_WORDS in all: the send
 * refuses). */
static inline uint32_t pack_call(uint32_t w[LMP_MSG_WORDS], uint32_t what, uint32_t nargs,
				 const uint32_t *args)
{
	w[0] = what;
	for (uint32_t i = 0; i < nargs && i + 1 < LMP_MSG_WORDS; i++)
		w[1 + i] = args[i];
	return 1 + nargs;
}

/*
 * One call of words alone (what, then nargs of a0 and a1), the usual kind:
 * its reply, and the capability that came with it, back.  Through the
 * kernel if init waits for calls (include/lmp.h: the reply comes in
 * registers), else, if it is busy, through the channel.  A reply through
 * the kernel that says INIT_ERR_DEFERRED means the answer comes on the
 * channel.
 */
static errval_t call(uint32_t what, uint32_t nargs, uint32_t a0, uint32_t a1,
		     struct lmp_recv_msg *reply, struct capref *reply_cap)
{
	const uint32_t w[LMP_CALL_WORDS] = { what, a0, a1, 0 };
	errval_t err = bound ? SYS_ERR_OK : bind();

	_Static_assert(LMP_CALL_WORDS >= 3, "a call of two arguments fits the kernel's");
	if (err_is_fail(err))
		return err;
	reply->length = LMP_CALL_WORDS;
	err = lmp_ep_ref_call(&init_chan.remote_ref, 1 + nargs, w, reply->words);
	if (err == SYS_ERR_LMP_NOT_WAITING) {
		err = lmp_chan_send_words(&init_chan, LMP_SEND_YIELD, 1 + nargs, w);
		return err_is_fail(err) ? err : wait_reply(what, reply, reply_cap);
	}
	if (err_is_fail(err))
		return err;
	if (reply->words[0] != (what | INIT_RPC_REPLY))
		return LIB_ERR_RPC_BAD_REPLY;
	if (reply->words[1] == INIT_ERR_DEFERRED)
		return wait_reply(what, reply, reply_cap);
	return (errval_t)reply->words[1];
}

/* One call that takes a capability to init as well. */
static errval_t call_cap(uint32_t what, struct capref cap, uint32_t nargs, const uint32_t *args,
			 struct lmp_recv_msg *reply)
{
	uint32_t w[LMP_MSG_WORDS];
	errval_t err = bound ? SYS_ERR_OK : bind();

	if (err_is_fail(err))
		return err;
	err = lmp_chan_send(&init_chan, LMP_SEND_YIELD, cap, pack_call(w, what, nargs, args), w);
	return err_is_fail(err) ? err : wait_reply(what, reply, NULL);
}

errval_t init_rpc_null(void)
{
	struct lmp_recv_msg reply;

	return call(INIT_RPC_NULL, 0, 0, 0, &reply, NULL);
}

errval_t init_rpc_peer_register(uint32_t key, struct capref ep)
{
	struct lmp_recv_msg reply;

	return call_cap(INIT_RPC_PEER_REGISTER, ep, 1, &key, &reply);
}

errval_t init_rpc_ram_alloc(size_t bytes, size_t alignment, struct capref *ram)
{
	struct lmp_recv_msg reply;
	errval_t err;

	*ram = NULL_CAP; /* a reply in registers brings none */
	err = call(INIT_RPC_RAM_ALLOC, 2, (uint32_t)bytes, (uint32_t)alignment, &reply, ram);

	if (err_is_ok(err) && capref_is_null(*ram))
		err = LIB_ERR_RPC_BAD_REPLY;
	return err;
}

uint32_t init_rpc_pack_argv(int argc, char *const argv[], char *buf, uint32_t size)
{
	uint32_t used = 0;

	for (int i = 0; i < argc; i++) {
		uint32_t len = (uint32_t)strlen(argv[i]) + 1;

		if (len == 1 || used + len + 1 > size)
			return 0; /* an empty argument would end the list early */
		memcpy(buf + used, argv[i], len);
		used += len;
	}
	buf[used++] = 0;
	return used;
}

errval_t init_rpc_spawn_argv(int argc, char *const argv[], uint32_t *pid)
{
	struct paging_state *st = get_current_paging_state();
	char packed[INIT_RPC_CMDLINE_MAX], *buf;
	uint32_t len = argc > 0 ? init_rpc_pack_argv(argc, argv, packed, sizeof(packed)) : 0;
	struct lmp_recv_msg reply;
	struct capref frame;
	errval_t err;

	if (len == 0)
		return INIT_ERR_CMDLINE;
	if ((err = frame_alloc(&frame, BASE_PAGE_SIZE, NULL)))
		return err;
	if ((err = paging_map_frame(st, (void **)&buf, BASE_PAGE_SIZE, frame))) {
		frame_free(frame);
		return err;
	}
	memcpy(buf, packed, len);
	paging_unmap(st, buf);
	/* init gets a copy; ours goes back to our allocator once it has answered. */
	err = call_cap(INIT_RPC_SPAWN, frame, 0, NULL, &reply);
	frame_free(frame);
	if (err_is_ok(err))
		*pid = reply.length > 2 ? reply.words[2] : 0;
	return err;
}

errval_t init_rpc_spawn(const char *cmdline, uint32_t *pid)
{
	char line[INIT_RPC_CMDLINE_MAX], *argv[SPAWN_MAX_ARGS];
	int argc = 0;

	if (strlen(cmdline) >= sizeof(line))
		return INIT_ERR_CMDLINE;
	strcpy(line, cmdline);
	for (char *tok = strtok(line, " "); tok; tok = strtok(NULL, " ")) {
		if (argc == SPAWN_MAX_ARGS)
			return SPAWN_ERR_ARGS_TOO_LONG;
		argv[argc++] = tok;
	}
	return init_rpc_spawn_argv(argc, argv, pid);
}

errval_t init_rpc_wait(uint32_t pid, int32_t *status)
{
	struct lmp_recv_msg reply;
	errval_t err = call(INIT_RPC_WAIT, 1, pid, 0, &reply, NULL);

	if (err_is_ok(err))
		*status = reply.length > 2 ? (int32_t)reply.words[2] : EXIT_STATUS_FAULT;
	return err;
}

errval_t init_rpc_kill(uint32_t pid)
{
	struct lmp_recv_msg reply;

	return call(INIT_RPC_KILL, 1, pid, 0, &reply, NULL);
}

errval_t init_rpc_list_next(uint32_t after_pid, struct init_proc_info *info)
{
	struct lmp_recv_msg r;
	errval_t err = call(INIT_RPC_LIST, 1, after_pid, 0, &r, NULL);

	if (err_is_fail(err))
		return err;
	if (r.length < 8)
		return LIB_ERR_RPC_BAD_REPLY;
	info->pid = r.words[2];
	info->state = r.words[3];
	info->parent_pid = r.words[4];
	memcpy(info->name, &r.words[5], sizeof(info->name));
	info->name[sizeof(info->name) - 1] = 0;
	return SYS_ERR_OK;
}

errval_t init_rpc_peer_lookup(uint32_t key, struct capref *ep)
{
	struct lmp_recv_msg reply;
	errval_t err;

	*ep = NULL_CAP; /* a reply in registers brings none */
	err = call(INIT_RPC_PEER_LOOKUP, 1, key, 0, &reply, ep);

	if (err_is_ok(err) && capref_is_null(*ep))
		err = LIB_ERR_RPC_BAD_REPLY;
	return err;
}

errval_t init_rpc_console_read(char *buf, uint32_t max, uint32_t *got)
{
	struct lmp_recv_msg r;
	errval_t err = call(INIT_RPC_CONSOLE_READ, 1, max, 0, &r, NULL);

	if (err_is_fail(err))
		return err;
	if (r.length < 3 || r.words[2] > max || r.words[2] > INIT_RPC_READ_BYTES ||
	    r.words[2] > (r.length - 3) * 4)
		return LIB_ERR_RPC_BAD_REPLY;
	*got = r.words[2];
	memcpy(buf, &r.words[3], *got);
	return SYS_ERR_OK;
}

errval_t init_rpc_foreground(uint32_t pid)
{
	struct lmp_recv_msg reply;

	return call(INIT_RPC_FOREGROUND, 1, pid, 0, &reply, NULL);
}

errval_t init_rpc_proc_stats(uint32_t pid, struct init_proc_stats *stats)
{
	struct lmp_recv_msg r;
	errval_t err = call(INIT_RPC_PROC_STATS, 1, pid, 0, &r, NULL);

	if (err_is_fail(err))
		return err;
	if (r.length < 5)
		return LIB_ERR_RPC_BAD_REPLY;
	*stats = (struct init_proc_stats){ r.words[2], r.words[3], r.words[4] };
	return SYS_ERR_OK;
}

errval_t init_rpc_mem_stats(uint32_t *free_bytes, uint32_t *total_bytes)
{
	struct lmp_recv_msg r;
	errval_t err = call(INIT_RPC_MEM_STATS, 0, 0, 0, &r, NULL);

	if (err_is_fail(err))
		return err;
	if (r.length < 4)
		return LIB_ERR_RPC_BAD_REPLY;
	*free_bytes = r.words[2];
	*total_bytes = r.words[3];
	return SYS_ERR_OK;
}

errval_t init_rpc_module(uint32_t index, char name[INIT_RPC_MODULE_NAME + 1], uint32_t *flags)
{
	struct lmp_recv_msg r;
	errval_t err = call(INIT_RPC_MODULE, 1, index, 0, &r, NULL);

	if (err_is_fail(err))
		return err;
	if (r.length < LMP_MSG_WORDS)
		return LIB_ERR_RPC_BAD_REPLY;
	*flags = r.words[2];
	memcpy(name, &r.words[3], INIT_RPC_MODULE_NAME);
	name[INIT_RPC_MODULE_NAME] = 0;
	return SYS_ERR_OK;
}

errval_t init_rpc_dump(uint32_t what, uint32_t pid)
{
	struct lmp_recv_msg reply;

	return call(INIT_RPC_DUMP, 2, what, pid, &reply, NULL);
}

errval_t init_rpc_idle_ticks(uint64_t *ticks)
{
	struct lmp_recv_msg r;
	errval_t err = call(INIT_RPC_IDLE_TICKS, 0, 0, 0, &r, NULL);

	if (err_is_fail(err))
		return err;
	if (r.length < 4)
		return LIB_ERR_RPC_BAD_REPLY;
	*ticks = ((uint64_t)r.words[3] << 32) | r.words[2];
	return SYS_ERR_OK;
}
