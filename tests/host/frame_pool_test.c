/*
 * frame_pool_test.c - host unit tests of cont_frame_pool.
 * host-sources: cont_frame_pool.c lib/bitmap.c
 */
#include <stdlib.h>
#include <string.h>

#include "cont_frame_pool.h"
#include "errors.h"
#include "htest.h"

#define BASE 0x1000ul /* frames managed by test pools: not backed, never touched */
#define INFO 16ul     /* bitmaps live in fake frames from here */

static struct cont_frame_pool pool;

static void fresh(unsigned long n)
{
    cont_frame_pool_forget(&pool);
    memset(&pool, 0, sizeof(pool));
    cont_frame_pool_init(&pool, BASE, n, INFO);
}

HTEST(needed_info_frames_is_exact_for_two_bits_per_frame)
{
    HEXPECT_EQ(cont_frame_pool_needed_info_frames(1), 1);
    HEXPECT_EQ(cont_frame_pool_needed_info_frames(16384), 1);
    HEXPECT_EQ(cont_frame_pool_needed_info_frames(16385), 2);
    HEXPECT_EQ(cont_frame_pool_needed_info_frames(7168), 1);
    HEXPECT_EQ(cont_frame_pool_needed_info_frames(1ul << 20), 64);
}

HTEST(own_info_frames_are_inaccessible_and_not_free)
{
    cont_frame_pool_forget(&pool);
    memset(&pool, 0, sizeof(pool));
    cont_frame_pool_init(&pool, 100, 40000, 0); /* needs 3 info frames */
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 40000 - 3);
    HEXPECT_EQ(cont_frame_pool_state(&pool, 100), FRAME_INACCESSIBLE);
    HEXPECT_EQ(cont_frame_pool_state(&pool, 102), FRAME_INACCESSIBLE);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 1), 103);
    HEXPECT_EQ(cont_frame_pool_release_frames(100), E_NOT_HEAD);
    cont_frame_pool_forget(&pool);
}

HTEST(get_frames_is_first_fit_and_marks_head)
{
    fresh(100);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 3), BASE);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 1), BASE + 3);
    HEXPECT_EQ(cont_frame_pool_state(&pool, BASE), FRAME_HEAD);
    HEXPECT_EQ(cont_frame_pool_state(&pool, BASE + 1), FRAME_ALLOCATED);
    HEXPECT_EQ(cont_frame_pool_state(&pool, BASE + 3), FRAME_HEAD);
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 96);
    HEXPECT_EQ(cont_frame_pool_release_frames(BASE), E_OK);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 2), BASE);
}

HTEST(zero_frames_and_too_many_frames_return_zero)
{
    fresh(64);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 0), 0);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 65), 0);
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 64);
}

HTEST(runs_cross_word_boundaries)
{
    fresh(200);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 30), BASE);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 70), BASE + 30);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 100), BASE + 100);
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 0);
    HEXPECT_EQ(cont_frame_pool_release_frames(BASE + 30), E_OK);
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 70);
    HEXPECT_EQ(cont_frame_pool_state(&pool, BASE + 100), FRAME_HEAD);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 70), BASE + 30);
}

HTEST(exhaustion_returns_zero_and_pool_still_works)
{
    fresh(50);
    for (int i = 0; i < 50; i++)
        HEXPECT(cont_frame_pool_get_frames(&pool, 1) != 0);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 1), 0);
    HEXPECT_EQ(cont_frame_pool_release_frames(BASE + 7), E_OK);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 1), BASE + 7);
}

HTEST(release_errors_leave_pool_unchanged)
{
    unsigned long head;
    fresh(100);
    head = cont_frame_pool_get_frames(&pool, 4);
    HEXPECT_EQ(cont_frame_pool_release_frames(head + 1), E_NOT_HEAD);  /* middle */
    HEXPECT_EQ(cont_frame_pool_release_frames(head + 10), E_NOT_HEAD); /* free */
    HEXPECT_EQ(cont_frame_pool_release_frames(BASE + 100), E_NOPOOL);  /* past the end */
    HEXPECT_EQ(cont_frame_pool_release_frames(5), E_NOPOOL);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE + 50, 2), E_OK);
    HEXPECT_EQ(cont_frame_pool_release_frames(BASE + 50), E_NOT_HEAD); /* inaccessible */
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 94);
    HEXPECT_EQ(cont_frame_pool_release_frames(head), E_OK);
    HEXPECT_EQ(cont_frame_pool_release_frames(head), E_NOT_HEAD); /* double release */
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 98);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 4), head);
}

HTEST(mark_inaccessible_refuses_bad_ranges)
{
    fresh(100);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE - 1, 2), E_RANGE);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE + 99, 2), E_RANGE);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE + 200, 1), E_RANGE);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE, 0), E_INVAL);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE, ~0ul), E_RANGE);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 1), BASE);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE, 3), E_BUSY);
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 99);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 1), BASE + 1);
}

HTEST(inaccessible_frames_are_skipped_by_runs)
{
    fresh(100);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE + 10, 5), E_OK);
    HEXPECT_EQ(cont_frame_pool_mark_inaccessible(&pool, BASE + 12, 5), E_OK); /* overlapping */
    HEXPECT_EQ(cont_frame_pool_free_count(&pool), 93);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 11), BASE + 17);
    HEXPECT_EQ(cont_frame_pool_get_frames(&pool, 10), BASE);
}

HTEST(init_panics_on_zero_frames_and_overlap)
{
    struct cont_frame_pool other;
    fresh(100);
    memset(&other, 0, sizeof(other));
    HEXPECT_PANIC(cont_frame_pool_init(&other, BASE + 50, 10, INFO + 4));
    HEXPECT_PANIC(cont_frame_pool_init(&other, BASE + 500, 0, INFO + 4));
    HEXPECT_PANIC(cont_frame_pool_init(&other, BASE + 500, 10, HOST_FRAMES + 10));
}

/* Reference model: one state byte per frame. */
HTEST(random_get_release_matches_reference_model)
{
    enum { N = 3000, OPS = 40000 };
    static unsigned char model[N]; /* 0 free, 1 allocated, 2 head */
    static unsigned long len[N];
    unsigned long long seed = 42;
    unsigned long free_frames = N;
    fresh(N);
    memset(model, 0, sizeof(model));
    for (int op = 0; op < OPS; op++) {
        unsigned long r = (unsigned long)htest_rand(&seed);
        if (r % 3) {
            unsigned long n = 1 + (r >> 8) % ((r & 8) ? 40 : 3), want = 0, run = 0;
            for (unsigned long i = 0; i < N && !want; i++) {
                run = model[i] ? 0 : run + 1;
                if (run == n)
                    want = BASE + i + 1 - n;
            }
            HEXPECT_EQ(cont_frame_pool_get_frames(&pool, n), want);
            if (want) {
                unsigned long i = want - BASE;
                memset(model + i, 1, n);
                model[i] = 2, len[i] = n, free_frames -= n;
            }
        } else {
            unsigned long i = (r >> 8) % N;
            int expect = model[i] == 2 ? E_OK : E_NOT_HEAD;
            HEXPECT_EQ(cont_frame_pool_release_frames(BASE + i), expect);
            if (expect == E_OK)
                memset(model + i, 0, len[i]), free_frames += len[i];
        }
        HEXPECT_EQ(cont_frame_pool_free_count(&pool), free_frames);
    }
}
