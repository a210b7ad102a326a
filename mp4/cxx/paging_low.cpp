/*
 * paging_low.cpp - MP4's paging_low.H: the control registers.
 *
 * Why so: selfmap's x86.h has C accessors of the same names as static
 * inline functions, which cannot share a file with these extern "C"
 * ones, so this file includes only the MP4 header and is the one place
 * outside x86.h that spells these instructions.
 */
#include "../include/paging_low.H"

unsigned long read_cr0()
{
    unsigned long v;
    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

void write_cr0(unsigned long value) { __asm__ volatile("mov %0, %%cr0" ::"r"(value) : "memory"); }

unsigned long read_cr2()
{
    unsigned long v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

unsigned long read_cr3()
{
    unsigned long v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

void write_cr3(unsigned long value) { __asm__ volatile("mov %0, %%cr3" ::"r"(value) : "memory"); }
