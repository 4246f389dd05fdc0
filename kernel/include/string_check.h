/* The test image's check of the kernel's memset and memcpy (kernel/lib/string_check.c). */
#ifndef STRING_CHECK_H
#define STRING_CHECK_H

/* In the test image: check them, and print how many cases agreed or the first that did not. */
void string_check_at_boot(void);

#endif
