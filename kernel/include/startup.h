/* Creating init, the first and only process the kernel makes itself. */
#ifndef STARTUP_H
#define STARTUP_H

/* Build init's CSpace, VSpace, dispatcher and bootinfo from the boot archive. */
void init_create(void);

#endif
