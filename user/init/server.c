/*
 * init's server side (server.h, docs/ipc.md): one receive buffer per child,
 * calls served in turn, never blocking: a reply that cannot be delivered
 * is dropped and counted, so a client that never reads cannot stop init.
 */
#include <stdbool.h>
#include <stdint.h>

#include <stdio.h>
#include <string.h>

#include <init_rpc.h>
#include <lmp_chan.h>
#include <paging.h>
#include <runtime.h>
#include <slot_alloc.h>

#include "console.h"
#include "mem.h"
#include "proc.h"
#include "server.h"

/* RAM handed to a client: taken back when it goes. */
struct ram_piece {
	struct capref cap; /* ours, with all rights; the client holds a shared copy */
	struct capability_identity id;
};

/*
 * A client's badge: its index + 1 in the low bits, and above them a count
 * of the clients opened before it, so that an EndPoint an old client passed
 * on is not taken for the new one in its place (its calls are ignored).
 */
#define CLIENT_INDEX_BITS   8
#define CLIENT_INDEX(badge) (((badge) & ((1u << CLIENT_INDEX_BITS) - 1)) - 1)
_Static_assert(PROC_MAX < (1u << CLIENT_INDEX_BITS), "a client's index + 1 fits its bits");

struct client {
	bool open, bound;
	uint32_t badge; /* 0 while closed */
	uint32_t ram_bytes, ram_pieces;
	struct ram_piece ram[INIT_RPC_RAM_PIECES];
	struct lmp_endpoint ep;	     /* the child's calls arrive here */
	struct capref ep_cap;	     /* the EndPoint spawn copies into its INITEP slot */
	struct capref reply_ep;	     /* its EndPoint for replies (bound) */
	struct lmp_ep_ref reply_ref; /* reply_ep's address, for replies of words alone */
};

struct peer {
	bool set;
	uint32_t owner; /* the client that registered it */
	struct capref ep;
};

/* A call's words as init reads them: what, then its arguments (call_arg). */
struct call_words {
	uint32_t length;
	const uint32_t *words;
};

/* Argument k of the call (its word k + 1); 0 past the call's length. */
static inline uint32_t call_arg(const struct call_words *m, uint32_t k)
{
	return k + 1 < m->length ? m->words[k + 1] : 0;
}

/* What a call sends back besides its error: result words, perhaps a capability. */
struct answer {
	uint32_t value[2];
	struct capref cap; /* all zero: none (NULL_CAP) */
	bool cap_temp;	   /* made for this reply: deleted once sent */
};

/*
 * A call's handler: kept out of serve (not inlined), which every call goes
 * through, so that serve stays a dispatch and a short call stays short.
 */
#define CALL_HANDLER static __attribute__((noinline))

static struct client clients[PROC_MAX];
/*
 * A reply through the ring does not run its client at once (no
 * LMP_SEND_YIELD): init goes on to its wait, SYS_REPLY_WAIT, and the
 * client's next call finds it there and goes through the kernel.  (A
 * directed yield would keep init from waiting, and every call after the
 * first on the ring.)
 */
static const uint32_t ring_reply_flags = 0;

static void serve_call(const struct lmp_wait *in, uint32_t out[LMP_CALL_WORDS]);
static struct peer peers[INIT_RPC_PEER_KEYS];
static uint32_t next_client, dropped, opened;
static uint32_t open_mask[PROC_MAX / 32]; /* bit i: clients[i] is open */
_Static_assert(PROC_MAX % 32 == 0, "open_mask has a bit for every client");

errval_t server_init(void)
{
	return lmp_frame_init(INIT_LMP_FRAME_BYTES);
}

