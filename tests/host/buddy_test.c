/*
 * buddy_test.c - host unit tests of buddy_pool, ending with a randomized
 * run against a reference model that knows nothing of buddies: one
 * state byte per frame.  With buddies merged eagerly, a request for 2^k
 * frames can be served exactly when some aligned run of 2^k frames is
 * all free, so the model predicts every success and failure, the
 * largest block and the fragmentation without copying the algorithm.
 * host-sources: mm/buddy_pool.c cont_frame_pool.c lib/bitmap.c
 */
#include <stdlib.h>
#include <string.h>

#include "buddy_pool.h"
#include "cont_frame_pool.h"
#include "errors.h"
#include "frame_source.h"
#include "htest.h"
#include "mmu.h"

#define BASE                                                                                       \
    0x1000ul       /* frames managed by test pools: aligned to a largest block, never touched      \
                    */
#define INFO  16ul /* the maps live in fake frames from here */
#define INFO2 40ul /* a second pool's maps */

static struct buddy_pool pool;

static void fresh_at(unsigned long base, unsigned long n)
{
    memset(&pool, 0, sizeof(pool));
    buddy_pool_init(&pool, base, n, INFO);
}

static void fresh(unsigned long n) { fresh_at(BASE, n); }

/* The pool's whole state: the struct and its info frames. */
static struct {
    struct buddy_pool pool;
    unsigned char info[4 * PAGE_SIZE];
} saved;

static void save(void)
{
    memcpy(&saved.pool, &pool, sizeof(pool));
    memcpy(saved.info, direct_map_ptr(pool.info_frame_no), pool.n_info_frames * PAGE_SIZE);
}

static int unchanged(void)
{
    return memcmp(&saved.pool, &pool, sizeof(pool)) == 0 &&
           memcmp(saved.info, direct_map_ptr(pool.info_frame_no), pool.n_info_frames * PAGE_SIZE) ==
               0;
}

/* Allocate single frames until none is left; returns how many, and
 * fails the test on any frame outside [lo, hi) or equal to `never`. */
static unsigned long drain(unsigned long lo, unsigned long hi, unsigned long never)
{
    unsigned long got = 0, f;
    while ((f = buddy_pool_alloc_pages(&pool, 1)) != 0) {
        HEXPECT(f >= lo && f < hi && f != never);
        got++;
    }
    return got;
}

HTEST(needed_info_frames_counts_order_map_and_free_maps)
{
    /* one 4 MB span: 512 bytes of order map + 4 * (32+16+8+4+2+1+1+1+1+1+1) = 784 bytes */
    HEXPECT_EQ(buddy_pool_needed_info_frames(BASE, 1), 1);
    /* MP4's 4-32 MB: 3584 + 4 * (224+112+56+28+14+7+4+2+1+1+1) = 5384 bytes */
    HEXPECT_EQ(buddy_pool_needed_info_frames(1024, 7168), 2);
    /* 4 MB to 4 GB: 523776 + 4 * 65441 = 785540 bytes */
    HEXPECT_EQ(buddy_pool_needed_info_frames(1024, (1ul << 20) - 1024), 192);
    /* two frames either side of a 4 MB boundary span two largest blocks */
    HEXPECT_EQ(buddy_pool_needed_info_frames(BASE - 2, 4),
               buddy_pool_needed_info_frames(BASE, 2048));
}

HTEST(fresh_aligned_pool_is_all_largest_blocks)
{
    fresh(4 * BUDDY_MAX_FRAMES);
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, BUDDY_MAX_ORDER), 4);
    for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++)
        HEXPECT_EQ(buddy_pool_free_blocks(&pool, k), 0);
    HEXPECT_EQ(buddy_pool_free_count(&pool), 4 * BUDDY_MAX_FRAMES);
    HEXPECT_EQ(buddy_pool_largest_free_block(&pool), BUDDY_MAX_FRAMES);
}

HTEST(unaligned_pool_edges_use_smaller_blocks)
{
    /* [BASE+3, BASE+2051): 1@3 4@4 8@8 .. 512@512, 1024@1024, 2@2048 1@2050 */
    fresh_at(BASE + 3, 2048);
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, 0), 2);
    for (unsigned k = 1; k <= BUDDY_MAX_ORDER; k++)
        HEXPECT_EQ(buddy_pool_free_blocks(&pool, k), 1);
    HEXPECT_EQ(buddy_pool_free_count(&pool), 2048);
}

