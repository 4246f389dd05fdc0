/* greet: the example program of docs/programs.md (a test checks they are the same). */
#include <stdio.h>
#include <unistd.h>

#include <runtime.h>

int main(int argc, char **argv)
{
	char name[64];

	printf("greet[%u]: %d arguments, the first '%s'; your name? ", (unsigned)runtime_pid(),
	       argc - 1, argc > 1 ? argv[1] : "");
	if (!fgets(name, sizeof(name), stdin))
		return 1; /* Ctrl-D: no input */
	sleep(1);
	printf("hello, %s", name);
	return 0;
}