errval_t server_client_open(uint32_t index, struct capref *initep)
{
	struct client *c = &clients[index];
	struct capref slot;
	errval_t err;

	if (c->open)
		server_client_close(index);
	if ((err = slot_alloc(&slot)))
		return err;
	c->badge = (++opened << CLIENT_INDEX_BITS) | (index + 1);
	if ((err = lmp_endpoint_create(&c->ep, INIT_CLIENT_BUF_WORDS, c->badge, &c->ep_cap))) {
		c->badge = 0;
		slot_free(slot);
		return err;
	}
	lmp_endpoint_set_recv_slot(&c->ep, slot); /* a call may bring a capability */
	c->open = true;
	c->bound = false;
	open_mask[index / 32] |= 1u << (index % 32);
	*initep = c->ep_cap;
	return SYS_ERR_OK;
}

static void drop_cap(struct capref cap)
{
	if (!capref_is_null(cap)) {
		cap_delete(cap);
		slot_free(cap);
	}
}

void server_client_close(uint32_t index)
{
	struct client *c = &clients[index];

	if (!c->open)
		return;
	for (uint32_t k = 0; k < INIT_RPC_PEER_KEYS; k++) {
		if (peers[k].set && peers[k].owner == index) {
			drop_cap(peers[k].ep);
			peers[k].set = false;
		}
	}
	if (c->bound)
		drop_cap(c->reply_ep);
	/* Its RAM, and whatever it made from it (its copy went with its CSpace). */
	for (uint32_t i = 0; i < c->ram_pieces; i++)
		ram_give_back(c->ram[i].cap, &c->ram[i].id);
	c->ram_pieces = c->ram_bytes = 0;
	console_forget(index);
	drop_cap(c->ep_cap); /* the child's copy went with its CSpace */
	lmp_endpoint_destroy(&c->ep);
	c->open = c->bound = false;
	c->badge = 0;
	open_mask[index / 32] &= ~(1u << (index % 32));
}

/*
 * The kernel's exit message tells init that a child is gone, but it can be
 * lost: a dispatcher destroyed while its exit buffer is full has nowhere to
 * report.  So a wait never lasts longer than a tenth of a second without
 * init asking the kernel itself (proc_check_exits).
 */
#define EXIT_CHECKS_PER_SECOND 10
static uint32_t next_check; /* the tick of the next look (low 32 bits; 0: none set) */

static void schedule_check(void)
{
	static uint32_t interval; /* ticks; the rate never changes */

	if (!interval)
		interval = sys_ticks().tick_hz / EXIT_CHECKS_PER_SECOND;
	next_check = runtime_wakeup_after(interval);
}

void server_wait(void)
{
	struct dispatcher_frame *f = disp_frame();
	uint32_t out[LMP_CALL_WORDS] = { 0, 0, 0, 0 }; /* nothing to answer yet */
	struct lmp_wait in;

	lmp_note_seen(); /* a message after this wakes the yield */
	if (server_poll())
		return;
	if (next_check == 0)
		schedule_check();
	f->wakeup = next_check;
	/* Calls through the kernel are answered as they come, each reply sent by the next wait. */
	while (sys_reply_wait(out, &in) == SYS_ERR_OK && (in.what & LMP_WAIT_CALL))
		serve_call(&in, out);
	f->wakeup = 0;
	/* Woken with nothing to serve: the time for a look has come. */
	if (!server_poll()) {
		proc_check_exits();
		schedule_check();
	}
}

uint32_t server_dropped_replies(void)
{
	return dropped;
}

/* A reply of n words, sent without waiting: a client whose buffer is full loses it. */
static errval_t send_reply(struct client *c, const uint32_t *words, uint32_t n)
{
	errval_t err = c->bound ? lmp_ep_ref_send(&c->reply_ref, ring_reply_flags, n, words)
				: INIT_ERR_NOT_BOUND;

	if (err_is_fail(err))
		dropped++;
	return err;
}

/* An answer sent through the ring already: INIT_ERR_DEFERRED, or why it could not go. */
static errval_t sent(errval_t err)
{
	return err_is_ok(err) ? INIT_ERR_DEFERRED : err;
}

void server_reply_words(uint32_t index, const uint32_t *words, uint32_t n)
{
	if (clients[index].open)
		send_reply(&clients[index], words, n);
}

