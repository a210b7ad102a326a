/*
 * bench_pools.c - how VM-pool operations scale with the number of live
 * regions: allocate+release, is_legitimate and the fault overhead with
 * 1, 10, 100, 1,000 and 10,000 live regions, and the bookkeeping bytes
 * each live region costs.
 *
 * Design.  For each count N a fresh address space gets one pool filled
 * by first fit with N equal, adjacent regions, followed by one free
 * extent, so the extent tree holds N + 1 nodes.  The allocate+release
 * pair takes one page from that free tail and gives it back (a warm-up
 * pair first, so the extent slot it needs is a recycled one and no
 * bookkeeping page faults inside the measurement).
 *
 * is_legitimate and the fault path remember the region they found last
 * (vm_pool.c's one-entry cache), so each is measured twice: cold, just
 * after a release (which empties the cache), where the cost is the tree
 * walk and grows with log N; and cached, right after a lookup in the
 * same region, which is what a run of faults through one array sees.
 * The cold figures are the ones the scaling targets are judged on.
 *
 * Adjacent regions leave a single free extent, and the free-extent tree
 * (vm_pool.c) is what every lookup walks; so each count is measured a
 * second time in a fragmented pool ("_frag" figures): 2N regions are
 * allocated and every other one released, which leaves N live regions
 * and N free extents, the worst case for the tree.
 * Samples go to regions spread evenly over the pool, so the cold median
 * covers shallow and deep tree nodes alike.  Each region has a page for
 * every fault sample it receives, in two halves (cold, cached), plus its
 * first page, touched untimed so its page table exists.
 */
#include "bench/bench.h"

#include "console.h"
#include "cont_frame_pool.h"
#include "mmu.h"
#include "page_table.h"
#include "utils.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

#define SCALE_POOL_SIZE   (256 * MB)
#define SCALE_STEPS       5
#define SCALE_STEPS_QUICK 2
#define SCALE_SAMPLES     33
#define SCALE_QUICK       11
#define BYTES_DECIMALS    2
#define PROBE_OFFSET      (PAGE_SIZE / 2) /* is_legitimate asks mid-page */

static const unsigned long counts[SCALE_STEPS] = {1, 10, 100, 1000, 10000};
static const char *const ar_names[SCALE_STEPS] = {
    "pool.alloc_release.n1", "pool.alloc_release.n10", "pool.alloc_release.n100",
    "pool.alloc_release.n1000", "pool.alloc_release.n10000"};
static const char *const legit_names[SCALE_STEPS] = {
    "pool.is_legitimate.n1", "pool.is_legitimate.n10", "pool.is_legitimate.n100",
    "pool.is_legitimate.n1000", "pool.is_legitimate.n10000"};
static const char *const legit_hit_names[SCALE_STEPS] = {
    "pool.is_legitimate_cached.n1", "pool.is_legitimate_cached.n10",
    "pool.is_legitimate_cached.n100", "pool.is_legitimate_cached.n1000",
    "pool.is_legitimate_cached.n10000"};
static const char *const fault_names[SCALE_STEPS] = {"fault.overhead.n1", "fault.overhead.n10",
                                                     "fault.overhead.n100", "fault.overhead.n1000",
                                                     "fault.overhead.n10000"};
static const char *const fault_hit_names[SCALE_STEPS] = {
    "fault.overhead_cached.n1", "fault.overhead_cached.n10", "fault.overhead_cached.n100",
    "fault.overhead_cached.n1000", "fault.overhead_cached.n10000"};

struct layout {
    unsigned long n, first, region_bytes; /* region i starts at first + i * stride * region_bytes */
    unsigned long stride;                 /* 1: adjacent regions; 2: a free gap after each */
};

static struct page_table pt;
static struct vm_pool pool;
static struct bench_samples samples;

static unsigned long region_start(const struct layout *l, unsigned long i)
{
    return l->first + i * l->stride * l->region_bytes;
}

static bool populate(struct layout *l)
{
    for (unsigned long i = 0; i < l->n * l->stride; i++) {
        unsigned long a = vm_pool_allocate(&pool, l->region_bytes);
        if (i == 0)
            l->first = a;
        if (!a || a != l->first + i * l->region_bytes) {
            bench_fail("pool scaling: region %lu of %lu at 0x%lx", i, l->n, a);
            return false;
        }
    }
    for (unsigned long i = 1; l->stride > 1 && i < l->n * l->stride; i += l->stride)
        if (vm_pool_release(&pool, l->first + i * l->region_bytes) != E_OK)
            return false;
    return true;
}

static uint32_t alloc_release(unsigned n_samples)
{
    bool irq = bench_section_begin();
    vm_pool_release(&pool, vm_pool_allocate(&pool, PAGE_SIZE)); /* warm-up */
    bench_samples_reset(&samples);
    for (unsigned s = 0; s < n_samples; s++) {
        uint32_t t0 = bench_now();
        unsigned long a = vm_pool_allocate(&pool, PAGE_SIZE);
        int rc = vm_pool_release(&pool, a);
        uint32_t t1 = bench_now();
        bench_add(&samples, t0, t1);
        if (!a || rc != E_OK)
            bench_fail("pool scaling: allocate+release failed");
    }
    bench_section_end(irq, "allocate+release");
    return bench_median(&samples);
}

/* End the region cache's memory (release clears it) or fill it with
 * the region holding va, outside any measurement. */
