/*
 * bench_frames.c - the contiguous frame pool: get_frames(1) with the
 * process pool 0%, 50%, 90% and 99% full, get_frames(8), release_frames,
 * and the scattered worst case.
 *
 * Design.  "X% full" means X% of the process pool's usable frames (all
 * but the inaccessible ones) are allocated; the bench fills the pool up
 * to that with single-frame allocations, which is how the fault handler
 * uses it, and remembers which frames it took in a bitmap so it can give
 * back exactly those.  Each timed get_frames is undone by a release
 * before the next sample, so every sample sees the same pool.  The
 * scattered case fills the pool completely and frees every tenth frame:
 * 90% full, with single-frame holes everywhere, where get_frames(1) is
 * still cheap (the hint) and get_frames(8) must scan every word to fail.
 */
#include "bench/bench.h"

#include "console.h"
#include "cont_frame_pool.h"
#include "mmu.h"
#include "utils.h"

#define MAX_FRAMES     (64ul * 1024) /* 256 MB of process pool */
#define WORD_BITS      32ul
#define FILL_STEPS     4
#define FILL_QUICK     2
#define FRAME_SAMPLES  33
#define FRAME_QUICK    11
#define SCAN_SAMPLES   5
#define RUN_FRAMES     8
#define SCATTER_STRIDE 10 /* free every tenth frame: 90% full */
#define PERCENT        100ul

static const unsigned long fill_percent[FILL_STEPS] = {0, 50, 90, 99};
static const char *const get1_names[FILL_STEPS] = {"frames.get1.p0", "frames.get1.p50",
                                                   "frames.get1.p90", "frames.get1.p99"};

static uint32_t mine[MAX_FRAMES / WORD_BITS]; /* frames this file allocated */
static struct bench_samples get_s, put_s;
static struct cont_frame_pool *const pool = &process_mem_pool;

static void mark(unsigned long frame, bool on)
{
    unsigned long i = frame - pool->base_frame_no;
    if (on)
        mine[i / WORD_BITS] |= 1u << (i % WORD_BITS);
    else
        mine[i / WORD_BITS] &= ~(1u << (i % WORD_BITS));
}

static bool is_mine(unsigned long i) { return (mine[i / WORD_BITS] >> (i % WORD_BITS)) & 1u; }

static unsigned long usable_frames(void)
{
    unsigned long n = 0;
    for (unsigned long f = 0; f < pool->n_frames; f++)
        n += cont_frame_pool_state(pool, pool->base_frame_no + f) != FRAME_INACCESSIBLE;
    return n;
}

/* Allocate single frames until `target` usable frames are allocated
 * (or the pool is empty, for target == usable). */
static void fill_to(unsigned long usable, unsigned long target)
{
    while (usable - cont_frame_pool_free_count(pool) < target) {
        unsigned long f = cont_frame_pool_get_frames(pool, 1);
        if (!f)
            return;
        mark(f, true);
    }
}

/* Release this file's frames: all of them, or every stride-th one. */
static void release_mine(unsigned long stride)
{
    unsigned long seen = 0;
    for (unsigned long i = 0; i < pool->n_frames; i++) {
        if (!is_mine(i) || seen++ % stride != 0)
            continue;
        if (cont_frame_pool_release_frames(pool->base_frame_no + i) != E_OK)
            bench_fail("frames: release of frame 0x%lx failed", pool->base_frame_no + i);
        mark(pool->base_frame_no + i, false);
    }
}

/* Time get_frames(n) and the release of what it returned, n_samples
 * times; the medians land in get_s and put_s. */
static void get_put(unsigned long n, unsigned n_samples, bool expect_success)
{
    bool irq = bench_section_begin();
    bench_samples_reset(&get_s);
    bench_samples_reset(&put_s);
    for (unsigned s = 0; s < n_samples; s++) {
        uint32_t t0 = bench_now();
        unsigned long f = cont_frame_pool_get_frames(pool, n);
        uint32_t t1 = bench_now();
        int rc = E_OK;
        uint32_t t2 = bench_now(), t3;
        if (f)
            rc = cont_frame_pool_release_frames(f);
        t3 = bench_now();
        bench_add(&get_s, t0, t1);
        bench_add(&put_s, t2, t3);
        if ((f != 0) != expect_success || rc != E_OK)
            bench_fail("frames: get_frames(%lu) returned 0x%lx, release %d", n, f, rc);
    }
    bench_section_end(irq, "get_frames");
}

static void fill_levels(unsigned long usable, bool quick)
{
    unsigned n = quick ? FRAME_QUICK : FRAME_SAMPLES;
    for (unsigned step = 0; step < (quick ? FILL_QUICK : FILL_STEPS); step++) {
        fill_to(usable, usable * fill_percent[step] / PERCENT);
        get_put(1, n, true);
        bench_report(get1_names[step], bench_median(&get_s), "instr",
                     "get_frames(1), process pool filled to this percentage");
        if (step == 0) {
            bench_report("frames.release1", bench_median(&put_s), "instr",
                         "release_frames of a 1-frame sequence");
            get_put(RUN_FRAMES, n, true);
            bench_report("frames.get8", bench_median(&get_s), "instr",
                         "get_frames(8), process pool empty");
            bench_report("frames.release8", bench_median(&put_s), "instr",
                         "release_frames of an 8-frame sequence");
        }
    }
    release_mine(1);
}

static void scattered(unsigned long usable)
{
    fill_to(usable, usable);
    release_mine(SCATTER_STRIDE);
    get_put(1, FRAME_SAMPLES, true);
    bench_report("frames.get1.p90_scattered", bench_median(&get_s), "instr",
                 "get_frames(1), 90% full, every tenth frame free");
    get_put(RUN_FRAMES, SCAN_SAMPLES, false);
    bench_report("frames.get8_fail.p90_scattered", bench_median(&get_s), "instr",
                 "get_frames(8) failing after scanning the whole pool (same state)");
    release_mine(1);
}

void bench_frames(bool quick)
{
    unsigned long usable, before = cont_frame_pool_free_count(pool);
    if (before == 0) {
        kprintf("bench: frame-pool figures skipped: the process pool has no free frame "
                "(frames=buddy lends them all to the buddy pool)\n");
        return;
    }
    if (pool->n_frames > MAX_FRAMES) {
        bench_fail("frames: the process pool has %lu frames; at most %lu (256 MB) fit the bitmap",
                   pool->n_frames, MAX_FRAMES);
        return;
    }
    usable = usable_frames();
    fill_levels(usable, quick);
    if (!quick)
        scattered(usable);
    if (cont_frame_pool_free_count(pool) != before)
        bench_fail("frames: %lu frames free after, %lu before", cont_frame_pool_free_count(pool),
                   before);
}
