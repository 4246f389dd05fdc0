/*
 * Self-test builds: `make SELFTEST=<name>` builds a kernel that does one
 * deliberate bad thing after boot, so system tests can check its report.
 */
#ifndef SELFTEST_H
#define SELFTEST_H

void selftest_run(void);

#endif