HTEST(unaligned_pool_hands_out_only_its_own_frames)
{
    fresh_at(BASE + 3, 2048);
    HEXPECT_EQ(drain(BASE + 3, BASE + 3 + 2048, 0), 2048);
}

HTEST(own_info_frames_are_inaccessible_and_not_free)
{
    memset(&pool, 0, sizeof(pool));
    buddy_pool_init(&pool, 100, 600, 0); /* one 4 MB span: one info frame */
    HEXPECT_EQ(pool.info_frame_no, 100);
    HEXPECT_EQ(buddy_pool_free_count(&pool), 599);
    HEXPECT_EQ(buddy_pool_state(&pool, 100), BUDDY_FRAME_INACCESSIBLE);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 1), 101);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, 100, 1), E_NOT_ALLOCATED);
}

HTEST(alloc_rounds_up_to_a_power_of_two)
{
    unsigned long f;
    fresh(BUDDY_MAX_FRAMES);
    f = buddy_pool_alloc_pages(&pool, 3);
    HEXPECT(f != 0);
    HEXPECT_EQ(f % 4, 0);
    HEXPECT_EQ(buddy_pool_free_count(&pool), BUDDY_MAX_FRAMES - 4);
    HEXPECT_EQ(buddy_pool_state(&pool, f + 3), BUDDY_FRAME_ALLOCATED);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, 3), E_OK);
    HEXPECT_EQ(buddy_pool_free_count(&pool), BUDDY_MAX_FRAMES);
}

HTEST(alloc_splits_the_lowest_block_keeping_upper_halves_free)
{
    fresh(2 * BUDDY_MAX_FRAMES);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 1), BASE);
    for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++)
        HEXPECT_EQ(buddy_pool_free_blocks(&pool, k), 1);
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, BUDDY_MAX_ORDER), 1);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 1), BASE + 1);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 2), BASE + 2);
}

HTEST(alloc_takes_the_smallest_free_block_that_fits)
{
    unsigned long big;
    fresh(BUDDY_MAX_FRAMES);
    big = buddy_pool_alloc_pages(&pool, 8);                 /* BASE */
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 1), BASE + 8); /* leaves 1@9 2@10 4@12 */
    HEXPECT_EQ(buddy_pool_free_pages(&pool, big, 8), E_OK); /* 8@0, lower but larger */
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 1), BASE + 9);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 3), BASE + 12);
}

HTEST(free_merges_buddies_back_to_largest_blocks)
{
    static unsigned long got[2 * BUDDY_MAX_FRAMES], size[2 * BUDDY_MAX_FRAMES];
    unsigned long n = 0;
    unsigned long long seed = 7;
    fresh(2 * BUDDY_MAX_FRAMES);
    while (buddy_pool_free_count(&pool) > 0) { /* mixed sizes, single frames once those fail */
        unsigned long want = 1 + htest_rand(&seed) % 20, f = buddy_pool_alloc_pages(&pool, want);
        if (!f)
            want = 1, f = buddy_pool_alloc_pages(&pool, 1);
        got[n] = f, size[n++] = want;
    }
    HEXPECT_EQ(buddy_pool_free_count(&pool), 0);
    for (unsigned long i = n; i-- > 0;) { /* scrambled: swap each with a random earlier one */
        unsigned long j = htest_rand(&seed) % (i + 1), t;
        HEXPECT_EQ(buddy_pool_free_pages(&pool, got[j], size[j]), E_OK);
        t = got[j], got[j] = got[i], got[i] = t;
        t = size[j], size[j] = size[i], size[i] = t;
    }
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, BUDDY_MAX_ORDER), 2);
    HEXPECT_EQ(buddy_pool_free_count(&pool), 2 * BUDDY_MAX_FRAMES);
}

HTEST(alloc_of_zero_or_more_than_a_largest_block_returns_zero)
{
    fresh(2 * BUDDY_MAX_FRAMES);
    save();
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 0), 0);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, BUDDY_MAX_FRAMES + 1), 0);
    HEXPECT(unchanged());
}

HTEST(exhaustion_returns_zero_and_pool_still_works)
{
    fresh(50);
    HEXPECT_EQ(drain(BASE, BASE + 50, 0), 50);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 1), 0);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, BASE + 7, 1), E_OK);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, 1), BASE + 7);
}

