/* The kernel fuzzer's driver (kfuzz_driver.c, docs/reliability.md). */
#ifndef INIT_KFUZZ_DRIVER_H
#define INIT_KFUZZ_DRIVER_H

/* init's arguments after "kfuzz": SEED COUNT [SEEDS [FIRST]]; returns init's exit status. */
int run_kfuzz(int argc, char **argv);

#endif
