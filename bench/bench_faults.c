/*
 * bench_faults.c - demand faults, free_page, faults with many registered
 * pools, and page-table frames per MB touched.
 *
 * Design.  A fault is timed as one store (bench_time_touch) to a page
 * that is not present; the same store to a mapped page is the baseline,
 * so "fault cost" is exactly the exception entry, the handler, the
 * return and the store's retry.  "Overhead" is that cost minus zeroing
 * the page, i.e. everything the kernel adds on top of the unavoidable
 * rep stosl.  The demand-fault pool holds 10 live regions, as the
 * issue's target asks: nine small ones, faulted page by page into page
 * tables that already exist, and a 256 MB one, faulted at 4 MB strides
 * so that each fault must also create its page table.  A store whose
 * page table is missing where we want an existing one (a region that
 * straddles a 4 MB line) is done untimed and skipped.
 */
#include "bench/bench.h"

#include "cont_frame_pool.h"
#include "mmu.h"
#include "page_table.h"
#include "utils.h"
#include "vm_pool_registry.h"

#define DEMAND_POOL_SIZE    (512 * MB)
#define SMALL_REGIONS       9
#define SMALL_REGIONS_QUICK 3
#define SMALL_REGION_PAGES  16
#define LARGE_REGION_SIZE   (256 * MB)
#define NEW_TABLE_SAMPLES   48
#define NEW_TABLE_QUICK     9
#define MULTI_POOLS         16
#define MULTI_POOL_SIZE     (32 * MB)
#define MULTI_REGIONS       10
#define MULTI_TARGET_REGION 5
#define MULTI_SAMPLES       48
#define MULTI_SAMPLES_QUICK 16
#define TOUCHED_REGION_SIZE (16 * MB)
#define TOUCHED_POOL_SIZE   (64 * MB)
#define SPARSE_TOUCHES      16
#define RATIO_DECIMALS      3

static struct page_table pt;
static struct vm_pool pools[MULTI_POOLS];
static struct bench_samples samples;

static inline volatile uint32_t *word_at(unsigned long va)
{
    return (volatile uint32_t *)(uintptr_t)va;
}

/* Fault cost minus zeroing the page: what the kernel adds. */
static unsigned long overhead_of(uint32_t fault_cost)
{
    return fault_cost > bench_zero_page() ? fault_cost - bench_zero_page() : 0;
}

/* The median of the samples as a fault cost (net of a mapped store). */
static uint32_t fault_median(void)
{
    uint32_t m = bench_median(&samples);
    return m > bench_touch_baseline() ? m - bench_touch_baseline() : 0;
}

/* Time a first store to va if its page table exists; else just touch. */
static void sample_fault_in_table(unsigned long va)
{
    if (bench_table_exists(va))
        bench_add_value(&samples, bench_time_touch(word_at(va)));
    else
        *word_at(va) = 0;
}

static void demand_pool(unsigned long small[SMALL_REGIONS], unsigned long *large)
{
    vm_pool_init(&pools[0], BENCH_POOL_BASE, DEMAND_POOL_SIZE, &process_mem_pool, &pt);
    for (unsigned i = 0; i < SMALL_REGIONS; i++)
        small[i] = vm_pool_allocate(&pools[0], PAGE_ADDR(SMALL_REGION_PAGES));
    *large = vm_pool_allocate(&pools[0], LARGE_REGION_SIZE);
    if (!*large || !small[0])
        bench_fail("demand faults: allocation failed");
}

static uint32_t faults_existing_table(const unsigned long small[SMALL_REGIONS], bool quick)
{
    unsigned regions = quick ? SMALL_REGIONS_QUICK : SMALL_REGIONS;
    bool irq = bench_section_begin();
    bench_samples_reset(&samples);
    for (unsigned r = 0; r < regions; r++)
        for (unsigned long p = 0; p < SMALL_REGION_PAGES; p++)
            sample_fault_in_table(small[r] + PAGE_ADDR(p));
    bench_section_end(irq, "faults, existing table");
    return fault_median();
}

static uint32_t faults_new_table(unsigned long large, bool quick)
{
    unsigned n = quick ? NEW_TABLE_QUICK : NEW_TABLE_SAMPLES;
    unsigned long va = (large + TABLE_SPAN - 1) & ~(TABLE_SPAN - 1);
    bool irq = bench_section_begin();
    bench_samples_reset(&samples);
    for (unsigned k = 0; k < n && va < large + LARGE_REGION_SIZE; k++, va += TABLE_SPAN)
        if (!bench_table_exists(va))
            bench_add_value(&samples, bench_time_touch(word_at(va)));
    bench_section_end(irq, "faults, new table");
    return fault_median();
}

/* free_page on every mapped page of the small regions whose page table
 * keeps another page (so no table is freed with it). */
static uint32_t free_pages(const unsigned long small[SMALL_REGIONS], bool quick)
{
    unsigned regions = quick ? SMALL_REGIONS_QUICK : SMALL_REGIONS;
    bool irq = bench_section_begin();
    bench_samples_reset(&samples);
    for (unsigned r = 0; r < regions; r++) {
        for (unsigned long p = 0; p < SMALL_REGION_PAGES; p++) {
            unsigned long va = small[r] + PAGE_ADDR(p);
            uint32_t t0, t1;
            if (!pte_is_present(page_table_lookup(va)) || pt.live[PDX(va)] < 2)
                continue;
            t0 = bench_now();
            page_table_free_page(&pt, PAGE_NO(va));
            t1 = bench_now();
            bench_add(&samples, t0, t1);
        }
    }
    bench_section_end(irq, "free_page");
    return bench_median(&samples);
}