/* LIST: a0 the pid to list after; the reply is the process's struct init_proc_info. */
CALL_HANDLER errval_t list_for(struct client *c, const struct call_words *m)
{
	struct init_proc_info info;
	uint32_t words[LMP_MSG_WORDS] = { INIT_RPC_LIST | INIT_RPC_REPLY };

	words[1] = proc_list_next(call_arg(m, 0), &info);
	if (err_is_ok((errval_t)words[1])) {
		words[2] = info.pid;
		words[3] = info.state;
		words[4] = info.parent_pid;
		memcpy(&words[5], info.name, sizeof(info.name));
	}
	return sent(send_reply(c, words, LMP_MSG_WORDS));
}

/*
 * The reply: the call, the error, a result word (a pid, a status), perhaps
 * a capability.  Its send's error, if it was dropped.
 */
static errval_t reply(struct client *c, uint32_t call, errval_t err, const uint32_t value[2],
		      struct capref cap)
{
	const uint32_t words[4] = { call | INIT_RPC_REPLY, err, value[0], value[1] };
	errval_t sent = INIT_ERR_NOT_BOUND;

	if (c->bound)
		sent = capref_is_null(cap)
			   ? lmp_ep_ref_send(&c->reply_ref, ring_reply_flags, 4, words)
			   : lmp_ep_send(c->reply_ep, ring_reply_flags, cap, 4, words);
	if (err_is_fail(sent))
		dropped++;
	return sent;
}

void server_reply(uint32_t index, uint32_t call, errval_t err, uint32_t value)
{
	if (clients[index].open)
		reply(&clients[index], call, err, (const uint32_t[2]){ value, 0 }, NULL_CAP);
}

/* SPAWN: argv, packed (init_rpc_pack_argv), from the frame that came with the call. */
CALL_HANDLER errval_t spawn_for(uint32_t index, struct capref frame, uint32_t *pid)
{
	struct paging_state *st = get_current_paging_state();
	char packed[INIT_RPC_CMDLINE_MAX], *argv[SPAWN_MAX_ARGS];
	struct capability_identity id;
	const char *buf;
	uint32_t at = 0;
	int argc = 0;
	errval_t err;

	if (capref_is_null(frame) || cap_identify(frame, &id) || id.type != ObjType_Frame)
		return INIT_ERR_CMDLINE;
	if ((err = paging_map_frame_attr(st, (void **)&buf, BASE_PAGE_SIZE, frame,
					 VREGION_FLAGS_READ)))
		return err;
	/* Copied out first: the sender may still write the frame. */
	memcpy(packed, buf, sizeof(packed));
	paging_unmap(st, buf);
	/* Arguments end at an empty one, which must come inside the buffer. */
	while (at < sizeof(packed) && packed[at]) {
		size_t len = strnlen(packed + at, sizeof(packed) - at);

		if (at + len == sizeof(packed))
			return INIT_ERR_CMDLINE;
		if (argc == SPAWN_MAX_ARGS)
			return SPAWN_ERR_ARGS_TOO_LONG;
		argv[argc++] = packed + at;
		at += len + 1;
	}
	if (argc == 0 || at == sizeof(packed))
		return INIT_ERR_CMDLINE;
	return proc_spawn_for(index, argc, argv, pid);
}

/* PROC_STATS: the RAM pid cost init and was handed, and its CPU time. */
CALL_HANDLER errval_t proc_stats_for(struct client *c, const struct call_words *m)
{
	uint32_t words[5] = { INIT_RPC_PROC_STATS | INIT_RPC_REPLY };
	uint32_t pid = call_arg(m, 0), index;
	struct init_proc_stats stats = { 0, 0, 0 };

	index = proc_index_of(pid);
	words[1] = proc_stats(pid, index < PROC_MAX ? clients[index].ram_bytes : 0, &stats);
	words[2] = stats.ram_bytes;
	words[3] = stats.cpu_ticks;
	words[4] = stats.tick_hz;
	return sent(send_reply(c, words, 5));
}

