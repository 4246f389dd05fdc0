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
#include <sys/times.h>
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

clock_t _times(struct tms *buf)
{
	(void)buf;
	errno = ENOSYS;
	return (clock_t)-1;
}

int _gettimeofday(void *tv, void *tz)
{
	(void)tv;
	(void)tz;
	errno = ENOSYS;
	return -1;
}