HTEST(free_outside_the_pool_is_nopool_and_changes_nothing)
{
    fresh(100);
    buddy_pool_alloc_pages(&pool, 1);
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, BASE - 1, 1), E_NOPOOL);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, BASE + 100, 1), E_NOPOOL);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, 0, 1), E_NOPOOL);
    HEXPECT(unchanged());
}

HTEST(free_of_zero_frames_is_inval_and_changes_nothing)
{
    unsigned long f;
    fresh(100);
    f = buddy_pool_alloc_pages(&pool, 1);
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, 0), E_INVAL);
    HEXPECT(unchanged());
}

HTEST(free_of_a_block_never_allocated_is_not_allocated)
{
    fresh(100);
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, BASE + 8, 1), E_NOT_ALLOCATED);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, BASE, 64), E_NOT_ALLOCATED);
    HEXPECT(unchanged());
}

HTEST(double_free_is_not_allocated_and_changes_nothing)
{
    unsigned long f;
    fresh(100);
    f = buddy_pool_alloc_pages(&pool, 4);
    buddy_pool_alloc_pages(&pool, 1); /* keeps f's buddy busy so f stays a block */
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, 4), E_OK);
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, 4), E_NOT_ALLOCATED);
    HEXPECT(unchanged());
}

HTEST(free_with_the_wrong_size_is_wrong_size_and_changes_nothing)
{
    unsigned long f;
    fresh(2 * BUDDY_MAX_FRAMES);
    f = buddy_pool_alloc_pages(&pool, 4);
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, 1), E_WRONG_SIZE);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, 5), E_WRONG_SIZE);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, BUDDY_MAX_FRAMES + 1), E_WRONG_SIZE);
    HEXPECT(unchanged());
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, 4), E_OK);
}

HTEST(free_of_a_misaligned_frame_is_misaligned_and_changes_nothing)
{
    unsigned long f;
    fresh(100);
    f = buddy_pool_alloc_pages(&pool, 4);
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f + 1, 4), E_MISALIGNED);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f + 1, 2), E_MISALIGNED);
    HEXPECT(unchanged());
}

HTEST(free_inside_a_block_is_not_allocated_and_changes_nothing)
{
    unsigned long f;
    fresh(100);
    f = buddy_pool_alloc_pages(&pool, 4);
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f + 1, 1), E_NOT_ALLOCATED);
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f + 2, 2), E_NOT_ALLOCATED);
    HEXPECT(unchanged());
}

HTEST(free_of_an_inaccessible_frame_is_not_allocated_and_changes_nothing)
{
    fresh(100);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE + 10, 1), E_OK);
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, BASE + 10, 1), E_NOT_ALLOCATED);
    HEXPECT(unchanged());
}

HTEST(mark_inaccessible_splits_the_free_block_around_the_range)
{
    fresh(BUDDY_MAX_FRAMES);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE + 5, 1), E_OK);
    /* [0,5): 4@0 1@4; [6,1024): 2@6 8@8 16@16 .. 512@512 */
    HEXPECT_EQ(buddy_pool_free_count(&pool), BUDDY_MAX_FRAMES - 1);
    HEXPECT_EQ(buddy_pool_state(&pool, BASE + 5), BUDDY_FRAME_INACCESSIBLE);
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, BUDDY_MAX_ORDER), 0);
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, 0), 1);
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, 2), 1);
    HEXPECT_EQ(buddy_pool_largest_free_block(&pool), BUDDY_MAX_FRAMES / 2);
}

HTEST(inaccessible_frames_are_never_handed_out)
{
    fresh(BUDDY_MAX_FRAMES);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE + 5, 1), E_OK);
    HEXPECT_EQ(drain(BASE, BASE + BUDDY_MAX_FRAMES, BASE + 5), BUDDY_MAX_FRAMES - 1);
}

HTEST(mark_inaccessible_twice_counts_overlapping_frames_once)
{
    fresh(100);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE + 10, 5), E_OK);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE + 12, 5), E_OK);
    HEXPECT_EQ(buddy_pool_free_count(&pool), 93);
}

HTEST(mark_inaccessible_over_an_allocated_frame_is_busy_and_changes_nothing)
{
    unsigned long f;
    fresh(BUDDY_MAX_FRAMES);
    f = buddy_pool_alloc_pages(&pool, 2);
    save();
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, f + 1, 10), E_BUSY);
    HEXPECT(unchanged());
}

