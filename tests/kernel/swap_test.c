/*
 * swap_test.c - swap slots and page moves (mm/swap.h), and the swapped
 * PTE format (mmu.h) as the page walk shows it.
 *
 * Slot counts are exact: every test compares swap_free_slots() with its
 * own arithmetic, as the frame tests compare free frames, and frames are
 * exact too (page_table_free_frames before and after).  The slot count
 * is never written down: it comes from the disk the runner attached
 * (KTEST_SWAP) through ata_sectors().
 */
#include "ata.h"
#include "console.h"
#include "dump.h"
#include "frame_source.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "swap.h"
#include "tlb.h"

#define DISK_MB       1           /* 256 slots */
#define PAGES         2           /* pages a round-trip test moves */
#define TEST_SLOT     17ul        /* the slot the dump test names */
#define UNUSED_VA     (2048 * MB) /* no pool, no page table there */
#define SEED_MULTIPLY 0x9E3779B1u /* spreads (slot, word) over all bits */
#define WORDS         (PAGE_SIZE / sizeof(uint32_t))
#define TEXT_MAX      96

static uint32_t word_for(unsigned long slot, unsigned long i)
{
    return (uint32_t)(slot * SEED_MULTIPLY) ^ (uint32_t)(i * 2654435761u);
}

static unsigned long frame_get(void)
{
    struct frame_source *src = page_table_frames();
    unsigned long f = src->get(src->impl);
    KASSERT(f != 0);
    return f;
}

static void frame_put(unsigned long f)
{
    struct frame_source *src = page_table_frames();
    KEXPECT_EQ(src->put(src->impl, f), E_OK);
}

static void fill_frame(unsigned long frame, unsigned long slot)
{
    uint32_t *p = kmap(frame);
    for (unsigned long i = 0; i < WORDS; i++)
        p[i] = word_for(slot, i);
    kunmap(p);
}

/* Words of `frame` that differ from slot's pattern. */
static unsigned long frame_mismatches(unsigned long frame, unsigned long slot)
{
    const uint32_t *p = kmap(frame);
    unsigned long bad = 0;
    for (unsigned long i = 0; i < WORDS; i++)
        bad += p[i] != word_for(slot, i);
    kunmap((void *)p);
    return bad;
}

KTEST_SWAP(swap_has_one_slot_per_page_of_disk, DISK_MB);
KTEST(swap_has_one_slot_per_page_of_disk)
{
    KEXPECT(swap_enabled());
    KEXPECT_EQ(SWAP_SECTORS_PER_SLOT * ATA_SECTOR_SIZE, PAGE_SIZE);
    KEXPECT_EQ(swap_total_slots(), ata_sectors() / SWAP_SECTORS_PER_SLOT);
    KEXPECT_EQ(swap_total_slots(), DISK_MB * MB / PAGE_SIZE);
    KEXPECT_EQ(swap_free_slots(), swap_total_slots());
    KEXPECT_EQ(swap_init(), E_BUSY); /* once per boot */
}

KTEST_SWAP(swap_slots_are_counted_exactly_to_exhaustion, DISK_MB);
KTEST(swap_slots_are_counted_exactly_to_exhaustion)
{
    const unsigned long total = swap_total_slots();
    unsigned long slot, distinct = 0, wrong_count = 0;
    KASSERT(total > 0);
    for (unsigned long i = 0; i < total; i++) {
        KASSERT(swap_slot_alloc(&slot) == E_OK);
        distinct += swap_slot_in_use(slot);
        wrong_count += swap_free_slots() != total - i - 1;
    }
    KEXPECT_EQ(distinct, total);
    KEXPECT_EQ(wrong_count, 0);
    slot = total; /* untouched by a failed alloc */
    KEXPECT_EQ(swap_slot_alloc(&slot), E_FULL);
    KEXPECT_EQ(slot, total);
    KEXPECT_EQ(swap_slot_free(TEST_SLOT), E_OK);
    KEXPECT_EQ(swap_free_slots(), 1);
    KEXPECT_EQ(swap_slot_alloc(&slot), E_OK); /* the one free slot */
    KEXPECT_EQ(slot, TEST_SLOT);
    for (unsigned long s = 0; s < total; s++)
        KEXPECT_EQ(swap_slot_free(s), E_OK);
    KEXPECT_EQ(swap_free_slots(), total);
    KEXPECT_EQ(swap_get_stats()->slots_used, 0);
}

KTEST_SWAP(swap_slot_free_refuses_bad_slots_and_changes_nothing, DISK_MB);
KTEST(swap_slot_free_refuses_bad_slots_and_changes_nothing)
{
    unsigned long slot, free_before;
    KASSERT(swap_slot_alloc(&slot) == E_OK);
    free_before = swap_free_slots();
    KEXPECT_EQ(swap_slot_free(slot + 1), E_NOT_ALLOCATED);
    KEXPECT_EQ(swap_slot_free(swap_total_slots()), E_RANGE);
    KEXPECT_EQ(swap_slot_free((unsigned long)-1), E_RANGE);
    KEXPECT_EQ(swap_free_slots(), free_before);
    KEXPECT_EQ(swap_slot_free(slot), E_OK);
    KEXPECT_EQ(swap_slot_free(slot), E_NOT_ALLOCATED); /* a double free */
    KEXPECT_EQ(swap_free_slots(), swap_total_slots());
}

