/*
 * shm_test.c - shared-memory segments (shm.h): xv6's counter test with
 * address spaces in place of processes, sharing across address spaces,
 * exact frame accounting at every open and close, the fault handler's
 * and free_page's handling of shared frames, and every error case.
 *
 * Frame counts come from page_table_free_frames() (data pages and page
 * tables, whichever frame source is selected) and, for the segments'
 * frame lists, from kernel_mem_pool.  Expected deltas are derived from
 * the state the test observes (pages asked for, page tables that
 * appeared or went away), never written in as numbers.
 */
#include "cont_frame_pool.h"
#include "fixtures.h"
#include "frame_source.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "shm.h"

enum { ID = 7, OTHER_ID = 8, SPACES = 10, COUNTER_START = 10, MULTI_PAGES = 5 };

#define SHM_AREA_SIZE (SHM_END - SHM_BASE)

static struct page_table spaces[SPACES], space_a, space_b;

static unsigned long kernel_pool_free(void) { return cont_frame_pool_free_count(&kernel_mem_pool); }

/* Page tables present in the loaded address space's shm area. */
static unsigned long shm_tables(void)
{
    unsigned long n = 0;
    for (unsigned long pdx = SHM_FIRST_PDX; pdx < SCRATCH_PDX; pdx++)
        n += pte_is_present(page_dir()[pdx]);
    return n;
}

static unsigned long va_of(const volatile void *p) { return (unsigned long)(uintptr_t)p; }

struct walk_log {
    unsigned n;
    int id[4];
    unsigned long va[4], pages[4];
    unsigned refs[4];
};

static void log_mapping(void *arg, int id, unsigned long va, unsigned long pages, unsigned refs)
{
    struct walk_log *log = arg;
    if (log->n < ARRAY_SIZE(log->id)) {
        log->id[log->n] = id;
        log->va[log->n] = va;
        log->pages[log->n] = pages;
        log->refs[log->n] = refs;
    }
    log->n++;
}

static struct walk_log walk(const struct page_table *pt)
{
    struct walk_log log = {0};
    shm_walk(pt, log_mapping, &log);
    return log;
}

/* Take frames from the frame source until only `keep` are left; they
 * are chained through their own first word.  Undo with refill(). */
static unsigned long drain_frames_to(unsigned long keep)
{
    struct frame_source *src = page_table_frames();
    unsigned long head = 0;
    while (page_table_free_frames() > keep) {
        unsigned long f = src->get(src->impl), *word;
        KASSERT(f != 0);
        word = kmap(f);
        *word = head;
        kunmap(word);
        head = f;
    }
    return head;
}

static void refill(unsigned long head)
{
    struct frame_source *src = page_table_frames();
    while (head) {
        unsigned long *word = kmap(head), next = *word;
        kunmap(word);
        KEXPECT_EQ(src->put(src->impl, head), E_OK);
        head = next;
    }
}

static bool interrupts_on(void)
{
    bool on = irq_save();
    irq_restore(on);
    return on;
}

/* ---- xv6's test ---------------------------------------------------------- */

KTEST(shm_xv6_counter_ten_address_spaces)
{
    unsigned long free_before = page_table_free_frames();
    volatile int *counter = shm_open(ID, sizeof(int)), *fresh;
    KASSERT(counter != NULL);
    *counter = COUNTER_START;
    for (int i = 0; i < SPACES; i++)
        page_table_init(&spaces[i]);
    for (int i = 0; i < SPACES; i++) {
        volatile int *c;
        page_table_load(&spaces[i]);
        c = shm_open(ID, sizeof(int));
        KASSERT(c != NULL);
        (*c)++;
        KEXPECT_EQ(shm_close(ID), E_OK);
    }
    fixture_space_enter(&space_a);
    fresh = shm_open(ID, sizeof(int));
    KASSERT(fresh != NULL);
    KEXPECT_EQ(*fresh, COUNTER_START + SPACES);
    KEXPECT_EQ(shm_close(ID), E_OK);
    fixture_space_leave(&space_a);
    for (int i = 0; i < SPACES; i++)
        page_table_destroy(&spaces[i]);
    KEXPECT_EQ(shm_close(ID), E_OK);
    KEXPECT_EQ(shm_segment_count(), 0);
    KEXPECT_EQ(page_table_free_frames(), free_before);
}