HTEST(mark_inaccessible_refuses_bad_ranges_and_changes_nothing)
{
    fresh(100);
    save();
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE - 1, 2), E_RANGE);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE + 99, 2), E_RANGE);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE + 200, 1), E_RANGE);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE, ~0ul), E_RANGE);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE, 0), E_INVAL);
    HEXPECT(unchanged());
}

HTEST(buddies_do_not_merge_across_an_inaccessible_frame)
{
    unsigned long got;
    fresh(2 * BUDDY_MAX_FRAMES);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, BASE + BUDDY_MAX_FRAMES, 1), E_OK);
    got = drain(BASE, BASE + 2 * BUDDY_MAX_FRAMES, BASE + BUDDY_MAX_FRAMES);
    for (unsigned long f = BASE; f < BASE + 2 * BUDDY_MAX_FRAMES; f++)
        if (f != BASE + BUDDY_MAX_FRAMES)
            HEXPECT_EQ(buddy_pool_free_pages(&pool, f, 1), E_OK);
    HEXPECT_EQ(got, 2 * BUDDY_MAX_FRAMES - 1);
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, BUDDY_MAX_ORDER), 1); /* the lower 4 MB only */
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, BUDDY_MAX_ORDER - 1), 1);
    HEXPECT_EQ(buddy_pool_free_blocks(&pool, 0), 1);
}

HTEST(init_panics_on_bad_pools)
{
    memset(&pool, 0, sizeof(pool));
    HEXPECT_PANIC(buddy_pool_init(&pool, BASE, 0, INFO));
    HEXPECT_PANIC(buddy_pool_init(&pool, 0, 100, INFO));
    HEXPECT_PANIC(buddy_pool_init(&pool, BASE, PHYS_LIMIT_FRAMES, INFO));
    HEXPECT_PANIC(buddy_pool_init(&pool, BASE, 100, HOST_FRAMES + 10));
    HEXPECT_PANIC(buddy_pool_init(&pool, 100, 1, 0));    /* its one frame would hold the maps */
    HEXPECT_PANIC(buddy_pool_init(&pool, BASE, 100, 0)); /* maps in frames past 4 MB */
}

HTEST(largest_free_block_is_the_largest_request_that_succeeds)
{
    fresh_at(BASE + BUDDY_MAX_FRAMES / 2, BUDDY_MAX_FRAMES / 2 + 3);
    HEXPECT_EQ(buddy_pool_largest_free_block(&pool), BUDDY_MAX_FRAMES / 2);
    HEXPECT_EQ(buddy_pool_alloc_pages(&pool, BUDDY_MAX_FRAMES / 2 + 1), 0);
    HEXPECT(buddy_pool_alloc_pages(&pool, BUDDY_MAX_FRAMES / 2) != 0);
    HEXPECT_EQ(buddy_pool_largest_free_block(&pool), 2);
}

HTEST(largest_free_block_of_a_full_pool_is_zero)
{
    fresh(8);
    buddy_pool_alloc_pages(&pool, 8);
    HEXPECT_EQ(buddy_pool_largest_free_block(&pool), 0);
}

HTEST(unusable_free_frames_counts_blocks_smaller_than_the_request)
{
    fresh(BUDDY_MAX_FRAMES);
    buddy_pool_alloc_pages(&pool, 1); /* leaves one free block of each order 0..9 */
    HEXPECT_EQ(buddy_pool_unusable_free_frames(&pool, 8), 1 + 2 + 4);
    HEXPECT_EQ(buddy_pool_unusable_free_frames(&pool, 5), 1 + 2 + 4);
    HEXPECT_EQ(buddy_pool_unusable_free_frames(&pool, 1), 0);
    HEXPECT_EQ(buddy_pool_unusable_free_frames(&pool, BUDDY_MAX_FRAMES + 1),
               buddy_pool_free_count(&pool));
}

HTEST(frame_source_gets_and_puts_single_frames)
{
    struct frame_source src;
    unsigned long f;
    fresh(BUDDY_MAX_FRAMES);
    pool.name = "test buddy";
    frame_source_from_buddy_pool(&src, &pool);
    HEXPECT(strcmp(src.name, "test buddy") == 0);
    f = src.get(src.impl);
    HEXPECT_EQ(f, BASE);
    HEXPECT_EQ(src.free_count(src.impl), BUDDY_MAX_FRAMES - 1);
    HEXPECT_EQ(src.put(src.impl, f), E_OK);
    HEXPECT_EQ(src.put(src.impl, f), E_NOT_ALLOCATED);
    HEXPECT_EQ(src.free_count(src.impl), BUDDY_MAX_FRAMES);
}

