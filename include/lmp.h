/*
 * Local message passing (LMP) between the dispatchers of one core, over
 * EndPoint capabilities: the kernel-user ABI.  See docs/ipc.md.
 *
 * A dispatcher receives into buffers in its LMP frame, a Frame its DCB
 * holds (DispatcherCmd_LmpFrame).  An EndPoint minted from the dispatcher's
 * SELFEP with an offset and a length in words names one buffer in that
 * frame; sending on it (EndPointCmd_Send) appends one message to the
 * buffer's ring.  A buffer is a header the receiver and the kernel share,
 * then the ring:
 *
 *   word 0  delivered   the ring index the kernel writes next (the kernel's)
 *   word 1  consumed    the ring index the receiver reads next (the receiver's)
 *   word 2  recv_cptr   where a transferred capability goes, in the
 *   word 3  recv_level  receiver's CSpace (level 0: nowhere; a send that
 *                       carries a capability then fails)
 *   word 4  ring[0] ... ring[buflen - 5]
 *
 * Both indices lie in [0, ring length); the ring is empty when they are
 * equal and full when one more word would make them equal.  The kernel
 * checks every word it reads here: a broken header is an error to the
 * sender, never a write outside the buffer.  A message in the ring is
 *
 *   header  its payload length in words | LMP_MSG_HAS_CAP if a capability
 *           was put in the receive slot | LMP_MSG_FROM_KERNEL if the kernel
 *           sent it (a dispatcher's exit, on its exit EndPoint)
 *   badge   the badge of the EndPoint the sender used
 *   payload length words
 *
 * and wraps around the end of the ring word by word.
 */
#ifndef LMP_H
#define LMP_H

#include <bits.h>

#define LMP_MSG_WORDS	     8 /* payload words in one message (a2..a9 of the send) */
#define LMP_MSG_HEADER_WORDS 2 /* header and badge */
#define LMP_BUF_HEADER_WORDS 4
#define LMP_BUF_MIN_WORDS    32		    /* a header and two of the longest messages */
#define LMP_BUF_MAX_WORDS    4096	    /* 16 KiB */
#define LMP_FRAME_MAX_OFFSET (U32(1) << 24) /* a buffer starts in the first 16 MiB */
#define LMP_MSG_HAS_CAP	     (U32(1) << 8)
#define LMP_MSG_FROM_KERNEL  (U32(1) << 9) /* the kernel sent it: no process can */
/* The kernel's message on a dispatcher's exit EndPoint: LMP_EXIT_WORD, the exit status. */
#define LMP_EXIT_WORD	       0x65786974u /* "exit" */
#define LMP_EXIT_WORDS	       2
#define LMP_MSG_LENGTH(header) ((header)&0xffu)
/*
 * The kernel's message on the console EndPoint (KernelCmd_ConsoleBind):
 * LMP_CONSOLE_WORD, a count of bytes, then that many typed bytes, four to a
 * word, the first in the lowest byte.
 */
#define LMP_CONSOLE_WORD   0x636f6e73u /* "cons" */
#define LMP_CONSOLE_HEADER 2
#define LMP_CONSOLE_BYTES  ((LMP_MSG_WORDS - LMP_CONSOLE_HEADER) * 4)

/* Word indices of the buffer header. */
#define LMP_BUF_DELIVERED  0
#define LMP_BUF_CONSUMED   1
#define LMP_BUF_RECV_CPTR  2
#define LMP_BUF_RECV_LEVEL 3

/*
 * EndPointCmd_Send: a0 = flags, a1 = the address of the capability to send
 * (if any), a2..a9 = the payload.  The flags word holds the payload length,
 * the level of a1 (0: no capability), and what to do.
 */
#define LMP_SEND_LENGTH(n)	  ((n)&0xfu)
#define LMP_SEND_CAP_LEVEL(l)	  (((l)&0x3u) << 8)
#define LMP_SEND_GET_LENGTH(f)	  ((f)&0xfu)
#define LMP_SEND_GET_CAP_LEVEL(f) (((f) >> 8) & 0x3u)
#define LMP_SEND_YIELD		  (U32(1) << 16) /* run the receiver now, in the sender's turn */
#define LMP_SEND_MOVE		  (U32(1) << 17) /* move the capability, not copy it */
#define LMP_SEND_FLAGS_VALID	  (0xfu | (0x3u << 8) | LMP_SEND_YIELD | LMP_SEND_MOVE)

/*
 * Calls (docs/ipc.md, "Calls"): seL4's call and reply-and-wait on the same
 * EndPoints, with no ring.  A server waits in SYS_REPLY_WAIT.
 * EndPointCmd_Call (a0 = LMP_SEND_LENGTH(n), n at most LMP_CALL_WORDS,
 * a2.. = the words) on an EndPoint of a server that waits there hands it
 * the call in registers and waits, off the run queue, for the reply; to a
 * server that does not wait it is SYS_ERR_LMP_NOT_WAITING, and nothing was
 * sent.  The server's next SYS_REPLY_WAIT (r1..r4) is the reply: the
 * caller's call returns SYS_ERR_OK with it in r1..r4.  SYS_REPLY_WAIT then
 * waits as a blocking yield does, and returns r0 = SYS_ERR_OK and in r1
 * either LMP_WAIT_WOKEN (a message or the wake-up time came: look at the
 * rings) or LMP_WAIT_CALL | n, with the badge of the caller's EndPoint in
 * r2 and its n words in r3.. (r3..r6 are the caller's r5..r8, as a send's
 * payload: words past n are whatever the caller left there).
 */
#define LMP_CALL_WORDS		4
#define LMP_WAIT_WOKEN		0
#define LMP_WAIT_CALL		(U32(1) << 8)
#define LMP_WAIT_GET_LENGTH(r1) ((r1)&0xfu)

#endif
