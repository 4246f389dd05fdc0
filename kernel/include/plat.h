/* Board facts derived for every board, and the hooks each board provides
 * in kernel/plat/<board>/plat.c. */
#ifndef PLAT_H
#define PLAT_H

#include <stdint.h>

#include <board.h>

/* Bytes of RAM; BOARD_RAM_MB comes from the board's board.mk. */
#define BOARD_RAM_SIZE (BOARD_RAM_MB * U32(0x100000))

/* A free-running clock independent of the tick, for measurements. */
uint64_t plat_clock_now(void);
uint32_t plat_clock_hz(void);

/* A 32-bit free-running count as 64 bits, for boards whose clock is 32 bits wide: read
 * it at least once per wrap-around. */
static inline uint64_t plat_clock_extend(uint32_t now, uint32_t *last, uint64_t *high)
{
	if (now < *last)
		*high += 1ull << 32;
	*last = now;
	return *high | now;
}

/* Stop the machine: QEMU exits with `status` where the board can do that. */
void plat_shutdown(int status) __attribute__((noreturn));

#endif
