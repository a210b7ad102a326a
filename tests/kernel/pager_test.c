/*
 * pager_test.c - eviction and swap-in in the fault path (mm/pager.h).
 *
 * Every test runs in a fresh address space with no VM pool, where every
 * page of the VM area is legitimate and pageable, under a small budget
 * set with pager_configure; the timer's aging tick is off, so a test
 * ticks by hand.  Fault counts come from page_table_fault_count(), and
 * each test ends by destroying its space and comparing free frames and
 * free swap slots with their values before it: both must be exact.
 */
#include "cont_frame_pool.h"
#include "dump.h"
#include "errors.h"
#include "fixtures.h"
#include "interrupts/pit.h"
#include "evict_expected.h" /* generated from the host model (tests/host/evict_expected_gen.c) */
#include "evict_scenarios.h"
#include "ktest.h"
#include "mmu.h"
#include "page_fault.h"
#include "page_table.h"
#include "pager.h"
#include "swap.h"
#include "vm_pool_registry.h"

#define DISK_MB   4          /* 1024 slots */
#define TINY_DISK 1          /* 256 slots: exhausted on purpose */
#define BASE      (512 * MB) /* the test pages: page n at BASE + n pages */
#define TEXT_MAX  128

static struct page_table space;
static unsigned long frames0, slots0;

static volatile uint32_t *page(unsigned n) { return (volatile uint32_t *)(BASE + PAGE_ADDR(n)); }
static uint32_t value_for(unsigned n, unsigned round) { return 0x5A000000u ^ (n << 8) ^ round; }

/* A fresh space, loaded, with policy `kind` and `frames` frames. */
static void enter(enum evict_kind kind, unsigned long frames)
{
    frames0 = page_table_free_frames();
    slots0 = swap_free_slots();
    KASSERT(pager_on());
    KASSERT(pager_configure(kind, frames) == E_OK);
    pager_set_auto_tick(false);
    fixture_space_enter(&space);
}

/* Back to the kernel space; free the test space; frames and slots exact. */
static void leave(void)
{
    fixture_space_leave(&space);
    KEXPECT_EQ(pager_get_stats()->resident, 0);
    KEXPECT_EQ(page_table_free_frames(), frames0);
    KEXPECT_EQ(swap_free_slots(), slots0);
}

/* The PTE of test page n in the loaded space. */
static pte_t pte_of(unsigned n) { return page_table_lookup(BASE + PAGE_ADDR(n)); }

/* Touch page n with a write of `v`; returns the faults it took. */
static unsigned long write_page(unsigned n, uint32_t v)
{
    unsigned long f = page_table_fault_count();
    *page(n) = v;
    return page_table_fault_count() - f;
}

/* ---- Belady, second chance ---------------------------------------------- */

static const unsigned belady[] = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

static unsigned long run_string(enum evict_kind kind, unsigned long frames, const unsigned *refs,
                                unsigned n)
{
    unsigned long faults = 0;
    enter(kind, frames);
    for (unsigned i = 0; i < n; i++)
        faults += write_page(refs[i], value_for(refs[i], i));
    leave();
    return faults;
}

KTEST_SWAP(pager_fifo_shows_beladys_anomaly, DISK_MB);
KTEST(pager_fifo_shows_beladys_anomaly)
{
    /* The textbook's numbers: 9 faults with 3 frames, 10 with 4. */
    KEXPECT_EQ(run_string(EVICT_FIFO, 3, belady, ARRAY_SIZE(belady)), 9);
    KEXPECT_EQ(run_string(EVICT_FIFO, 4, belady, ARRAY_SIZE(belady)), 10);
}

