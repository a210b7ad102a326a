/*
 * bench.c - the benchmark harness: the entry point the command line
 * selects, calibration, medians, figure reporting and the address-space
 * helpers every scenario uses.  See bench.h for why instruction counts.
 *
 * Design.  Scenarios (bench_*.c) time operations inline between two
 * bench_now() readings and hand the raw pair to bench_add, which takes
 * off the empty pair's cost measured once at start.  Results are kept
 * in a small table so the human summary can be printed at the end,
 * after the last measurement, while each BENCH line goes out as soon as
 * its figure is known (a crash still leaves the figures before it).
 */
#include "bench/bench.h"

#include "boot.h"
#include "cmdline.h"
#include "console.h"
#include "mmu.h"
#include "page_table.h"
#include "scenarios.h"
#include "utils.h"
#include "vm_pool_registry.h"

#define MAX_RESULTS      256
#define VALUE_CHARS      24
#define CALIBRATION_RUNS 31
#define MAX_DECIMALS     3
#define PAIR_COST_ICOUNT 4 /* above this, rdtsc is not counting instructions */
#define TOUCH_VALUE      1u
#define WORDS_PER_PAGE   (PAGE_SIZE / sizeof(uint32_t))

struct result {
    const char *name, *unit, *what;
    char value[VALUE_CHARS];
};

static struct result results[MAX_RESULTS];
static unsigned n_results;
static unsigned failures;
static unsigned long hot_path_chars;
static uint32_t pair_cost, touch_baseline, zero_page;
static unsigned long space_frames_before;
static uint32_t calibration_page[WORDS_PER_PAGE] __attribute__((aligned(PAGE_SIZE)));
static volatile uint32_t touch_target;
static struct bench_samples calib;

void bench_samples_reset(struct bench_samples *s) { s->n = 0; }

void bench_add_value(struct bench_samples *s, uint32_t v)
{
    if (s->n < BENCH_MAX_SAMPLES)
        s->v[s->n++] = v;
}

void bench_add(struct bench_samples *s, uint32_t t0, uint32_t t1)
{
    bench_add_value(s, t1 - t0 - pair_cost);
}

uint32_t bench_median(struct bench_samples *s)
{
    if (s->n == 0)
        return 0;
    for (unsigned i = 1; i < s->n; i++) { /* insertion sort: n is small */
        uint32_t v = s->v[i];
        unsigned j = i;
        for (; j > 0 && s->v[j - 1] > v; j--)
            s->v[j] = s->v[j - 1];
        s->v[j] = v;
    }
    return s->v[(s->n - 1) / 2];
}

__attribute__((noinline)) uint32_t bench_time_touch(volatile uint32_t *p)
{
    uint32_t t0 = bench_now();
    *p = TOUCH_VALUE;
    uint32_t t1 = bench_now();
    return t1 - t0 - pair_cost;
}

__attribute__((noinline)) uint32_t bench_time_zero(void *page)
{
    uint32_t t0 = bench_now();
    fill_words(page, 0, WORDS_PER_PAGE);
    uint32_t t1 = bench_now();
    return t1 - t0 - pair_cost;
}

uint32_t bench_pair_cost(void) { return pair_cost; }
uint32_t bench_touch_baseline(void) { return touch_baseline; }
uint32_t bench_zero_page(void) { return zero_page; }

bool bench_section_begin(void)
{
    bool was_on = irq_save();
    console_capture_reset();
    return was_on;
}

void bench_section_end(bool irq_was_on, const char *what)
{
    size_t printed = strlen(console_captured());
    irq_restore(irq_was_on);
    hot_path_chars += printed;
    if (printed)
        bench_fail("%s: %u characters printed inside a measured section", what, (unsigned)printed);
}

void bench_fail(const char *fmt, ...)
{
    va_list ap;
    failures++;
    kprintf("BENCH-FAIL ");
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
}

static void record(const char *name, const char *unit, const char *what, const char *value)
{
    struct result *r;
    kprintf("BENCH %s %s %s %s\n", name, value, unit, what);
    if (n_results == MAX_RESULTS) {
        bench_fail("more than %u figures", MAX_RESULTS);
        return;
    }
    r = &results[n_results++];
    r->name = name, r->unit = unit, r->what = what;
    memcpy(r->value, value, strlen(value) + 1);
}

void bench_report(const char *name, unsigned long value, const char *unit, const char *what)
{
    char buf[VALUE_CHARS];
    ksnprintf(buf, sizeof(buf), "%lu", value);
    record(name, unit, what, buf);
}

