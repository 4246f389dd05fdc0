/* The kernel console: one UART chosen by the board. */
#ifndef CONSOLE_H
#define CONSOLE_H

void console_init(void);
void console_putc(char c);
/* Returns the next received character, or -1 when there is none. */
int console_getc(void);

#endif