/* ---- sharing ------------------------------------------------------------- */

KTEST(shm_different_addresses_see_the_same_bytes)
{
    static const char msg_a[] = "written in A", msg_b[] = "answer from B";
    char *in_a, *in_b;
    fixture_space_enter(&space_a);
    KASSERT(shm_open(OTHER_ID, PAGE_SIZE) != NULL); /* pushes ID further up in A */
    in_a = shm_open(ID, PAGE_SIZE);
    KASSERT(in_a != NULL);
    memcpy(in_a, msg_a, sizeof(msg_a));
    fixture_space_enter(&space_b);
    in_b = shm_open(ID, PAGE_SIZE);
    KASSERT(in_b != NULL);
    KEXPECT(va_of(in_a) != va_of(in_b));
    KEXPECT_EQ(memcmp(in_b, msg_a, sizeof(msg_a)), 0);
    memcpy(in_b, msg_b, sizeof(msg_b));
    page_table_load(&space_a);
    KEXPECT_EQ(memcmp(in_a, msg_b, sizeof(msg_b)), 0);
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
    KEXPECT_EQ(shm_segment_count(), 0);
}

KTEST(shm_segment_spanning_pages_shares_every_page)
{
    volatile uint32_t *in_a, *in_b;
    const unsigned long words = PAGE_SIZE / sizeof(uint32_t);
    unsigned long frame_a[MULTI_PAGES];
    fixture_space_enter(&space_a);
    in_a = shm_open(ID, PAGE_ADDR(MULTI_PAGES));
    KASSERT(in_a != NULL);
    for (unsigned long p = 0; p < MULTI_PAGES; p++) {
        in_a[p * words] = (uint32_t)(0x1000 + p);
        in_a[p * words + words - 1] = (uint32_t)(0x2000 + p);
        frame_a[p] = pte_frame(page_table_lookup(va_of(in_a) + PAGE_ADDR(p)));
    }
    fixture_space_enter(&space_b);
    in_b = shm_open(ID, PAGE_ADDR(MULTI_PAGES));
    KASSERT(in_b != NULL);
    for (unsigned long p = 0; p < MULTI_PAGES; p++) {
        pte_t pte = page_table_lookup(va_of(in_b) + PAGE_ADDR(p));
        KEXPECT_EQ(pte_frame(pte), frame_a[p]);
        KEXPECT(pte & PTE_SHARED);
        KEXPECT(p == 0 || frame_a[p] != frame_a[p - 1]);
        KEXPECT_EQ(in_b[p * words], 0x1000 + p);
        KEXPECT_EQ(in_b[p * words + words - 1], 0x2000 + p);
    }
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
}

KTEST(shm_new_segment_is_zero_filled)
{
    volatile uint32_t *seg = shm_open(ID, PAGE_ADDR(MULTI_PAGES));
    const unsigned long words = PAGE_ADDR(MULTI_PAGES) / sizeof(uint32_t);
    unsigned long nonzero = 0;
    KASSERT(seg != NULL);
    for (unsigned long i = 0; i < words; i++)
        seg[i] = 0xA5A5A5A5u; /* dirty the frames the next segment will likely get */
    KEXPECT_EQ(shm_close(ID), E_OK);
    seg = shm_open(OTHER_ID, PAGE_ADDR(MULTI_PAGES));
    KASSERT(seg != NULL);
    for (unsigned long i = 0; i < words; i++)
        nonzero += seg[i] != 0;
    KEXPECT_EQ(nonzero, 0);
    KEXPECT_EQ(shm_close(OTHER_ID), E_OK);
}

KTEST(shm_size_is_compared_in_whole_pages)
{
    volatile char *small, *rounded;
    fixture_space_enter(&space_a);
    small = shm_open(ID, 1);
    KASSERT(small != NULL);
    small[PAGE_SIZE - 1] = 'x'; /* the whole page is there */
    fixture_space_enter(&space_b);
    rounded = shm_open(ID, PAGE_SIZE);
    KASSERT(rounded != NULL);
    KEXPECT_EQ(rounded[PAGE_SIZE - 1], 'x');
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
}

