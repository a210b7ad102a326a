/*
 * bitmap.c - the word-at-a-time operations of the shared bitmap.
 *
 * Design.  Every operation on a run of bits walks it as a head (the part
 * of the first word from `first` on), whole middle words and a tail,
 * touching each word once with one mask (apply_range), so setting or
 * clearing 4096 bits costs 128 word writes, not 4096 bit writes, and a
 * run inside one word costs one.  One loop serves setting, clearing and
 * counting, so the head and tail masks are written once.  Range arguments are checked before
 * anything changes: a run past the end panics instead of writing past the caller's words.
 *
 * The single-bit operations, the word helpers and the scans
 * (bitmap_find_set / bitmap_find_clear) are inline in bitmap.h: they sit
 * on the fault path, where a call would cost more than the work.
 */
#include "bitmap.h"

#include "panic.h"

enum range_op { RANGE_SET, RANGE_CLEAR, RANGE_COUNT };

void bitmap_init(struct bitmap *b, bitmap_word_t *storage, unsigned long n_bits)
{
    b->words = storage;
    b->n_bits = n_bits;
    for (unsigned long w = 0; w < BITMAP_WORDS(n_bits); w++)
        storage[w] = BITMAP_WORD_NONE;
}

static void check_range(const struct bitmap *b, unsigned long first, unsigned long count,
                        const char *who)
{
    if (first > b->n_bits || count > b->n_bits - first)
        panic("%s: bits %lu+%lu reach past the end (%lu bits)", who, first, count, b->n_bits);
}

/* Apply `op` to one word under mask m; returns the set bits seen
 * (RANGE_COUNT, else 0). */
static inline unsigned long apply_word(bitmap_word_t *word, bitmap_word_t m, enum range_op op)
{
    if (op == RANGE_SET)
        *word |= m;
    else if (op == RANGE_CLEAR)
        *word &= ~m;
    else
        return (unsigned long)__builtin_popcount(*word & m);
    return 0;
}

/* Apply `op` to bits [first, first + count) (already checked): the head
 * word under a mask from `first` up, whole middle words, the tail word
 * under a mask up to the last bit.  Always inlined, so each caller's op
 * is a constant and the tests on it vanish. */
static inline __attribute__((always_inline)) unsigned long
apply_range(bitmap_word_t *words, unsigned long first, unsigned long count, enum range_op op)
{
    unsigned long w = bitmap_word_index(first), last, total;
    bitmap_word_t head = BITMAP_WORD_ALL << bitmap_bit_offset(first), tail;
    if (count == 0)
        return 0;
    last = bitmap_word_index(first + count - 1);
    tail = BITMAP_WORD_ALL >> (BITMAP_WORD_BITS - 1 - bitmap_bit_offset(first + count - 1));
    if (w == last)
        return apply_word(&words[w], head & tail, op);
    total = apply_word(&words[w], head, op);
    while (++w < last)
        total += apply_word(&words[w], BITMAP_WORD_ALL, op);
    return total + apply_word(&words[last], tail, op);
}

void bitmap_set_range(struct bitmap *b, unsigned long first, unsigned long count)
{
    check_range(b, first, count, "bitmap_set_range");
    apply_range(b->words, first, count, RANGE_SET);
}

void bitmap_clear_range(struct bitmap *b, unsigned long first, unsigned long count)
{
    check_range(b, first, count, "bitmap_clear_range");
    apply_range(b->words, first, count, RANGE_CLEAR);
}

unsigned long bitmap_count_range(const struct bitmap *b, unsigned long first, unsigned long count)
{
    check_range(b, first, count, "bitmap_count_range");
    return apply_range(b->words, first, count, RANGE_COUNT);
}

unsigned long bitmap_count(const struct bitmap *b)
{
    return apply_range(b->words, 0, b->n_bits, RANGE_COUNT);
}