/* MODULE: a0 index; the reply is its flags and its name (the last part of its path). */
CALL_HANDLER errval_t module_for(struct client *c, const struct call_words *m)
{
	uint32_t words[LMP_MSG_WORDS] = { INIT_RPC_MODULE | INIT_RPC_REPLY };
	uint32_t index = call_arg(m, 0);
	const struct mem_region *r = multiboot_module_at(spawn_bootinfo(), index);
	char path[64];
	const char *name;

	words[1] = r ? SYS_ERR_OK : INIT_ERR_LIST_END;
	if (r) {
		multiboot_module_name(r, path, sizeof(path));
		name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		words[2] = r->mrmod_flags & MODULE_FLAG_BOOT ? INIT_MODULE_BOOT : 0;
		/* Cut to fit; the client ends it with a NUL. */
		memcpy(&words[3], name, strnlen(name, INIT_RPC_MODULE_NAME));
	}
	return sent(send_reply(c, words, LMP_MSG_WORDS));
}

/* DUMP: a0 what, a1 pid.  init prints, then replies: the caller's next line comes after. */
CALL_HANDLER errval_t dump_for(const struct call_words *m)
{
	uint32_t what = call_arg(m, 0), pid = call_arg(m, 1);
	errval_t err;

	if (what != INIT_DUMP_CSPACE && what != INIT_DUMP_VSPACE)
		return INIT_ERR_DUMP_KIND;
	err = what == INIT_DUMP_CSPACE ? proc_dump_cspace(pid) : proc_dump_vspace(pid);
	fflush(stdout);
	return err;
}

/* PEER_REGISTER and PEER_LOOKUP: a0 is the key. */
static errval_t peer_key(const struct call_words *m, uint32_t *key)
{
	if (m->length < 2 || m->words[1] >= INIT_RPC_PEER_KEYS)
		return INIT_ERR_PEER_KEY;
	*key = m->words[1];
	return SYS_ERR_OK;
}

/* RAM_ALLOC: a0 bytes, a1 alignment.  The reply carries a shared copy (*give). */
CALL_HANDLER errval_t ram_alloc_for(struct client *c, const struct call_words *m,
				    struct capref *give)
{
	struct ram_piece *p = &c->ram[c->ram_pieces];
	uint32_t bytes = call_arg(m, 0);
	uint32_t alignment = call_arg(m, 1) ? call_arg(m, 1) : BASE_PAGE_SIZE;
	errval_t err;

	if (bytes == 0)
		return MM_ERR_BAD_REQUEST;
	if (bytes > INIT_RPC_RAM_LIMIT - c->ram_bytes || c->ram_pieces == INIT_RPC_RAM_PIECES)
		return INIT_ERR_RAM_LIMIT;
	if ((err = ram_alloc_aligned(&p->cap, bytes, alignment)))
		return err;
	if ((err = cap_identify(p->cap, &p->id)) || (err = slot_alloc(give))) {
		ram_give_back(p->cap, &p->id);
		return err;
	}
	if ((err = cap_mint(*give, p->cap, CAPRIGHTS_SHARED, 0))) {
		slot_free(*give);
		*give = NULL_CAP;
		ram_give_back(p->cap, &p->id);
		return err;
	}
	c->ram_pieces++;
	c->ram_bytes += p->id.bytes;
	return SYS_ERR_OK;
}

/* BIND: *cap is the client's EndPoint for replies. */
CALL_HANDLER errval_t bind_for(struct client *c, struct capref *cap)
{
	if (capref_is_null(*cap))
		return INIT_ERR_NO_CAP;
	if (c->bound)
		drop_cap(c->reply_ep);
	c->reply_ep = *cap;
	lmp_ep_ref_make(c->reply_ep, &c->reply_ref); /* unmade: replies are dropped */
	c->bound = true;
	*cap = NULL_CAP;
	return SYS_ERR_OK;
}

/* PEER_REGISTER: *cap, an EndPoint, under key a0. */
CALL_HANDLER errval_t peer_register_for(uint32_t index, const struct call_words *m,
					struct capref *cap)
{
	uint32_t key;
	errval_t err;

