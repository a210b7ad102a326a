/*
 * bitmap_test.c - host unit tests of lib/bitmap: edge cases at word
 * boundaries, then a randomized run against a reference model that
 * keeps one bool a bit and knows nothing of words.
 * host-sources: lib/bitmap.c
 */
#include <stdbool.h>
#include <string.h>

#include "bitmap.h"
#include "htest.h"

#define MAX_BITS    200ul /* several words and a partial one */
#define GUARD       0xA5A5A5A5u
#define RANDOM_OPS  20000
#define RANDOM_SEED 0x5e1f3a9ull

/* Storage with a guard word after the bitmap's words: nothing may
 * write past BITMAP_WORDS(n_bits). */
static bitmap_word_t storage[BITMAP_WORDS(MAX_BITS) + 1];
static struct bitmap map;

static void fresh(unsigned long n_bits)
{
    memset(storage, 0xFF, sizeof(storage)); /* init must clear it */
    storage[BITMAP_WORDS(n_bits)] = GUARD;
    bitmap_init(&map, storage, n_bits);
}

static bool guard_intact(unsigned long n_bits) { return storage[BITMAP_WORDS(n_bits)] == GUARD; }

HTEST(words_for_counts_whole_words)
{
    HEXPECT_EQ(BITMAP_WORDS(0), 0);
    HEXPECT_EQ(BITMAP_WORDS(1), 1);
    HEXPECT_EQ(BITMAP_WORDS(BITMAP_WORD_BITS), 1);
    HEXPECT_EQ(BITMAP_WORDS(BITMAP_WORD_BITS + 1), 2);
    fresh(MAX_BITS);
    HEXPECT_EQ(bitmap_size(&map), MAX_BITS);
    HEXPECT_EQ(bitmap_word_count(&map), BITMAP_WORDS(MAX_BITS));
}

HTEST(init_clears_every_bit_and_the_padding)
{
    fresh(MAX_BITS);
    HEXPECT_EQ(bitmap_count(&map), 0);
    for (unsigned long w = 0; w < bitmap_word_count(&map); w++)
        HEXPECT_EQ(bitmap_word(&map, w), BITMAP_WORD_NONE);
    HEXPECT(guard_intact(MAX_BITS));
}

HTEST(single_bits_at_word_boundaries_touch_only_themselves)
{
    const unsigned long bits[] = {0, 31, 32, 63, 64, MAX_BITS - 1};
    fresh(MAX_BITS);
    for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
        bitmap_set(&map, bits[i]);
        HEXPECT(bitmap_test(&map, bits[i]));
        HEXPECT_EQ(bitmap_count(&map), 1);
        HEXPECT_EQ(bitmap_word(&map, bitmap_word_index(bits[i])), bitmap_bit_mask(bits[i]));
        bitmap_clear(&map, bits[i]);
        HEXPECT(!bitmap_test(&map, bits[i]));
        HEXPECT_EQ(bitmap_count(&map), 0);
    }
    HEXPECT(guard_intact(MAX_BITS));
}

HTEST(set_range_across_words_sets_exactly_that_run)
{
    fresh(MAX_BITS);
    bitmap_set_range(&map, 30, 40); /* 30..69: tail of word 0, all of word 1, head of word 2 */
    HEXPECT_EQ(bitmap_count(&map), 40);
    HEXPECT(!bitmap_test(&map, 29));
    HEXPECT(bitmap_test(&map, 30));
    HEXPECT(bitmap_test(&map, 69));
    HEXPECT(!bitmap_test(&map, 70));
    HEXPECT_EQ(bitmap_word(&map, 1), BITMAP_WORD_ALL);
    HEXPECT_EQ(bitmap_count_range(&map, 0, 32), 2);
    HEXPECT_EQ(bitmap_count_range(&map, 64, 32), 6);
    bitmap_clear_range(&map, 31, 38);
    HEXPECT_EQ(bitmap_count(&map), 2);
    HEXPECT(bitmap_test(&map, 30) && bitmap_test(&map, 69));
}

