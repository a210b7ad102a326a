/*
 * evict_scenarios.h - reference strings for the replacement policies,
 * shared by the host reference model and the kernel tests.
 *
 * Why one table for both: the kernel tests run each scenario with a
 * frame budget of `frames` pages and compare their fault count after
 * every reference with the model's.  The expected counts are never
 * written by hand: tests/host/evict_expected_gen.c runs the model
 * (tests/host/evict_sim.h over mm/evict_policy.c) on this very table
 * and writes build/gen/evict_expected.h, which the kernel test image
 * includes; only the textbook totals are pinned by hand, in
 * tests/host/evict_scenarios_test.c.
 *
 * A reference is a page number (< EVICT_SCENARIO_PAGES) touched once,
 * or EVICT_REF_TICK: an aging tick at that point (evict_tick, the
 * kernel's pager_tick), which touches nothing and so repeats the
 * previous fault count.  A fault's loading access sets the page's
 * accessed bit, as the CPU's retried instruction does.
 * Pure data: no code, no kernel dependencies beyond the policy's enum.
 */
#ifndef SELFMAP_EVICT_SCENARIOS_H
#define SELFMAP_EVICT_SCENARIOS_H

#include <stdint.h>

#include "evict_policy.h"

#define EVICT_REF_TICK       0xFFFFu /* an aging tick here, not an access */
#define EVICT_SCENARIO_PAGES 64u     /* every page number is below this */

struct evict_scenario {
    const char *name;     /* "belady3.fifo": string, frames, policy */
    enum evict_kind kind; /* fifo, clock or aging (never lru: no hardware reports it) */
    uint32_t frames;      /* the frame budget */
    const uint16_t *refs; /* pages and EVICT_REF_TICKs, in order */
    uint32_t n_refs;
};

extern const struct evict_scenario evict_scenarios[];
extern const uint32_t evict_n_scenarios;

#endif