KTEST_SWAP(pager_clock_gives_a_page_touched_again_a_second_chance, DISK_MB);
KTEST(pager_clock_gives_a_page_touched_again_a_second_chance)
{
    /* 3 frames: 1 2 3 load; 4 clears every bit and evicts 1; 2 is
     * touched; 5 skips 2 (its bit is set) and evicts 3 instead. */
    static const unsigned refs[] = {1, 2, 3, 4, 2, 5};
    enter(EVICT_CLOCK, 3);
    for (unsigned i = 0; i < ARRAY_SIZE(refs); i++)
        write_page(refs[i], value_for(refs[i], i));
    KEXPECT(pte_is_present(pte_of(2)));
    KEXPECT(pte_is_swapped(pte_of(3)));
    KEXPECT(pte_is_swapped(pte_of(1)));
    KEXPECT_EQ(*page(3), value_for(3, 2)); /* and it comes back intact */
    leave();
}

/* ---- the reference model ------------------------------------------------- */

/* Run scenario sc in the kernel: each reference reads its page (which
 * must hold what was last written there, or zeroes) and writes it; a
 * tick is a pager_tick.  Returns the first reference after which the
 * kernel's fault count (then in *got) differs from want[] (the
 * model's), or n_refs. */
static uint32_t run_scenario(const struct evict_scenario *sc, const uint16_t *want,
                             unsigned long *got)
{
    static uint32_t last[EVICT_SCENARIO_PAGES];
    uint32_t first_bad = sc->n_refs;
    unsigned long f0;
    memset(last, 0, sizeof(last));
    enter(sc->kind, sc->frames);
    f0 = page_table_fault_count();
    for (uint32_t r = 0; r < sc->n_refs; r++) {
        unsigned p = sc->refs[r];
        if (p == EVICT_REF_TICK) {
            pager_tick();
        } else {
            KEXPECT_EQ(*page(p), last[p]); /* the page came back intact */
            *page(p) = last[p] = value_for(p, r);
        }
        if (page_table_fault_count() - f0 != want[r] && first_bad == sc->n_refs) {
            first_bad = r;
            *got = page_table_fault_count() - f0;
        }
    }
    leave();
    return first_bad;
}

/* Every scenario of policy `kind`: the kernel's count after each
 * reference equals the model's.  Returns how many scenarios ran. */
static unsigned run_policy(enum evict_kind kind)
{
    unsigned ran = 0;
    KASSERT(evict_n_scenarios == EVICT_EXPECTED_SCENARIOS);
    for (uint32_t k = 0; k < evict_n_scenarios; k++) {
        const struct evict_scenario *sc = &evict_scenarios[k];
        unsigned long got = 0;
        uint32_t r;
        if (sc->kind != kind)
            continue;
        r = run_scenario(sc, evict_expected[k], &got);
        if (r != sc->n_refs)
            kprintf("%s: after reference %u the kernel took %lu faults, the model %u\n", sc->name,
                    (unsigned)r, got, (unsigned)evict_expected[k][r]);
        KEXPECT_EQ(r, sc->n_refs);
        ran++;
    }
    return ran;
}

KTEST_SWAP(pager_fifo_fault_counts_match_the_model_after_every_reference, DISK_MB);
KTEST(pager_fifo_fault_counts_match_the_model_after_every_reference)
{
    KEXPECT(run_policy(EVICT_FIFO) > 0);
}

KTEST_SWAP(pager_clock_fault_counts_match_the_model_after_every_reference, DISK_MB);
KTEST(pager_clock_fault_counts_match_the_model_after_every_reference)
{
    KEXPECT(run_policy(EVICT_CLOCK) > 0);
}

KTEST_SWAP(pager_aging_fault_counts_match_the_model_after_every_reference, DISK_MB);
KTEST(pager_aging_fault_counts_match_the_model_after_every_reference)
{
    KEXPECT(run_policy(EVICT_AGING) > 0);
}

/* ---- the dirty bit ------------------------------------------------------- */

