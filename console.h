/*
 * console.h - kernel output.  Every character goes to both the VGA text
 * screen and the COM1 serial port (which QEMU connects to the terminal
 * or a log file).  Output is slow: never print on a hot path.
 */
#ifndef SELFMAP_CONSOLE_H
#define SELFMAP_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

/* Clear the screen and set up COM1 (115200 8N1).  Call once, first. */
void console_init(void);
void console_putc(char c);
void console_puts(const char *s);

/* printf for the kernel: %d %i %u %x %X %p %s %c %%, a field width,
 * '0' (zero pad) and '-' (left align) flags, and the l / ll length
 * modifiers (ll is 64-bit).  Unknown conversions print verbatim. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
/* Format into buf (always NUL-terminated when size > 0); returns the
 * length the whole text has, which is more than size - 1 when it was cut. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* ksnprintf with a va_list. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* The capture buffer keeps the output since the last reset (its first
 * CONSOLE_CAPTURE_SIZE - 1 characters), so death tests can look for
 * the text of a fatal report. */
#define CONSOLE_CAPTURE_SIZE 8192
void console_capture_reset(void);
const char *console_captured(void);

#endif