/* ---- frame accounting ---------------------------------------------------- */

KTEST(shm_frames_are_freed_exactly_at_the_last_close)
{
    unsigned long free0 = page_table_free_frames(), kfree0 = kernel_pool_free(), tables, mark;
    fixture_space_enter(&space_a);
    tables = shm_tables();
    mark = page_table_free_frames();
    KASSERT(shm_open(ID, PAGE_ADDR(MULTI_PAGES)) != NULL);
    KEXPECT_EQ(mark - page_table_free_frames(), MULTI_PAGES + (shm_tables() - tables));
    KEXPECT(kernel_pool_free() < kfree0); /* the frame list */
    fixture_space_enter(&space_b);
    tables = shm_tables();
    mark = page_table_free_frames();
    KASSERT(shm_open(ID, PAGE_ADDR(MULTI_PAGES)) != NULL);
    KEXPECT_EQ(mark - page_table_free_frames(), shm_tables() - tables); /* tables only */
    page_table_load(&space_a);
    tables = shm_tables();
    mark = page_table_free_frames();
    KEXPECT_EQ(shm_close(ID), E_OK); /* B still has it */
    KEXPECT_EQ(page_table_free_frames() - mark, tables - shm_tables());
    page_table_load(&space_b);
    tables = shm_tables();
    mark = page_table_free_frames();
    KEXPECT_EQ(shm_close(ID), E_OK); /* the last one */
    KEXPECT_EQ(page_table_free_frames() - mark, MULTI_PAGES + (tables - shm_tables()));
    KEXPECT_EQ(kernel_pool_free(), kfree0);
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
    KEXPECT_EQ(page_table_free_frames(), free0);
}

KTEST(shm_free_page_does_not_free_a_shared_frame)
{
    volatile int *in_a, *in_b;
    unsigned long tables, mark;
    fixture_space_enter(&space_b);
    in_b = shm_open(ID, PAGE_SIZE);
    KASSERT(in_b != NULL);
    fixture_space_enter(&space_a);
    in_a = shm_open(ID, PAGE_SIZE);
    KASSERT(in_a != NULL);
    *in_a = 42;
    tables = shm_tables();
    mark = page_table_free_frames();
    page_table_free_page(&space_a, PAGE_NO(va_of(in_a)));
    KEXPECT_EQ(page_table_lookup(va_of(in_a)), 0);
    KEXPECT_EQ(page_table_free_frames() - mark, tables - shm_tables()); /* no data frame */
    page_table_load(&space_b);
    KEXPECT_EQ(*in_b, 42);
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
}

KTEST(shm_fault_after_free_page_maps_the_segment_frame_again)
{
    volatile int *seg = shm_open(ID, PAGE_SIZE);
    unsigned long frame;
    KASSERT(seg != NULL);
    *seg = 42;
    frame = pte_frame(page_table_lookup(va_of(seg)));
    page_table_free_page(&kernel_page_table, PAGE_NO(va_of(seg)));
    KEXPECT_EQ(*seg, 42); /* faults; not a fresh zero page */
    KEXPECT_EQ(pte_frame(page_table_lookup(va_of(seg))), frame);
    KEXPECT(page_table_lookup(va_of(seg)) & PTE_SHARED);
    KEXPECT_EQ(shm_close(ID), E_OK);
}

KTEST(shm_destroying_an_address_space_drops_its_segments)
{
    volatile int *in_b;
    unsigned long free0 = page_table_free_frames();
    fixture_space_enter(&space_a);
    KASSERT(shm_open(ID, PAGE_ADDR(MULTI_PAGES)) != NULL);
    KASSERT(shm_open(OTHER_ID, PAGE_SIZE) != NULL);
    fixture_space_enter(&space_b);
    in_b = shm_open(ID, PAGE_ADDR(MULTI_PAGES));
    KASSERT(in_b != NULL);
    *in_b = 42;
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a); /* never closed: B keeps ID, OTHER_ID goes */
    KEXPECT_EQ(shm_segment_count(), 1);
    KEXPECT_EQ(walk(&space_b).refs[0], 1);
    page_table_load(&space_b);
    KEXPECT_EQ(*in_b, 42);
    fixture_space_leave(&space_b);
    KEXPECT_EQ(shm_segment_count(), 0);
    KEXPECT_EQ(page_table_free_frames(), free0);
}

