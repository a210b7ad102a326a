/*
 * evict_scenarios_test.c - the scenario table the kernel tests run
 * (tests/evict_scenarios.c) is well formed, and the model gives the
 * textbook's totals on it.
 *
 * The kernel tests expect, after every reference, the count the model
 * gives (build/gen/evict_expected.h, from evict_expected_gen.c with the
 * same evict_sim_run).  These tests pin that model to numbers that come
 * from outside it: Belady's 9 and 10, clock's second chance, and the
 * aging trace worked by hand in docs/09-swap.md.
 * host-sources: mm/evict_policy.c tests/evict_scenarios.c
 */
#include <string.h>

#include "errors.h"
#include "evict_policy.h"
#include "evict_scenarios.h"
#include "evict_sim.h"
#include "htest.h"

#define MAX_REFS   1024u
#define REFS_LIMIT 600u /* each fault in a kernel test may be a disk write */

static const struct evict_scenario *scenario(const char *name)
{
    for (uint32_t k = 0; k < evict_n_scenarios; k++)
        if (strcmp(evict_scenarios[k].name, name) == 0)
            return &evict_scenarios[k];
    htest_fail(__FILE__, __LINE__, name, 0, 0);
    return &evict_scenarios[0];
}

/* The model's total on scenario `name`. */
static unsigned total(const char *name)
{
    static uint16_t counts[MAX_REFS];
    const struct evict_scenario *sc = scenario(name);
    HEXPECT_EQ(evict_sim_run(sc, counts), E_OK);
    return counts[sc->n_refs - 1];
}

HTEST(every_scenario_has_small_pages_a_budget_and_a_policy_the_kernel_has)
{
    uint32_t refs = 0;
    for (uint32_t k = 0; k < evict_n_scenarios; k++) {
        const struct evict_scenario *sc = &evict_scenarios[k];
        HEXPECT(sc->kind == EVICT_FIFO || sc->kind == EVICT_CLOCK || sc->kind == EVICT_AGING);
        HEXPECT(sc->frames > 0 && sc->frames <= EVICT_SIM_MAX_FRAMES);
        HEXPECT(sc->n_refs > 0 && sc->n_refs <= MAX_REFS);
        HEXPECT(strstr(sc->name, evict_kind_name(sc->kind)) != NULL);
        for (uint32_t r = 0; r < sc->n_refs; r++)
            HEXPECT(sc->refs[r] < EVICT_SCENARIO_PAGES || sc->refs[r] == EVICT_REF_TICK);
        for (uint32_t j = 0; j < k; j++)
            HEXPECT(strcmp(evict_scenarios[j].name, sc->name) != 0);
        refs += sc->n_refs;
    }
    HEXPECT(refs < REFS_LIMIT);
}

HTEST(a_tick_repeats_the_fault_count_before_it)
{
    static uint16_t counts[MAX_REFS];
    for (uint32_t k = 0; k < evict_n_scenarios; k++) {
        const struct evict_scenario *sc = &evict_scenarios[k];
        HEXPECT_EQ(evict_sim_run(sc, counts), E_OK);
        for (uint32_t r = 1; r < sc->n_refs; r++) {
            if (sc->refs[r] == EVICT_REF_TICK)
                HEXPECT_EQ(counts[r], counts[r - 1]);
            else
                HEXPECT(counts[r] == counts[r - 1] || counts[r] == counts[r - 1] + 1);
        }
    }
}

HTEST(fifo_on_the_belady_scenarios_gives_9_faults_with_3_frames_and_10_with_4)
{
    HEXPECT_EQ(total("belady3.fifo"), 9);
    HEXPECT_EQ(total("belady4.fifo"), 10);
}

HTEST(aging_on_the_ticked_belady_scenario_gives_the_worked_10_faults)
{
    /* docs/09-swap.md's table: 3 frames, a tick after every second access. */
    HEXPECT_EQ(total("belady3.aging"), 10);
}

HTEST(clock_on_the_second_chance_scenario_keeps_the_page_touched_again)
{
    /* 1 2 3 4 fault, 2 hits, 5 faults and takes 3, not 2, so the last 2
     * hits: 5 faults.  FIFO takes 2 and faults on it again: 6. */
    static uint16_t counts[MAX_REFS];
    struct evict_scenario fifo = *scenario("second_chance.clock");
    HEXPECT_EQ(total("second_chance.clock"), 5);
    fifo.kind = EVICT_FIFO;
    HEXPECT_EQ(evict_sim_run(&fifo, counts), E_OK);
    HEXPECT_EQ(counts[fifo.n_refs - 1], 6);
}

HTEST(a_loop_one_page_larger_than_the_budget_faults_on_every_access_under_fifo)
{
    /* The textbook worst case: FIFO always evicts the page needed next. */
    const struct evict_scenario *sc = scenario("loop9x4.fifo");
    HEXPECT_EQ(total("loop9x4.fifo"), sc->n_refs);
}
