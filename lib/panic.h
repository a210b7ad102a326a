/*
 * panic.h - how a run ends: machine_exit, and the second tier of
 * selfmap's error model, where a broken invariant stops the kernel with
 * a report that names its cause.
 *
 * Why in lib/: every layer, from the AVL tree in lib/ up, must be able
 * to panic, so panic.c sits at the bottom too.  Printing the report
 * needs the console, which sits above lib/: console_init registers its
 * operations here (panic_set_console), so the console is reached only
 * through function pointers handed down from above.  No file below the
 * console includes console.h.  Before the console registers (nothing
 * runs before console_init in either image), a panic prints nothing
 * but still stops the run with EXIT_PANICKED.
 */
#ifndef SELFMAP_PANIC_H
#define SELFMAP_PANIC_H

#include <stdarg.h>

#define NORETURN __attribute__((noreturn))

/* ---- ending the run ------------------------------------------------ */
/* Status codes written to QEMU's isa-debug-exit device (port 0xf4);
 * QEMU then exits with (code << 1) | 1, i.e. 33, 35 and 37. */
enum exit_code { EXIT_PASSED = 0x10, EXIT_FAILED = 0x11, EXIT_PANICKED = 0x12 };
#define DEBUG_EXIT_PORT 0xf4

/* Leave QEMU with `code`; without the device (real hardware), halt. */
NORETURN void machine_exit(enum exit_code code);

/* ---- the fatal report ---------------------------------------------- */

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

/* What a fatal report prints with: the console's output and its
 * capture buffer (console.h), as function pointers, since lib/ may not
 * call the console.  puts/printf/vprintf print; capture_reset starts a
 * fresh capture; captured returns the text since then. */
struct panic_console {
    void (*puts)(const char *s);
    void (*printf)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
    void (*vprintf)(const char *fmt, va_list ap);
    void (*capture_reset)(void);
    const char *(*captured)(void);
};
/* Print fatal reports through `c` (static storage; NULL: print nothing).
 * console_init calls it; a later call replaces the earlier one. */
void panic_set_console(const struct panic_console *c);

#endif