static void set_cache(unsigned long va, bool cached)
{
    if (cached)
        (void)vm_pool_is_legitimate(&pool, va);
    else
        vm_pool_release(&pool, vm_pool_allocate(&pool, PAGE_SIZE));
}

static uint32_t is_legitimate(const struct layout *l, unsigned n_samples, bool cached)
{
    bool irq = bench_section_begin();
    bench_samples_reset(&samples);
    for (unsigned s = 0; s < n_samples; s++) {
        unsigned long a = region_start(l, s * l->n / n_samples) + PROBE_OFFSET;
        uint32_t t0, t1;
        bool ok;
        set_cache(a, cached);
        t0 = bench_now();
        ok = vm_pool_is_legitimate(&pool, a);
        t1 = bench_now();
        bench_add(&samples, t0, t1);
        if (!ok)
            bench_fail("pool scaling: 0x%lx is not legitimate", a);
    }
    bench_section_end(irq, "is_legitimate");
    return bench_median(&samples);
}

/* One fault sample at page `page` of region i: its page table made
 * first (untimed), the cache set, then the timed store. */
static void fault_sample(const struct layout *l, unsigned long i, unsigned long page, bool cached)
{
    unsigned long start = region_start(l, i), va = start + PAGE_ADDR(page);
    if (!bench_table_exists(start))
        *(volatile uint32_t *)(uintptr_t)start = 0;
    set_cache(va, cached);
    if (bench_table_exists(va))
        bench_add_value(&samples, bench_time_touch((volatile uint32_t *)(uintptr_t)va));
    else
        *(volatile uint32_t *)(uintptr_t)va = 0;
}

/* Fault cost minus a mapped store and the zeroing: the overhead.  The
 * cached and the cold samples use separate pages of each region. */
static uint32_t fault_overhead(const struct layout *l, unsigned n_samples, bool cached)
{
    unsigned long prev = l->n, k = 0, per_region = (n_samples + l->n - 1) / l->n;
    uint32_t m, base = bench_touch_baseline() + bench_zero_page();
    bool irq = bench_section_begin();
    bench_samples_reset(&samples);
    for (unsigned s = 0; s < n_samples; s++) {
        unsigned long i = s * l->n / n_samples;
        k = i == prev ? k + 1 : 0;
        prev = i;
        fault_sample(l, i, 1 + k + (cached ? 0 : per_region), cached);
    }
    bench_section_end(irq, "faults at scale");
    m = bench_median(&samples);
    return m > base ? m - base : 0;
}

/* The fragmented pool's figures: name_frag.nN. */
static void frag_report(const char *series, unsigned long n, unsigned long value, const char *what)
{
    char name[48];
    ksnprintf(name, sizeof(name), "%s_frag.n%lu", series, n);
    bench_report(name, value, "instr", what);
}

static void scale_report(unsigned step, const struct layout *l, unsigned n_samples)
{
    if (l->stride > 1) {
        frag_report("pool.alloc_release", l->n, alloc_release(n_samples),
                    "allocate + release of one page, N free extents between the regions");
        frag_report("pool.is_legitimate", l->n, is_legitimate(l, n_samples, false),
                    "is_legitimate, cache cold, N free extents between the regions");
        frag_report("fault.overhead", l->n, fault_overhead(l, n_samples, false),
                    "fault overhead, cache cold, N free extents between the regions");
        return;
    }
    bench_report(ar_names[step], alloc_release(n_samples), "instr",
                 "vm_pool_allocate + vm_pool_release of one page");
    bench_report(legit_names[step], is_legitimate(l, n_samples, false), "instr",
                 "vm_pool_is_legitimate, region cache cold (just after a release)");
    bench_report(legit_hit_names[step], is_legitimate(l, n_samples, true), "instr",
                 "vm_pool_is_legitimate, same region as the call before");
    bench_report(fault_names[step], fault_overhead(l, n_samples, false), "instr",
                 "fault overhead beyond zeroing, region cache cold");
    bench_report(fault_hit_names[step], fault_overhead(l, n_samples, true), "instr",
                 "fault overhead beyond zeroing, same region as the lookup before");
}

static void scale_step(unsigned step, unsigned n_samples, unsigned long stride)
{
    struct layout l = {counts[step], 0, 0, stride};
    unsigned long per_region = (n_samples + l.n - 1) / l.n;
    l.region_bytes = PAGE_ADDR(1 + 2 * per_region);
    bench_space_enter(&pt);
    vm_pool_init(&pool, BENCH_POOL_BASE, SCALE_POOL_SIZE, &process_mem_pool, &pt);
    if (populate(&l)) {
        scale_report(step, &l, n_samples);
        if (step == SCALE_STEPS - 1 && stride == 1)
            bench_report_ratio("mem.bookkeeping_bytes_per_region", vm_pool_bookkeeping_bytes(&pool),
                               l.n, BYTES_DECIMALS, "bytes",
                               "VM-pool bookkeeping per live region (10,000 regions)");
    }
    bench_space_leave(&pt, &pool, 1);
}

void bench_pool_scaling(bool quick)
{
    unsigned steps = quick ? SCALE_STEPS_QUICK : SCALE_STEPS;
    for (unsigned long stride = 1; stride <= 2; stride++)
        for (unsigned step = 0; step < steps; step++)
            scale_step(step, quick ? SCALE_QUICK : SCALE_SAMPLES, stride);
}