	if ((err = peer_key(m, &key)))
		return err;
	if (capref_is_null(*cap))
		return INIT_ERR_NO_CAP;
	if (peers[key].set)
		return INIT_ERR_PEER_TAKEN;
	peers[key] = (struct peer){ true, index, *cap };
	*cap = NULL_CAP;
	return SYS_ERR_OK;
}

/* PEER_LOOKUP: the EndPoint under key a0 goes with the reply. */
CALL_HANDLER errval_t peer_lookup_for(const struct call_words *m, struct answer *a)
{
	uint32_t key;
	errval_t err;

	if ((err = peer_key(m, &key)))
		return err;
	if (!peers[key].set)
		return INIT_ERR_PEER_NOT_FOUND;
	a->cap = peers[key].ep; /* copied to the caller */
	return SYS_ERR_OK;
}

/* WAIT: a0 the pid; its status, now or (INIT_ERR_DEFERRED) when it exits. */
CALL_HANDLER errval_t wait_for(uint32_t index, uint32_t pid, struct answer *a)
{
	int32_t status = 0;
	errval_t err = proc_wait_for(index, pid, &status);

	a->value[0] = (uint32_t)status;
	return err;
}

/* IDLE_TICKS: the ticks that found the core idle. */
CALL_HANDLER errval_t idle_ticks_for(struct answer *a)
{
	uint64_t idle;
	errval_t err = invoke_kernel_idle_ticks(&idle);

	a->value[0] = (uint32_t)idle;
	a->value[1] = (uint32_t)(idle >> 32);
	return err;
}

/*
 * Serve one call; *cap is the capability that came with it, which the call
 * may keep (it sets *cap to NULL_CAP).  *a (zeroed) gets what goes back
 * with the error.  Only a dispatch: the work is in the handlers.
 */
static errval_t serve(uint32_t index, const struct call_words *m, struct capref *cap,
		      struct answer *a)
{
	struct client *c = &clients[index];

	switch (m->length ? m->words[0] : 0) {
	case INIT_RPC_BIND: return bind_for(c, cap);
	case INIT_RPC_NULL: return SYS_ERR_OK;
	case INIT_RPC_PEER_REGISTER: return peer_register_for(index, m, cap);
	case INIT_RPC_PEER_LOOKUP: return peer_lookup_for(m, a);
	case INIT_RPC_RAM_ALLOC: a->cap_temp = true; return ram_alloc_for(c, m, &a->cap);
	case INIT_RPC_SPAWN: return spawn_for(index, *cap, &a->value[0]);
	case INIT_RPC_WAIT: return wait_for(index, call_arg(m, 0), a);
	case INIT_RPC_KILL: return proc_kill_for(index, call_arg(m, 0));
	case INIT_RPC_LIST: return list_for(c, m); /* replied already */
	case INIT_RPC_CONSOLE_READ: return console_read_for(index, call_arg(m, 0));
	case INIT_RPC_FOREGROUND: return console_set_foreground(index, call_arg(m, 0));
	case INIT_RPC_PROC_STATS: return proc_stats_for(c, m);
	case INIT_RPC_MEM_STATS:
		a->value[0] = (uint32_t)init_mm.free_bytes;
		a->value[1] = (uint32_t)init_mm.total_bytes;
		return SYS_ERR_OK;
	case INIT_RPC_MODULE: return module_for(c, m);
	case INIT_RPC_DUMP: return dump_for(m);
	case INIT_RPC_IDLE_TICKS: return idle_ticks_for(a);
	default: return INIT_ERR_UNKNOWN_CALL;
	}
}

