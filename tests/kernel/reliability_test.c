/*
 * reliability_test.c - faults the kernel survives and reports, zero fill
 * and isolation between regions and address spaces, and the bad inputs
 * of docs/robustness.md (test names starting fault_, zero_fill_,
 * isolation_ and bad_input_).
 *
 * Why so many small tests: each row of the bad-input table names the one
 * test that shows it, and a death test ends its QEMU run, so every
 * report gets a boot of its own.  Tests that need a VM pool register one
 * in the boot address space (kernel_page_table) through pool_setup(); the
 * ones that survive tear it down again with pool_teardown() and check
 * that the frame source is back at its baseline.
 */
#include "cont_frame_pool.h"
#include "frame_source.h"
#include "ktest.h"
#include "mmu.h"
#include "page_fault.h"
#include "page_table.h"
#include "scenarios.h"
#include "vm_pool.h"

#define POOL_BASE   (512 * MB) /* where the test pools live (MP4's code_pool) */
#define POOL_SIZE   (4 * MB)
#define OTHER_BASE  (1024 * MB)
#define REGION_SIZE (3 * PAGE_SIZE)
#define PAST_END    PAGE_SIZE /* how far past a region the faulting touch lands */
#define FILL_WORD   0xA5A5A5A5u
#define WORDS       (PAGE_SIZE / sizeof(uint32_t))
#define FRAME_BYTES 64    /* stack used by each level of the runaway recursion */
#define RET_OPCODE  0xC3u /* what a stray write would put over kernel code */
#define REPORT_MAX  128

extern char __rodata_end[], kernel_stack_guard[];

static struct vm_pool pool, other;
static struct page_table space; /* a second address space */

/* A pool of POOL_SIZE at `base` in the boot address space. */
static void pool_setup(struct vm_pool *p, unsigned long base, const char *name)
{
    vm_pool_init(p, base, POOL_SIZE, &process_mem_pool, &kernel_page_table);
    vm_pool_set_name(p, name);
}

/* Undo pool_setup: its regions must be released already.  Frees the
 * bookkeeping pages (and their page table) too. */
static void pool_teardown(struct vm_pool *p)
{
    vm_pool_unregister(&kernel_page_table, p);
    page_table_free_range(&kernel_page_table, p->base, p->base + p->size);
}

static void fill_page(unsigned long va, uint32_t v) { fill_words((void *)(uintptr_t)va, v, WORDS); }

/* The number of words of the page at va that are not zero. */
static unsigned long nonzero_words(unsigned long va)
{
    const volatile uint32_t *w = (const volatile uint32_t *)(uintptr_t)va;
    unsigned long n = 0;
    for (unsigned long i = 0; i < WORDS; i++)
        n += w[i] != 0;
    return n;
}

static void touch(unsigned long va) { *(volatile uint32_t *)(uintptr_t)va = FILL_WORD; }

static uint32_t peek(unsigned long va) { return *(volatile uint32_t *)(uintptr_t)va; }

/* Every word of the page at va equals v. */
static bool page_holds(unsigned long va, uint32_t v)
{
    const volatile uint32_t *w = (const volatile uint32_t *)(uintptr_t)va;
    for (unsigned long i = 0; i < WORDS; i++)
        if (w[i] != v)
            return false;
    return true;
}

/* ---- faults the kernel survives and reports ------------------------ */

static volatile unsigned long never = ~0ul;

/* Recurses until the stack runs into its guard page (`never` is never
 * reached, but the compiler cannot know that). */
static unsigned long recurse(unsigned long depth)
{
    volatile char frame[FRAME_BYTES];
    frame[0] = (char)depth;
    if (depth == never)
        return 0;
    return recurse(depth + 1) + (unsigned long)frame[0];
}

KTEST_DEFAULT_FRAMES_ONLY(fault_kernel_stack_overflow_reports_double_fault);
KTEST_DEATH(fault_kernel_stack_overflow_reports_double_fault, "double fault: kernel stack overflow")
{
    recurse(0);
}

KTEST_DEFAULT_FRAMES_ONLY(fault_write_to_kernel_text_is_reported);
KTEST_DEATH(fault_write_to_kernel_text_is_reported,
            "protection violation (page is present but the access is not allowed)")
{
    KEXPECT(read_cr0() & CR0_WP);
    *(volatile uint8_t *)(uintptr_t)page_table_handle_fault = RET_OPCODE;
}

static const uint32_t constant_word = 0x12345678u;

