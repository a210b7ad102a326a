/*
 * bench_buddy.c - the buddy allocator against the contiguous bitmap pool:
 * allocation and free cost per order, then the fragmentation
 * each one is left with after the same seeded random workload.
 *
 * Design.  Neither allocator ever touches the frames it manages (their
 * bookkeeping lives in info frames), so both are set up over the same
 * range of frame numbers far above RAM (COMPARE_BASE_FRAME), with their
 * info frames borrowed from the kernel pool.  That keeps the comparison
 * away from the live process pool, gives both exactly the same frames
 * (a range aligned to the largest buddy block), and lets the pools be
 * thrown away afterwards.
 *
 * Per order k, each allocator is timed allocating and freeing 2^k frames
 * in its empty pool; every sample restores the pool, so all samples see
 * the same state.  The workload is a fixed stream of requests from a
 * seeded xorshift generator: each step picks a slot; a full slot is
 * freed, an empty one gets an allocation of a size drawn from a small,
 * mostly-small table.  Both allocators see the same stream (a request
 * that fails leaves that allocator's slot empty).  Afterwards we count,
 * for each, its free frames, its largest run of contiguous free frames,
 * and the free frames that cannot serve an 8-frame request (in runs, or
 * for the buddy pool blocks, smaller than 8).
 */
#include "bench/bench.h"

#include "buddy_pool.h"
#include "console.h"
#include "cont_frame_pool.h"
#include "utils.h"

#define COMPARE_BASE_FRAME 0xC0000ul /* 3 GB: above any RAM the bench boots with */
#define COMPARE_FRAMES     4096ul    /* 16 MB: four of the largest buddy blocks */
#define ORDER_SAMPLES      15
#define NAME_CHARS         28
#define WORKLOAD_SEED      0x5E1F3A9u
#define WORKLOAD_STEPS     20000u
#define WORKLOAD_SLOTS     512u
#define FRAG_REQUEST       8ul /* "unusable": cannot serve a request this large */
#define FRAG_ORDERS        2   /* orders timed again after the workload */

enum { ALLOC_CONT, ALLOC_BUDDY, ALLOCATORS };

static const char *const prefix[ALLOCATORS] = {"cont", "buddy"};
static const unsigned long request_sizes[] = {1, 1, 1, 1, 2, 2, 3, 4, 5, 8, 8, 12, 16, 24, 32, 64};

struct slot {
    unsigned long frame, n;
};

static struct cont_frame_pool cont;
static struct buddy_pool buddy;
static unsigned long cont_info, buddy_info, cont_info_n, buddy_info_n;
static struct slot slots[ALLOCATORS][WORKLOAD_SLOTS];
static char fresh_names[ALLOCATORS][BUDDY_ORDERS][2][NAME_CHARS];
static char frag_names[ALLOCATORS][FRAG_ORDERS][2][NAME_CHARS];
static const unsigned frag_orders[FRAG_ORDERS] = {0, 3};
static struct bench_samples alloc_s, free_s;

static unsigned long alloc_frames(unsigned a, unsigned long n)
{
    return a == ALLOC_CONT ? cont_frame_pool_get_frames(&cont, n)
                           : buddy_pool_alloc_pages(&buddy, n);
}

static int free_frames(unsigned a, unsigned long frame, unsigned long n)
{
    return a == ALLOC_CONT ? cont_frame_pool_release_frames(frame)
                           : buddy_pool_free_pages(&buddy, frame, n);
}

static unsigned long free_count(unsigned a)
{
    return a == ALLOC_CONT ? cont_frame_pool_free_count(&cont) : buddy_pool_free_count(&buddy);
}

static bool frame_is_free(unsigned a, unsigned long f)
{
    return a == ALLOC_CONT ? cont_frame_pool_state(&cont, f) == FRAME_FREE
                           : buddy_pool_state(&buddy, f) == BUDDY_FRAME_FREE;
}

