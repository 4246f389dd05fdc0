/*
 * System calls: `svc #0` with the call number in r0 and arguments in r1..r12;
 * the kernel returns an errval_t in r0 and results in r1..r4.  See
 * docs/syscalls.md.
 */
#ifndef SYSCALLS_H
#define SYSCALLS_H

#include <bits.h>

#define SYS_INVOKE     1 /* r1 = capability address, r2 = level | command << 8, r3..r12 */
#define SYS_YIELD      2 /* r1 = flags: give the CPU to the next runnable dispatcher */
#define SYS_PRINT      3 /* r1 = user pointer, r2 = length: print one line */
#define SYS_EXIT       4 /* r1 = status: this dispatcher stops for good */
#define SYS_CLOCK      5 /* the board's free-running clock: r1, r2 = count (low, high), r3 = Hz */
#define SYS_TICKS      6 /* r1, r2 = ticks (low, high), r3 = tick Hz, r4 = board clock (low) */
#define SYS_REPLY_WAIT 7 /* r1..r4 = the reply to the call held, then wait (include/lmp.h) */
#define SYS_COUNT      8

/*
 * SYS_YIELD with SYS_YIELD_BLOCK: stay off the run queue until a message is
 * delivered, unless one was delivered since the dispatcher last looked (its
 * frame's lmp_seen differs from the kernel's count of deliveries).
 */
#define SYS_YIELD_BLOCK 1u

#define SYS_PRINT_MAX		256 /* bytes in one print call */
#define SYS_INVOKE_ARGS		10  /* argument words after the command word: r3..r12 */
#define SYS_ARGS_WORDS		13  /* r0..r12, as syscall_raw loads them */
#define INVOKE_WORD(level, cmd) ((level) | ((cmd) << 8))
#define INVOKE_WORD_LEVEL(word) ((word)&0xffu)
#define INVOKE_WORD_CMD(word)	((word) >> 8)
/* The registers of SYS_INVOKE (r1, r2, r3..r12) and of every result (r0..r4). */
#define SYS_INVOKE_REG_CPTR 1
#define SYS_INVOKE_REG_WORD 2
#define SYS_INVOKE_REG_ARGS 3
#define SYS_RET_REGS	    5

#ifndef __ASSEMBLER__
#include <stdint.h>

#include <lmp.h>

struct sysret {
	uint32_t error; /* errval_t */
	uint32_t value[4];
};

/* user/lib/syscall.S: load r0..r12 from args, `svc #0`, store r0..r4 in ret. */
void syscall_raw(const uint32_t args[SYS_ARGS_WORDS], struct sysret *ret);
/*
 * user/lib/syscall.S: SYS_INVOKE of `word` on cptr with a0 and a1, and the
 * first `length` (at most 8) words at `payload` in r5 onwards: a send's
 * registers loaded straight from the caller's words; returns r0, the error.
 */
uint32_t syscall_send(uint32_t cptr, uint32_t word, uint32_t a0, uint32_t a1,
		      const uint32_t *payload, uint32_t length);

/*
 * The system calls themselves, with their words in registers (no array, no
 * call): r0..r10 as given, `svc #0`, r0..r4 back.  r11 and r12 go in as
 * they happen to be; only CNode copy, mint and retype read them (their
 * ninth and tenth argument words), and those go through
 * syscall_invoke_args.  The kernel changes no other register.
 */
static inline struct sysret syscall_regs(uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3,
					 uint32_t w4, uint32_t w5, uint32_t w6, uint32_t w7,
					 uint32_t w8, uint32_t w9, uint32_t w10)
{
	register uint32_t r0 __asm__("r0") = w0;
	register uint32_t r1 __asm__("r1") = w1;
	register uint32_t r2 __asm__("r2") = w2;
	register uint32_t r3 __asm__("r3") = w3;
	register uint32_t r4 __asm__("r4") = w4;
	register uint32_t r5 __asm__("r5") = w5;
	register uint32_t r6 __asm__("r6") = w6;
	register uint32_t r7 __asm__("r7") = w7;
	register uint32_t r8 __asm__("r8") = w8;
	register uint32_t r9 __asm__("r9") = w9;
	register uint32_t r10 __asm__("r10") = w10;

	__asm__ volatile("svc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4)
			 : "r"(r5), "r"(r6), "r"(r7), "r"(r8), "r"(r9), "r"(r10)
			 : "memory");
	return (struct sysret){ r0, { r1, r2, r3, r4 } };
}

/* An invocation with all SYS_INVOKE_ARGS argument words. */
static inline struct sysret syscall_invoke_args(uint32_t cptr, uint32_t level, uint32_t cmd,
						const uint32_t a[SYS_INVOKE_ARGS])
{
	uint32_t args[SYS_ARGS_WORDS] = { SYS_INVOKE, cptr, INVOKE_WORD(level, cmd) };
	struct sysret ret;

	for (int i = 0; i < SYS_INVOKE_ARGS; i++)
		args[3 + i] = a[i];
	syscall_raw(args, &ret);
	return ret;
}