void bench_report_ratio(const char *name, unsigned long num, unsigned long den, unsigned decimals,
                        const char *unit, const char *what)
{
    static const char *const formats[] = {"%lu", "%lu.%01lu", "%lu.%02lu", "%lu.%03lu"};
    static const unsigned long scales[] = {1, 10, 100, 1000};
    unsigned long scale, scaled;
    char buf[VALUE_CHARS];
    decimals = MIN(decimals, MAX_DECIMALS);
    scale = scales[decimals];
    scaled = den ? (unsigned long)(((unsigned long long)num * scale + den / 2) / den) : 0;
    ksnprintf(buf, sizeof(buf), formats[decimals], scaled / scale, scaled % scale);
    record(name, unit, what, buf);
}

void bench_space_enter(struct page_table *pt)
{
    space_frames_before = page_table_free_frames();
    page_table_init(pt);
    page_table_load(pt);
}

void bench_space_leave(struct page_table *pt, struct vm_pool *pools, unsigned n)
{
    unsigned long after;
    for (unsigned i = 0; i < n; i++)
        vm_pool_unregister(pt, &pools[i]);
    current_pool = NULL;
    page_table_load(&kernel_page_table);
    page_table_destroy(pt);
    after = page_table_free_frames();
    if (after != space_frames_before)
        bench_fail("address space leaked %ld frame(s)", (long)(space_frames_before - after));
}

bool bench_table_exists(unsigned long va) { return pte_is_present(*pde_for(va)) != 0; }

/* The empty pair, a store to a mapped page, and zeroing one page. */
static void calibrate(void)
{
    bool irq = bench_section_begin();
    bench_samples_reset(&calib);
    for (unsigned i = 0; i < CALIBRATION_RUNS; i++) {
        uint32_t t0 = bench_now();
        uint32_t t1 = bench_now();
        bench_add(&calib, t0, t1);
    }
    pair_cost = bench_median(&calib);
    bench_samples_reset(&calib);
    for (unsigned i = 0; i < CALIBRATION_RUNS; i++)
        bench_add_value(&calib, bench_time_touch(&touch_target));
    touch_baseline = bench_median(&calib);
    bench_samples_reset(&calib);
    for (unsigned i = 0; i < CALIBRATION_RUNS; i++)
        bench_add_value(&calib, bench_time_zero(calibration_page));
    zero_page = bench_median(&calib);
    bench_section_end(irq, "calibration");
}

static void report_calibration(void)
{
    bench_report("calib.rdtsc_pair", pair_cost, "instr",
                 "an empty pair of readings (subtracted from every figure)");
    bench_report("calib.touch_mapped", touch_baseline, "instr",
                 "a timed store to a mapped page (the fault figures' baseline)");
    bench_report("fault.zero_page", zero_page, "instr", "zeroing one 4 KB page (rep stosl)");
    if (pair_cost > PAIR_COST_ICOUNT)
        bench_fail("rdtsc pair costs %lu: not instruction counts; run with -icount shift=0",
                   (unsigned long)pair_cost);
}

static void print_table(void)
{
    kprintf("\n%-34s %10s %-6s %s\n", "figure", "value", "unit", "what");
    for (unsigned i = 0; i < n_results; i++)
        kprintf("%-34s %10s %-6s %s\n", results[i].name, results[i].value, results[i].unit,
                results[i].what);
}

NORETURN static void bench_main(bool quick)
{
    kprintf("selfmap bench (%s): guest instruction counts, medians\n", quick ? "quick" : "full");
    bench_pager_off(); /* the figures below measure the path without it */
    calibrate();
    report_calibration();
    bench_faults(quick);
    bench_pool_scaling(quick);
    bench_frames(quick);
    bench_user_copy(quick);
    bench_cow(quick);
    if (!quick) {
        bench_scenarios(quick);
        bench_buddy(quick);
        bench_swap(quick);
        bench_evict(quick);
        bench_pager(quick);
    }
    bench_report("bench.hot_path_chars", hot_path_chars, "chars",
                 "characters printed inside measured sections (must be 0)");
    print_table();
    kprintf("BENCH-END %s (%u failure(s))\n", failures ? "FAILED" : "passed", failures);
    machine_exit(failures ? EXIT_FAILED : EXIT_PASSED);
}

void bench_run_if_requested(void)
{
    if (word_on(WORD_BENCH)) /* bench, bench=full or bench=quick; a bad one stopped the boot */
        bench_main(word_value(WORD_BENCH) == BENCH_QUICK);
}

static void bench_boot_hook(enum boot_stage stage)
{
    if (stage == BOOT_PAGING_ON)
        bench_run_if_requested();
}
BOOT_HOOK(bench, bench_boot_hook);
