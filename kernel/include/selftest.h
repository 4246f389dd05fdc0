/*
 * Self-test builds: `make SELFTEST=<name>` builds a kernel that does one
 * deliberate bad thing after boot, so system tests can check its report.
 */
#ifndef SELFTEST_H
#define SELFTEST_H

#include <stdbool.h>

void selftest_run(void);
/* SELFTEST=no-tick: the timer starts but its interrupt stays masked. */
bool selftest_tick_masked(void);

#endif
