/*
 * bench_scenarios.c - MP4's two test programs, each timed end to end.
 *
 * Design.  Each run builds a fresh address space, times the scenario
 * function alone (pool set-up, every fault, allocation, access and
 * release included), then tears the space down outside the measurement
 * and checks that every frame came back.  The same code backs `make
 * run`, so these are the instruction counts of the course's own tests.
 */
#include "bench/bench.h"

#include "page_table.h"
#include "scenarios.h"
#include "utils.h"
#include "vm_pool.h"

#define SCENARIO_RUNS 5
#define MP4_POOLS     2

static struct page_table pt;
static struct vm_pool mp4_pools[MP4_POOLS];
static struct bench_samples samples;

static void default_once(void)
{
    bool ok, irq;
    uint32_t t0, t1;
    bench_space_enter(&pt);
    irq = bench_section_begin();
    t0 = bench_now();
    ok = mp4_default_scenario(&pt, &mp4_pools[0], &mp4_pools[1]);
    t1 = bench_now();
    bench_section_end(irq, "MP4 default scenario");
    bench_space_leave(&pt, mp4_pools, MP4_POOLS);
    bench_add(&samples, t0, t1);
    if (!ok)
        bench_fail("MP4 default scenario failed");
}

static void page_table_once(void)
{
    bool ok, irq;
    uint32_t t0, t1;
    bench_space_enter(&pt);
    irq = bench_section_begin();
    t0 = bench_now();
    ok = mp4_page_table_scenario();
    t1 = bench_now();
    bench_section_end(irq, "MP4 page-table scenario");
    bench_space_leave(&pt, mp4_pools, 0);
    bench_add(&samples, t0, t1);
    if (!ok)
        bench_fail("MP4 page-table scenario failed");
}

void bench_scenarios(bool quick)
{
    unsigned runs = quick ? 1 : SCENARIO_RUNS;
    bench_samples_reset(&samples);
    for (unsigned r = 0; r < runs; r++)
        default_once();
    bench_report("mp4.default", bench_median(&samples), "instr",
                 "MP4's default scenario (code_pool and heap_pool), end to end");
    bench_samples_reset(&samples);
    for (unsigned r = 0; r < runs; r++)
        page_table_once();
    bench_report("mp4.page_table", bench_median(&samples), "instr",
                 "MP4's page-table scenario (1 MB written and read at 4 MB), end to end");
}