/* The demand-fault figures of one run, in instructions. */
struct demand {
    uint32_t existing, fresh, freed;
};

static void measure_demand(bool quick, struct demand *d)
{
    unsigned long small[SMALL_REGIONS], large;
    bench_space_enter(&pt);
    demand_pool(small, &large);
    d->existing = faults_existing_table(small, quick);
    d->fresh = faults_new_table(large, quick);
    d->freed = free_pages(small, quick);
    bench_space_leave(&pt, pools, 1);
}

static void demand_faults(bool quick)
{
    struct demand d;
    measure_demand(quick, &d);
    bench_report("fault.existing_table", d.existing, "instr",
                 "demand-zero fault, page table present (10 regions, pages in order)");
    bench_report("fault.new_table", d.fresh, "instr",
                 "demand-zero fault that also creates its page table");
    bench_report("fault.overhead", overhead_of(d.existing), "instr",
                 "fault.existing_table minus fault.zero_page");
    bench_report("fault.new_table_overhead", overhead_of(overhead_of(d.fresh)), "instr",
                 "fault.new_table minus zeroing two pages (data and table)");
    bench_report("free_page", d.freed, "instr",
                 "page_table_free_page of a mapped page, with invlpg");
}

/* P pools of MULTI_REGIONS regions each; faults go round-robin into
 * region MULTI_TARGET_REGION of each pool. */
static uint32_t faults_with_pools(unsigned n_pools, unsigned n_samples)
{
    unsigned long target[MULTI_POOLS] = {0};
    unsigned long region = PAGE_ADDR(1 + n_samples);
    bool irq;
    bench_space_enter(&pt);
    for (unsigned k = 0; k < n_pools; k++) {
        vm_pool_init(&pools[k], BENCH_POOL_BASE + k * MULTI_POOL_SIZE, MULTI_POOL_SIZE,
                     &process_mem_pool, &pt);
        for (unsigned r = 0; r < MULTI_REGIONS; r++) {
            unsigned long a = vm_pool_allocate(&pools[k], region);
            if (r == MULTI_TARGET_REGION)
                target[k] = a;
        }
        *word_at(target[k]) = 0; /* its page table, untimed */
    }
    irq = bench_section_begin();
    bench_samples_reset(&samples);
    for (unsigned j = 0; j < n_samples; j++)
        sample_fault_in_table(target[j % n_pools] + PAGE_ADDR(1 + j / n_pools));
    bench_section_end(irq, "faults with pools");
    bench_space_leave(&pt, pools, n_pools);
    return fault_median();
}

static unsigned long count_tables(void)
{
    unsigned long n = 0;
    for (unsigned long pdx = PDX(VM_AREA_START); pdx < PDX(VM_AREA_END); pdx++)
        n += pte_is_present(page_dir()[pdx]) ? 1 : 0;
    return n;
}

/* Page-table frames per MB of pages touched: 16 MB touched in order,
 * then one page every 4 MB (the worst case). */
static void tables_per_mb(void)
{
    unsigned long start, dense, sparse;
    bench_space_enter(&pt);
    vm_pool_init(&pools[0], BENCH_POOL_BASE, TOUCHED_POOL_SIZE, &process_mem_pool, &pt);
    start = vm_pool_allocate(&pools[0], TOUCHED_REGION_SIZE);
    for (unsigned long off = 0; off < TOUCHED_REGION_SIZE; off += PAGE_SIZE)
        *word_at(start + off) = 0;
    dense = count_tables();
    bench_space_leave(&pt, pools, 1);
    bench_space_enter(&pt);
    for (unsigned long k = 0; k < SPARSE_TOUCHES; k++)
        *word_at(BENCH_POOL_BASE + k * TABLE_SPAN) = 0; /* no pool: all legitimate */
    sparse = count_tables();
    bench_space_leave(&pt, pools, 0);
    bench_report_ratio("mem.table_frames_per_mb", dense, TOUCHED_REGION_SIZE / MB, RATIO_DECIMALS,
                       "frames", "page-table frames per MB touched (16 MB region, in order)");
    bench_report_ratio("mem.table_frames_per_mb_sparse", sparse * MB, SPARSE_TOUCHES * PAGE_SIZE,
                       RATIO_DECIMALS, "frames",
                       "page-table frames per MB touched (one page every 4 MB)");
}

void bench_faults(bool quick)
{
    unsigned n = quick ? MULTI_SAMPLES_QUICK : MULTI_SAMPLES;
    demand_faults(quick);
    bench_report("fault.overhead.pools1", overhead_of(faults_with_pools(1, n)), "instr",
                 "fault overhead with 1 registered pool (10 live regions)");
    if (quick)
        return;
    bench_report("fault.overhead.pools16", overhead_of(faults_with_pools(MULTI_POOLS, n)), "instr",
                 "fault overhead, 16 pools faulted round-robin (last-pool cache misses)");
    tables_per_mb();
}

void bench_faults_pager(bool quick)
{
    struct demand d;
    measure_demand(quick, &d);
    bench_report("fault.existing_table.pager", d.existing, "instr",
                 "fault.existing_table with the pager on (the page admitted, budget not full)");
    bench_report("fault.overhead.pager", overhead_of(d.existing), "instr",
                 "fault.overhead with the pager on: fault.existing_table.pager minus zeroing");
    bench_report("fault.new_table_overhead.pager", overhead_of(overhead_of(d.fresh)), "instr",
                 "fault.new_table_overhead with the pager on");
    bench_report("free_page.pager", d.freed, "instr",
                 "free_page with the pager on (the page's entry released)");
}