KTEST_SWAP(pager_a_clean_page_evicted_twice_is_written_once, DISK_MB);
KTEST(pager_a_clean_page_evicted_twice_is_written_once)
{
    unsigned long writes0;
    enter(EVICT_FIFO, 1);
    writes0 = swap_get_stats()->page_writes;
    *page(0) = 0xC0FFEEu;            /* dirty */
    (void)*page(1);                  /* evicts 0: written (1) */
    KEXPECT_EQ(*page(0), 0xC0FFEEu); /* read back, clean; evicts 1 (never written) */
    (void)*page(1);                  /* evicts 0 again: clean, its slot still right */
    KEXPECT_EQ(*page(0), 0xC0FFEEu);
    KEXPECT_EQ(swap_get_stats()->page_writes - writes0, 1);
    KEXPECT_EQ(pager_get_stats()->swap_outs, 1);
    KEXPECT_EQ(pager_get_stats()->clean_drops, 1);
    KEXPECT_EQ(pager_get_stats()->swap_ins, 2);
    leave();
}

KTEST_SWAP(pager_a_page_written_again_after_swap_in_is_written_again, DISK_MB);
KTEST(pager_a_page_written_again_after_swap_in_is_written_again)
{
    enter(EVICT_FIFO, 1);
    *page(0) = 1;
    (void)*page(1);
    *page(0) = 2; /* back in, and dirty again: its slot's copy is stale */
    (void)*page(1);
    KEXPECT_EQ(*page(0), 2u);
    KEXPECT_EQ(pager_get_stats()->swap_outs, 2);
    KEXPECT_EQ(pager_get_stats()->clean_drops, 0);
    leave();
}

KTEST_SWAP(pager_a_never_written_page_is_dropped_without_a_slot_and_reads_back_zero, DISK_MB);
KTEST(pager_a_never_written_page_is_dropped_without_a_slot_and_reads_back_zero)
{
    enter(EVICT_FIFO, 1);
    KEXPECT_EQ(*page(0), 0u); /* a read: zeroed, clean */
    *page(1) = 7;             /* evicts 0 */
    KEXPECT_EQ(pte_swap_slot(pte_of(0)), PTE_SWAP_ZERO_SLOT);
    KEXPECT_EQ(swap_free_slots(), slots0); /* no slot taken */
    KEXPECT_EQ(pager_get_stats()->zero_drops, 1);
    KEXPECT_EQ(*page(0), 0u);
    KEXPECT_EQ(pager_get_stats()->zero_fills, 1);
    KEXPECT_EQ(pager_get_stats()->swap_ins, 0);
    leave();
}

KTEST_SWAP(pager_a_swapped_page_keeps_its_rights, DISK_MB);
KTEST(pager_a_swapped_page_keeps_its_rights)
{
    pte_t e;
    enter(EVICT_FIFO, 1);
    *page(0) = 3;
    (void)*page(1);
    e = pte_of(0);
    KEXPECT(pte_is_swapped(e));
    KEXPECT(e & PTE_SWAP_WRITABLE);
    KEXPECT_EQ(pte_swap_rights(e), PTE_WRITABLE);
    KEXPECT_EQ(*page(0), 3u);
    KEXPECT_EQ(pte_flags(pte_of(0)) & (PTE_PRESENT | PTE_WRITABLE | PTE_USER),
               PTE_PRESENT | PTE_WRITABLE);
    leave();
}

/* ---- address spaces, release -------------------------------------------- */

KTEST_SWAP(pager_a_victim_in_an_inactive_space_comes_back_intact, DISK_MB);
KTEST(pager_a_victim_in_an_inactive_space_comes_back_intact)
{
    static struct page_table other;
    const unsigned n = 4;
    enter(EVICT_FIFO, n);
    for (unsigned i = 0; i < n; i++)
        *page(i) = value_for(i, 1);
    page_table_init(&other);
    page_table_load(&other);
    for (unsigned i = 0; i < n; i++) /* evicts the first space's pages, unloaded */
        *page(i) = value_for(i, 2);
    page_table_load(&space);
    KEXPECT(pte_is_swapped(pte_of(0)));
    for (unsigned i = 0; i < n; i++) /* and the other's go, through kmap */
        KEXPECT_EQ(*page(i), value_for(i, 1));
    page_table_load(&other);
    for (unsigned i = 0; i < n; i++)
        KEXPECT_EQ(*page(i), value_for(i, 2));
    page_table_load(&space);
    page_table_destroy(&other);
    leave();
}

