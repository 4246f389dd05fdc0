/*
 * The kernel hooks of the capability core, faked for host tests: a buffer
 * stands in for physical RAM, and every call of cap_finalise is counted.
 */
#ifndef FAKE_HOOKS_H
#define FAKE_HOOKS_H

#include <stdint.h>

#include <cap.h>

#define FAKE_RAM_BASE  0x60000000u
#define FAKE_RAM_BYTES (20u << 20) /* room for a chain of 1000 16 KiB CNodes */

extern uint8_t *fake_ram;
extern uint32_t fake_destroyed[ObjType_Num]; /* cap_finalise calls per type */
/* Called from cap_finalise when set: a test's view of an object's death. */
extern void (*fake_destroy_extra)(const struct capability *cap);

/* cap_should_stop answers true at every fake_stop_every-th question (0: never). */
extern unsigned fake_stop_every, fake_stop_checks;

/* Forget every capability and clear the counters. */
void fake_reset(void);

/* The name of an error code, for failure messages. */
const char *fake_errname(errval_t err);

/* Fail the test, naming both codes, unless err == expected. */
#define assert_err(err, expected) fake_assert_err((err), (expected), __FILE__, __LINE__)
void fake_assert_err(errval_t err, errval_t expected, const char *file, int line);

#endif
