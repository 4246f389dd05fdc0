/*
 * revoker: a hostile child for the tests.  It revokes its copy of one of
 * the capabilities its spawner gave it.  Spawn shares them without the
 * revoke right, so the revoke deletes only what the child derived from its
 * copy: its copy, and the spawner's, stay.  A base page is not a copy but a
 * child of a block of the spawner's (docs/spawn.md): it may hold the revoke
 * right, which reaches only what the child made from it.  It exits with 0
 * when its capability is still there and unchanged, 1 if not, 2 on bad
 * arguments.  init must reap it and get back every byte and slot it gave.
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
	struct capability_identity before, after;
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
		cap = (struct capref){ cnode_task, TASKCN_SLOT_BASE_PAGE0 + BASE_PAGE_CAPS - 1 };
	else
		return 2;
	if (err_is_fail(cap_identify(cap, &before)))
		return 1;
	printf("revoker[%u]: revoking its copy of %s\n", (unsigned)runtime_pid(), argv[1]);
	err = cap_revoke(cap);
	if (err_is_ok(err))
		err = cap_identify(cap, &after);
	printf("revoker[%u]: its copy of %s %s\n", (unsigned)runtime_pid(), argv[1],
	       err_is_ok(err) ? "is still there" : err_getname(err));
	if (err_is_fail(err) || after.type != before.type || after.base != before.base ||
	    after.bytes != before.bytes)
		return 1;
	if (strcmp(argv[1], "basepage") != 0 && (before.rights & CAPRIGHTS_REVOKE))
		return 1; /* a shared copy must come without the revoke right */
	return 0;
}