KTEST_SWAP(pager_freeing_a_swapped_page_frees_its_slot, DISK_MB);
KTEST(pager_freeing_a_swapped_page_frees_its_slot)
{
    enter(EVICT_FIFO, 2);
    for (unsigned i = 0; i < 8; i++)
        *page(i) = value_for(i, 0);
    KEXPECT_EQ(slots0 - swap_free_slots(), 6); /* six dirty victims */
    page_table_free_range(&space, BASE, BASE + PAGE_ADDR(8));
    KEXPECT_EQ(swap_free_slots(), slots0);
    KEXPECT_EQ(pager_get_stats()->resident, 0);
    leave();
}

KTEST_SWAP(pager_destroying_a_space_frees_its_slots_and_frames, DISK_MB);
KTEST(pager_destroying_a_space_frees_its_slots_and_frames)
{
    enter(EVICT_CLOCK, 3);
    for (unsigned i = 0; i < 40; i++)
        *page(i * 300) = value_for(i, 0); /* spread over several page tables */
    KEXPECT(swap_free_slots() < slots0);
    leave(); /* destroy: slots and frames exact */
}

/* ---- exhaustion ---------------------------------------------------------- */

KTEST_SWAP(pager_no_frame_and_no_slot_fails_cleanly_and_loses_nothing, TINY_DISK);
KTEST(pager_no_frame_and_no_slot_fails_cleanly_and_loses_nothing)
{
    unsigned long n = 0;
    int rc = E_OK;
    enter(EVICT_FIFO, 2);
    while (rc == E_OK && n < swap_total_slots() + 8) {
        rc = pager_back_page(&space, BASE + PAGE_ADDR(n), false);
        if (rc == E_OK) {
            *page((unsigned)n) = value_for((unsigned)n, 9); /* dirty: needs a slot to go */
            n++;
        }
    }
    KEXPECT_EQ(rc, E_NOMEM);
    KEXPECT_EQ(swap_free_slots(), 0);
    KEXPECT_EQ(n, swap_total_slots() + 2); /* every slot, and the budget */
    KEXPECT(pager_get_stats()->out_of_swap > 0);
    KEXPECT_EQ(page_table_lookup(BASE + PAGE_ADDR(n)), 0); /* nothing half-made */
    /* Free the two resident (dirty) pages: what swap holds reads back,
     * each copy clean, so the pages make room for each other. */
    page_table_free_range(&space, BASE + PAGE_ADDR(n - 2), BASE + PAGE_ADDR(n));
    for (unsigned long i = 0; i < n - 2; i += 37)
        KEXPECT_EQ(*page((unsigned)i), value_for((unsigned)i, 9)); /* nothing lost */
    leave();
}

KTEST_SWAP(pager_with_no_slot_left_a_page_that_needs_none_goes_instead, TINY_DISK);
KTEST(pager_with_no_slot_left_a_page_that_needs_none_goes_instead)
{
    const unsigned n = (unsigned)swap_total_slots() + 2, b = n, a = n + 1, c = n + 2;
    enter(EVICT_FIFO, 2);
    for (unsigned i = 0; i < n; i++)
        *page(i) = value_for(i, 4); /* every slot taken; pages n-2, n-1 resident */
    KEXPECT_EQ(swap_free_slots(), 0);
    page_table_free_range(&space, BASE + PAGE_ADDR(n - 2), BASE + PAGE_ADDR(n));
    *page(b) = 1;             /* dirty, first in FIFO order */
    KEXPECT_EQ(*page(a), 0u); /* clean */
    KEXPECT_EQ(*page(c), 0u); /* FIFO picks b, which has nowhere to go: a goes */
    KEXPECT(pte_is_present(pte_of(b)));
    KEXPECT_EQ(pte_swap_slot(pte_of(a)), PTE_SWAP_ZERO_SLOT);
    KEXPECT_EQ(*page(b), 1u);
    leave();
}