/* Both pools over the same frames, info frames from the kernel pool. */
static bool setup(void)
{
    cont_info_n = cont_frame_pool_needed_info_frames(COMPARE_FRAMES);
    buddy_info_n = buddy_pool_needed_info_frames(COMPARE_BASE_FRAME, COMPARE_FRAMES);
    cont_info = cont_frame_pool_get_frames(&kernel_mem_pool, cont_info_n);
    buddy_info = cont_frame_pool_get_frames(&kernel_mem_pool, buddy_info_n);
    if (!cont_info || !buddy_info) {
        bench_fail("buddy: no kernel frames for the info frames");
        return false;
    }
    cont.name = "bench cont pool";
    buddy.name = "bench buddy pool";
    cont_frame_pool_init(&cont, COMPARE_BASE_FRAME, COMPARE_FRAMES, cont_info);
    buddy_pool_init(&buddy, COMPARE_BASE_FRAME, COMPARE_FRAMES, buddy_info);
    return true;
}

static void teardown(void)
{
    cont_frame_pool_forget(&cont);
    if (cont_frame_pool_release_frames(cont_info) != E_OK ||
        cont_frame_pool_release_frames(buddy_info) != E_OK)
        bench_fail("buddy: info frames could not be returned");
}

/* Time alloc and free of 2^order frames in allocator a's pool. */
static void time_order(unsigned a, unsigned order)
{
    unsigned long n = 1ul << order;
    bool irq = bench_section_begin();
    bench_samples_reset(&alloc_s);
    bench_samples_reset(&free_s);
    for (unsigned s = 0; s < ORDER_SAMPLES; s++) {
        uint32_t t0 = bench_now();
        unsigned long f = alloc_frames(a, n);
        uint32_t t1 = bench_now();
        int rc;
        uint32_t t2 = bench_now(), t3;
        rc = free_frames(a, f, n);
        t3 = bench_now();
        bench_add(&alloc_s, t0, t1);
        bench_add(&free_s, t2, t3);
        if (!f || rc != E_OK)
            bench_fail("buddy: %s order %u: frame 0x%lx, free %d", prefix[a], order, f, rc);
    }
    bench_section_end(irq, "allocator per order");
}

/* Time order `order` in allocator a and report it under names[]. */
static void report_order(unsigned a, unsigned order, bool after_workload, char names[2][NAME_CHARS])
{
    static const char *const alloc_what[2][ALLOCATORS] = {
        {"get_frames(2^order), empty contiguous pool", "alloc_pages(2^order), empty buddy pool"},
        {"get_frames(2^order) after the seeded workload",
         "alloc_pages(2^order) after the seeded workload"}};
    static const char *const free_what[ALLOCATORS] = {"release_frames of that run",
                                                      "free_pages of that block"};
    const char *suffix = after_workload ? ".frag" : "";
    time_order(a, order);
    ksnprintf(names[0], NAME_CHARS, "%s.alloc.order%u%s", prefix[a], order, suffix);
    ksnprintf(names[1], NAME_CHARS, "%s.free.order%u%s", prefix[a], order, suffix);
    bench_report(names[0], bench_median(&alloc_s), "instr", alloc_what[after_workload][a]);
    bench_report(names[1], bench_median(&free_s), "instr", free_what[a]);
}