HTEST(ranges_of_whole_words_and_empty_ranges)
{
    fresh(MAX_BITS);
    bitmap_set_range(&map, 32, 64);
    HEXPECT_EQ(bitmap_word(&map, 0), BITMAP_WORD_NONE);
    HEXPECT_EQ(bitmap_word(&map, 1), BITMAP_WORD_ALL);
    HEXPECT_EQ(bitmap_word(&map, 2), BITMAP_WORD_ALL);
    HEXPECT_EQ(bitmap_word(&map, 3), BITMAP_WORD_NONE);
    bitmap_set_range(&map, 5, 0);
    bitmap_clear_range(&map, MAX_BITS, 0);
    HEXPECT_EQ(bitmap_count_range(&map, 40, 0), 0);
    HEXPECT_EQ(bitmap_count(&map), 64);
}

HTEST(range_to_the_last_bit_leaves_the_padding_clear)
{
    fresh(MAX_BITS);
    bitmap_set_range(&map, 0, MAX_BITS);
    HEXPECT_EQ(bitmap_count(&map), MAX_BITS);
    HEXPECT_EQ(bitmap_word(&map, bitmap_word_count(&map) - 1),
               bitmap_span_mask(0, bitmap_bit_offset(MAX_BITS)));
    HEXPECT(guard_intact(MAX_BITS));
}

HTEST(ranges_past_the_end_panic_and_change_nothing)
{
    fresh(MAX_BITS);
    HEXPECT_PANIC(bitmap_set_range(&map, MAX_BITS - 3, 4));
    HEXPECT_PANIC(bitmap_clear_range(&map, MAX_BITS + 1, 0));
    HEXPECT_PANIC(bitmap_count_range(&map, 1, ~0ul)); /* first + count wraps */
    HEXPECT_EQ(bitmap_count(&map), 0);
    HEXPECT(guard_intact(MAX_BITS));
}

HTEST(find_set_starts_at_the_hint_and_crosses_words)
{
    fresh(MAX_BITS);
    HEXPECT_EQ(bitmap_find_set(&map, 0), MAX_BITS);
    bitmap_set(&map, 31);
    bitmap_set(&map, 96);
    HEXPECT_EQ(bitmap_find_set(&map, 0), 31);
    HEXPECT_EQ(bitmap_find_set(&map, 31), 31);
    HEXPECT_EQ(bitmap_find_set(&map, 32), 96);
    HEXPECT_EQ(bitmap_find_set(&map, 97), MAX_BITS);
    HEXPECT_EQ(bitmap_find_set(&map, MAX_BITS), MAX_BITS);
    HEXPECT_EQ(bitmap_find_set(&map, ~0ul), MAX_BITS);
}

HTEST(find_clear_never_reports_padding)
{
    fresh(MAX_BITS);
    bitmap_set_range(&map, 0, MAX_BITS - 1);
    HEXPECT_EQ(bitmap_find_clear(&map, 0), MAX_BITS - 1);
    bitmap_set(&map, MAX_BITS - 1);
    HEXPECT_EQ(bitmap_find_clear(&map, 0), MAX_BITS); /* the clear padding is not a bit */
    HEXPECT_EQ(bitmap_find_clear(&map, MAX_BITS - 1), MAX_BITS);
    bitmap_clear(&map, 64);
    HEXPECT_EQ(bitmap_find_clear(&map, 33), 64);
    HEXPECT_EQ(bitmap_find_clear(&map, 65), MAX_BITS);
}

