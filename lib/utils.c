/*
 * utils.c - freestanding string helpers, error names, and the end of
 * every run: machine_exit().  The fatal-report path (panic) is declared
 * in panic.h and lives with the console, the one layer that can print.
 */
#include "utils.h"

#include "x86.h"

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    }
    return 0;
}

char *strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncmp(hay, needle, n) == 0)
            return (char *)hay;
    return n == 0 ? (char *)hay : NULL;
}

unsigned long parse_ulong(const char *s, const char **end)
{
    unsigned long v = 0, base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        base = 16, s += 2;
    for (;; s++) {
        unsigned long d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned long)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned long)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned long)(*s - 'A' + 10);
        else
            break;
        v = v * base + d;
    }
    if (end)
        *end = s;
    return v;
}

const char *error_name(int code)
{
    static const char *const names[] = {
        "E_OK",    "E_INVAL",      "E_NOPOOL",     "E_NOT_HEAD",      "E_RANGE",
        "E_BUSY",  "E_NOT_REGION", "E_NOMEM",      "E_EXISTS",        "E_NOT_OPEN",
        "E_FULL",  "E_MISALIGNED", "E_WRONG_SIZE", "E_NOT_ALLOCATED", "E_ALREADY_OPEN",
        "E_NODEV", "E_IO",         "E_TIMEOUT",
    };
    if (code > 0 || (unsigned)-code >= ARRAY_SIZE(names))
        return "E_UNKNOWN";
    return names[-code];
}

void machine_exit(enum exit_code code)
{
    irq_disable();
    outb(DEBUG_EXIT_PORT, (uint8_t)code);
    /* Still here: no isa-debug-exit device.  Stop the CPU for good. */
    for (;;)
        cpu_halt();
}