KTEST_DEFAULT_FRAMES_ONLY(fault_write_to_kernel_rodata_is_reported);
KTEST_DEATH(fault_write_to_kernel_rodata_is_reported,
            "protection violation (page is present but the access is not allowed)")
{
    KEXPECT((uintptr_t)&constant_word < (uintptr_t)__rodata_end);
    *(volatile uint32_t *)(uintptr_t)&constant_word = 0;
}

KTEST_DEFAULT_FRAMES_ONLY(fault_null_pointer_read_is_reported);
KTEST_DEATH(fault_null_pointer_read_is_reported, "NULL pointer dereference at 0x00000000")
{
    volatile uint32_t *volatile p = NULL;
    (void)*p; /* cppcheck-suppress nullPointer ; the point of the test */
}

KTEST_DEFAULT_FRAMES_ONLY(fault_stack_guard_page_touch_is_reported);
KTEST_DEATH(fault_stack_guard_page_touch_is_reported, "unmapped page in the shared kernel region")
{
    (void)peek((unsigned long)(uintptr_t)kernel_stack_guard);
}

KTEST_DEFAULT_FRAMES_ONLY(fault_missing_page_table_in_recursive_window_is_reported);
KTEST_DEATH(fault_missing_page_table_in_recursive_window_is_reported,
            "access to a missing page table in the recursive window")
{
    KEXPECT(!pte_is_present(*pde_for(OTHER_BASE)));
    (void)*page_table_window(PDX(OTHER_BASE));
}

KTEST_DEFAULT_FRAMES_ONLY(fault_unused_scratch_slot_is_reported);
KTEST_DEATH(fault_unused_scratch_slot_is_reported, "unused slot of the scratch (kmap) window")
{
    (void)peek(PAGE_TABLES_VADDR - PAGE_SIZE); /* the last slot: kmap fills from the first */
}

KTEST_DEFAULT_FRAMES_ONLY(fault_unopened_shared_memory_address_is_reported);
KTEST_DEATH(fault_unopened_shared_memory_address_is_reported,
            "no shared-memory segment is mapped there")
{
    touch(SHM_BASE);
}

KTEST_DEATH(fault_address_outside_every_pool_is_reported, "not in any allocated region at 0x")
{
    pool_setup(&pool, POOL_BASE, "heap_pool");
    touch(OTHER_BASE);
}

/* Filled in by the test before it faults; until then it matches nothing. */
static char past_end_report[REPORT_MAX] = "(the test has not computed its expected report yet)";

KTEST_DEATH(fault_past_region_end_names_region_and_pool, past_end_report)
{
    unsigned long a;
    pool_setup(&pool, POOL_BASE, "heap_pool");
    a = vm_pool_allocate(&pool, REGION_SIZE);
    KASSERT(a != 0);
    ksnprintf(past_end_report, sizeof(past_end_report),
              "0x%08lx is %lu KB past the end of region 0x%08lx+%lu KB in heap_pool",
              a + REGION_SIZE + PAST_END, PAST_END >> KB_SHIFT, a, REGION_SIZE >> KB_SHIFT);
    touch(a + REGION_SIZE + PAST_END);
}

KTEST_DEATH(fault_in_released_region_is_reported, "below its first live region")
{
    unsigned long a;
    pool_setup(&pool, POOL_BASE, "heap_pool");
    a = vm_pool_allocate(&pool, REGION_SIZE);
    touch(a);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    touch(a);
}

KTEST_DEATH(fault_in_unused_bookkeeping_page_is_reported, "in the bookkeeping pages of pool")
{
    pool_setup(&pool, POOL_BASE, "heap_pool");
    KASSERT(vm_pool_allocate(&pool, PAGE_SIZE) != 0); /* the extent array uses one page */
    KASSERT(pool.meta_pages > 1);
    touch(POOL_BASE + PAGE_SIZE);
}

KTEST_DEATH(fault_out_of_memory_is_reported, "out of memory: no frame left to back the page")
{
    /* twice the free memory, in whole page tables: far more than can be backed */
    unsigned long size = (PAGE_ADDR(page_table_free_frames()) * 2 + TABLE_SPAN) & ~(TABLE_SPAN - 1);
    unsigned long a;
    vm_pool_init(&pool, POOL_BASE, size, &process_mem_pool, &kernel_page_table);
    a = vm_pool_allocate(&pool, vm_pool_largest_free(&pool));
    KASSERT(a != 0);
    for (unsigned long va = a; va < POOL_BASE + size; va += PAGE_SIZE)
        touch(va);
}

/* ---- zero fill and isolation ---------------------------------------- */