/* ---- taking over a contiguous pool ------------------------------------ */

static struct cont_frame_pool cont;

static void fresh_cont(unsigned long n)
{
    cont_frame_pool_forget(&cont);
    memset(&cont, 0, sizeof(cont));
    cont_frame_pool_init(&cont, BASE, n, INFO2);
}

HTEST(takeover_moves_every_free_frame_and_nothing_else)
{
    enum { N = 3000 };
    static enum frame_state before[N];
    unsigned long free_before;
    fresh_cont(N);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&cont, BASE + 1000, 24), E_OK);
    HEXPECT(cont_frame_pool_get_frames(&cont, 5) != 0);
    HEXPECT(cont_frame_pool_get_frames(&cont, 1500) != 0); /* after the hole */
    free_before = cont_frame_pool_free_count(&cont);
    for (unsigned long i = 0; i < N; i++)
        before[i] = cont_frame_pool_state(&cont, BASE + i);
    memset(&pool, 0, sizeof(pool));
    buddy_pool_init_from_cont_pool(&pool, &cont, INFO);
    HEXPECT_EQ(cont_frame_pool_free_count(&cont), 0);
    HEXPECT_EQ(buddy_pool_free_count(&pool), free_before);
    for (unsigned long i = 0; i < N; i++)
        HEXPECT_EQ(buddy_pool_state(&pool, BASE + i),
                   before[i] == FRAME_FREE ? BUDDY_FRAME_FREE : BUDDY_FRAME_INACCESSIBLE);
    cont_frame_pool_forget(&cont);
}

HTEST(takeover_panics_without_info_frames)
{
    fresh_cont(100);
    memset(&pool, 0, sizeof(pool));
    HEXPECT_PANIC(buddy_pool_init_from_cont_pool(&pool, &cont, 0));
    cont_frame_pool_forget(&cont);
}

/* ---- randomized, against the reference model -------------------------- */

enum { RN = 3000, ROPS = 20000, RCHECK = 97 };
#define RBASE     (BASE + 5) /* not aligned: the edges are small blocks */
#define HOLE      (RBASE + 1500)
#define HOLE_SIZE 37ul

enum { M_FREE, M_USED, M_HOLE };
static unsigned char model[RN];
static int head_order[RN]; /* order of the allocated block starting here, or -1 */
static unsigned long live[RN], n_live;

static unsigned order_of(unsigned long n)
{
    unsigned k = 0;
    while ((1ul << k) < n)
        k++;
    return k;
}

/* Is the aligned block of 2^k frames at absolute frame `start` inside
 * the pool and all free? */
static int model_block_free(unsigned long start, unsigned k)
{
    if (start < RBASE || start + (1ul << k) > RBASE + RN)
        return 0;
    for (unsigned long f = start; f < start + (1ul << k); f++)
        if (model[f - RBASE] != M_FREE)
            return 0;
    return 1;
}

static int model_can_alloc(unsigned k)
{
    for (unsigned long s = RBASE & ~((1ul << k) - 1); s < RBASE + RN; s += 1ul << k)
        if (model_block_free(s, k))
            return 1;
    return 0;
}

static unsigned long model_free_count(void)
{
    unsigned long n = 0;
    for (unsigned long i = 0; i < RN; i++)
        n += model[i] == M_FREE;
    return n;
}

static unsigned long model_largest(void)
{
    for (unsigned k = BUDDY_ORDERS; k-- > 0;)
        if (model_can_alloc(k))
            return 1ul << k;
    return 0;
}

/* Free frames not inside any all-free aligned run of 8. */
static unsigned long model_unusable_for_8(void)
{
    unsigned long n = 0;
    for (unsigned long i = 0; i < RN; i++)
        n += model[i] == M_FREE && !model_block_free((RBASE + i) & ~7ul, 3);
    return n;
}

/* What free_pages(f, n) must return, from the model alone. */
static int model_free_result(unsigned long f, unsigned long n)
{
    if (f < RBASE || f >= RBASE + RN)
        return E_NOPOOL;
    if (n == 0)
        return E_INVAL;
    if (n > BUDDY_MAX_FRAMES)
        return E_WRONG_SIZE;
    if (head_order[f - RBASE] >= 0)
        return head_order[f - RBASE] == (int)order_of(n) ? E_OK : E_WRONG_SIZE;
    return (f & ((1ul << order_of(n)) - 1)) ? E_MISALIGNED : E_NOT_ALLOCATED;
}