KTEST_SWAP(pager_a_kernel_fault_with_no_frame_and_no_slot_is_reported, TINY_DISK);
KTEST_DEATH(pager_a_kernel_fault_with_no_frame_and_no_slot_is_reported, "out of memory and swap")
{
    enter(EVICT_FIFO, 2);
    for (unsigned i = 0;; i++)
        *page(i) = 1;
}

/* ---- aging, settings, the dump ------------------------------------------- */

KTEST_SWAP(pager_aging_evicts_the_page_with_the_oldest_use, DISK_MB);
KTEST(pager_aging_evicts_the_page_with_the_oldest_use)
{
    enter(EVICT_AGING, 3);
    *page(0) = 1, *page(1) = 2, *page(2) = 3;
    pager_tick(); /* their loads count once */
    *page(0) = 4, *page(2) = 5;
    pager_tick(); /* 1 alone was not used in this tick */
    *page(3) = 6;
    KEXPECT(pte_is_swapped(pte_of(1)));
    KEXPECT(pte_is_present(pte_of(0)) && pte_is_present(pte_of(2)));
    KEXPECT_EQ(*page(1), 2u);
    leave();
}

/* Halt until the PIT has ticked `n` more times. */
static void wait_ticks(unsigned long n)
{
    unsigned long until = pit_ticks() + n;
    irq_enable();
    while (pit_ticks() < until)
        cpu_halt();
}

KTEST_SWAP(pager_aging_ticks_come_from_the_timer_without_processes, DISK_MB);
KTEST(pager_aging_ticks_come_from_the_timer_without_processes)
{
    /* As above, with the PIT's ticks: with none, all three pages would
     * still read EVICT_AGE_NEW and the first in hand order (0) would go. */
    enter(EVICT_AGING, 3);
    pager_set_auto_tick(true);
    *page(0) = 1, *page(1) = 2, *page(2) = 3;
    wait_ticks(2);
    *page(0) = 4, *page(2) = 5;
    wait_ticks(2);
    *page(3) = 6;
    pager_set_auto_tick(false);
    KEXPECT(pte_is_swapped(pte_of(1)));
    KEXPECT(pte_is_present(pte_of(0)) && pte_is_present(pte_of(2)));
    leave();
}

KTEST_SWAP(pager_configure_refuses_lru_and_a_budget_past_its_storage, DISK_MB);
KTEST(pager_configure_refuses_lru_and_a_budget_past_its_storage)
{
    unsigned long budget = pager_budget();
    KEXPECT_EQ(pager_configure(EVICT_LRU, 4), E_INVAL);
    KEXPECT_EQ(pager_configure(EVICT_KINDS, 4), E_INVAL);
    KEXPECT_EQ(pager_configure(EVICT_FIFO, 1ul << 30), E_INVAL);
    KEXPECT_EQ(pager_budget(), budget); /* unchanged */
}

KTEST_SWAP(pager_reconfiguring_evicts_every_resident_page_first, DISK_MB);
KTEST(pager_reconfiguring_evicts_every_resident_page_first)
{
    enter(EVICT_CLOCK, 4);
    for (unsigned i = 0; i < 4; i++)
        *page(i) = value_for(i, 3);
    KEXPECT_EQ(pager_configure(EVICT_FIFO, 2), E_OK);
    KEXPECT_EQ(pager_get_stats()->resident, 0);
    for (unsigned i = 0; i < 4; i++)
        KEXPECT_EQ(*page(i), value_for(i, 3));
    KEXPECT_EQ(pager_get_stats()->resident, 2);
    leave();
}

