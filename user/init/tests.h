/* init's in-system tests (tests.c). */
#ifndef INIT_TESTS_H
#define INIT_TESTS_H

#define PREEMPTIONS_WANTED 1000 /* the regcheck helper must be preempted this often */
#define SPIN_SLICES 50          /* time slices each spinner gets before they are compared */

int run_tests(void);

#endif
