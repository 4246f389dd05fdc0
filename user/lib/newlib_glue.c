/*
 * The system-call layer newlib expects.  Standard output and error go to
 * the console through the print system call.  newlib line-buffers stdout
 * (it is a terminal, says _fstat), so a line of up to SYS_PRINT_MAX (256)
 * bytes is one print and never cut by another process's output; longer
 * lines, and stderr (unbuffered), may be.  Standard input comes from init,
 * which owns the console.  There is no file system.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include <init_rpc.h>
#include <runtime.h>
#include <syscalls.h>

#undef errno
extern int errno;

static int is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _write(int fd, const char *buf, int len)
{
	int done = 0;

	if (!is_console(fd) || fd == 0) {
		errno = EBADF;
		return -1;
	}
	while (done < len) {
		uint32_t n = (uint32_t)(len - done);
		if (n > SYS_PRINT_MAX)
			n = SYS_PRINT_MAX;
		if (sys_print(buf + done, n) != SYS_ERR_OK) {
			errno = EFAULT;
			return done ? done : -1;
		}
		done += (int)n;
	}
	return len;
}

/* Standard input: lines typed at the console, from init (docs/console.md); blocks. */
int _read(int fd, char *buf, int len)
{
	uint32_t got;
	errval_t err;

	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	if (len <= 0)
		return 0;
	if ((err = init_rpc_console_read(buf, (uint32_t)len, &got))) {
		errno = EIO;
		return -1;
	}
	return (int)got; /* 0: the input ended (Ctrl-D) */
}

int _close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

int _open(const char *path, int flags, int mode)
{
	(void)path;
	(void)flags;
	(void)mode;
	errno = ENOSYS;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return is_console(fd);
}

int _lseek(int fd, int offset, int whence)
{
	(void)fd;
	(void)offset;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

int _getpid(void)
{
	return (int)runtime_pid();
}

int _kill(int pid, int sig)
{
	(void)sig;
	if (pid == _getpid())
		sys_exit(128 + sig);
	errno = ESRCH;
	return -1;
}

void _exit(int status)
{
	sys_exit(status);
}

/* --- time (docs/programs.md): the board clock since boot, and the tick ------------------ */

/* The board clock since boot: seconds and the nanoseconds after them. */
static void board_time(uint64_t *sec, uint32_t *nsec)
{
	uint32_t hz;
	uint64_t count = sys_clock(&hz);

	*sec = count / hz;
	*nsec = (uint32_t)((count % hz) * 1000000000ull / hz);
}

/* There is no real-time clock: the time of day is the time since boot. */
int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t sec;
	uint32_t nsec;

	(void)tz;
	if (tv) {
		board_time(&sec, &nsec);
		tv->tv_sec = (time_t)sec;
		tv->tv_usec = (suseconds_t)(nsec / 1000);
	}
	return 0;
}

int clock_gettime(clockid_t id, struct timespec *tp)
{
	uint64_t sec;
	uint32_t nsec;

	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC) {
		errno = EINVAL;
		return -1;
	}
	board_time(&sec, &nsec);
	tp->tv_sec = (time_t)sec;
	tp->tv_nsec = (long)nsec;
	return 0;
}

/* Ticks to CLOCKS_PER_SEC units. */
static clock_t ticks_to_clock(uint64_t ticks, uint32_t tick_hz)
{
	return (clock_t)(ticks * CLOCKS_PER_SEC / tick_hz);
}

/* The time since boot; this dispatcher's CPU time as user time (the kernel's own is not told
 * apart), no children's. */
clock_t _times(struct tms *buf)
{
	struct tick_sample t = sys_ticks();
	uint32_t used = 0;

	if (buf) {
		invoke_dispatcher_cpu_ticks(cap_dispatcher, &used);
		buf->tms_utime = ticks_to_clock(used, t.tick_hz);
		buf->tms_stime = buf->tms_cutime = buf->tms_cstime = 0;
	}
	return ticks_to_clock(t.ticks, t.tick_hz);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	uint32_t tick_hz = sys_ticks().tick_hz;
	uint64_t ticks;

	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) {
		errno = EINVAL;
		return -1;
	}
	/* Whole ticks, rounded up; at most 2^31 - 2 of them (weeks) in one go. */
	ticks = ((uint64_t)req->tv_sec * 1000000000u + (uint64_t)req->tv_nsec) * tick_hz;
	ticks = (ticks + 999999999u) / 1000000000u;
	while (ticks) {
		uint32_t part = ticks > 0x7ffffffeu ? 0x7ffffffeu : (uint32_t)ticks;

		runtime_sleep_ticks(part);
		ticks -= part;
	}
	if (rem)
		rem->tv_sec = rem->tv_nsec =
		    0; /* nothing interrupts a sleep: there are no signals */
	return 0;
}

unsigned sleep(unsigned seconds)
{
	const struct timespec t = { (time_t)seconds, 0 };

	nanosleep(&t, NULL);
	return 0;
}

int usleep(useconds_t us)
{
	const struct timespec t = { (time_t)(us / 1000000u), (long)(us % 1000000u) * 1000 };

	return nanosleep(&t, NULL);
}