/* An invocation with eight argument words: what every invocation but copy, mint and retype
 * takes. */
static inline struct sysret syscall_invoke(uint32_t cptr, uint32_t level, uint32_t cmd, uint32_t a0,
					   uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
					   uint32_t a5, uint32_t a6, uint32_t a7)
{
	return syscall_regs(SYS_INVOKE, cptr, INVOKE_WORD(level, cmd), a0, a1, a2, a3, a4, a5, a6,
			    a7);
}

/* An invocation that reads no argument words (an Identify): r3..r12 go in as they are. */
static inline struct sysret syscall_invoke_noargs(uint32_t cptr, uint32_t level, uint32_t cmd)
{
	register uint32_t r0 __asm__("r0") = SYS_INVOKE;
	register uint32_t r1 __asm__("r1") = cptr;
	register uint32_t r2 __asm__("r2") = INVOKE_WORD(level, cmd);
	register uint32_t r3 __asm__("r3");
	register uint32_t r4 __asm__("r4");

	__asm__ volatile("svc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "=r"(r3), "=r"(r4) : : "memory");
	return (struct sysret){ r0, { r1, r2, r3, r4 } };
}

/* A call of up to two words (the rest 0): its error. */
static inline uint32_t syscall_short(uint32_t call, uint32_t w1, uint32_t w2)
{
	return syscall_regs(call, w1, w2, 0, 0, 0, 0, 0, 0, 0, 0).error;
}

static inline uint32_t sys_yield(void)
{
	return syscall_short(SYS_YIELD, 0, 0);
}

/* Wait for a message (docs/ipc.md): returns at once if one came since lmp_seen was set. */
static inline uint32_t sys_yield_block(void)
{
	return syscall_short(SYS_YIELD, SYS_YIELD_BLOCK, 0);
}

/* What woke SYS_REPLY_WAIT (include/lmp.h): nothing but a look at the rings, or a call. */
struct lmp_wait {
	uint32_t what;	/* LMP_WAIT_WOKEN, or LMP_WAIT_CALL | its length */
	uint32_t badge; /* a call's: of the EndPoint its caller used */
	uint32_t words[LMP_CALL_WORDS];
};

/*
 * Reply `reply` to the call this dispatcher holds (if it holds one), then
 * wait for a message or a call, as sys_yield_block does; *w says which.
 */
static inline uint32_t sys_reply_wait(const uint32_t reply[LMP_CALL_WORDS], struct lmp_wait *w)
{
	register uint32_t r0 __asm__("r0") = SYS_REPLY_WAIT;
	register uint32_t r1 __asm__("r1") = reply[0];
	register uint32_t r2 __asm__("r2") = reply[1];
	register uint32_t r3 __asm__("r3") = reply[2];
	register uint32_t r4 __asm__("r4") = reply[3];
	register uint32_t r5 __asm__("r5");
	register uint32_t r6 __asm__("r6");

	_Static_assert(LMP_CALL_WORDS == 4, "a call's words come in r3..r6");
	__asm__ volatile("svc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "=r"(r5), "=r"(r6)
			 :
			 : "memory");
	w->what = r1;
	w->badge = r2;
	w->words[0] = r3;
	w->words[1] = r4;
	w->words[2] = r5;
	w->words[3] = r6;
	return r0;
}

static inline uint32_t sys_print(const char *s, uint32_t len)
{
	return syscall_short(SYS_PRINT, (uint32_t)s, len);
}

/* The board's free-running clock (for benchmarks): the count, and its rate in *hz (if hz is
 * not NULL). */
static inline uint64_t sys_clock(uint32_t *hz)
{
	struct sysret ret = syscall_regs(SYS_CLOCK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	if (hz)
		*hz = ret.value[2];
	return ((uint64_t)ret.value[1] << 32) | ret.value[0];
}

/* The kernel's tick count, its rate, and the low word of the board clock at the same instant. */
struct tick_sample {
	uint64_t ticks;
	uint32_t tick_hz;
	uint32_t clock_low;
};

static inline struct tick_sample sys_ticks(void)
{
	struct sysret ret = syscall_regs(SYS_TICKS, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	struct tick_sample t;

	t.ticks = ((uint64_t)ret.value[1] << 32) | ret.value[0];
	t.tick_hz = ret.value[2];
	t.clock_low = ret.value[3];
	return t;
}

static inline void sys_exit(int status) __attribute__((noreturn));
static inline void sys_exit(int status)
{
	syscall_short(SYS_EXIT, (uint32_t)status, 0);
	__builtin_unreachable();
}
#endif

#endif
