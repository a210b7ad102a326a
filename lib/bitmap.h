/*
 * bitmap.h - the one bitmap every allocator uses: a row of bits over
 * storage the caller provides, read and written a 32-bit word at a time.
 *
 * Why this shape.  The contiguous frame pool, the buddy pool and kmap's
 * scratch slots all keep a bit per thing and all need the same few
 * operations: test, set and clear one bit, set or clear a run, count, and
 * find the lowest set or clear bit from a hint.  Pintos keeps one such
 * module (lib/kernel/bitmap.c); this is ours, with two differences:
 *
 *  - No allocation.  A bitmap is a descriptor (struct bitmap) pointing at
 *    words the caller owns: the frame pools' info frames, reached through
 *    the direct map, or a static array (BITMAP_WORDS sizes it).  Nothing
 *    here ever frees anything.
 *  - Word at a time.  Scans skip a full (or empty) word with one test and
 *    find a bit in a word with one bit-scan instruction.  The single-bit
 *    operations and the word helpers are inline, because they sit on the
 *    fault path; the frame pool combines words of its two bitmaps (a
 *    frame is free when it is clear in both) with the word helpers.
 *
 * Bit i lives in word i / BITMAP_WORD_BITS at position i % BITMAP_WORD_BITS
 * (bit 0 is the lowest bit of word 0).  The bits of the last word past
 * the bitmap's size are padding: bitmap_init clears them and no operation
 * here sets them, so a scan never reports them.
 */
#ifndef SELFMAP_BITMAP_H
#define SELFMAP_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

typedef uint32_t bitmap_word_t;

#define BITMAP_WORD_BITS 32ul        /* bits in one storage word */
#define BITMAP_WORD_ALL  0xFFFFFFFFu /* a word with every bit set */
#define BITMAP_WORD_NONE 0x00000000u /* a word with no bit set */

/* Storage words a bitmap of n_bits bits needs (a constant expression for
 * a constant n_bits, so static arrays can be sized with it). */
#define BITMAP_WORDS(n_bits) (((n_bits) + BITMAP_WORD_BITS - 1) / BITMAP_WORD_BITS)

/* A static initializer: a bitmap of n_bits bits over `storage`, an array
 * of at least BITMAP_WORDS(n_bits) zeroed words (e.g. a static one). */
#define BITMAP_INITIALIZER(storage, n_bits)                                                        \
    {                                                                                              \
        (storage), (n_bits)                                                                        \
    }

struct bitmap {
    bitmap_word_t *words; /* BITMAP_WORDS(n_bits) words, owned by the caller */
    unsigned long n_bits; /* bits 0 .. n_bits - 1 */
};

/* ---- setting up ------------------------------------------------------ */

/* Make `b` a bitmap of n_bits bits over `storage` (BITMAP_WORDS(n_bits)
 * words the caller owns and keeps for as long as `b` is used) and clear
 * every bit, padding included.  n_bits may be 0. */
void bitmap_init(struct bitmap *b, bitmap_word_t *storage, unsigned long n_bits);

/* The number of bits in `b`. */
static inline unsigned long bitmap_size(const struct bitmap *b) { return b->n_bits; }

/* The number of storage words of `b`. */
static inline unsigned long bitmap_word_count(const struct bitmap *b)
{
    return BITMAP_WORDS(b->n_bits);
}

/* ---- words (for scans that combine several bitmaps) ------------------ */

/* The word that holds bit i. */
static inline unsigned long bitmap_word_index(unsigned long i) { return i / BITMAP_WORD_BITS; }

/* Bit i's position inside its word (0 .. BITMAP_WORD_BITS - 1). */
static inline unsigned long bitmap_bit_offset(unsigned long i) { return i % BITMAP_WORD_BITS; }

/* The number of the first bit of word w. */
static inline unsigned long bitmap_word_first_bit(unsigned long w) { return w * BITMAP_WORD_BITS; }

/* Bit i's mask inside its word. */
static inline bitmap_word_t bitmap_bit_mask(unsigned long i)
{
    return (bitmap_word_t)1u << bitmap_bit_offset(i);
}

/* A mask of `count` bits from position `from` of one word; requires
 * from + count <= BITMAP_WORD_BITS. */
static inline bitmap_word_t bitmap_span_mask(unsigned long from, unsigned long count)
{
    bitmap_word_t m =
        count >= BITMAP_WORD_BITS ? BITMAP_WORD_ALL : ((bitmap_word_t)1u << count) - 1;
    return m << from;
}

