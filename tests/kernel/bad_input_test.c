/*
 * bad_input_test.c - the bad inputs of docs/robustness.md (test names
 * starting bad_input_): frame pools, page tables and VM pools called
 * with arguments or in states they refuse, each either refused with an
 * error code that changes nothing, or a panic naming the broken
 * invariant; and VM pools out of memory (allocate fails cleanly,
 * release needs no frame).
 *
 * Why so many small tests: each row of the bad-input table names the one
 * test that shows it, and a death test ends its QEMU run, so every
 * report gets a boot of its own.  Tests that need a VM pool register one
 * in the boot address space (kernel_page_table) with fixture_pool_init;
 * the ones that survive tear it down again with fixture_pool_teardown
 * (fixtures.h) and check that the frame source is back at its baseline.
 */
#include "cont_frame_pool.h"
#include "fixtures.h"
#include "frame_source.h"
#include "ktest.h"
#include "mmu.h"
#include "page_fault.h"
#include "page_table.h"
#include "scenarios.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

#define POOL_BASE   (512 * MB) /* where the test pools live (MP4's code_pool) */
#define POOL_SIZE   (4 * MB)
#define OTHER_BASE  (1024 * MB)
#define REGION_SIZE (3 * PAGE_SIZE)

static struct vm_pool pool, other;
static struct page_table space; /* a second address space */

/* ---- bad input: frame pools (the rest: frame_pool_test.c) ------------ */

KTEST_DEFAULT_FRAMES_ONLY(bad_input_frame_pool_init_too_small_for_its_bitmaps_panics);
KTEST_DEATH(bad_input_frame_pool_init_too_small_for_its_bitmaps_panics, "is too small a pool")
{
    static struct cont_frame_pool tiny;
    /* one unused frame below the kernel pool, which would hold only its bitmap */
    cont_frame_pool_init(&tiny, PAGE_NO(KERNEL_POOL_START) - 1, 1, 0);
}

KTEST_DEFAULT_FRAMES_ONLY(bad_input_frame_pool_state_outside_pool_panics);
KTEST_DEATH(bad_input_frame_pool_state_outside_pool_panics, "is not in pool kernel_mem_pool")
{
    cont_frame_pool_state(&kernel_mem_pool, PAGE_NO(KERNEL_POOL_END));
}

/* ---- bad input: page tables ----------------------------------------- */

KTEST_DEFAULT_FRAMES_ONLY(bad_input_page_table_map_in_shared_region_panics);
KTEST_DEATH(bad_input_page_table_map_in_shared_region_panics, "is in a reserved area")
{
    page_table_map(KERNEL_POOL_START, PAGE_NO(KERNEL_POOL_START), PTE_WRITABLE);
}

KTEST_DEATH(bad_input_page_table_map_of_mapped_address_panics, "is already mapped")
{
    struct frame_source *src = page_table_frames();
    fixture_touch(OTHER_BASE); /* no pool is registered: every address is legitimate */
    page_table_map(OTHER_BASE, src->get(src->impl), PTE_WRITABLE);
}

