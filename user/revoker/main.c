/*
 * revoker: a hostile child for the tests.  It revokes its copy of one of
 * the capabilities its spawner gave it (which deletes the spawner's own
 * copy too), then spins or exits.  init must still reap it and get back
 * every byte and slot it gave.
 *
 *   revoker dispatcher|dispframe|vroot|root|basepage
 */
#include <stdio.h>
#include <string.h>

#include <capabilities.h>
#include <runtime.h>

int main(int argc, char **argv)
{
	struct capref cap = NULL_CAP;
	errval_t err;

	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "dispatcher") == 0)
		cap = cap_dispatcher;
	else if (strcmp(argv[1], "dispframe") == 0)
		cap = cap_dispframe;
	else if (strcmp(argv[1], "vroot") == 0)
		cap = cap_vroot;
	else if (strcmp(argv[1], "root") == 0)
		cap = cap_root;
	else if (strcmp(argv[1], "basepage") == 0)
		cap = (struct capref){ cnode_base_page, BASE_PAGE_CAPS - 1 };
	else
		return 2;
	printf("revoker[%u]: revoking its copy of %s\n", (unsigned)runtime_pid(), argv[1]);
	err = cap_revoke(cap);
	/* Revoking the dispatcher leaves it running: spin until init reaps it. */
	if (err_is_ok(err) && strcmp(argv[1], "dispatcher") == 0)
		for (;;)
			sys_yield();
	return err_is_ok(err) ? 0 : 1;
}
