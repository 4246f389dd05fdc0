/*
 * sleep: sleep for a number of seconds (a decimal fraction too: `sleep 0.25`), blocked,
 * through newlib's nanosleep.
 *
 *   sleep <seconds>
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* "S" or "S.F" seconds as a timespec; false if it is not such a number. */
static bool parse_seconds(const char *s, struct timespec *t)
{
	long ns = 0, scale = 100000000;
	char *end;

	t->tv_sec = (time_t)strtoul(s, &end, 10);
	if (end == s && *end != '.')
		return false;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++, scale /= 10)
			ns += (*end - '0') * scale;
	t->tv_nsec = ns;
	return *end == 0 && *s != '-';
}

int main(int argc, char **argv)
{
	struct timespec t;

	if (argc != 2 || !parse_seconds(argv[1], &t)) {
		printf("usage: sleep <seconds>, e.g. sleep 1 or sleep 0.5\n");
		return 2;
	}
	return nanosleep(&t, NULL) == 0 ? 0 : 1;
}
