/*
 * bench_pager.c - the pager in make bench: the fault path
 * with the pager on, and faults, swap-ins and swap-outs per policy on
 * three reference strings.
 *
 * Design.  tools/bench.sh attaches a swap disk, which turns the pager on
 * at boot; bench_pager_off turns it off before the first scenario, so
 * every older figure measures the path it always measured (no pager),
 * and bench_pager turns it on for the figures named *.pager and
 * replace.*, which say what pageable memory costs.  The pager can only
 * change state while nothing is paged (pager_set_enabled), which every
 * scenario's fresh address space guarantees at its end.
 *
 * The replacement figures are counts, not timings, so they are exact:
 * each policy runs the kernel pager itself (pager_configure with a
 * budget of BUDGET frames, the timer's aging tick off and pager_tick by
 * hand every TICK_EVERY references) in a fresh address space with no VM
 * pool, where every page of the VM area is legitimate and pageable, as
 * tests/kernel/pager_test.c does.  Every reference string is the same
 * for the three policies (fixed seeds), even-numbered references write
 * and odd-numbered ones read, so clean pages and never-written pages
 * show in the swap-out counts.  Frames and swap slots must both come
 * back exactly, or the bench fails.
 */
#include "bench/bench.h"

#include "errors.h"
#include "evict_policy.h"
#include "mmu.h"
#include "page_fault.h"
#include "page_table.h"
#include "pager.h"
#include "swap.h"
#include "utils.h"

#define BUDGET        16 /* frames of the replacement runs */
#define LOOP_PAGES    (BUDGET + 1)
#define LOOP_PASSES   20
#define RANDOM_REFS   1000
#define RANDOM_PAGES  (2 * BUDGET)
#define SHIFT_REFS    1000
#define SHIFT_SET     12  /* pages in the working set */
#define SHIFT_STEP    4   /* pages it moves by, */
#define SHIFT_PHASE   200 /* every this many references; */
#define SHIFT_STRAY   10  /* one reference in this many goes anywhere */
#define SHIFT_PAGES   (2 * BUDGET)
#define MAX_REFS      1000
#define SEED          0x2545F491u
#define TICK_EVERY    2 /* as the host model (tests/host/evict_expected_gen.c) */
#define KINDS         3 /* fifo, clock, aging: enum evict_kind's first three */
#define EVICT_SAMPLES 64
#define EVICT_QUICK   16

enum ref_string { STRING_LOOP, STRING_RANDOM, STRING_SHIFT, STRINGS };

/* What one policy did on one string. */
struct replace_counts {
    unsigned long faults, swap_ins, swap_outs;
};

#define FIGURES(s, k)                                                                              \
    {                                                                                              \
        "replace." s "." k ".faults", "replace." s "." k ".swap_ins",                              \
            "replace." s "." k ".swap_outs"                                                        \
    }
#define KIND_FIGURES(s)                                                                            \
    {                                                                                              \
        FIGURES(s, "fifo"), FIGURES(s, "clock"), FIGURES(s, "aging")                               \
    }
static const char *const figure_names[STRINGS][KINDS][3] = {
    KIND_FIGURES("loop"), KIND_FIGURES("random"), KIND_FIGURES("shift")};
static const char *const string_what[STRINGS] = {
    "loop of budget+1 (17) pages x 20, 16 frames",
    "1,000 uniform random references over 32 pages (fixed seed), 16 frames",
    "1,000 refs: 9 in 10 to a working set of 12 pages that moves 4 pages every 200, 1 in 10 "
    "to any of 32 pages; 16 frames"};

static struct page_table pt;
static struct bench_samples samples;
static uint32_t refs[MAX_REFS];

static inline volatile uint32_t *page_word(unsigned long n)
{
    return (volatile uint32_t *)(uintptr_t)(BENCH_POOL_BASE + PAGE_ADDR(n));
}

static uint32_t next_random(uint32_t *x) /* xorshift32 */
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* Reference string `s` in refs[]; returns its length. */
static unsigned make_string(enum ref_string s)
{
    uint32_t x = SEED;
    unsigned n = 0;
    if (s == STRING_LOOP)
        for (unsigned pass = 0; pass < LOOP_PASSES; pass++)
            for (unsigned p = 0; p < LOOP_PAGES; p++)
                refs[n++] = p;
    if (s == STRING_RANDOM)
        for (; n < RANDOM_REFS; n++)
            refs[n] = next_random(&x) % RANDOM_PAGES;
    for (uint32_t r; s == STRING_SHIFT && n < SHIFT_REFS; n++) {
        r = next_random(&x);
        refs[n] = r % SHIFT_STRAY ? (n / SHIFT_PHASE) * SHIFT_STEP + r / SHIFT_STRAY % SHIFT_SET
                                  : r / SHIFT_STRAY % SHIFT_PAGES;
    }
    return n;
}