/* ---- legitimacy, faults and the walk ------------------------------------- */

KTEST(shm_is_legitimate_only_inside_open_segments)
{
    unsigned long va = va_of(shm_open(ID, PAGE_ADDR(MULTI_PAGES)));
    KASSERT(va != 0);
    KEXPECT(shm_is_legitimate(&kernel_page_table, va));
    KEXPECT(shm_is_legitimate(&kernel_page_table, va + PAGE_ADDR(MULTI_PAGES) - 1));
    KEXPECT(!shm_is_legitimate(&kernel_page_table, va + PAGE_ADDR(MULTI_PAGES))); /* guard */
    KEXPECT(!shm_is_legitimate(&kernel_page_table, SHM_END - PAGE_SIZE));
    KEXPECT_EQ(shm_close(ID), E_OK);
    KEXPECT(!shm_is_legitimate(&kernel_page_table, va));
}

KTEST_DEATH(shm_closed_segment_address_faults, "no shared-memory segment is mapped there")
{
    volatile int *seg = shm_open(ID, PAGE_SIZE);
    KASSERT(seg != NULL);
    *seg = 1;
    KASSERT(shm_close(ID) == E_OK);
    *seg = 2;
}

KTEST_DEATH(shm_guard_page_after_a_segment_faults, "no shared-memory segment is mapped there")
{
    volatile char *seg = shm_open(ID, PAGE_SIZE);
    KASSERT(seg != NULL);
    seg[PAGE_SIZE] = 1;
}

KTEST(shm_walk_lists_mappings_lowest_address_first)
{
    struct walk_log log;
    void *first, *second;
    fixture_space_enter(&space_b);
    KASSERT(shm_open(OTHER_ID, PAGE_SIZE) != NULL);
    fixture_space_enter(&space_a);
    first = shm_open(ID, PAGE_ADDR(MULTI_PAGES));
    second = shm_open(OTHER_ID, PAGE_SIZE);
    KASSERT(first != NULL && second != NULL);
    log = walk(&space_a);
    KEXPECT_EQ(log.n, 2);
    KEXPECT_EQ(log.id[0], ID);
    KEXPECT_EQ(log.va[0], va_of(first));
    KEXPECT_EQ(log.pages[0], MULTI_PAGES);
    KEXPECT_EQ(log.refs[0], 1);
    KEXPECT_EQ(log.id[1], OTHER_ID);
    KEXPECT_EQ(log.va[1], va_of(second));
    KEXPECT_EQ(log.pages[1], 1);
    KEXPECT_EQ(log.refs[1], 2);
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
}

KTEST(shm_open_and_close_keep_the_interrupt_state)
{
    KASSERT(interrupts_on());
    KASSERT(shm_open(ID, PAGE_SIZE) != NULL);
    KEXPECT(interrupts_on());
    KEXPECT_EQ(shm_close(ID), E_OK);
    KEXPECT(interrupts_on());
    irq_disable();
    KASSERT(shm_open(ID, PAGE_SIZE) != NULL);
    KEXPECT(!interrupts_on());
    KEXPECT_EQ(shm_close(ID), E_OK);
    KEXPECT(!interrupts_on());
    irq_enable();
}

/* ---- errors ---------------------------------------------------------------- */

