/* Random sequences of capability operations against a reference model. */
#ifndef CAPS_RANDOM_H
#define CAPS_RANDOM_H

void test_random_sequences(void **state);

#endif