/* Swap slots and the budget as they were, or the bench fails. */
static void check_exact(unsigned long slots0, const char *what)
{
    if (swap_free_slots() != slots0)
        bench_fail("%s: %ld swap slot(s) leaked", what, (long)(slots0 - swap_free_slots()));
    if (pager_get_stats()->resident)
        bench_fail("%s: %lu page(s) still resident", what, pager_get_stats()->resident);
}

/* Policy `kind` over refs[0..n) in a fresh space; counts in *c. */
static void run_string(enum evict_kind kind, unsigned n, struct replace_counts *c)
{
    unsigned long slots0 = swap_free_slots(), f0;
    bool irq;
    if (pager_configure(kind, BUDGET) != E_OK) {
        bench_fail("replace: pager_configure(%s, %u) failed", evict_kind_name(kind), BUDGET);
        return;
    }
    bench_space_enter(&pt);
    irq = bench_section_begin();
    f0 = page_table_fault_count();
    for (unsigned i = 0; i < n; i++) {
        if (i % 2 == 0)
            *page_word(refs[i]) = i;
        else
            (void)*page_word(refs[i]);
        if ((i + 1) % TICK_EVERY == 0)
            pager_tick();
    }
    c->faults = page_table_fault_count() - f0;
    bench_section_end(irq, "replacement");
    c->swap_ins = pager_get_stats()->swap_ins;
    c->swap_outs = pager_get_stats()->swap_outs;
    bench_space_leave(&pt, NULL, 0);
    check_exact(slots0, "replace");
}

static void replacement(void)
{
    struct replace_counts c;
    for (unsigned s = 0; s < STRINGS; s++) {
        unsigned n = make_string((enum ref_string)s);
        for (unsigned k = 0; k < KINDS; k++) {
            c = (struct replace_counts){0, 0, 0};
            run_string((enum evict_kind)k, n, &c);
            bench_report(figure_names[s][k][0], c.faults, "faults", string_what[s]);
            bench_report(figure_names[s][k][1], c.swap_ins, "reads", "pages read back from swap");
            bench_report(figure_names[s][k][2], c.swap_outs, "writes", "pages written to swap");
        }
    }
}

/* A demand fault that first evicts a never-written page (FIFO, budget
 * full of pages only read): no disk I/O, so it is exact.  Net of a
 * mapped store and of zeroing the page. */
static void evicting_fault(bool quick)
{
    unsigned n = quick ? EVICT_QUICK : EVICT_SAMPLES;
    unsigned long slots0 = swap_free_slots();
    uint32_t m;
    bool irq;
    if (pager_configure(EVICT_FIFO, n) != E_OK) {
        bench_fail("pager: pager_configure(fifo, %u) failed", n);
        return;
    }
    bench_space_enter(&pt);
    for (unsigned i = 0; i < n; i++)
        (void)*page_word(i); /* zeroes, clean: the victims to come */
    irq = bench_section_begin();
    bench_samples_reset(&samples);
    for (unsigned i = 0; i < n; i++)
        bench_add_value(&samples, bench_time_touch(page_word(n + i)));
    bench_section_end(irq, "evicting faults");
    m = bench_median(&samples);
    bench_space_leave(&pt, NULL, 0);
    check_exact(slots0, "evicting faults");
    m = m > bench_touch_baseline() + bench_zero_page()
            ? m - bench_touch_baseline() - bench_zero_page()
            : 0;
    bench_report("fault.overhead.pager_evict", m, "instr",
                 "fault.overhead.pager when the budget is full: a never-written victim dropped "
                 "first (no disk I/O)");
}

void bench_pager_off(void)
{
    if (pager_set_enabled(false) == E_BUSY)
        bench_fail("pager: pages are paged at bench start, so it cannot be turned off");
}

void bench_pager(bool quick)
{
    enum evict_kind kind = pager_kind();
    unsigned long budget = pager_budget();
    if (pager_set_enabled(true) != E_OK) {
        bench_fail("pager: not set up (tools/bench.sh attaches a swap disk)");
        return;
    }
    bench_faults_pager(quick);
    bench_cow_pager(quick);
    evicting_fault(quick);
    replacement();
    if (pager_configure(kind, budget) != E_OK)
        bench_fail("pager: could not restore %s with %lu frames", evict_kind_name(kind), budget);
}
