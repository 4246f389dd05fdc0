/* hello: the first child.  It greets, shows its arguments (one with a space in quotes), and
 * exits. */
#include <stdio.h>
#include <string.h>

#include <runtime.h>

int main(int argc, char **argv)
{
	printf("hello[%u]: Hello, world!", (unsigned)runtime_pid());
	for (int i = 1; i < argc; i++)
		printf(strchr(argv[i], ' ') ? " \"%s\"" : " %s", argv[i]);
	printf("\n");
	return 0;
}
