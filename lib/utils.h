/*
 * utils.h - the little C library a freestanding kernel needs: memory and
 * string helpers, port I/O, and the two-tier error model (named error
 * codes for recoverable failures, panic() for broken invariants, see
 * panic.h).
 */
#ifndef SELFMAP_UTILS_H
#define SELFMAP_UTILS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "panic.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)     ((a) < (b) ? (a) : (b))
#define MAX(a, b)     ((a) > (b) ? (a) : (b))

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *hay, const char *needle);
/* Parse an unsigned decimal or 0x-hex number; *end points past it. */
unsigned long parse_ulong(const char *s, const char **end);

/* Fill n 32-bit words at dst with v using `rep stosl`. */
static inline void fill_words(void *dst, uint32_t v, size_t n)
{
    __asm__ volatile("rep stosl" : "+D"(dst), "+c"(n) : "a"(v) : "memory");
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
/* Keep the compiler from moving memory accesses across this point: for
 * state the page-fault handler reads while a store faults. */
static inline void compiler_barrier(void) { __asm__ volatile("" ::: "memory"); }
static inline void cpu_halt(void) { __asm__ volatile("hlt"); }
static inline void irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
/* Disable interrupts and return whether they were on, for irq_restore. */
static inline bool irq_save(void)
{
    unsigned long flags;
    __asm__ volatile("pushf; pop %0; cli" : "=r"(flags)::"memory");
    return (flags & (1ul << 9)) != 0;
}
static inline void irq_restore(bool was_on)
{
    if (was_on)
        irq_enable();
}

/* ---- ending the run ------------------------------------------------ */
/* Status codes written to QEMU's isa-debug-exit device (port 0xf4);
 * QEMU then exits with (code << 1) | 1, i.e. 33, 35 and 37. */
enum exit_code { EXIT_PASSED = 0x10, EXIT_FAILED = 0x11, EXIT_PANICKED = 0x12 };
#define DEBUG_EXIT_PORT 0xf4

/* Leave QEMU with `code`; without the device (real hardware), halt. */
NORETURN void machine_exit(enum exit_code code);

#endif