/* Word w of `b` (w < bitmap_word_count(b)); padding bits read as 0. */
static inline bitmap_word_t bitmap_word(const struct bitmap *b, unsigned long w)
{
    return b->words[w];
}

/* The position of the lowest set bit of x, which must not be 0. */
static inline unsigned long bitmap_lowest_set(bitmap_word_t x)
{
    return (unsigned long)__builtin_ctz(x);
}

/* The number of low bits of x that are set, at most `limit`
 * (limit <= BITMAP_WORD_BITS). */
static inline unsigned long bitmap_trailing_ones(bitmap_word_t x, unsigned long limit)
{
    unsigned long n;
    if (x == BITMAP_WORD_ALL)
        return limit;
    n = bitmap_lowest_set(~x);
    return n < limit ? n : limit;
}

/* The number of low bits of x that are clear, at most `limit`
 * (limit <= BITMAP_WORD_BITS). */
static inline unsigned long bitmap_trailing_zeros(bitmap_word_t x, unsigned long limit)
{
    unsigned long n;
    if (x == BITMAP_WORD_NONE)
        return limit;
    n = bitmap_lowest_set(x);
    return n < limit ? n : limit;
}

/* ---- one bit (i < bitmap_size(b); not checked: these are hot) --------- */

/* Is bit i set? */
static inline bool bitmap_test(const struct bitmap *b, unsigned long i)
{
    return (b->words[bitmap_word_index(i)] & bitmap_bit_mask(i)) != 0;
}

/* Set bit i. */
static inline void bitmap_set(struct bitmap *b, unsigned long i)
{
    b->words[bitmap_word_index(i)] |= bitmap_bit_mask(i);
}

/* Clear bit i. */
static inline void bitmap_clear(struct bitmap *b, unsigned long i)
{
    b->words[bitmap_word_index(i)] &= ~bitmap_bit_mask(i);
}

/* ---- runs of bits ---------------------------------------------------- */

/* Set (bitmap_set_range) or clear (bitmap_clear_range) bits
 * [first, first + count), a word at a time.  count may be 0.  Panics
 * when the run reaches past bitmap_size(b); then nothing changes. */
void bitmap_set_range(struct bitmap *b, unsigned long first, unsigned long count);
void bitmap_clear_range(struct bitmap *b, unsigned long first, unsigned long count);

/* The number of set bits among [first, first + count).  Panics when the
 * run reaches past bitmap_size(b). */
unsigned long bitmap_count_range(const struct bitmap *b, unsigned long first, unsigned long count);

/* The number of set bits in `b`. */
unsigned long bitmap_count(const struct bitmap *b);

/* ---- finding bits ---------------------------------------------------- */

/* The lowest set (bitmap_find_set) or clear (bitmap_find_clear) bit at
 * or after `from`.  A caller that keeps a hint (the lowest bit that can
 * still be set, say) passes it as `from` and skips the words below it.
 * Returns bitmap_size(b) when there is no such bit (also when
 * from >= bitmap_size(b)). */
/* (Both are inline: they sit on the allocators' fast paths.)  The loop
 * behind them: the lowest bit at or after `from` that is set in the
 * words XOR flip (flip BITMAP_WORD_NONE finds a set bit, BITMAP_WORD_ALL
 * a clear one), or the bitmap's size.  The word holding `from` is
 * shifted rather than masked, which is cheaper.  No clamp is needed:
 * padding is clear, so a set-bit search never finds it, and a clear-bit
 * search that reaches it finds its first bit, which is bit n_bits. */
static inline unsigned long bitmap_find_flipped(const struct bitmap *b, unsigned long from,
                                                bitmap_word_t flip)
{
    unsigned long w = bitmap_word_index(from), end;
    bitmap_word_t x;
    if (from >= b->n_bits)
        return b->n_bits;
    x = (b->words[w] ^ flip) >> bitmap_bit_offset(from); /* bit 0 of x is bit `from` */
    if (x != BITMAP_WORD_NONE)
        return from + bitmap_lowest_set(x);
    end = bitmap_word_count(b);
    do {
        if (++w == end)
            return b->n_bits;
        x = b->words[w] ^ flip;
    } while (x == BITMAP_WORD_NONE);
    return bitmap_word_first_bit(w) + bitmap_lowest_set(x);
}

static inline unsigned long bitmap_find_set(const struct bitmap *b, unsigned long from)
{
    return bitmap_find_flipped(b, from, BITMAP_WORD_NONE);
}

static inline unsigned long bitmap_find_clear(const struct bitmap *b, unsigned long from)
{
    return bitmap_find_flipped(b, from, BITMAP_WORD_ALL);
}

#endif