static void model_set(unsigned long f, unsigned k, unsigned char state)
{
    memset(model + (f - RBASE), state, 1ul << k);
    head_order[f - RBASE] = state == M_USED ? (int)k : -1;
}

static void random_alloc(unsigned long long r)
{
    static const unsigned long limit[8] = {1, 2, 2, 3, 16, 16, 128, BUDDY_MAX_FRAMES};
    unsigned long n = 1 + (r >> 8) % limit[(r >> 4) % 8], f;
    unsigned k = order_of(n);
    int expect = model_can_alloc(k);
    f = buddy_pool_alloc_pages(&pool, n);
    HEXPECT_EQ(f != 0, expect);
    if (!f)
        return;
    HEXPECT_EQ(f & ((1ul << k) - 1), 0);
    HEXPECT(model_block_free(f, k));
    model_set(f, k, M_USED);
    live[n_live++] = f;
}

/* Free live block i with a random n that rounds up to its size. */
static void free_live(unsigned long i, unsigned long long r)
{
    unsigned long f = live[i];
    unsigned k = (unsigned)head_order[f - RBASE];
    unsigned long n = k ? (1ul << (k - 1)) + 1 + (r >> 8) % (1ul << (k - 1)) : 1;
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, n), E_OK);
    model_set(f, k, M_FREE);
    live[i] = live[--n_live];
}

/* A free_pages call with random arguments, mostly wrong ones. */
static void random_free(unsigned long long r)
{
    unsigned long f = RBASE - 2 + (r >> 8) % (RN + 4);
    unsigned long n = (r & 0x80) ? BUDDY_MAX_FRAMES + 1 : (r >> 32) % 40;
    int expect = model_free_result(f, n);
    if (expect == E_OK) {
        for (unsigned long i = 0; i < n_live; i++)
            if (live[i] == f)
                free_live(i, r);
        return;
    }
    save();
    HEXPECT_EQ(buddy_pool_free_pages(&pool, f, n), expect);
    HEXPECT(unchanged());
}

static void check_against_model(void)
{
    HEXPECT_EQ(buddy_pool_largest_free_block(&pool), model_largest());
    HEXPECT_EQ(buddy_pool_unusable_free_frames(&pool, 8), model_unusable_for_8());
    for (unsigned long i = 0; i < RN; i++)
        HEXPECT_EQ(buddy_pool_state(&pool, RBASE + i), model[i] == M_FREE ? BUDDY_FRAME_FREE
                                                       : model[i] == M_USED
                                                           ? BUDDY_FRAME_ALLOCATED
                                                           : BUDDY_FRAME_INACCESSIBLE);
}

HTEST(random_alloc_free_matches_reference_model)
{
    static struct buddy_pool ref;
    unsigned long long seed = 42;
    memset(model, M_FREE, sizeof(model));
    for (unsigned long i = 0; i < RN; i++)
        head_order[i] = -1;
    memset(model + (HOLE - RBASE), M_HOLE, HOLE_SIZE);
    n_live = 0;
    fresh_at(RBASE, RN);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&pool, HOLE, HOLE_SIZE), E_OK);
    for (int op = 0; op < ROPS; op++) {
        unsigned long long r = htest_rand(&seed);
        if (r % 4 < 2)
            random_alloc(r);
        else if (r % 4 == 2 && n_live)
            free_live((r >> 40) % n_live, r);
        else
            random_free(r);
        HEXPECT_EQ(buddy_pool_free_count(&pool), model_free_count());
        if (op % RCHECK == 0)
            check_against_model();
    }
    while (n_live)
        free_live(n_live - 1, seed);
    /* Everything free again: the same blocks as a fresh pool with the hole. */
    memset(&ref, 0, sizeof(ref));
    buddy_pool_init(&ref, RBASE, RN, INFO2);
    HEXPECT_EQ(buddy_pool_mark_inaccessible(&ref, HOLE, HOLE_SIZE), E_OK);
    for (unsigned k = 0; k < BUDDY_ORDERS; k++)
        HEXPECT_EQ(buddy_pool_free_blocks(&pool, k), buddy_pool_free_blocks(&ref, k));
    HEXPECT_EQ(buddy_pool_free_count(&pool), RN - HOLE_SIZE);
}
