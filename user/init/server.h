/*
 * init as a server (docs/ipc.md): every child gets an EndPoint to a buffer
 * of init's, badged with its process-table index + 1 and a generation
 * (server.c, CLIENT_INDEX); init serves the calls
 * of init_rpc.h on them while it waits for children.
 */
#ifndef INIT_SERVER_H
#define INIT_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <capabilities.h>

#define INIT_LMP_FRAME_BYTES  (64u * 1024u) /* init's receive buffers, one per child */
#define INIT_CLIENT_BUF_WORDS 128u

/* Make init's LMP frame (once, at start-up). */
errval_t server_init(void);
/* A buffer and an EndPoint for the child in process-table entry `index`, for spawn. */
errval_t server_client_open(uint32_t index, struct capref *initep);
/* The child is gone: its buffer, its EndPoints and whatever it registered go too. */
void server_client_close(uint32_t index);
/* Serve one waiting call, clients in turn; false if none was waiting. */
bool server_poll(void);
/* Serve one call, or wait (off the run queue) until a call or a child's exit comes, or
 * a tenth of a second has passed (then init asks the kernel which children exited). */
void server_wait(void);
/* A reply made later (a deferred INIT_RPC_WAIT): the call, its error and one result. */
void server_reply(uint32_t index, uint32_t call, errval_t err, uint32_t value);
/* A reply of n words made later (console.c). */
void server_reply_words(uint32_t index, const uint32_t *words, uint32_t n);
/* Replies that could not be delivered (the client's buffer full, or it gone). */
uint32_t server_dropped_replies(void);

#endif