KTEST(shm_too_many_segments_is_full)
{
    unsigned long mark;
    void *addr = NULL;
    for (int i = 0; i < SHM_MAX_SEGMENTS; i++)
        KASSERT(shm_open(i, PAGE_SIZE) != NULL);
    mark = page_table_free_frames();
    KEXPECT_EQ(shm_try_open(SHM_MAX_SEGMENTS, PAGE_SIZE, &addr), E_FULL);
    KEXPECT(addr == NULL);
    KEXPECT_EQ(shm_segment_count(), SHM_MAX_SEGMENTS);
    KEXPECT_EQ(page_table_free_frames(), mark);
    KEXPECT_EQ(shm_close(0), E_OK);
    KEXPECT(shm_open(SHM_MAX_SEGMENTS, PAGE_SIZE) != NULL); /* a slot came back */
    for (int i = 1; i <= SHM_MAX_SEGMENTS; i++)
        KEXPECT_EQ(shm_close(i), E_OK);
    KEXPECT_EQ(shm_segment_count(), 0);
}

/* SHM_MAX_MAPPINGS (address space, segment) pairs fill the mapping table:
 * every segment open in enough address spaces, then one more open fails
 * with E_FULL and changes nothing; destroying the spaces frees it all. */
#define FULL_SPACES (SHM_MAX_MAPPINGS / SHM_MAX_SEGMENTS)
KTEST(shm_open_beyond_the_mapping_table_is_full)
{
    static struct page_table full[FULL_SPACES + 1];
    unsigned long free_before = page_table_free_frames(), mark;
    void *addr = NULL;
    for (int i = 0; i <= FULL_SPACES; i++)
        page_table_init(&full[i]);
    for (int i = 0; i < FULL_SPACES; i++) {
        page_table_load(&full[i]);
        for (int id = 0; id < SHM_MAX_SEGMENTS; id++)
            KASSERT(shm_open(id, PAGE_SIZE) != NULL);
    }
    page_table_load(&full[FULL_SPACES]);
    mark = page_table_free_frames();
    KEXPECT_EQ(shm_try_open(0, PAGE_SIZE, &addr), E_FULL);
    KEXPECT(addr == NULL);
    KEXPECT_EQ(page_table_free_frames(), mark);
    page_table_load(&kernel_page_table);
    for (int i = 0; i <= FULL_SPACES; i++)
        page_table_destroy(&full[i]);
    KEXPECT_EQ(shm_segment_count(), 0);
    KEXPECT_EQ(page_table_free_frames(), free_before);
}

KTEST(shm_open_with_another_size_is_an_error)
{
    void *addr = NULL;
    unsigned long mark;
    fixture_space_enter(&space_a);
    KASSERT(shm_open(ID, PAGE_SIZE) != NULL);
    fixture_space_enter(&space_b);
    mark = page_table_free_frames();
    KEXPECT_EQ(shm_try_open(ID, PAGE_ADDR(2), &addr), E_EXISTS);
    KEXPECT(addr == NULL);
    KEXPECT_EQ(walk(&space_b).n, 0);
    KEXPECT_EQ(walk(&space_a).refs[0], 1);
    KEXPECT_EQ(page_table_free_frames(), mark);
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
}

KTEST(shm_open_twice_in_one_address_space_is_an_error)
{
    void *addr = NULL;
    KASSERT(shm_open(ID, PAGE_SIZE) != NULL);
    KEXPECT_EQ(shm_try_open(ID, PAGE_SIZE, &addr), E_ALREADY_OPEN);
    KEXPECT(addr == NULL);
    KEXPECT_EQ(walk(&kernel_page_table).refs[0], 1);
    KEXPECT_EQ(shm_close(ID), E_OK);
}

KTEST(shm_zero_or_oversized_open_is_invalid)
{
    void *addr = NULL;
    KEXPECT_EQ(shm_try_open(ID, 0, &addr), E_INVAL);
    KEXPECT_EQ(shm_try_open(ID, SHM_AREA_SIZE, &addr), E_INVAL); /* no room for the guard */
    KEXPECT_EQ(shm_try_open(ID, ~0ul, &addr), E_INVAL);
    KEXPECT(addr == NULL);
    KEXPECT(shm_open(ID, 0) == NULL);
    KEXPECT_EQ(shm_segment_count(), 0);
}