#define ZERO_PAGES 16ul

static bool frame_in(const unsigned long *frames, unsigned long n, unsigned long f)
{
    for (unsigned long i = 0; i < n; i++)
        if (frames[i] == f)
            return true;
    return false;
}

/* Fill ZERO_PAGES pages of a fresh region of `p` and release it;
 * record the frames that backed them. */
static void fill_and_release(struct vm_pool *p, unsigned long *frames)
{
    unsigned long a = vm_pool_allocate(p, ZERO_PAGES * PAGE_SIZE);
    KASSERT(a != 0);
    for (unsigned long i = 0; i < ZERO_PAGES; i++) {
        fill_page(a + PAGE_ADDR(i), FILL_WORD);
        frames[i] = pte_frame(page_table_lookup(a + PAGE_ADDR(i)));
    }
    KEXPECT_EQ(vm_pool_release(p, a), E_OK);
}

/* Touch ZERO_PAGES pages of a fresh region of `p`: each must read all
 * zeros.  Returns how many were backed by one of `old` frames. */
static unsigned long expect_zero_region(struct vm_pool *p, const unsigned long *old)
{
    unsigned long a = vm_pool_allocate(p, ZERO_PAGES * PAGE_SIZE), reused = 0;
    KASSERT(a != 0);
    for (unsigned long i = 0; i < ZERO_PAGES; i++) {
        KEXPECT_EQ(nonzero_words(a + PAGE_ADDR(i)), 0);
        reused += frame_in(old, ZERO_PAGES, pte_frame(page_table_lookup(a + PAGE_ADDR(i))));
    }
    KEXPECT_EQ(vm_pool_release(p, a), E_OK);
    kprintf("%lu of %lu pages got a frame the released region had used\n", reused, ZERO_PAGES);
    return reused;
}