KTEST(bad_input_page_table_map_without_frames_returns_nomem)
{
    unsigned long before = page_table_free_frames(), n = fixture_hold_every_frame();
    KEXPECT_EQ(page_table_map(OTHER_BASE, fixture_held_frame(0), PTE_WRITABLE), E_NOMEM);
    KEXPECT(!pte_is_present(*pde_for(OTHER_BASE))); /* no page table was left behind */
    fixture_give_back(n);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(bad_input_page_table_free_page_of_unmapped_page_changes_nothing)
{
    unsigned long before = page_table_free_frames(), used;
    page_table_free_page(&kernel_page_table, PAGE_NO(OTHER_BASE)); /* no page table */
    KEXPECT_EQ(page_table_free_frames(), before);
    fixture_touch(OTHER_BASE); /* a page table and a page */
    used = before - page_table_free_frames();
    page_table_free_page(&kernel_page_table, PAGE_NO(OTHER_BASE) + 1); /* table, no page */
    KEXPECT_EQ(before - page_table_free_frames(), used);
    KEXPECT_EQ(fixture_peek(OTHER_BASE), FIXTURE_FILL_WORD);
    page_table_free_page(&kernel_page_table, PAGE_NO(OTHER_BASE));
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST_DEATH(bad_input_page_table_free_page_in_unloaded_space_panics, "the page table is not loaded")
{
    page_table_init(&space);
    page_table_free_page(&space, PAGE_NO(OTHER_BASE));
}

KTEST_DEFAULT_FRAMES_ONLY(bad_input_page_table_destroy_of_loaded_space_panics);
KTEST_DEATH(bad_input_page_table_destroy_of_loaded_space_panics, "address space is loaded")
{
    page_table_destroy(&kernel_page_table);
}

KTEST_DEATH(bad_input_page_table_destroy_with_pools_panics, "or still has pools")
{
    page_table_init(&space);
    vm_pool_init(&other, POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    page_table_destroy(&space);
}

KTEST_DEATH(bad_input_vm_pool_register_into_shm_area_panics,
            "the shared-memory area or the recursive window")
{
    vm_pool_init(&pool, VM_AREA_END - POOL_SIZE / 2, POOL_SIZE, &process_mem_pool,
                 &kernel_page_table);
}

KTEST_DEATH(bad_input_vm_pool_unregister_unknown_pool_panics, "is not registered")
{
    page_table_init(&space);
    vm_pool_init(&other, POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    vm_pool_unregister(&kernel_page_table, &other);
}

KTEST_DEFAULT_FRAMES_ONLY(bad_input_kunmap_of_unmapped_address_panics);
KTEST_DEATH(bad_input_kunmap_of_unmapped_address_panics, "is not a kmap()ed address")
{
    kunmap((void *)(uintptr_t)(PAGE_TABLES_VADDR - PAGE_SIZE));
}

KTEST_DEFAULT_FRAMES_ONLY(bad_input_page_table_init_paging_twice_panics);
KTEST_DEATH(bad_input_page_table_init_paging_twice_panics, "page_table_init_paging: bad call")
{
    page_table_init_paging(&kernel_mem_pool, &process_mem_pool, DIRECT_MAP_END);
}

/* ---- bad input: VM pools -------------------------------------------- */

struct pool_state {
    unsigned long regions, largest, frames;
};

static struct pool_state state_of(const struct vm_pool *p)
{
    struct pool_state s = {vm_pool_region_count(p), vm_pool_largest_free(p),
                           page_table_free_frames()};
    return s;
}

static bool same_state(struct pool_state a, struct pool_state b)
{
    return a.regions == b.regions && a.largest == b.largest && a.frames == b.frames;
}

/* A pool with one touched region of REGION_SIZE; returns its start. */
static unsigned long pool_with_region(void)
{
    unsigned long a;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    a = vm_pool_allocate(&pool, REGION_SIZE);
    KASSERT(a != 0);
    fixture_touch(a);
    return a;
}

KTEST(bad_input_vm_allocate_of_zero_bytes_returns_zero)
{
    struct pool_state s;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    s = state_of(&pool);
    KEXPECT_EQ(vm_pool_allocate(&pool, 0), 0);
    KEXPECT(same_state(state_of(&pool), s));
}

KTEST(bad_input_vm_allocate_of_more_than_the_pool_returns_zero)
{
    struct pool_state s;
    pool_with_region(); /* the first allocate sets up the bookkeeping */
    s = state_of(&pool);
    KEXPECT_EQ(vm_pool_allocate(&pool, vm_pool_largest_free(&pool) + 1), 0);
    KEXPECT_EQ(vm_pool_allocate(&pool, POOL_SIZE + 1), 0);
    KEXPECT_EQ(vm_pool_allocate(&pool, ~0ul), 0); /* would round up to 0 pages */
    KEXPECT(same_state(state_of(&pool), s));
}

KTEST(bad_input_vm_allocate_from_full_pool_returns_zero)
{
    struct pool_state s;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    KASSERT(vm_pool_allocate(&pool, vm_pool_largest_free(&pool)) != 0);
    s = state_of(&pool);
    KEXPECT_EQ(s.largest, 0);
    KEXPECT_EQ(vm_pool_allocate(&pool, 1), 0);
    KEXPECT(same_state(state_of(&pool), s));
}

KTEST(bad_input_vm_release_of_address_inside_region_is_refused)
{
    unsigned long a = pool_with_region();
    struct pool_state s = state_of(&pool);
    KEXPECT_EQ(vm_pool_release(&pool, a + PAGE_SIZE), E_NOT_REGION);
    KEXPECT_EQ(vm_pool_release(&pool, a + 1), E_NOT_REGION);
    KEXPECT(same_state(state_of(&pool), s));
    KEXPECT_EQ(fixture_peek(a), FIXTURE_FILL_WORD);
}

KTEST(bad_input_vm_double_release_is_refused)
{
    unsigned long a = pool_with_region();
    struct pool_state s;
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    s = state_of(&pool);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_NOT_REGION);
    KEXPECT(same_state(state_of(&pool), s));
}

KTEST(bad_input_vm_release_of_free_space_is_refused)
{
    unsigned long a = pool_with_region();
    struct pool_state s = state_of(&pool);
    KEXPECT_EQ(vm_pool_release(&pool, a + REGION_SIZE), E_NOT_REGION); /* a free extent's start */
    KEXPECT(same_state(state_of(&pool), s));
}

KTEST(bad_input_vm_release_outside_pool_is_refused)
{
    struct pool_state s;
    pool_with_region();
    s = state_of(&pool);
    KEXPECT_EQ(vm_pool_release(&pool, POOL_BASE - PAGE_SIZE), E_NOT_REGION);
    KEXPECT_EQ(vm_pool_release(&pool, POOL_BASE), E_NOT_REGION); /* bookkeeping */
    KEXPECT_EQ(vm_pool_release(&pool, POOL_BASE + POOL_SIZE), E_NOT_REGION);
    KEXPECT_EQ(vm_pool_release(&pool, 0), E_NOT_REGION);
    KEXPECT(same_state(state_of(&pool), s));
}

KTEST_DEATH(bad_input_vm_free_of_address_inside_region_panics,
            "is not the start of a live region in heap_pool (E_NOT_REGION)")
{
    unsigned long a = pool_with_region();
    current_pool = &pool;
    vm_free((void *)(uintptr_t)(a + PAGE_SIZE));
}

KTEST_DEFAULT_FRAMES_ONLY(bad_input_vm_alloc_without_current_pool_panics);
KTEST_DEATH(bad_input_vm_alloc_without_current_pool_panics, "vm_alloc: no current_pool")
{
    current_pool = NULL;
    vm_alloc(PAGE_SIZE);
}

KTEST(bad_input_vm_free_of_null_does_nothing)
{
    struct pool_state s;
    pool_with_region();
    current_pool = &pool;
    s = state_of(&pool);
    vm_free(NULL);
    KEXPECT(same_state(state_of(&pool), s));
}

KTEST_DEATH(bad_input_vm_pool_init_with_unaligned_base_panics, "must be page-aligned")
{
    vm_pool_init(&pool, POOL_BASE + 1, POOL_SIZE, &process_mem_pool, &kernel_page_table);
}

KTEST_DEATH(bad_input_vm_pool_init_with_one_page_panics,
            "a pool of 1 page(s) leaves no room after its 1 bookkeeping page(s)")
{
    vm_pool_init(&pool, POOL_BASE, PAGE_SIZE, &process_mem_pool, &kernel_page_table);
}

KTEST_DEATH(bad_input_vm_pool_use_from_another_address_space_panics, "address space is not loaded")
{
    page_table_init(&space);
    vm_pool_init(&other, POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    vm_pool_allocate(&other, PAGE_SIZE);
}

KTEST_DEATH(bad_input_vm_largest_free_from_another_address_space_panics,
            "vm_pool_largest_free: pool pool_b's address space is not loaded")
{
    page_table_init(&space);
    vm_pool_init(&other, POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    vm_pool_set_name(&other, "pool_b");
    page_table_load(&space);
    KASSERT(vm_pool_allocate(&other, PAGE_SIZE) != 0); /* its extent tree now exists */
    page_table_load(&kernel_page_table);
    vm_pool_largest_free(&other); /* would read the boot space's memory at POOL_BASE */
}

KTEST(bad_input_vm_is_legitimate_is_false_off_live_regions)
{
    unsigned long a = pool_with_region();
    struct pool_state s = state_of(&pool);
    KEXPECT(!vm_pool_is_legitimate(&pool, POOL_BASE - 1));
    KEXPECT(!vm_pool_is_legitimate(&pool, POOL_BASE + POOL_SIZE));
    KEXPECT(!vm_pool_is_legitimate(&pool, POOL_BASE + PAGE_SIZE)); /* unused bookkeeping */
    KEXPECT(!vm_pool_is_legitimate(&pool, a + REGION_SIZE));       /* free space */
    KEXPECT(!vm_pool_is_legitimate(&pool, 0));
    KEXPECT(vm_pool_is_legitimate(&pool, a + REGION_SIZE - 1));
    KEXPECT(same_state(state_of(&pool), s)); /* asking backs nothing */
}

/* ---- out of memory: allocate fails cleanly, release needs nothing ----- */

#define OOM_REGIONS 400ul /* one-page regions: 200 free extents need a second slot page */

KTEST(bad_input_vm_release_with_no_frame_left_succeeds)
{
    unsigned long first, n, frames;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    first = vm_pool_allocate(&pool, PAGE_SIZE);
    KASSERT(first != 0);
    for (unsigned long i = 1; i < OOM_REGIONS; i++)
        KASSERT(vm_pool_allocate(&pool, PAGE_SIZE) == first + PAGE_ADDR(i));
    frames = page_table_free_frames();
    n = fixture_hold_every_frame();
    /* every other release leaves a free extent that merges with nothing:
     * 200 new extent slots, more than one page of them */
    for (unsigned long i = 0; i < OOM_REGIONS; i += 2)
        KEXPECT_EQ(vm_pool_release(&pool, first + PAGE_ADDR(i)), E_OK);
    KEXPECT(pool.n_extents * sizeof(struct vm_extent) > PAGE_SIZE);
    KEXPECT_EQ(page_table_free_frames(), 0);
    fixture_give_back(n);
    KEXPECT_EQ(page_table_free_frames(), frames);
    vm_pool_check(&pool);
    for (unsigned long i = 1; i < OOM_REGIONS; i += 2)
        KEXPECT_EQ(vm_pool_release(&pool, first + PAGE_ADDR(i)), E_OK);
    fixture_pool_teardown(&pool);
}

KTEST(bad_input_vm_allocate_with_no_frame_left_returns_zero)
{
    unsigned long frames = page_table_free_frames(), n, a;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    n = fixture_hold_every_frame();
    KEXPECT_EQ(vm_pool_allocate(&pool, PAGE_SIZE), 0); /* no frame for its first page */
    KEXPECT_EQ(vm_pool_region_count(&pool), 0);
    fixture_give_back(n);
    KEXPECT_EQ(page_table_free_frames(), frames); /* nothing stayed allocated */
    a = vm_pool_allocate(&pool, PAGE_SIZE);
    KEXPECT(a != 0);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    fixture_pool_teardown(&pool);
    KEXPECT_EQ(page_table_free_frames(), frames);
}

KTEST(bad_input_vm_allocate_with_no_frame_for_map_page_returns_zero)
{
    static struct vm_pool big;
    unsigned long a, b, largest, frames, n;
    vm_pool_init_named(&big, "big_pool", POOL_BASE, 64 * MB, &process_mem_pool, &kernel_page_table);
    a = vm_pool_allocate(&big, PAGE_SIZE);
    /* a region of a whole region-map page's worth of pages: the next
     * region's map entry lies on a page nothing has backed yet */
    b = vm_pool_allocate(&big, PAGE_ADDR(PAGE_SIZE / sizeof(uint32_t)));
    KASSERT(a != 0 && b != 0);
    largest = vm_pool_largest_free(&big);
    frames = page_table_free_frames();
    n = fixture_hold_every_frame();
    KEXPECT_EQ(vm_pool_allocate(&big, PAGE_SIZE), 0);
    KEXPECT_EQ(vm_pool_region_count(&big), 2);
    KEXPECT_EQ(vm_pool_largest_free(&big), largest);
    fixture_give_back(n);
    KEXPECT_EQ(page_table_free_frames(), frames);
    KEXPECT(vm_pool_allocate(&big, PAGE_SIZE) != 0);
    vm_pool_check(&big);
}

KTEST_DEATH(bad_input_vm_is_legitimate_in_unloaded_space_panics,
            "vm_pool_is_legitimate: pool pool_b's address space is not loaded")
{
    page_table_init(&space);
    vm_pool_init_named(&other, "pool_b", POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    vm_pool_is_legitimate(&other, POOL_BASE + PAGE_SIZE);
}
