/* Random sequences of capability operations against a reference model. */
#ifndef CAPS_RANDOM_H
#define CAPS_RANDOM_H

void test_random_sequences(void **state);
/* The same with deletion told to stop often, and restarted as the kernel does. */
void test_random_sequences_preempted(void **state);

#endif
