/*
 * pingpong: two processes talk over an LMP channel (docs/ipc.md).
 *
 *   pingpong server KEY          registers an EndPoint with init under KEY,
 *                                then answers every ping with a pong
 *   pingpong client KEY COUNT    looks KEY up through init, connects, and
 *                                sends COUNT pings, each waiting for its pong
 *
 * Every CAP_EVERY-th ping moves a frame to the server, which moves it
 * back with the pong; the client checks that it is the same frame.  Each
 * send hands the CPU to the other side (LMP_SEND_YIELD).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <init_rpc.h>
#include <lmp_chan.h>
#include <runtime.h>
#include <slot_alloc.h>

#define CAP_EVERY     1000
#define LOOKUP_TRIES  1000 /* yields while the server has not registered yet */
#define MSG_PING      0x70696e67u
#define MSG_PONG      0x706f6e67u
#define MSG_QUIT      0x71756974u
#define PINGPONG_BUFS 64u /* words of each side's buffer */

static int fail(const char *what, errval_t err)
{
	printf("pingpong[%u]: %s: %s\n", (unsigned)runtime_pid(), what, err_getname(err));
	return 1;
}

static int server(uint32_t key)
{
	struct lmp_chan chan;
	struct lmp_recv_msg msg;
	struct capref cap;
	uint32_t pings = 0, caps = 0;
	errval_t err;

	if ((err = lmp_chan_accept(&chan, PINGPONG_BUFS, NULL_CAP)))
		return fail("accept", err);
	if ((err = init_rpc_peer_register(key, chan.local_cap)))
		return fail("register with init", err);
	/* The first message binds: it brings the client's EndPoint. */
	if ((err = lmp_chan_recv_blocking(&chan, &msg, &cap)))
		return fail("bind", err);
	if (msg.length < 1 || msg.words[0] != LMP_CHAN_BIND || capref_is_null(cap))
		return fail("bind", LIB_ERR_RPC_BAD_REPLY);
	if ((err = lmp_chan_set_remote(&chan, cap)))
		return fail("bind", err);
	for (;;) {
		if ((err = lmp_chan_recv_blocking(&chan, &msg, &cap)))
			return fail("receive", err);
		if (msg.length >= 1 && msg.words[0] == MSG_QUIT)
			break;
		if (msg.length < 2 || msg.words[0] != MSG_PING)
			return fail("a ping", LIB_ERR_RPC_BAD_REPLY);
		pings++;
		caps += !capref_is_null(cap);
		/* The capability goes back as it came: moved. */
		err = lmp_chan_sendv(&chan,
				     LMP_SEND_YIELD | (capref_is_null(cap) ? 0 : LMP_SEND_MOVE),
				     cap, MSG_PONG, msg.words[1]);
		if (!capref_is_null(cap))
			slot_free(cap);
		if (err_is_fail(err))
			return fail("pong", err);
	}
	printf("pingpong[%u]: server: %u pings answered, %u capabilities moved back\n",
	       (unsigned)runtime_pid(), (unsigned)pings, (unsigned)caps);
	return 0;
}

/* The server's EndPoint from init (it may not have registered yet). */
static errval_t lookup(uint32_t key, struct capref *ep)
{
	errval_t err = INIT_ERR_PEER_NOT_FOUND;

	for (int i = 0; i < LOOKUP_TRIES && err == INIT_ERR_PEER_NOT_FOUND; i++)
		if ((err = init_rpc_peer_lookup(key, ep)) == INIT_ERR_PEER_NOT_FOUND)
			sys_yield();
	return err;
}

static int client(uint32_t key, uint32_t count)
{
	struct lmp_chan chan;
	struct lmp_recv_msg msg;
	struct capref server_ep, frame, back;
	struct capability_identity id, got;
	uint32_t caps = 0;
	errval_t err;

	if ((err = lookup(key, &server_ep)))
		return fail("look the server up", err);
	if ((err = lmp_chan_connect(&chan, PINGPONG_BUFS, server_ep)))
		return fail("connect", err);
	if ((err = frame_alloc(&frame, BASE_PAGE_SIZE, NULL)) || (err = cap_identify(frame, &id)))
		return fail("a frame to send", err);
	for (uint32_t i = 0; i < count; i++) {
		bool with_cap = i % CAP_EVERY == CAP_EVERY - 1;

		err = lmp_chan_sendv(&chan, LMP_SEND_YIELD | (with_cap ? LMP_SEND_MOVE : 0),
				     with_cap ? frame : NULL_CAP, MSG_PING, i);
		if (err_is_fail(err))
			return fail("ping", err);
		if ((err = lmp_chan_recv_blocking(&chan, &msg, &back)))
			return fail("pong", err);
		if (msg.length != 2 || msg.words[0] != MSG_PONG || msg.words[1] != i)
			return fail("pong", LIB_ERR_RPC_BAD_REPLY);
		if (with_cap != !capref_is_null(back))
			return fail("the frame's round trip", LIB_ERR_RPC_BAD_REPLY);
		if (!with_cap)
			continue;
		/* The same frame came back, into the next receive slot: it lives there now. */
		if ((err = cap_identify(back, &got)) || got.base != id.base ||
		    got.bytes != id.bytes)
			return fail("the frame that came back", err ? err : LIB_ERR_RPC_BAD_REPLY);
		slot_free(frame);
		frame = back;
		caps++;
	}
	if ((err = lmp_chan_sendv(&chan, 0, NULL_CAP, MSG_QUIT)))
		return fail("quit", err);
	printf("pingpong[%u]: %u messages, %u capabilities, ok\n", (unsigned)runtime_pid(),
	       (unsigned)count, (unsigned)caps);
	return 0;
}

/* `pingpong rpc N`: N null calls to init, timed here (a benchmark: docs/performance.md). */
static int rpc_bench(uint32_t count)
{
	uint32_t hz;
	uint64_t start, ticks;
	errval_t err;

	if ((err = init_rpc_null())) /* binds the channel first */
		return fail("a null call", err);
	start = sys_clock(&hz);
	for (uint32_t i = 0; i < count; i++)
		if ((err = init_rpc_null()))
			return fail("a null call", err);
	ticks = sys_clock(&hz) - start;
	printf("bench: rpc_roundtrip: %llu instructions per call (%u runs)\n",
	       (unsigned long long)(ticks * 1000000000ull / hz / count), (unsigned)count);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "rpc") == 0)
		return rpc_bench((uint32_t)atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "server") == 0)
		return server((uint32_t)atoi(argv[2]));
	if (argc == 4 && strcmp(argv[1], "client") == 0)
		return client((uint32_t)atoi(argv[2]), (uint32_t)atoi(argv[3]));
	printf("usage: pingpong server KEY | pingpong client KEY COUNT | pingpong rpc COUNT\n");
	return 2;
}
