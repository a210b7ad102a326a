/*
 * evict_scenarios.c - the reference strings of evict_scenarios.h.
 *
 * Each string runs under fifo, clock and aging (aging's copy has a tick
 * after every second access, so its counters see time pass), except the
 * second-chance string, which is about clock.  The total stays under
 * 600 references: in the kernel tests each fault may be a disk write.
 */
#include "evict_scenarios.h"

#define T    EVICT_REF_TICK
#define N(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* Belady's string: FIFO faults more with 4 frames than with 3 */
static const uint16_t belady[] = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

/* the same with an aging tick after every second access */
static const uint16_t belady_ticked[] = {1, 2, T, 3, 4, T, 1, 2, T, 5, 1, T, 2, 3, T, 4, 5, T};

/* pages 0..8 four times: one page more than the 8 frames */
static const uint16_t loop[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8,
                                0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8};

/* the same, ticked */
static const uint16_t loop_ticked[] = {0, 1, T, 2, 3, T, 4, 5, T, 6, 7, T, 8, 0, T, 1, 2, T,
                                       3, 4, T, 5, 6, T, 7, 8, T, 0, 1, T, 2, 3, T, 4, 5, T,
                                       6, 7, T, 8, 0, T, 1, 2, T, 3, 4, T, 5, 6, T, 7, 8, T};

/* 48 pages of 12 drawn at random once (a fixed literal) */
static const uint16_t random12[] = {8, 6,  4, 5, 4,  2,  11, 11, 8, 10, 4, 1, 0, 3, 6,  11,
                                    6, 4,  8, 5, 10, 10, 11, 6,  2, 8,  0, 2, 3, 2, 11, 8,
                                    8, 10, 3, 5, 8,  1,  11, 10, 1, 4,  6, 1, 8, 7, 10, 9};

/* the same, ticked */
static const uint16_t random12_ticked[] = {
    8, 6,  T, 4, 5, T, 4,  2,  T, 11, 11, T, 8, 10, T, 4, 1, T, 0, 3, T, 6,  11, T,
    6, 4,  T, 8, 5, T, 10, 10, T, 11, 6,  T, 2, 8,  T, 0, 2, T, 3, 2, T, 11, 8,  T,
    8, 10, T, 3, 5, T, 8,  1,  T, 11, 10, T, 1, 4,  T, 6, 1, T, 8, 7, T, 10, 9,  T};

/* a working set of 4 pages that moves twice, by 3 pages */
static const uint16_t shifting[] = {2, 2, 0, 3, 1, 0, 1, 0, 2, 3, 1, 3, 0, 1, 0, 1,
                                    6, 5, 4, 6, 4, 3, 4, 6, 4, 4, 3, 3, 4, 4, 4, 4,
                                    8, 8, 7, 7, 7, 7, 9, 8, 6, 8, 9, 7, 7, 8, 6, 8};

/* the same, ticked */
static const uint16_t shifting_ticked[] = {2, 2, T, 0, 3, T, 1, 0, T, 1, 0, T, 2, 3, T, 1, 3, T,
                                           0, 1, T, 0, 1, T, 6, 5, T, 4, 6, T, 4, 3, T, 4, 6, T,
                                           4, 4, T, 3, 3, T, 4, 4, T, 4, 4, T, 8, 8, T, 7, 7, T,
                                           7, 7, T, 9, 8, T, 6, 8, T, 9, 7, T, 7, 8, T, 6, 8, T};

/* clock spares page 2, touched again before 5 needs a frame; the last 2
 * shows it in the count (a hit, where FIFO faults) */
static const uint16_t second_chance[] = {1, 2, 3, 4, 2, 5, 2};

#define SCENARIO(name, kind, frames, refs)                                                         \
    {                                                                                              \
        name, kind, frames, refs, N(refs)                                                          \
    }

const struct evict_scenario evict_scenarios[] = {
    SCENARIO("belady3.fifo", EVICT_FIFO, 3, belady),
    SCENARIO("belady4.fifo", EVICT_FIFO, 4, belady),
    SCENARIO("belady3.clock", EVICT_CLOCK, 3, belady),
    SCENARIO("belady4.clock", EVICT_CLOCK, 4, belady),
    SCENARIO("belady3.aging", EVICT_AGING, 3, belady_ticked),
    SCENARIO("belady4.aging", EVICT_AGING, 4, belady_ticked),
    SCENARIO("loop9x4.fifo", EVICT_FIFO, 8, loop),
    SCENARIO("loop9x4.clock", EVICT_CLOCK, 8, loop),
    SCENARIO("loop9x4.aging", EVICT_AGING, 8, loop_ticked),
    SCENARIO("random12.fifo", EVICT_FIFO, 6, random12),
    SCENARIO("random12.clock", EVICT_CLOCK, 6, random12),
    SCENARIO("random12.aging", EVICT_AGING, 6, random12_ticked),
    SCENARIO("shifting.fifo", EVICT_FIFO, 3, shifting),
    SCENARIO("shifting.clock", EVICT_CLOCK, 3, shifting),
    SCENARIO("shifting.aging", EVICT_AGING, 3, shifting_ticked),
    SCENARIO("second_chance.clock", EVICT_CLOCK, 3, second_chance),
};

const uint32_t evict_n_scenarios = N(evict_scenarios);
