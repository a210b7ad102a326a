/*
 * utils.c - freestanding number parsing and the end of every run:
 * machine_exit().  The fatal-report path (panic) is declared
 * in panic.h and lives with the console, the one layer that can print.
 */
#include "utils.h"

#include "x86.h"

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

void machine_exit(enum exit_code code)
{
    irq_disable();
    outb(DEBUG_EXIT_PORT, (uint8_t)code);
    /* Still here: no isa-debug-exit device.  Stop the CPU for good. */
    for (;;)
        cpu_halt();
}
