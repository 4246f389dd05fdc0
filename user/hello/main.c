/*
 * hello: the first child.  It greets, shows its arguments (one with a space in quotes), and
 * exits.  With the argument --clock (make bench's boot_to_first_child_line) it then prints
 * the time since the machine started, in guest instructions under QEMU -icount.
 */
#include <stdio.h>
#include <string.h>

#include <runtime.h>
#include <syscalls.h>

int main(int argc, char **argv)
{
	uint32_t hz;
	uint64_t now;

	printf("hello[%u]: Hello, world!", (unsigned)runtime_pid());
	for (int i = 1; i < argc; i++)
		printf(strchr(argv[i], ' ') ? " \"%s\"" : " %s", argv[i]);
	printf("\n");
	if (argc == 2 && strcmp(argv[1], "--clock") == 0) {
		now = sys_clock(
		    &hz); /* the line above is out: the console is written synchronously */
		printf("bench: boot_to_first_child_line: %llu instructions per boot (1 runs)\n",
		       (unsigned long long)(now * 1000000000ull / hz));
	}
	return 0;
}
