/*
 * regs.h - the CPU state an interrupt stub saves, in the order
 * interrupts/isr.asm pushes it (lowest address first).  Handlers get a
 * pointer to it and may change it; the stub restores it on return.
 */
#ifndef SELFMAP_REGS_H
#define SELFMAP_REGS_H

#include <stdint.h>

struct regs {
    uint32_t gs, fs, es, ds;                         /* pushed by the stub */
    uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax; /* pusha */
    uint32_t int_no, err_code;                       /* pushed by the stub */
    uint32_t eip, cs, eflags;                        /* pushed by the CPU */
    uint32_t useresp, ss;                            /* only on a ring change */
};

#endif