KTEST_SWAP(swap_out_and_in_bring_back_each_page, DISK_MB);
KTEST(swap_out_and_in_bring_back_each_page)
{
    const unsigned long frames_before = page_table_free_frames();
    const struct swap_stats before = *swap_get_stats();
    unsigned long slot[PAGES], frame[PAGES];
    for (int i = 0; i < PAGES; i++) {
        KASSERT(swap_slot_alloc(&slot[i]) == E_OK);
        frame[i] = frame_get();
        fill_frame(frame[i], slot[i]);
        KEXPECT_EQ(swap_out_frame(slot[i], frame[i]), E_OK);
    }
    for (int i = PAGES - 1; i >= 0; i--) { /* back in, in the other order */
        uint32_t *p = kmap(frame[i]);
        fill_words(p, 0, WORDS);
        kunmap(p);
        KEXPECT_EQ(swap_in_frame(slot[i], frame[i]), E_OK);
        KEXPECT_EQ(frame_mismatches(frame[i], slot[i]), 0);
        KEXPECT(swap_slot_in_use(slot[i])); /* a swap-in keeps the slot */
    }
    KEXPECT_EQ(swap_get_stats()->page_writes - before.page_writes, PAGES);
    KEXPECT_EQ(swap_get_stats()->page_reads - before.page_reads, PAGES);
    KEXPECT_EQ(ata_get_stats()->sectors_written, PAGES * SWAP_SECTORS_PER_SLOT);
    KEXPECT_EQ(ata_get_stats()->sectors_read, PAGES * SWAP_SECTORS_PER_SLOT);
    for (int i = 0; i < PAGES; i++) {
        KEXPECT_EQ(swap_slot_free(slot[i]), E_OK);
        frame_put(frame[i]);
    }
    KEXPECT_EQ(swap_free_slots(), swap_total_slots());
    KEXPECT_EQ(page_table_free_frames(), frames_before);
}

KTEST_SWAP(swap_moves_refuse_slots_that_are_not_allocated, DISK_MB);
KTEST(swap_moves_refuse_slots_that_are_not_allocated)
{
    const unsigned long frames_before = page_table_free_frames();
    const struct swap_stats before = *swap_get_stats();
    unsigned long frame = frame_get(), slot;
    KEXPECT_EQ(swap_out_frame(0, frame), E_NOT_ALLOCATED);
    KEXPECT_EQ(swap_in_frame(0, frame), E_NOT_ALLOCATED);
    KEXPECT_EQ(swap_out_frame(swap_total_slots(), frame), E_RANGE);
    KASSERT(swap_slot_alloc(&slot) == E_OK);
    KEXPECT_EQ(swap_out_page(slot, (const void *)(uintptr_t)(PAGE_SIZE + 1)), E_INVAL);
    KEXPECT_EQ(swap_in_page(slot, NULL), E_INVAL);
    KEXPECT_EQ(swap_get_stats()->page_writes, before.page_writes);
    KEXPECT_EQ(swap_get_stats()->page_reads, before.page_reads);
    KEXPECT_EQ(ata_get_stats()->commands, 0); /* nothing reached the disk */
    KEXPECT_EQ(swap_slot_free(slot), E_OK);
    frame_put(frame);
    KEXPECT_EQ(page_table_free_frames(), frames_before);
}

KTEST(swap_without_a_disk_refuses_every_slot)
{
    unsigned long slot = 0;
    KEXPECT(!swap_enabled());
    KEXPECT_EQ(swap_slot_alloc(&slot), E_NODEV);
    KEXPECT_EQ(swap_slot_free(0), E_NODEV);
    KEXPECT_EQ(swap_free_slots(), 0);
    KEXPECT_EQ(swap_out_page(0, (const void *)(uintptr_t)PAGE_SIZE), E_NODEV);
}

/* ---- the swapped PTE ------------------------------------------------------ */

KTEST(swapped_pte_names_its_slot_and_is_not_present)
{
    const unsigned long last = PTE_SWAP_SLOTS_LIMIT - 1;
    KEXPECT(pte_is_swapped(pte_swapped(TEST_SLOT)));
    KEXPECT(!pte_is_present(pte_swapped(TEST_SLOT)));
    KEXPECT_EQ(pte_swap_slot(pte_swapped(TEST_SLOT)), TEST_SLOT);
    KEXPECT_EQ(pte_swap_slot(pte_swapped(0)), 0);
    KEXPECT(pte_is_swapped(pte_swapped(0))); /* slot 0 is not an empty entry */
    KEXPECT_EQ(pte_swap_slot(pte_swapped(last)), last);
    KEXPECT(!pte_is_swapped(0));
    KEXPECT(!pte_is_swapped(pte_create(TEST_SLOT, PTE_PRESENT | PTE_WRITABLE)));
}

KTEST(page_walk_decodes_a_swapped_pte)
{
    const unsigned long frames_before = page_table_free_frames();
    const unsigned long va = UNUSED_VA;
    unsigned long frame = frame_get();
    char want[TEXT_MAX];
    pte_t mapped;
    KASSERT(page_table_map(va, frame, PTE_WRITABLE) == E_OK); /* makes the page table */
    mapped = *pte_for(va);
    *pte_for(va) = pte_swapped(TEST_SLOT);
    tlb_flush_page(TLB_LOADED, va);
    console_capture_reset();
    dump_page_table(current_page_table, va);
    ksnprintf(want, sizeof(want), "  PTE %lu at 0x%08lx = 0x%08lx [not present: swapped, slot %lu]",
              PTX(va), (unsigned long)(uintptr_t)pte_for(va), (unsigned long)pte_swapped(TEST_SLOT),
              TEST_SLOT);
    KEXPECT(strstr(console_captured(), want) != NULL);
    KEXPECT(strstr(console_captured(), "physical address") == NULL);
    *pte_for(va) = mapped; /* free_page frees the frame and the page table */
    page_table_free_page(current_page_table, PAGE_NO(va));
    KEXPECT_EQ(page_table_free_frames(), frames_before);
}