KTEST_SWAP(pager_page_walk_shows_a_never_written_page_and_a_swapped_page_with_rights, DISK_MB);
KTEST(pager_page_walk_shows_a_never_written_page_and_a_swapped_page_with_rights)
{
    char want[TEXT_MAX];
    enter(EVICT_FIFO, 1);
    (void)*page(0); /* clean */
    *page(1) = 1;   /* evicts 0: dropped */
    *page(2) = 1;   /* evicts 1: written */
    console_capture_reset();
    dump_page_table(current_page_table, BASE);
    KEXPECT(strstr(console_captured(), "[not present: dropped, never written (zeroes), writable]"));
    console_capture_reset();
    dump_page_table(current_page_table, BASE + PAGE_SIZE);
    ksnprintf(want, sizeof(want), "[not present: swapped, slot %lu, writable]",
              pte_swap_slot(pte_of(1)));
    KEXPECT(strstr(console_captured(), want));
    leave();
}

/* ---- turning the pager off and on (pager_set_enabled) -------------------- */

KTEST_SWAP(pager_cannot_be_turned_off_while_a_page_is_resident, DISK_MB);
KTEST(pager_cannot_be_turned_off_while_a_page_is_resident)
{
    enter(EVICT_FIFO, 2);
    *page(0) = 1;
    KEXPECT_EQ(pager_set_enabled(false), E_BUSY);
    KEXPECT(pager_on());
    KEXPECT_EQ(*page(0), 1u); /* still admitted and paged as before */
    KEXPECT_EQ(pager_get_stats()->resident, 1);
    leave();
}

KTEST_SWAP(pager_cannot_be_turned_off_while_a_page_is_swapped_out, DISK_MB);
KTEST(pager_cannot_be_turned_off_while_a_page_is_swapped_out)
{
    enter(EVICT_FIFO, 1);
    *page(0) = 2;
    (void)*page(1);                                   /* evicts 0 */
    KEXPECT_EQ(pager_configure(EVICT_FIFO, 1), E_OK); /* evicts 1: nothing resident */
    KEXPECT_EQ(pager_get_stats()->resident, 0);
    KEXPECT_EQ(pager_set_enabled(false), E_BUSY);
    KEXPECT(pager_on());
    KEXPECT_EQ(*page(0), 2u); /* comes back: the fault path still knows it */
    leave();
}

KTEST_SWAP(pager_turned_off_backs_pages_without_admitting_them, DISK_MB);
KTEST(pager_turned_off_backs_pages_without_admitting_them)
{
    unsigned long frames = page_table_free_frames();
    KEXPECT_EQ(pager_set_enabled(false), E_OK);
    KEXPECT(!pager_on());
    fixture_space_enter(&space);
    for (unsigned i = 0; i < 4; i++)
        *page(i) = value_for(i, 4);
    KEXPECT_EQ(pager_get_stats()->resident, 0);
    KEXPECT(pte_is_present(pte_of(3)));
    fixture_space_leave(&space);
    KEXPECT_EQ(page_table_free_frames(), frames);
    KEXPECT_EQ(pager_set_enabled(true), E_OK);
    KEXPECT(pager_on());
}

KTEST_SWAP(pager_turned_on_again_pages_as_before, DISK_MB);
KTEST(pager_turned_on_again_pages_as_before)
{
    KEXPECT_EQ(pager_set_enabled(false), E_OK);
    KEXPECT_EQ(pager_set_enabled(true), E_OK);
    KEXPECT_EQ(run_string(EVICT_FIFO, 3, belady, ARRAY_SIZE(belady)), 9);
}

KTEST(pager_cannot_be_turned_on_without_a_swap_disk_or_a_budget)
{
    /* No KTEST_SWAP and no user_frames=: pager_boot left it unset. */
    KEXPECT_EQ(pager_set_enabled(true), E_NODEV);
    KEXPECT(!pager_on());
}

