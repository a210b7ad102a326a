/*
 * utils.h - the little C library a freestanding kernel needs: memory and
 * string helpers, sizes, and the two-tier error model (named error
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
#include "str.h"
#include "panic.h"
#include "sizes.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)     ((a) < (b) ? (a) : (b))
#define MAX(a, b)     ((a) > (b) ? (a) : (b))

/* Parse an unsigned decimal or 0x-hex number; *end points past it. */
unsigned long parse_ulong(const char *s, const char **end);

#endif