static uint32_t xorshift(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* One workload step for allocator a; counts its failed requests and
 * the instructions its allocations took. */
static void step(unsigned a, unsigned slot, unsigned long n, unsigned long *failed,
                 unsigned long long *instr, unsigned long *allocs)
{
    struct slot *s = &slots[a][slot];
    if (s->frame) {
        if (free_frames(a, s->frame, s->n) != E_OK)
            bench_fail("buddy: %s workload free of 0x%lx failed", prefix[a], s->frame);
        s->frame = 0;
        return;
    }
    uint32_t t0 = bench_now();
    s->frame = alloc_frames(a, n);
    uint32_t t1 = bench_now();
    *instr += t1 - t0;
    *allocs += 1;
    s->n = n;
    *failed += s->frame == 0;
}

static void workload(unsigned long failed[ALLOCATORS], unsigned long mean[ALLOCATORS])
{
    unsigned long long instr[ALLOCATORS] = {0, 0};
    unsigned long allocs[ALLOCATORS] = {0, 0};
    uint32_t rng = WORKLOAD_SEED;
    bool irq = bench_section_begin();
    for (unsigned i = 0; i < WORKLOAD_STEPS; i++) {
        uint32_t r = xorshift(&rng);
        unsigned slot = r % WORKLOAD_SLOTS;
        unsigned long n = request_sizes[(r / WORKLOAD_SLOTS) % ARRAY_SIZE(request_sizes)];
        for (unsigned a = 0; a < ALLOCATORS; a++)
            step(a, slot, n, &failed[a], &instr[a], &allocs[a]);
    }
    bench_section_end(irq, "allocator workload");
    for (unsigned a = 0; a < ALLOCATORS; a++)
        mean[a] = allocs[a] ? (unsigned long)(instr[a] / allocs[a]) : 0;
}

/* The largest run of free frames, and the free frames in runs shorter
 * than FRAG_REQUEST (for the contiguous pool: unusable for 8 frames). */
static void runs(unsigned a, unsigned long *largest, unsigned long *short_runs)
{
    unsigned long run = 0;
    *largest = *short_runs = 0;
    for (unsigned long f = COMPARE_BASE_FRAME; f <= COMPARE_BASE_FRAME + COMPARE_FRAMES; f++) {
        if (f < COMPARE_BASE_FRAME + COMPARE_FRAMES && frame_is_free(a, f)) {
            run++;
            continue;
        }
        *largest = MAX(*largest, run);
        *short_runs += run < FRAG_REQUEST ? run : 0;
        run = 0;
    }
}

static void release_all(void)
{
    for (unsigned a = 0; a < ALLOCATORS; a++)
        for (unsigned i = 0; i < WORKLOAD_SLOTS; i++)
            if (slots[a][i].frame) {
                if (free_frames(a, slots[a][i].frame, slots[a][i].n) != E_OK)
                    bench_fail("buddy: %s final free failed", prefix[a]);
                slots[a][i].frame = 0;
            }
}

static void report_fragmentation(void)
{
    unsigned long failed[ALLOCATORS] = {0, 0}, mean[ALLOCATORS], largest, short_runs;
    workload(failed, mean);
    runs(ALLOC_CONT, &largest, &short_runs);
    bench_report("cont.frag.free", free_count(ALLOC_CONT), "frames",
                 "free frames after the seeded workload (contiguous pool)");
    bench_report("cont.frag.largest_run", largest, "frames", "largest contiguous free run");
    bench_report("cont.frag.unusable8", short_runs, "frames",
                 "free frames in runs too short for an 8-frame request");
    bench_report("cont.frag.failed", failed[ALLOC_CONT], "requests", "requests that failed");
    bench_report("cont.workload.alloc_mean", mean[ALLOC_CONT], "instr",
                 "mean get_frames cost during the workload");
    runs(ALLOC_BUDDY, &largest, &short_runs);
    bench_report("buddy.frag.free", free_count(ALLOC_BUDDY), "frames",
                 "free frames after the seeded workload (buddy pool)");
    bench_report("buddy.frag.largest_run", largest, "frames", "largest contiguous free run");
    bench_report("buddy.frag.largest_block", buddy_pool_largest_free_block(&buddy), "frames",
                 "largest free block (the largest request that can succeed)");
    bench_report("buddy.frag.unusable8", buddy_pool_unusable_free_frames(&buddy, FRAG_REQUEST),
                 "frames", "free frames in blocks too small for an 8-frame request");
    bench_report("buddy.frag.failed", failed[ALLOC_BUDDY], "requests", "requests that failed");
    bench_report("buddy.workload.alloc_mean", mean[ALLOC_BUDDY], "instr",
                 "mean alloc_pages cost during the workload");
    for (unsigned i = 0; i < FRAG_ORDERS; i++)
        for (unsigned a = 0; a < ALLOCATORS; a++)
            report_order(a, frag_orders[i], true, frag_names[a][i]);
    release_all();
}

void bench_buddy(bool quick)
{
    unsigned long before[ALLOCATORS];
    if (quick || !setup())
        return;
    for (unsigned a = 0; a < ALLOCATORS; a++)
        before[a] = free_count(a);
    for (unsigned order = 0; order < BUDDY_ORDERS; order++)
        for (unsigned a = 0; a < ALLOCATORS; a++)
            report_order(a, order, false, fresh_names[a][order]);
    report_fragmentation();
    for (unsigned a = 0; a < ALLOCATORS; a++)
        if (free_count(a) != before[a])
            bench_fail("buddy: %s has %lu free frames after, %lu before", prefix[a], free_count(a),
                       before[a]);
    teardown();
}
