/* hello: the first child.  It greets, shows its arguments, and exits. */
#include <stdio.h>

#include <runtime.h>

int main(int argc, char **argv)
{
	printf("hello[%u]: Hello, world!", (unsigned)runtime_pid());
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return 0;
}
