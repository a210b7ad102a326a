/*
 * bench_evict.c - the cost of choosing a victim with 10,000 frames, per
 * policy (the target: <= 100 instructions on average).
 *
 * Design.  The policy runs alone, as mm/evict_policy.c is: 10,000
 * entries (in kernel-pool frames), an accessed-bit callback over a plain
 * bool array, and a steady-state workload with every entry used.  Each
 * step chooses a victim (timed), removes it, takes the lowest free entry
 * (which is the victim's) and admits a new page there with its accessed
 * bit set, as a fault's loading access would.  Every MARK_EVERY steps a
 * pseudo-random ~25% of the entries are marked accessed (the pages the
 * workload touched meanwhile: about 2.5 per eviction); aging ticks every
 * TICK_EVERY steps (the tick, O(n) by nature, is timed on its own).
 * WARM_STEPS untimed steps come first (clock's first sweep clears the
 * bits of every page's loading access at once, a cost of filling memory,
 * not of the steady state).  The figure is the mean over the timed steps, because the issue's
 * target is an average and clock's cost is amortized: one choice may sweep many set bits, the next
 * none.  The seed is fixed, so the figures repeat exactly from run to run.
 *
 * What the figures do not depend on is the number of frames: fifo and
 * aging take a list head, and clock steps past one entry per accessed
 * bit it clears.  What clock's does depend on is how many pages were
 * used between two evictions, since it clears every such bit once; a
 * second clock run marks ten times as often (about 25 pages per
 * eviction) to show that, as evict.choose_busy.clock.
 */
#include "bench/bench.h"

#include "cont_frame_pool.h"
#include "evict_policy.h"
#include "mmu.h"
#include "utils.h"

#define EVICT_ENTRIES   10000u
#define EVICT_STEPS     20000u
#define WARM_STEPS      EVICT_ENTRIES /* untimed first: one turnover of every entry */
#define MARK_EVERY      1000u         /* steps between two marking rounds */
#define MARK_EVERY_BUSY 100u          /* the same for the busy clock run */
#define MARK_SHARE      4u            /* a round marks 1/MARK_SHARE of the entries */
#define TICK_EVERY      500u          /* steps between two aging ticks */
#define WARM_TICKS      8u            /* aging: ticks before the measured steps */
#define EVICT_SEED      2463534242u
#define MEAN_DECIMALS   1
#define STORAGE_BYTES                                                                              \
    (EVICT_ENTRIES * sizeof(struct evict_entry) + EVICT_ENTRIES * sizeof(bool) +                   \
     EVICT_FREE_WORDS(EVICT_ENTRIES) * sizeof(uint32_t))
#define STORAGE_FRAMES ((STORAGE_BYTES + PAGE_SIZE - 1) / PAGE_SIZE)
#define N_KINDS        3

static struct evict_policy policy;
static struct bench_samples samples;
static struct evict_entry *entries;
static bool *bits;
static uint32_t *free_words;
static uint32_t rng;

static const enum evict_kind kinds[N_KINDS] = {EVICT_FIFO, EVICT_CLOCK, EVICT_AGING};
static const char *const choose_names[N_KINDS] = {"evict.choose.fifo", "evict.choose.clock",
                                                  "evict.choose.aging"};
static const char *const max_names[N_KINDS] = {"evict.choose_max.fifo", "evict.choose_max.clock",
                                               "evict.choose_max.aging"};
static const char *const replace_names[N_KINDS] = {"evict.replace.fifo", "evict.replace.clock",
                                                   "evict.replace.aging"};

/* The policy's callback: read and clear entry i's flag. */
static bool bench_accessed(void *ctx, uint32_t i)
{
    bool *b = ctx, was = b[i];
    b[i] = false;
    return was;
}

/* xorshift32: a fixed, cheap sequence of entry numbers. */
static uint32_t next_entry(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng % EVICT_ENTRIES;
}

static void mark_some(void)
{
    for (uint32_t k = 0; k < EVICT_ENTRIES / MARK_SHARE; k++)
        bits[next_entry()] = true;
}

/* A full policy of `kind` in steady state: every entry used. */
static bool fill(enum evict_kind kind)
{
    rng = EVICT_SEED;
    if (evict_init(&policy, kind, entries, free_words, EVICT_ENTRIES, bench_accessed, bits) != E_OK)
        return false;
    for (uint32_t i = 0; i < EVICT_ENTRIES; i++) {
        bits[i] = true;
        if (evict_admit(&policy, evict_free_entry(&policy)) != E_OK)
            return false;
    }
    for (uint32_t t = 0; kind == EVICT_AGING && t < WARM_TICKS; t++) {
        mark_some();
        evict_tick(&policy);
    }
    return true;
}

