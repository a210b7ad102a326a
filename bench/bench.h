/*
 * bench.h - selfmap's benchmark suite (make bench).
 *
 * Why instruction counts: under QEMU with -icount shift=0 every guest
 * instruction advances the TSC by exactly one, so the difference of two
 * rdtsc readings is an exact count of the instructions between them.
 * Such counts do not depend on the host's load and repeat exactly from
 * run to run, which wall-clock time on a shared machine never does.
 *
 * How a figure is taken: interrupts are off (no timer tick can land in
 * a measurement), the operation runs between two readings many times,
 * the cost of an empty pair of readings is subtracted, and the median
 * is reported.  Every scenario builds its own address space, pools and
 * frame-pool state and tears them down, so a figure does not depend on
 * which scenarios ran before it.  Nothing is printed inside a measured
 * section; the harness checks that with the console's capture buffer.
 *
 * Output: one `BENCH <name> <value> <unit> <description>` line per
 * figure as soon as it is known (tools/bench.sh turns them into
 * $BUILD/bench.json, bench/results.md and bench/scaling.svg), then a
 * human-readable table.
 */
#ifndef SELFMAP_BENCH_H
#define SELFMAP_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "sizes.h"
#include "x86.h"

struct page_table;
struct vm_pool;

/* Run the suite when the command line says `bench` (everything) or
 * `bench=quick` (a small subset, for the determinism test), then leave
 * QEMU: EXIT_PASSED, or EXIT_FAILED when a scenario went wrong (a frame
 * leak, a failed allocation, output on a hot path).  Returns at once
 * when neither word is present.  Call with paging on and the kernel
 * page table loaded. */
void bench_run_if_requested(void);

/* ---- the harness (bench.c), for the scenario files ------------------ */

#define BENCH_MAX_SAMPLES 256
#define BENCH_POOL_BASE   (1 * GB) /* where scenario pools start */

/* The instruction counter: the low half of the TSC.  rdtsc_low()'s
 * "memory" clobber keeps the compiler from moving loads and stores
 * across it. */
static inline uint32_t bench_now(void) { return rdtsc_low(); }

/* Samples of one figure, already net of the reading pair's own cost. */
struct bench_samples {
    unsigned n;
    uint32_t v[BENCH_MAX_SAMPLES];
};

/* Forget every sample in s. */
void bench_samples_reset(struct bench_samples *s);
/* Add the count between readings t0 and t1, minus an empty pair's cost.
 * Samples past BENCH_MAX_SAMPLES are dropped. */
void bench_add(struct bench_samples *s, uint32_t t0, uint32_t t1);
/* Add a raw value (already a net count). */
void bench_add_value(struct bench_samples *s, uint32_t v);
/* The median of s (the lower middle for an even count); 0 when empty.
 * Sorts s->v in place. */
uint32_t bench_median(struct bench_samples *s);

/* Timed store to *p (a fault when its page is not present), net of the
 * reading pair.  Every touch is timed by this one function, so a fault
 * and its mapped-page baseline run exactly the same instructions. */
uint32_t bench_time_touch(volatile uint32_t *p);
/* Timed zeroing of the page at `page` with the fault handler's
 * fill_words, net of the reading pair. */
uint32_t bench_time_zero(void *page);

/* Calibrated at start: an empty pair of readings (already taken out of
 * bench_add's samples), a store to a mapped page, and zeroing a page. */
uint32_t bench_pair_cost(void);
uint32_t bench_touch_baseline(void);
uint32_t bench_zero_page(void);

/* A measured section: interrupts off and the console capture emptied on
 * entry; on exit, any output counts as a print on a hot path (a
 * failure) and interrupts are restored. */
bool bench_section_begin(void);
void bench_section_end(bool irq_was_on, const char *what);

/* Record figure `name` (dotted, no spaces) = value in `unit`, with a
 * one-line description; prints its BENCH line at once. */
void bench_report(const char *name, unsigned long value, const char *unit, const char *what);
/* The same for num / den shown with `decimals` decimals (at most 3). */
void bench_report_ratio(const char *name, unsigned long num, unsigned long den, unsigned decimals,
                        const char *unit, const char *what);
/* Note a broken expectation: printed now, and the run fails at the end. */
void bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A fresh address space: page_table_init + page_table_load.  Remembers
 * the free-frame count to check for leaks in bench_space_leave. */
void bench_space_enter(struct page_table *pt);
/* Unregister the n pools, reload the kernel page table, destroy pt and
 * check that every frame came back. */
void bench_space_leave(struct page_table *pt, struct vm_pool *pools, unsigned n);
/* True when the page table covering va exists in the loaded space. */
bool bench_table_exists(unsigned long va);

/* ---- the scenarios (one file each) ----------------------------------- */
void bench_faults(bool quick);
void bench_pool_scaling(bool quick);
void bench_frames(bool quick);
void bench_scenarios(bool quick);
void bench_buddy(bool quick);
void bench_swap(bool quick);
void bench_user_copy(bool quick);
void bench_cow(bool quick);
void bench_evict(bool quick);

/* The pager (bench_pager.c).  bench_pager_off, before the first
 * scenario: the pager off (pager_set_enabled), so the figures above
 * measure the fault path without it; a no-op with no pager set up.
 * bench_pager: the pager on for the *.pager figures (bench_faults_pager,
 * bench_cow_pager) and the replace.* counts, then its settings as at
 * boot; a failure when no pager is set up (no swap disk). */
void bench_pager_off(void);
void bench_pager(bool quick);
void bench_faults_pager(bool quick);
void bench_cow_pager(bool quick);

#endif
