/* Constants usable from both C and assembly. */
#ifndef BITS_H
#define BITS_H

#ifdef __ASSEMBLER__
#define U32(x) x
#else
#define U32(x) x##u
#endif

#define BIT(n) (U32(1) << (n))
#define MiB    (U32(1) << 20)

#endif