/* Take one message from client `index`, if it has one, and answer it; true if it had one. */
static bool serve_client(uint32_t index)
{
	struct client *c = &clients[index];
	struct capref cap = NULL_CAP;
	struct answer a = { { 0, 0 }, { { 0, 0 }, 0 }, false };
	struct lmp_recv_msg m;
	errval_t err;

	if (!lmp_endpoint_can_recv(&c->ep) || err_is_fail(lmp_endpoint_recv(&c->ep, &m, &cap)))
		return false;
	next_client = index + 1; /* the next call comes from the next client */
	/* An EndPoint of an earlier client of the same buffer: not this client's call. */
	if (m.badge != c->badge) {
		drop_cap(cap);
		return true;
	}
	/* Only the kernel can mark a message: a child cannot fake its own exit. */
	if (m.from_kernel) {
		if (m.length == LMP_EXIT_WORDS && m.words[0] == LMP_EXIT_WORD)
			proc_exit_reported(index); /* a waiting parent hears of it now */
		return true;
	}
	err = serve(index, &(struct call_words){ m.length, m.words }, &cap, &a);
	drop_cap(cap); /* a capability the call did not keep */
	if (err != INIT_ERR_DEFERRED)
		reply(c, m.length ? m.words[0] : 0, err, a.value, a.cap);
	if (a.cap_temp)
		drop_cap(a.cap); /* the client has its copy (or lost it: ours stays) */
	return true;
}

/*
 * A call that came through the kernel (server_wait), served as a call from
 * the ring is; its reply (`out`) goes with the next SYS_REPLY_WAIT.  Such a
 * call has at most LMP_CALL_WORDS words and no capability.  An answer with
 * a capability, or longer than the reply's words, goes through the ring
 * first, and the reply itself says INIT_ERR_DEFERRED: the caller reads it
 * from its channel (or later, for a deferred WAIT or console read).
 */
static void serve_call(const struct lmp_wait *in, uint32_t out[LMP_CALL_WORDS])
{
	/* No capability comes with such a call: serve writes to *cap only to take one. */
	static struct capref no_cap;
	const struct call_words m = { LMP_WAIT_GET_LENGTH(in->what), in->words };
	struct answer a = { { 0, 0 }, { { 0, 0 }, 0 }, false };
	uint32_t index = CLIENT_INDEX(in->badge);
	errval_t err = INIT_ERR_UNKNOWN_CALL;

	out[0] = (m.length ? m.words[0] : 0) | INIT_RPC_REPLY;
	/*
	 * The badge is an open client's (server_client_open), not an earlier
	 * one's; no other EndPoint of init is handed out.  Calls come in the
	 * order they are made, so this one leaves the rings' turn (next_client)
	 * as it is.
	 */
	if (index < PROC_MAX && clients[index].badge == in->badge) {
		err = serve(index, &m, &no_cap, &a);
		if (!capref_is_null(a.cap) && err_is_ok(err)) {
			/* Through the ring: the reply says so, or why it could not go. */
			err = reply(&clients[index], m.words[0], err, a.value, a.cap);
			if (err_is_ok(err))
				err = INIT_ERR_DEFERRED;
		}
		if (a.cap_temp)
			drop_cap(a.cap); /* the client has its copy (or lost it: ours stays) */
	}
	out[1] = err;
	out[2] = a.value[0];
	out[3] = a.value[1];
}

/* The first open client at index `from` or after, before `to`; `to` if there is none. */
static uint32_t next_open(uint32_t from, uint32_t to)
{
	for (uint32_t w = from / 32; w * 32 < to; w++) {
		uint32_t bits = open_mask[w];

		if (w == from / 32)
			bits &= ~0u << (from % 32);
		if (bits) {
			uint32_t i = w * 32 + (uint32_t)__builtin_ctz(bits);

			return i < to ? i : to;
		}
	}
	return to;
}

/* Clients in turn, from the one after the last served: open ones only (a bit each). */
bool server_poll(void)
{
	uint32_t start = next_client % PROC_MAX;

	if (console_poll())
		return true;
	for (uint32_t i = next_open(start, PROC_MAX); i < PROC_MAX; i = next_open(i + 1, PROC_MAX))
		if (serve_client(i))
			return true;
	for (uint32_t i = next_open(0, start); i < start; i = next_open(i + 1, start))
		if (serve_client(i))
			return true;
	return false;
}
