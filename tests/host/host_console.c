/*
 * host_console.c - the kernel's console calls, for code built on the
 * host (unit tests and fuzzers): kprintf and ksnprintf on top of stdio.
 * One file so both harnesses share it.
 */
#include <stdarg.h>
#include <stdio.h>

#include "console.h"

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
