/*
 * evict_sim.h - the host reference model's simulator: a memory of N
 * frames run by mm/evict_policy.c over a reference string, counting
 * faults.
 *
 * The simulator plays the hardware and the fault handler: an access to
 * a resident page sets its accessed flag (and, for lru, is reported with
 * evict_touch); an access to a page that is not resident is a fault,
 * which takes the lowest free entry or the policy's victim.  The loading
 * access sets the accessed flag too, as the CPU does when it retries the
 * faulting instruction.  Aging gets a tick after every `tick_every`
 * accesses (0: only where the caller ticks, e.g. at EVICT_REF_TICK).
 *
 * Why a header of static functions: the host tests
 * (evict_policy_test.c, evict_scenarios_test.c) and the generator of
 * the kernel tests' expected counts (evict_expected_gen.c) must run the
 * very same simulation, and each is one host program built on its own.
 */
#ifndef SELFMAP_EVICT_SIM_H
#define SELFMAP_EVICT_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "errors.h"
#include "evict_policy.h"
#include "evict_scenarios.h"

#define EVICT_SIM_MAX_FRAMES 64
#define EVICT_SIM_MAX_PAGES  64
#define EVICT_SIM_NOT_HERE   (-1)

struct evict_sim {
    struct evict_policy p;
    struct evict_entry e[EVICT_SIM_MAX_FRAMES];
    uint32_t free_words[EVICT_FREE_WORDS(EVICT_SIM_MAX_FRAMES)];
    bool accessed[EVICT_SIM_MAX_FRAMES];
    int page_in[EVICT_SIM_MAX_FRAMES]; /* entry -> page */
    int where[EVICT_SIM_MAX_PAGES];    /* page -> entry, or EVICT_SIM_NOT_HERE */
    unsigned faults, accesses, tick_every, frames;
};

/* The policy's callback: read and clear entry i's accessed flag. */
static inline bool evict_sim_accessed(void *ctx, uint32_t i)
{
    struct evict_sim *s = ctx;
    bool was = s->accessed[i];
    s->accessed[i] = false;
    return was;
}

/* An empty memory of `frames` frames under policy `kind`.  Returns
 * evict_init's code; E_RANGE for frames above EVICT_SIM_MAX_FRAMES. */
static inline int evict_sim_init(struct evict_sim *s, enum evict_kind kind, unsigned frames,
                                 unsigned tick_every)
{
    memset(s, 0, sizeof(*s));
    for (int i = 0; i < EVICT_SIM_MAX_PAGES; i++)
        s->where[i] = EVICT_SIM_NOT_HERE;
    if (frames > EVICT_SIM_MAX_FRAMES)
        return E_RANGE;
    s->frames = frames;
    s->tick_every = tick_every;
    return evict_init(&s->p, kind, s->e, s->free_words, frames, evict_sim_accessed, s);
}

/* Access `page` (< EVICT_SIM_MAX_PAGES); *fault says whether it faulted.
 * Returns E_OK, E_RANGE for a bad page, or the policy's error (a bug). */
static inline int evict_sim_access(struct evict_sim *s, unsigned page, bool *fault)
{
    if (page >= EVICT_SIM_MAX_PAGES)
        return E_RANGE;
    *fault = s->where[page] == EVICT_SIM_NOT_HERE;
    if (*fault) {
        uint32_t i = evict_free_entry(&s->p);
        int rc;
        if (i == EVICT_NONE) {
            i = evict_choose(&s->p);
            if (i == EVICT_NONE)
                return E_NOMEM;
            if ((rc = evict_remove(&s->p, i)) != E_OK)
                return rc;
            s->where[s->page_in[i]] = EVICT_SIM_NOT_HERE;
        }
        if ((rc = evict_admit(&s->p, i)) != E_OK)
            return rc;
        s->page_in[i] = (int)page;
        s->where[page] = (int)i;
        s->faults++;
    }
    s->accessed[s->where[page]] = true;
    evict_touch(&s->p, (uint32_t)s->where[page]);
    if (s->tick_every && ++s->accesses % s->tick_every == 0)
        evict_tick(&s->p);
    return E_OK;
}

/* Run scenario `sc` (every access through evict_sim_access, an
 * evict_tick at each EVICT_REF_TICK) and put the fault count after each
 * reference in counts[0 .. sc->n_refs - 1] (a tick repeats the count
 * before it).  Returns E_OK, or the first error (a bad scenario). */
static inline int evict_sim_run(const struct evict_scenario *sc, uint16_t *counts)
{
    struct evict_sim s;
    int rc = evict_sim_init(&s, sc->kind, sc->frames, 0);
    for (uint32_t r = 0; rc == E_OK && r < sc->n_refs; r++) {
        bool fault;
        if (sc->refs[r] == EVICT_REF_TICK)
            evict_tick(&s.p);
        else
            rc = evict_sim_access(&s, sc->refs[r], &fault);
        counts[r] = (uint16_t)s.faults;
    }
    return rc;
}

#endif