KTEST(shm_close_twice_is_an_error)
{
    unsigned long mark;
    KASSERT(shm_open(ID, PAGE_SIZE) != NULL);
    KEXPECT_EQ(shm_close(ID), E_OK);
    mark = page_table_free_frames();
    KEXPECT_EQ(shm_close(ID), E_NOT_OPEN);
    KEXPECT_EQ(page_table_free_frames(), mark);
}

KTEST(shm_close_of_an_unopened_id_changes_nothing)
{
    volatile int *in_a;
    unsigned long mark;
    fixture_space_enter(&space_a);
    in_a = shm_open(ID, PAGE_SIZE);
    KASSERT(in_a != NULL);
    *in_a = 42;
    fixture_space_enter(&space_b);
    mark = page_table_free_frames();
    KEXPECT_EQ(shm_close(ID), E_NOT_OPEN);       /* exists, but not open in B */
    KEXPECT_EQ(shm_close(OTHER_ID), E_NOT_OPEN); /* does not exist */
    KEXPECT_EQ(page_table_free_frames(), mark);
    KEXPECT_EQ(shm_segment_count(), 1);
    KEXPECT_EQ(walk(&space_a).refs[0], 1);
    page_table_load(&space_a);
    KEXPECT_EQ(*in_a, 42);
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
}

/* Frames for all but the last page: the segment's frames run out. */
KTEST(shm_open_without_frames_for_the_pages_leaves_nothing)
{
    unsigned long kfree = kernel_pool_free(), tables = shm_tables(), drained;
    void *addr = NULL;
    drained = drain_frames_to(MULTI_PAGES - 1);
    KEXPECT_EQ(shm_try_open(ID, PAGE_ADDR(MULTI_PAGES), &addr), E_NOMEM);
    KEXPECT(addr == NULL);
    KEXPECT_EQ(page_table_free_frames(), MULTI_PAGES - 1);
    KEXPECT_EQ(kernel_pool_free(), kfree);
    KEXPECT_EQ(shm_tables(), tables);
    KEXPECT_EQ(shm_segment_count(), 0);
    refill(drained);
    KEXPECT(shm_open(ID, PAGE_ADDR(MULTI_PAGES)) != NULL);
    KEXPECT_EQ(shm_close(ID), E_OK);
}

/* Frames for every page but none for the page table that maps them. */
KTEST(shm_open_without_a_frame_for_the_page_table_leaves_nothing)
{
    unsigned long kfree = kernel_pool_free(), drained;
    void *addr = NULL;
    KASSERT(shm_tables() == 0);
    drained = drain_frames_to(MULTI_PAGES);
    KEXPECT_EQ(shm_try_open(ID, PAGE_ADDR(MULTI_PAGES), &addr), E_NOMEM);
    KEXPECT(addr == NULL);
    KEXPECT_EQ(page_table_free_frames(), MULTI_PAGES);
    KEXPECT_EQ(kernel_pool_free(), kfree);
    KEXPECT_EQ(shm_tables(), 0);
    KEXPECT_EQ(shm_segment_count(), 0);
    refill(drained);
}

/* Half the area is taken, so another half does not fit in this address
 * space (the guard page) though the frames exist; in a fresh one it does. */
KTEST_MEMORY(shm_open_without_room_in_the_area_leaves_nothing, 160);
KTEST(shm_open_without_room_in_the_area_leaves_nothing)
{
    const unsigned long half = SHM_AREA_SIZE / 2;
    unsigned long mark;
    void *addr = NULL;
    fixture_space_enter(&space_a);
    KASSERT(shm_open(ID, half) != NULL);
    mark = page_table_free_frames();
    KEXPECT(mark > PAGES_FOR(half)); /* frames are not what is missing */
    KEXPECT_EQ(shm_try_open(OTHER_ID, half, &addr), E_NOMEM);
    KEXPECT(addr == NULL);
    KEXPECT_EQ(page_table_free_frames(), mark);
    KEXPECT_EQ(shm_segment_count(), 1);
    fixture_space_enter(&space_b);
    KEXPECT(shm_open(OTHER_ID, half) != NULL);
    page_table_load(&kernel_page_table);
    page_table_destroy(&space_a);
    page_table_destroy(&space_b);
    KEXPECT_EQ(shm_segment_count(), 0);
}
