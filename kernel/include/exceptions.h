#ifndef EXCEPTIONS_H
#define EXCEPTIONS_H

/* Point VBAR at the kernel's vector table. */
void exceptions_init(void);

#endif