KTEST_SWAP(pager_a_swapped_copy_that_finds_no_slot_leaves_no_entry, TINY_DISK);
KTEST(pager_a_swapped_copy_that_finds_no_slot_leaves_no_entry)
{
    static unsigned long taken[TINY_DISK * MB / PAGE_SIZE];
    unsigned long n = 0;
    pte_t copy = 1;
    enter(EVICT_FIFO, 1);
    *page(0) = 5;
    (void)*page(1); /* evicts 0 to a slot */
    while (n < ARRAY_SIZE(taken) && swap_slot_alloc(&taken[n]) == E_OK)
        n++;
    KEXPECT_EQ(pager_dup_swapped(pte_of(0), &copy), E_NOMEM);
    KEXPECT_EQ(copy, 0); /* not e: destroying it would free 0's slot */
    while (n)
        swap_slot_free(taken[--n]);
    KEXPECT_EQ(*page(0), 5u);
    leave();
}

/* ---- pinned pages ---------------------------------------------------------- */

#define POOL_PAGES 4096 /* 17 bookkeeping pages: the region map spans several */

static struct vm_pool pool;

/* The region-map page that holds the entry of region `start`. */
static unsigned long map_page_of(unsigned long start)
{
    return PAGE_ROUND_DOWN(
        (uintptr_t)&pool.region_pages[PAGE_NO(start - vm_pool_usable_start(&pool))]);
}

KTEST_SWAP(pager_pincheck_panics_when_bookkeeping_is_admitted, DISK_MB);
KTEST_DEATH(pager_pincheck_panics_when_bookkeeping_is_admitted,
            "is VM-pool bookkeeping, which is pinned")
{
    enter(EVICT_FIFO, 4);
    vm_pool_init(&pool, BASE, PAGE_ADDR(POOL_PAGES), &process_mem_pool, &space);
    KASSERT(vm_pool_allocate(&pool, PAGE_SIZE) != 0); /* backs the first bookkeeping page */
    pager_set_pin_check(true);
    KASSERT(pager_make_room() == E_OK);
    pager_admit(&space, BASE, pte_frame(page_table_lookup(BASE)));
}

KTEST_SWAP(pager_a_swapped_out_bookkeeping_page_is_found_and_comes_back_pinned, DISK_MB);
KTEST(pager_a_swapped_out_bookkeeping_page_is_found_and_comes_back_pinned)
{
    unsigned long a, big, b, map;
    enter(EVICT_FIFO, 4);
    vm_pool_init(&pool, BASE, PAGE_ADDR(POOL_PAGES), &process_mem_pool, &space);
    a = vm_pool_allocate(&pool, PAGE_SIZE);
    big = vm_pool_allocate(&pool, PAGE_ADDR(1100));
    b = vm_pool_allocate(&pool, PAGE_SIZE); /* the pool's last map page is b's, not a's */
    map = map_page_of(a);
    KASSERT(a && big && b && map != map_page_of(b));
    /* Break the invariant on purpose: admit a's map page, push it out. */
    KASSERT(pager_make_room() == E_OK);
    pager_admit(&space, map, pte_frame(page_table_lookup(map)));
    KASSERT(pager_configure(EVICT_FIFO, 4) == E_OK);
    KASSERT(pte_is_swapped(page_table_lookup(map)));
    KEXPECT(vm_pool_is_legitimate(&pool, map));  /* backed, on disk */
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK); /* a's entry is read back */
    KEXPECT(pte_is_present(page_table_lookup(map)));
    KEXPECT_EQ(pager_get_stats()->resident, 0); /* back pinned, its slot freed */
    KEXPECT_EQ(swap_free_slots(), slots0);
    KEXPECT_EQ(vm_pool_allocate(&pool, PAGE_SIZE), a); /* on that map page again */
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    KEXPECT_EQ(vm_pool_release(&pool, big), E_OK);
    KEXPECT_EQ(vm_pool_release(&pool, b), E_OK);
    vm_pool_unregister(&space, &pool);
    leave();
}
