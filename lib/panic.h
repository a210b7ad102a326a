/*
 * panic.h - the second tier of selfmap's error model: a broken invariant
 * stops the kernel with a report that names its cause.
 *
 * Why a header of its own: every layer, from the AVL tree in lib/ up,
 * must be able to panic, but printing a report needs the console, which
 * sits above lib/.  So the declarations live here, at the bottom, and
 * the definitions live in console.c (as xv6 keeps panic beside printf).
 * No file below the console includes console.h.
 */
#ifndef SELFMAP_PANIC_H
#define SELFMAP_PANIC_H

#define NORETURN __attribute__((noreturn))

/* Report a broken invariant as "PANIC at file:line: message" and stop
 * (leave QEMU with EXIT_PANICKED, or halt).  Never returns. */
NORETURN void panic_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define assert(c)                                                                                  \
    do {                                                                                           \
        if (!(c))                                                                                  \
            panic("assertion failed: %s", #c);                                                     \
    } while (0)

/* A fatal report is printed between fatal_begin() and fatal_end(): a
 * panic, an unhandled exception or an unresolvable page fault.
 * fatal_begin disables interrupts and starts a fresh console capture; a
 * fault while reporting ends the run at once.  fatal_end hands the
 * report's text to the fatal hook, if one is set, then stops. */
void fatal_begin(void);
NORETURN void fatal_end(void);

/* A function fatal_end() calls with the report's text before stopping.
 * It may end the run itself (machine_exit); if it returns, the kernel
 * halts as usual.  The test harness sets one so a death test can decide
 * whether the report was the expected one; the kernel sets none. */
typedef void (*fatal_hook_t)(const char *report);
/* Set the hook (NULL: none).  Replaces any earlier hook. */
void fatal_set_hook(fatal_hook_t hook);

#endif