KTEST(zero_fill_released_pages_read_zero_when_touched_again)
{
    unsigned long before = page_table_free_frames(), frames[ZERO_PAGES];
    pool_setup(&pool, POOL_BASE, "zero_pool");
    fill_and_release(&pool, frames);
    expect_zero_region(&pool, frames);
    pool_teardown(&pool);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(zero_fill_frames_released_in_one_space_read_zero_in_another)
{
    unsigned long before = page_table_free_frames(), frames[ZERO_PAGES];
    page_table_init(&space);
    pool_setup(&pool, POOL_BASE, "pool_a");
    vm_pool_init(&other, POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    fill_and_release(&pool, frames);
    page_table_load(&space);
    expect_zero_region(&other, frames);
    vm_pool_unregister(&space, &other);
    page_table_load(&kernel_page_table);
    pool_teardown(&pool);
    page_table_destroy(&space);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(isolation_same_address_in_two_spaces_keeps_separate_data)
{
    unsigned long before = page_table_free_frames(), a, b;
    page_table_init(&space);
    pool_setup(&pool, POOL_BASE, "pool_a");
    vm_pool_init(&other, POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    a = vm_pool_allocate(&pool, PAGE_SIZE);
    fill_page(a, FILL_WORD);
    page_table_load(&space);
    b = vm_pool_allocate(&other, PAGE_SIZE);
    KEXPECT_EQ(b, a); /* the same virtual address in both spaces */
    KEXPECT_EQ(nonzero_words(b), 0);
    fill_page(b, ~FILL_WORD);
    page_table_load(&kernel_page_table);
    KEXPECT(page_holds(a, FILL_WORD));
    page_table_load(&space);
    KEXPECT(page_holds(b, ~FILL_WORD));
    KEXPECT_EQ(vm_pool_release(&other, b), E_OK);
    vm_pool_unregister(&space, &other);
    page_table_load(&kernel_page_table);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    pool_teardown(&pool);
    page_table_destroy(&space);
    KEXPECT_EQ(page_table_free_frames(), before);
}

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
    touch(OTHER_BASE); /* no pool is registered: every address is legitimate */
    page_table_map(OTHER_BASE, src->get(src->impl), PTE_WRITABLE);
}

#define MAX_HELD_FRAMES 16384ul

static unsigned long held[MAX_HELD_FRAMES];

KTEST(bad_input_page_table_map_without_frames_returns_nomem)
{
    struct frame_source *src = page_table_frames();
    unsigned long n = 0, f, before = page_table_free_frames();
    while (n < MAX_HELD_FRAMES && (f = src->get(src->impl)) != 0)
        held[n++] = f;
    KASSERT(page_table_free_frames() == 0);
    KEXPECT_EQ(page_table_map(OTHER_BASE, held[0], PTE_WRITABLE), E_NOMEM);
    KEXPECT(!pte_is_present(*pde_for(OTHER_BASE))); /* no page table was left behind */
    while (n)
        KEXPECT_EQ(src->put(src->impl, held[--n]), E_OK);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(bad_input_page_table_free_page_of_unmapped_page_changes_nothing)
{
    unsigned long before = page_table_free_frames(), used;
    page_table_free_page(&kernel_page_table, PAGE_NO(OTHER_BASE)); /* no page table */
    KEXPECT_EQ(page_table_free_frames(), before);
    touch(OTHER_BASE); /* a page table and a page */
    used = before - page_table_free_frames();
    page_table_free_page(&kernel_page_table, PAGE_NO(OTHER_BASE) + 1); /* table, no page */
    KEXPECT_EQ(before - page_table_free_frames(), used);
    KEXPECT_EQ(peek(OTHER_BASE), FILL_WORD);
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
    pool_setup(&pool, POOL_BASE, "heap_pool");
    a = vm_pool_allocate(&pool, REGION_SIZE);
    KASSERT(a != 0);
    touch(a);
    return a;
}

KTEST(bad_input_vm_allocate_of_zero_bytes_returns_zero)
{
    struct pool_state s;
    pool_setup(&pool, POOL_BASE, "heap_pool");
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
    pool_setup(&pool, POOL_BASE, "heap_pool");
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
    KEXPECT_EQ(peek(a), FILL_WORD);
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

/* Take every frame the frame source has into held[]; returns how many. */
static unsigned long hold_every_frame(void)
{
    struct frame_source *src = page_table_frames();
    unsigned long n = 0, f;
    while (n < MAX_HELD_FRAMES && (f = src->get(src->impl)) != 0)
        held[n++] = f;
    KASSERT(page_table_free_frames() == 0);
    return n;
}

static void give_back(unsigned long n)
{
    struct frame_source *src = page_table_frames();
    while (n)
        KEXPECT_EQ(src->put(src->impl, held[--n]), E_OK);
}

#define OOM_REGIONS 400ul /* one-page regions: 200 free extents need a second slot page */

KTEST(bad_input_vm_release_with_no_frame_left_succeeds)
{
    unsigned long first, n, frames;
    pool_setup(&pool, POOL_BASE, "heap_pool");
    first = vm_pool_allocate(&pool, PAGE_SIZE);
    KASSERT(first != 0);
    for (unsigned long i = 1; i < OOM_REGIONS; i++)
        KASSERT(vm_pool_allocate(&pool, PAGE_SIZE) == first + PAGE_ADDR(i));
    frames = page_table_free_frames();
    n = hold_every_frame();
    /* every other release leaves a free extent that merges with nothing:
     * 200 new extent slots, more than one page of them */
    for (unsigned long i = 0; i < OOM_REGIONS; i += 2)
        KEXPECT_EQ(vm_pool_release(&pool, first + PAGE_ADDR(i)), E_OK);
    KEXPECT(pool.n_extents * sizeof(struct vm_extent) > PAGE_SIZE);
    KEXPECT_EQ(page_table_free_frames(), 0);
    give_back(n);
    KEXPECT_EQ(page_table_free_frames(), frames);
    vm_pool_check(&pool);
    for (unsigned long i = 1; i < OOM_REGIONS; i += 2)
        KEXPECT_EQ(vm_pool_release(&pool, first + PAGE_ADDR(i)), E_OK);
    pool_teardown(&pool);
}

KTEST(bad_input_vm_allocate_with_no_frame_left_returns_zero)
{
    unsigned long frames = page_table_free_frames(), n, a;
    pool_setup(&pool, POOL_BASE, "heap_pool");
    n = hold_every_frame();
    KEXPECT_EQ(vm_pool_allocate(&pool, PAGE_SIZE), 0); /* no frame for its first page */
    KEXPECT_EQ(vm_pool_region_count(&pool), 0);
    give_back(n);
    KEXPECT_EQ(page_table_free_frames(), frames); /* nothing stayed allocated */
    a = vm_pool_allocate(&pool, PAGE_SIZE);
    KEXPECT(a != 0);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    pool_teardown(&pool);
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
    n = hold_every_frame();
    KEXPECT_EQ(vm_pool_allocate(&big, PAGE_SIZE), 0);
    KEXPECT_EQ(vm_pool_region_count(&big), 2);
    KEXPECT_EQ(vm_pool_largest_free(&big), largest);
    give_back(n);
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
