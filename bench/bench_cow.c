/*
 * bench_cow.c - copy-on-write fork against eager copying.
 *
 * Design.  A fresh address space is given a user heap (struct uvm, as a
 * process has) and its first N pages are touched.  "fork" here is the
 * part of fork that grows with the address space: page_table_init for
 * the child and then uvm_share_pages (copy-on-write) or uvm_copy_pages
 * (eager, what fork did before), timed together; the process slot and
 * kernel stack cost the same either way and are left out.  The child is
 * destroyed untimed after each sample.  The two faults are timed as
 * stores from the kernel (CR0.WP makes them fault like a user store):
 * with a child alive every page has a count of two, so a store copies;
 * after the child is gone the count is one and a store only turns
 * writing back on.  Both are reported net of a store to a mapped page.
 */
#include "bench/bench.h"

#include "cow.h"
#include "mmu.h"
#include "page_table.h"
#include "utils.h"
#include "uvm.h"

#define MAX_PAGES     1000
#define FORK_STEPS    5
#define FORK_SAMPLES  5
#define QUICK_SAMPLES 3
#define FAULT_SAMPLES 64
#define RATIO_DIGITS  1

static struct page_table pt, child;
static struct uvm heap;
static struct bench_samples samples;
static const unsigned long steps[FORK_STEPS] = {0, 250, 500, 750, 1000};
static const char *const cow_names[FORK_STEPS] = {"cow.fork.p0", "cow.fork.p250", "cow.fork.p500",
                                                  "cow.fork.p750", "cow.fork.p1000"};
static const char *const eager_names[FORK_STEPS] = {"cow.eager_fork.p0", "cow.eager_fork.p250",
                                                    "cow.eager_fork.p500", "cow.eager_fork.p750",
                                                    "cow.eager_fork.p1000"};

/* Touch (back) heap pages [from, to) of the loaded space. */
static void touch_pages(unsigned long from, unsigned long to)
{
    for (unsigned long p = from; p < to; p++)
        *(volatile uint32_t *)(USER_BASE + PAGE_ADDR(p)) = (uint32_t)p;
}

/* One timed fork of the loaded space into `child`, which stays alive. */
static uint32_t fork_once(bool eager)
{
    bool irq = bench_section_begin();
    uint32_t t0 = bench_now(), t1;
    int rc;
    page_table_init(&child);
    rc = eager ? uvm_copy_pages(&child) : uvm_share_pages(&child);
    t1 = bench_now();
    bench_section_end(irq, "fork");
    if (rc != 0)
        bench_fail("bench_cow: %s fork ran out of frames", eager ? "eager" : "cow");
    return t1 - t0;
}

/* The median fork cost with `pages` touched; the child is destroyed. */
static uint32_t fork_cost(bool eager, unsigned n)
{
    bench_samples_reset(&samples);
    for (unsigned i = 0; i < n; i++) {
        uint32_t t = fork_once(eager);
        bench_add_value(&samples, t > bench_pair_cost() ? t - bench_pair_cost() : 0);
        page_table_destroy(&child);
    }
    return bench_median(&samples);
}

/* Median cost of the first store to each of `n` PTE_COW pages, net of
 * a store to a mapped page. */
static uint32_t cow_faults(unsigned long first, unsigned n)
{
    uint32_t m;
    bool irq = bench_section_begin();
    bench_samples_reset(&samples);
    for (unsigned long p = first; p < first + n; p++)
        bench_add_value(&samples,
                        bench_time_touch((volatile uint32_t *)(USER_BASE + PAGE_ADDR(p))));
    bench_section_end(irq, "copy-on-write faults");
    m = bench_median(&samples);
    return m > bench_touch_baseline() ? m - bench_touch_baseline() : 0;
}

/* Fork cost against touched pages, both ways; fills cow[] and eager[]. */
static void fork_series(bool quick, uint32_t cow[FORK_STEPS], uint32_t eager[FORK_STEPS])
{
    unsigned n = quick ? QUICK_SAMPLES : FORK_SAMPLES;
    for (unsigned s = 0; s < FORK_STEPS; s++) {
        touch_pages(s ? steps[s - 1] : 0, steps[s]);
        cow[s] = fork_cost(false, n);
        eager[s] = fork_cost(true, n);
        bench_report(cow_names[s], cow[s], "instr", "copy-on-write fork's address-space part");
        bench_report(eager_names[s], eager[s], "instr", "eager fork's address-space part");
    }
}

/* A fresh space with a user heap of MAX_PAGES pages, none touched. */
static void cow_space_enter(void)
{
    bench_space_enter(&pt);
    cow_init();
    heap.image_end = USER_BASE;
    heap.brk = USER_BASE + PAGE_ADDR(MAX_PAGES);
    pt.user = &heap;
}

static void cow_space_leave(void)
{
    pt.user = NULL;
    bench_space_leave(&pt, NULL, 0);
}

/* With every heap page touched: the two faults' median costs. */
static void fault_pair(uint32_t *copy, uint32_t *reenable)
{
    fork_once(false); /* a live child: every page has a count of two */
    *copy = cow_faults(0, FAULT_SAMPLES);
    page_table_destroy(&child); /* counts of one from here */
    *reenable = cow_faults(FAULT_SAMPLES, FAULT_SAMPLES);
}

void bench_cow(bool quick)
{
    uint32_t cow[FORK_STEPS], eager[FORK_STEPS], copy, reenable;
    cow_space_enter();
    fork_series(quick, cow, eager);
    bench_report_ratio("cow.fork_speedup", eager[FORK_STEPS - 1], cow[FORK_STEPS - 1], RATIO_DIGITS,
                       "x", "eager fork / COW fork, 1,000 pages (target >= 20)");
    bench_report("cow.fork_per_page", (cow[FORK_STEPS - 1] - cow[0]) / MAX_PAGES, "instr",
                 "COW fork's cost per touched page (target <= 30)");
    fault_pair(&copy, &reenable);
    bench_report("cow.fault_copy", copy, "instr", "store to a shared PTE_COW page: copy 4 KB");
    bench_report("cow.fault_reenable", reenable, "instr",
                 "store to a PTE_COW page no one else maps (target <= 200)");
    cow_space_leave();
}

void bench_cow_pager(bool quick)
{
    unsigned n = quick ? QUICK_SAMPLES : FORK_SAMPLES;
    uint32_t none, all, copy, reenable;
    cow_space_enter();
    none = fork_cost(false, n);
    touch_pages(0, MAX_PAGES); /* each page admitted; fork pins it */
    all = fork_cost(false, n);
    fault_pair(&copy, &reenable);
    cow_space_leave();
    bench_report("cow.fork_per_page.pager", (all - none) / MAX_PAGES, "instr",
                 "cow.fork_per_page with the pager on (each shared page pinned)");
    bench_report("cow.fault_copy.pager", copy, "instr",
                 "cow.fault_copy with the pager on (the private copy admitted)");
    bench_report("cow.fault_reenable.pager", reenable, "instr",
                 "cow.fault_reenable with the pager on (the page admitted again)");
}
