/*
 * direction_flag.h - the helpers of the direction-flag tests: a system
 * call and a memory access made with EFLAGS.DF set, so the kernel is
 * entered (through the system-call gate or a page fault) with DF = 1.
 * The user ABI says DF is clear at every call, so each helper is one
 * asm statement that sets DF just before the entry and clears it again
 * right after: the compiler never runs its own code with DF set.
 */
#ifndef SELFMAP_DIRECTION_FLAG_H
#define SELFMAP_DIRECTION_FLAG_H

#include "sysnum.h"

#define DF_FLAG 0x400u /* EFLAGS.DF */

/* System call n(a, b, c) made with DF set.  *df_back is DF as the call
 * returned it (before the cld): the kernel must give back the user's
 * EFLAGS, so it reads as set. */
static inline int syscall_with_df(int n, unsigned a, unsigned b, unsigned c, unsigned *df_back)
{
    int r;
    unsigned flags;
    __asm__ volatile("std\n\tint $0x80\n\tpushfl\n\tpopl %1\n\tcld"
                     : "=a"(r), "=r"(flags)
                     : "a"(n), "b"(a), "c"(b), "d"(c)
                     : "memory", "cc");
    *df_back = flags & DF_FLAG;
    return r;
}

/* Store v at p with DF set (the store may fault: demand zero,
 * copy-on-write, swap-in). */
static inline void store_with_df(volatile unsigned *p, unsigned v)
{
    __asm__ volatile("std\n\tmovl %1, (%0)\n\tcld" ::"r"(p), "r"(v) : "memory", "cc");
}

/* Load the word at p with DF set (the load may fault: swap-in). */
static inline unsigned load_with_df(const volatile unsigned *p)
{
    unsigned v;
    __asm__ volatile("std\n\tmovl (%1), %0\n\tcld" : "=r"(v) : "r"(p) : "memory", "cc");
    return v;
}

#endif
