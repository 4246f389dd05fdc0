/*
 * The kernel fuzzer's image's init (image.h, docs/reliability.md): menu.lst
 * gives it `kfuzz SEED COUNT SEEDS FIRST` after the bootinfo address.
 */
#include "image.h"
#include "kfuzz_driver.h"

int image_main(int argc, char **argv)
{
	return run_kfuzz(argc > 3 ? argc - 3 : 0, argv + 3);
}
