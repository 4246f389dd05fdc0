/*
 * misbehave: a child that abuses its channel to init (docs/ipc.md, "init as
 * a server").  init must survive each with nothing lost and keep serving
 * the others.  Exits 0 when init answered as it should.
 *
 *   misbehave flood     sends 2,000 calls without reading a reply
 *   misbehave garbage   unknown calls, short calls, capabilities where none
 *                       belong, a bind without an EndPoint
 *   misbehave leave     exits in the middle of calls: a deferred wait, RAM
 *                       it never takes, a spawn whose reply it never reads
 */
#include <stdio.h>
#include <string.h>

#include <init_rpc.h>
#include <runtime.h>
#include <slot_alloc.h>

#define FLOOD_CALLS 2000

static int check(const char *what, errval_t got, errval_t want)
{
	if (got == want)
		return 0;
	printf("misbehave[%u]: %s: %s, not %s\n", (unsigned)runtime_pid(), what, err_getname(got),
	       err_getname(want));
	return 1;
}

/* One raw call on the channel to init, and its reply's error. */
static errval_t raw_call(struct lmp_chan *lc, struct capref cap, uint32_t n, const uint32_t *w)
{
	struct lmp_recv_msg reply;
	struct capref got;
	errval_t err = lmp_chan_send(lc, LMP_SEND_YIELD, cap, n, w);

	if (err_is_fail(err))
		return err;
	if ((err = lmp_chan_recv_blocking(lc, &reply, &got)))
		return err;
	if (!capref_is_null(got)) {
		cap_delete(got);
		slot_free(got);
	}
	return reply.length >= 2 ? (errval_t)reply.words[1] : LIB_ERR_RPC_BAD_REPLY;
}

static int flood(struct lmp_chan *lc)
{
	uint32_t sent = 0, full = 0;

	for (int i = 0; i < FLOOD_CALLS; i++) {
		errval_t err = lmp_chan_sendv(lc, 0, NULL_CAP, INIT_RPC_NULL);

		if (err == SYS_ERR_LMP_BUFFER_FULL) {
			full++;
			sys_yield();
		} else if (err_is_ok(err)) {
			sent++;
		} else {
			return check("flooding", err, SYS_ERR_OK);
		}
	}
	printf("misbehave[%u]: flood: %u calls sent, %u refused for a full buffer\n",
	       (unsigned)runtime_pid(), (unsigned)sent, (unsigned)full);
	return sent == 0;
}

static int garbage(struct lmp_chan *lc)
{
	struct capref frame;
	int bad = 0;

	if (frame_alloc(&frame, BASE_PAGE_SIZE, NULL))
		return 1;
	bad += check("unknown call", raw_call(lc, NULL_CAP, 2, (const uint32_t[]){ 0xdead, 1 }),
		     INIT_ERR_UNKNOWN_CALL);
	bad += check("empty call", raw_call(lc, NULL_CAP, 0, NULL), INIT_ERR_UNKNOWN_CALL);
	bad +=
	    check("no key", raw_call(lc, NULL_CAP, 1, (const uint32_t[]){ INIT_RPC_PEER_LOOKUP }),
		  INIT_ERR_PEER_KEY);
	bad += check("a frame as a peer", init_rpc_peer_register(99, frame), INIT_ERR_PEER_KEY);
	bad += check("a frame with a null call",
		     raw_call(lc, frame, 1, (const uint32_t[]){ INIT_RPC_NULL }), SYS_ERR_OK);
	bad +=
	    check("a frame as a command line",
		  raw_call(lc, frame, 1, (const uint32_t[]){ INIT_RPC_SPAWN }), INIT_ERR_CMDLINE);
	bad +=
	    check("bind without an EndPoint",
		  raw_call(lc, NULL_CAP, 1, (const uint32_t[]){ INIT_RPC_BIND }), INIT_ERR_NO_CAP);
	bad += check("RAM of 0 bytes",
		     raw_call(lc, NULL_CAP, 2, (const uint32_t[]){ INIT_RPC_RAM_ALLOC, 0 }),
		     MM_ERR_BAD_REQUEST);
	bad += check("still served", init_rpc_null(), SYS_ERR_OK);
	frame_free(frame);
	printf("misbehave[%u]: garbage: answered as it should: %s\n", (unsigned)runtime_pid(),
	       bad ? "no" : "yes");
	return bad != 0;
}

static int leave(struct lmp_chan *lc)
{
	uint32_t pid;

	if (check("spawn", init_rpc_spawn("spinner 1 200", &pid), SYS_ERR_OK))
		return 1;
	/* A wait init answers only later, RAM never picked up, a spawn never answered. */
	lmp_chan_sendv(lc, 0, NULL_CAP, INIT_RPC_WAIT, pid);
	lmp_chan_sendv(lc, 0, NULL_CAP, INIT_RPC_RAM_ALLOC, 1u << 20, 0);
	printf("misbehave[%u]: leaving in the middle of three calls\n", (unsigned)runtime_pid());
	return 0;
}

int main(int argc, char **argv)
{
	struct lmp_chan *lc = init_rpc_chan();

	if (!lc || argc != 2)
		return 2;
	if (strcmp(argv[1], "flood") == 0)
		return flood(lc);
	if (strcmp(argv[1], "garbage") == 0)
		return garbage(lc);
	if (strcmp(argv[1], "leave") == 0)
		return leave(lc);
	return 2;
}