struct step_costs {
    uint64_t choose, replace;
    uint32_t choose_max;
    bool ok;
};

/* One step: a timed choice, then the timed remove + free entry + admit. */
static void step(struct step_costs *c)
{
    uint32_t t0, t1, t2, victim, cost;
    t0 = bench_now();
    victim = evict_choose(&policy);
    t1 = bench_now();
    c->ok &= evict_remove(&policy, victim) == E_OK &&
             evict_admit(&policy, evict_free_entry(&policy)) == E_OK;
    t2 = bench_now();
    bits[victim] = true;
    cost = t1 - t0 - bench_pair_cost();
    c->choose += cost;
    c->choose_max = MAX(c->choose_max, cost);
    c->replace += t2 - t1 - bench_pair_cost();
}

/* The steady-state steps for one policy; aging's ticks go to `samples`. */
static struct step_costs run_steps(enum evict_kind kind, uint32_t mark_every)
{
    struct step_costs c = {0, 0, 0, true}, warm = {0, 0, 0, true};
    bool irq = bench_section_begin();
    for (uint32_t s = 1; s <= WARM_STEPS + EVICT_STEPS; s++) {
        step(s <= WARM_STEPS ? &warm : &c);
        if (s % mark_every == 0)
            mark_some();
        if (kind == EVICT_AGING && s % TICK_EVERY == 0) {
            uint32_t t0 = bench_now(), t1;
            evict_tick(&policy);
            t1 = bench_now();
            if (s > WARM_STEPS)
                bench_add(&samples, t0, t1);
        }
    }
    bench_section_end(irq, "evict");
    c.ok &= warm.ok;
    return c;
}

/* Set up `kind` and run the steps; false (reported) when it failed. */
static bool measure(enum evict_kind kind, uint32_t mark_every, struct step_costs *c)
{
    if (!fill(kind)) {
        bench_fail("evict: could not set up %s with %u entries", evict_kind_name(kind),
                   EVICT_ENTRIES);
        return false;
    }
    bench_samples_reset(&samples);
    *c = run_steps(kind, mark_every);
    if (!c->ok)
        bench_fail("evict: %s: a victim could not be replaced", evict_kind_name(kind));
    return c->ok;
}

static void bench_kind(unsigned k)
{
    struct step_costs c;
    if (!measure(kinds[k], MARK_EVERY, &c))
        return;
    bench_report_ratio(choose_names[k], (unsigned long)c.choose, EVICT_STEPS, MEAN_DECIMALS,
                       "instr", "evict_choose, 10,000 frames, mean (target <= 100)");
    bench_report(max_names[k], c.choose_max, "instr", "the most expensive single evict_choose");
    bench_report_ratio(replace_names[k], (unsigned long)c.replace, EVICT_STEPS, MEAN_DECIMALS,
                       "instr", "evict_remove + evict_free_entry + evict_admit, mean");
    if (kinds[k] == EVICT_AGING)
        bench_report("evict.tick.aging", bench_median(&samples), "instr",
                     "evict_tick over 10,000 entries (median), O(n) by nature");
}

void bench_evict(bool quick)
{
    unsigned long first = cont_frame_pool_get_frames(&kernel_mem_pool, STORAGE_FRAMES);
    struct step_costs c;
    uint8_t *storage;
    (void)quick;
    if (!first) {
        bench_fail("evict: no %u kernel frames for the entries", (unsigned)STORAGE_FRAMES);
        return;
    }
    storage = direct_map_ptr(first);
    entries = (struct evict_entry *)storage;
    free_words = (uint32_t *)(storage + EVICT_ENTRIES * sizeof(struct evict_entry));
    bits = (bool *)(free_words + EVICT_FREE_WORDS(EVICT_ENTRIES));
    for (unsigned k = 0; k < N_KINDS; k++)
        bench_kind(k);
    if (measure(EVICT_CLOCK, MARK_EVERY_BUSY, &c))
        bench_report_ratio("evict.choose_busy.clock", (unsigned long)c.choose, EVICT_STEPS,
                           MEAN_DECIMALS, "instr",
                           "evict_choose, clock, ~25 pages marked per eviction, mean");
    if (cont_frame_pool_release_frames(first) != E_OK)
        bench_fail("evict: could not give back the entry frames");
}
