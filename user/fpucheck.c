/* fpucheck.c - exits 0 exactly when the FPU is in the state a fresh
 * program starts with: control word 0x037F, every x87 register empty,
 * MXCSR 0x1F80, XMM0 zero (the FPU test execs it from a process whose
 * FPU state is anything but). */
#include "user.h"

int main(void)
{
    /* cppcheck-suppress constVariable ; fnstenv writes it */
    unsigned short env[14]; /* fnstenv's 28 bytes: control, status, tag words, ... */
    unsigned mxcsr, xmm0;
    __asm__ volatile("fnstenv %0" : "=m"(env));
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    __asm__ volatile("movd %%xmm0, %0" : "=r"(xmm0));
    return env[0] == 0x037F && env[4] == 0xFFFF && mxcsr == 0x1F80 && xmm0 == 0 ? 0 : 1;
}
