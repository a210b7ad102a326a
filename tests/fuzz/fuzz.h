/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz/ share: a reader
 * that turns the fuzzer's bytes into numbers, and a way to expect a
 * panic.
 *
 * Why a reader: libFuzzer mutates bytes, and a target is most useful when
 * every byte string is a valid program of operations.  The reader never
 * fails: past the end of the input it returns zeros, so a target just
 * loops while fuzz_more() and decodes each operation from a few numbers.
 *
 * Panics: the kernel sources call panic() for broken invariants.  In a
 * target, an unexpected panic aborts (libFuzzer reports it as a crash and
 * saves the input); fuzz_panics() runs a call the reference model
 * says must panic and tells whether it did.
 */
#ifndef SELFMAP_FUZZ_H
#define SELFMAP_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fuzz_input {
    const uint8_t *data;
    size_t left;
};

/* True while unread input bytes remain. */
static inline bool fuzz_more(const struct fuzz_input *in) { return in->left > 0; }

/* The next byte, or 0 past the end. */
static inline unsigned fuzz_u8(struct fuzz_input *in)
{
    if (!in->left)
        return 0;
    in->left--;
    return *in->data++;
}

static inline unsigned fuzz_u16(struct fuzz_input *in)
{
    unsigned lo = fuzz_u8(in);
    return lo | fuzz_u8(in) << 8;
}

static inline uint32_t fuzz_u32(struct fuzz_input *in)
{
    uint32_t lo = fuzz_u16(in);
    return lo | (uint32_t)fuzz_u16(in) << 16;
}

/* Report a disagreement with the reference model and abort, so libFuzzer
 * keeps the input as a crash. */
void fuzz_fail(const char *file, int line, const char *what);
#define FUZZ_CHECK(c)                                                                              \
    do {                                                                                           \
        if (!(c))                                                                                  \
            fuzz_fail(__FILE__, __LINE__, #c);                                                     \
    } while (0)

/* Run fn(arg), which the reference model says may panic; returns true
 * when it panicked (and so did not return), with the message in
 * fuzz_panic_message. */
bool fuzz_panics(void (*fn)(void *arg), void *arg);
extern char fuzz_panic_message[256];

/* Demand paging, as the kernel does it, for [lo, hi): the range is
 * mapped at exactly that address, inaccessible; a fault inside it backs
 * the page (zero-filled) if legitimate(address) says so, and any other
 * fault aborts.  Call once per input with the same range; false when the
 * range cannot be mapped there. */
bool fuzz_demand_paging(unsigned long lo, unsigned long hi, bool (*legitimate)(unsigned long));
/* Back the page holding `address` (zero-filled), as the kernel's
 * page_table_back_page would; false when it is outside the range. */
bool fuzz_back_page(unsigned long address);
/* Whether the page holding `address` has been backed since the reset. */
bool fuzz_page_backed(unsigned long address);
/* Unback every page of the range (they read as zeros when next backed). */
bool fuzz_demand_reset(void);

#endif