HTEST(empty_and_one_word_bitmaps)
{
    static bitmap_word_t one[BITMAP_WORDS(BITMAP_WORD_BITS)] = {BITMAP_WORD_NONE};
    struct bitmap full_word = BITMAP_INITIALIZER(one, BITMAP_WORD_BITS);
    fresh(0);
    HEXPECT_EQ(bitmap_find_set(&map, 0), 0);
    HEXPECT_EQ(bitmap_find_clear(&map, 0), 0);
    HEXPECT_EQ(bitmap_count(&map), 0);
    HEXPECT(guard_intact(0));
    HEXPECT_EQ(bitmap_find_clear(&full_word, 0), 0);
    bitmap_set_range(&full_word, 0, BITMAP_WORD_BITS);
    HEXPECT_EQ(bitmap_word(&full_word, 0), BITMAP_WORD_ALL);
    HEXPECT_EQ(bitmap_find_clear(&full_word, 0), BITMAP_WORD_BITS);
    HEXPECT_EQ(bitmap_find_set(&full_word, BITMAP_WORD_BITS - 1), BITMAP_WORD_BITS - 1);
}

HTEST(word_helpers_count_trailing_bits_up_to_a_limit)
{
    HEXPECT_EQ(bitmap_trailing_ones(0x7u, BITMAP_WORD_BITS), 3);
    HEXPECT_EQ(bitmap_trailing_ones(BITMAP_WORD_ALL, 5), 5);
    HEXPECT_EQ(bitmap_trailing_ones(0x7u, 2), 2);
    HEXPECT_EQ(bitmap_trailing_zeros(0x8u, BITMAP_WORD_BITS), 3);
    HEXPECT_EQ(bitmap_trailing_zeros(BITMAP_WORD_NONE, 7), 7);
    HEXPECT_EQ(bitmap_span_mask(4, 4), 0xF0u);
    HEXPECT_EQ(bitmap_span_mask(0, BITMAP_WORD_BITS), BITMAP_WORD_ALL);
    HEXPECT_EQ(bitmap_lowest_set(0x80000000u), BITMAP_WORD_BITS - 1);
}

/* ---- randomized, against a bool a bit ------------------------------- */

static bool model[MAX_BITS];

static unsigned long model_find(unsigned long n, unsigned long from, bool value)
{
    for (unsigned long i = from; i < n; i++)
        if (model[i] == value)
            return i;
    return n;
}

static unsigned long model_count(unsigned long first, unsigned long count)
{
    unsigned long total = 0;
    for (unsigned long i = first; i < first + count; i++)
        total += model[i];
    return total;
}

/* One random operation on both, checking every result. */
static void random_step(unsigned long n, unsigned long long *rng)
{
    unsigned long first = (unsigned long)(htest_rand(rng) % (n + 1));
    unsigned long count = (unsigned long)(htest_rand(rng) % (n - first + 1));
    switch (htest_rand(rng) % 6) {
    case 0:
        bitmap_set_range(&map, first, count);
        memset(&model[first], true, count);
        break;
    case 1:
        bitmap_clear_range(&map, first, count);
        memset(&model[first], false, count);
        break;
    case 2:
        if (first < n) {
            bitmap_set(&map, first);
            model[first] = true;
        }
        break;
    case 3:
        HEXPECT_EQ(bitmap_count_range(&map, first, count), model_count(first, count));
        break;
    case 4:
        HEXPECT_EQ(bitmap_find_set(&map, first), model_find(n, first, true));
        break;
    default:
        HEXPECT_EQ(bitmap_find_clear(&map, first), model_find(n, first, false));
        break;
    }
}

HTEST(random_operations_match_a_bool_per_bit_model)
{
    const unsigned long sizes[] = {1, 31, 32, 33, 64, 65, 127, MAX_BITS};
    unsigned long long rng = RANDOM_SEED;
    for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        unsigned long n = sizes[s];
        fresh(n);
        memset(model, 0, sizeof(model));
        for (int op = 0; op < RANDOM_OPS; op++)
            random_step(n, &rng);
        for (unsigned long i = 0; i < n; i++)
            HEXPECT_EQ(bitmap_test(&map, i), model[i]);
        HEXPECT_EQ(bitmap_count(&map), model_count(0, n));
        HEXPECT(guard_intact(n));
    }
}
