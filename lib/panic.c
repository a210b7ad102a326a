/*
 * panic.c - how a run ends: machine_exit, and the fatal-report path
 * (panic_at, fatal_begin, fatal_end and the fatal hook).
 *
 * Why here, in lib/, and not beside printf in console.c: every layer
 * from the AVL tree up calls panic, and a layer may call only the ones
 * below it.  So the report's sequence (interrupts off, a fresh capture,
 * the text, the hook, EXIT_PANICKED) lives at the bottom, and the one
 * thing it cannot do itself, print, goes through the console's
 * operations, which console_init registers (panic_set_console): a
 * function pointer handed down from above, never a call up.
 */
#include "panic.h"

#include "x86.h"

static const struct panic_console *con; /* NULL until console_init */
static int fatal_depth;
static fatal_hook_t fatal_hook;

void panic_set_console(const struct panic_console *c) { con = c; }

void fatal_set_hook(fatal_hook_t hook) { fatal_hook = hook; }

static void fatal_puts(const char *s)
{
    if (con)
        con->puts(s);
}

void fatal_begin(void)
{
    irq_disable();
    if (++fatal_depth > 1) {
        fatal_puts("\n*** fatal error while reporting a fatal error ***\n");
        machine_exit(EXIT_PANICKED);
    }
    if (con)
        con->capture_reset();
    fatal_puts("\n");
}

void fatal_end(void)
{
    if (fatal_hook)
        fatal_hook(con ? con->captured() : "");
    fatal_puts("System halted.\n");
    machine_exit(EXIT_PANICKED);
}

void machine_exit(enum exit_code code)
{
    irq_disable();
    outb(DEBUG_EXIT_PORT, (uint8_t)code);
    /* Still here: no isa-debug-exit device.  Stop the CPU for good. */
    for (;;)
        cpu_halt();
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
    fatal_begin();
    if (con) {
        va_list ap;
        con->printf("PANIC at %s:%d: ", file, line);
        va_start(ap, fmt);
        con->vprintf(fmt, ap);
        va_end(ap);
        con->puts("\n");
    }
    fatal_end();
}
