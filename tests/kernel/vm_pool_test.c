/*
 * vm_pool_test.c - VM pools: MP4's default scenario, legitimacy,
 * placement, laziness, scale, coalescing, bad input and routing.
 */
#include "cont_frame_pool.h"
#include "fixtures.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "scenarios.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

#define POOL_BASE (512 * MB)
#define POOL_SIZE (256 * MB)

static struct vm_pool pool;

static struct vm_pool *fresh_pool(void)
{
    return fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "test_pool");
}

static void touch(unsigned long va) { *(volatile uint32_t *)va = (uint32_t)va; }

KTEST(vm_pool_mp4_default_scenario)
{
    static struct vm_pool code, heap;
    unsigned long before = page_table_free_frames();
    KEXPECT(mp4_default_scenario(current_page_table, &code, &heap));
    KEXPECT_EQ(vm_pool_region_count(&code), 0);
    KEXPECT_EQ(vm_pool_region_count(&heap), 0);
    /* only each pool's bookkeeping stays backed: an extent page, a
     * region-map page and the page table they share */
    KEXPECT_EQ(before - page_table_free_frames(), 2 * 3);
}

KTEST(vm_pool_is_legitimate_is_false_outside_live_regions)
{
    static struct vm_pool other;
    struct vm_pool *p = fresh_pool();
    unsigned long a = vm_pool_allocate(p, 3 * PAGE_SIZE);
    unsigned long b = vm_pool_allocate(p, PAGE_SIZE);
    unsigned long c = vm_pool_allocate(p, PAGE_SIZE);
    vm_pool_init(&other, POOL_BASE + POOL_SIZE, 16 * MB, &process_mem_pool, current_page_table);
    KEXPECT(vm_pool_is_legitimate(p, a) && vm_pool_is_legitimate(p, a + 3 * PAGE_SIZE - 1));
    KEXPECT_EQ(vm_pool_release(p, b), E_OK);
    KEXPECT(!vm_pool_is_legitimate(p, b));                 /* a released region */
    KEXPECT(!vm_pool_is_legitimate(p, b + PAGE_SIZE / 2)); /* ... anywhere in it */
    KEXPECT(vm_pool_is_legitimate(p, c));
    KEXPECT(!vm_pool_is_legitimate(p, c + PAGE_SIZE));         /* past the last region */
    KEXPECT(!vm_pool_is_legitimate(p, POOL_BASE + POOL_SIZE)); /* the next pool */
    KEXPECT(!vm_pool_is_legitimate(p, POOL_BASE + POOL_SIZE - 1));
    KEXPECT(!vm_pool_is_legitimate(p, POOL_BASE - 1));
    KEXPECT(vm_pool_is_legitimate(p, POOL_BASE)); /* bookkeeping page */
}

KTEST(vm_pool_gap_between_regions_is_illegitimate)
{
    struct vm_pool *p = fresh_pool();
    unsigned long a = vm_pool_allocate(p, PAGE_SIZE);
    unsigned long b = vm_pool_allocate(p, 2 * PAGE_SIZE);
    unsigned long c = vm_pool_allocate(p, PAGE_SIZE);
    KEXPECT_EQ(vm_pool_release(p, b), E_OK);
    KEXPECT(vm_pool_is_legitimate(p, a) && vm_pool_is_legitimate(p, c));
    KEXPECT(!vm_pool_is_legitimate(p, a + PAGE_SIZE));
    KEXPECT(!vm_pool_is_legitimate(p, c - 1));
}

KTEST(vm_pool_addresses_are_aligned_inside_and_disjoint)
{
    struct vm_pool *p = fresh_pool();
    unsigned long start[40], end[40];
    for (int i = 0; i < 40; i++) {
        unsigned long size = 1 + (unsigned long)i * 1500;
        start[i] = vm_pool_allocate(p, size);
        end[i] = start[i] + PAGE_ROUND_UP(size);
        KEXPECT(start[i] != 0 && PGOFF(start[i]) == 0);
        KEXPECT(start[i] >= POOL_BASE && end[i] <= POOL_BASE + POOL_SIZE);
        for (int j = 0; j < i; j++)
            KEXPECT(end[i] <= start[j] || end[j] <= start[i]);
    }
    vm_pool_check(p);
}

KTEST(vm_pool_allocation_is_first_fit_by_address)
{
    struct vm_pool *p = fresh_pool();
    unsigned long a = vm_pool_allocate(p, 2 * PAGE_SIZE);
    unsigned long b = vm_pool_allocate(p, PAGE_SIZE);
    unsigned long c = vm_pool_allocate(p, PAGE_SIZE);
    KEXPECT_EQ(b, a + 2 * PAGE_SIZE);
    KEXPECT_EQ(c, b + PAGE_SIZE);
    KEXPECT_EQ(vm_pool_release(p, a), E_OK);
    KEXPECT_EQ(vm_pool_allocate(p, 3 * PAGE_SIZE), c + PAGE_SIZE); /* the hole is too small */
    KEXPECT_EQ(vm_pool_allocate(p, PAGE_SIZE), a);                 /* lowest fit */
}

KTEST(vm_pool_release_leaks_no_frames)
{
    struct vm_pool *p = fresh_pool();
    unsigned long before, regions[20];
    touch(vm_pool_allocate(p, PAGE_SIZE)); /* back the bookkeeping first */
    before = page_table_free_frames();
    for (int i = 0; i < 20; i++) {
        regions[i] = vm_pool_allocate(p, (unsigned long)(i + 1) * 3 * PAGE_SIZE);
        for (int pg = 0; pg < (i + 1) * 3; pg += 2)
            touch(regions[i] + PAGE_ADDR(pg));
    }
    KEXPECT(page_table_free_frames() < before);
    for (int i = 19; i >= 0; i -= 2)
        KEXPECT_EQ(vm_pool_release(p, regions[i]), E_OK);
    for (int i = 0; i < 20; i += 2)
        KEXPECT_EQ(vm_pool_release(p, regions[i]), E_OK);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(vm_pool_allocate_is_lazy)
{
    struct vm_pool *p = fresh_pool();
    unsigned long before, r;
    touch(vm_pool_allocate(p, PAGE_SIZE)); /* back the bookkeeping and its table */
    before = page_table_free_frames();
    r = vm_pool_allocate(p, 200 * MB);
    KASSERT(r != 0);
    KEXPECT_EQ(page_table_free_frames(), before); /* reserving backs nothing */
    touch(r + 10 * PAGE_SIZE);
    touch(r + 100 * MB);
    touch(r + 199 * MB);
    /* 3 data frames plus the page tables they need beyond the first */
    KEXPECT_EQ(page_table_free_frames(),
               before - 3 - 3 + (PDX(r + 10 * PAGE_SIZE) == PDX(POOL_BASE)));
}

KTEST(vm_pool_overcommits_beyond_physical_memory)
{
    struct vm_pool *p = fresh_pool();
    unsigned long phys = PAGE_ADDR(process_mem_pool.n_frames), total = 0, r, last = 0;
    while ((r = vm_pool_allocate(p, 32 * MB)) != 0)
        total += 32 * MB, last = r;
    KEXPECT(total > 4 * phys); /* over 200 MB of promises on a 28 MB pool */
    touch(last + 32 * MB - PAGE_SIZE);
    KEXPECT(pte_is_present(page_table_lookup(last + 32 * MB - PAGE_SIZE)));
}

KTEST_TIME_LIMIT(vm_pool_ten_thousand_regions, 120);
KTEST(vm_pool_ten_thousand_regions)
{
    enum { N = 10000 };
    struct vm_pool *p = fresh_pool();
    unsigned long first = vm_pool_allocate(p, PAGE_SIZE);
    /* 2N one-page regions back to back; releasing the odd ones leaves N
     * live regions separated by N gaps. */
    for (unsigned long i = 1; i < 2 * N; i++)
        KEXPECT_EQ(vm_pool_allocate(p, PAGE_SIZE), first + PAGE_ADDR(i));
    for (unsigned long i = 1; i < 2 * N; i += 2)
        KEXPECT_EQ(vm_pool_release(p, first + PAGE_ADDR(i)), E_OK);
    KEXPECT_EQ(vm_pool_region_count(p), N);
    vm_pool_check(p);
    for (unsigned long i = 0; i < 2 * N; i++)
        if (vm_pool_is_legitimate(p, first + PAGE_ADDR(i) + 8) != (i % 2 == 0))
            KASSERT(!"is_legitimate disagrees with the pattern");
    for (unsigned long i = 0; i < 2 * N; i += 2)
        KEXPECT_EQ(vm_pool_release(p, first + PAGE_ADDR(i)), E_OK);
    vm_pool_check(p);
    KEXPECT_EQ(vm_pool_region_count(p), 0);
    KEXPECT_EQ(vm_pool_largest_free(p), POOL_SIZE - PAGE_ADDR(p->meta_pages));
}

KTEST(vm_pool_coalescing_allows_whole_pool_allocation)
{
    struct vm_pool *p = fresh_pool();
    unsigned long r[30], whole;
    for (int i = 0; i < 30; i++)
        r[i] = vm_pool_allocate(p, (unsigned long)(i % 4 + 1) * PAGE_SIZE);
    for (int i = 0; i < 30; i += 3)
        KEXPECT_EQ(vm_pool_release(p, r[i]), E_OK);
    for (int i = 29; i >= 0; i--)
        if (i % 3)
            KEXPECT_EQ(vm_pool_release(p, r[i]), E_OK);
    vm_pool_check(p);
    whole = vm_pool_largest_free(p);
    KEXPECT_EQ(whole, POOL_SIZE - PAGE_ADDR(p->meta_pages));
    KEXPECT_EQ(vm_pool_allocate(p, whole), r[0]);
    KEXPECT_EQ(vm_pool_allocate(p, 1), 0);
}

KTEST(vm_pool_bad_allocations_return_zero_and_change_nothing)
{
    struct vm_pool *p = fresh_pool();
    unsigned long a = vm_pool_allocate(p, PAGE_SIZE), largest = vm_pool_largest_free(p);
    KEXPECT_EQ(vm_pool_allocate(p, 0), 0);
    KEXPECT_EQ(vm_pool_allocate(p, largest + 1), 0);
    KEXPECT_EQ(vm_pool_allocate(p, ~0ul), 0);
    KEXPECT_EQ(vm_pool_region_count(p), 1);
    KEXPECT_EQ(vm_pool_largest_free(p), largest);
    KEXPECT_EQ(vm_pool_allocate(p, PAGE_SIZE), a + PAGE_SIZE);
}

KTEST(vm_pool_bad_releases_return_error_and_change_nothing)
{
    struct vm_pool *p = fresh_pool();
    unsigned long a = vm_pool_allocate(p, 4 * PAGE_SIZE), b = vm_pool_allocate(p, PAGE_SIZE);
    KEXPECT_EQ(vm_pool_release(p, a + PAGE_SIZE), E_NOT_REGION); /* middle */
    KEXPECT_EQ(vm_pool_release(p, a + 1), E_NOT_REGION);         /* unaligned */
    KEXPECT_EQ(vm_pool_release(p, b + PAGE_SIZE), E_NOT_REGION); /* free space */
    KEXPECT_EQ(vm_pool_release(p, POOL_BASE), E_NOT_REGION);     /* bookkeeping */
    KEXPECT_EQ(vm_pool_release(p, 3 * GB), E_NOT_REGION);        /* outside the pool */
    KEXPECT_EQ(vm_pool_release(p, 0), E_NOT_REGION);
    KEXPECT_EQ(vm_pool_region_count(p), 2);
    KEXPECT_EQ(vm_pool_release(p, b), E_OK);
    KEXPECT_EQ(vm_pool_release(p, b), E_NOT_REGION); /* double release */
    KEXPECT_EQ(vm_pool_region_count(p), 1);
    vm_pool_check(p);
    KEXPECT_EQ(vm_pool_allocate(p, PAGE_SIZE), b);
}

KTEST(vm_pool_bookkeeping_lives_in_the_pool)
{
    struct vm_pool *p = fresh_pool();
    unsigned long before = page_table_free_frames();
    KEXPECT(!pte_is_present(page_table_lookup(POOL_BASE))); /* nothing touched at init */
    vm_pool_allocate(p, PAGE_SIZE);
    KEXPECT(pte_is_present(page_table_lookup(POOL_BASE))); /* backed on demand */
    /* an extent page, a region-map page, and their page table */
    KEXPECT_EQ(page_table_free_frames(), before - 3);
    KEXPECT(vm_pool_bookkeeping_bytes(p) > 0);
}

KTEST(vm_pool_vm_alloc_routes_to_current_pool)
{
    static struct vm_pool second;
    struct vm_pool *p = fresh_pool();
    void *x, *y;
    vm_pool_init(&second, 1024 * MB, 16 * MB, &process_mem_pool, current_page_table);
    current_pool = p;
    x = vm_alloc(100);
    current_pool = &second;
    y = vm_alloc(100);
    KEXPECT(vm_pool_is_legitimate(p, (unsigned long)(uintptr_t)x));
    KEXPECT(vm_pool_is_legitimate(&second, (unsigned long)(uintptr_t)y));
    KEXPECT(!vm_pool_is_legitimate(p, (unsigned long)(uintptr_t)y));
    vm_free(y);
    KEXPECT(!vm_pool_is_legitimate(&second, (unsigned long)(uintptr_t)y));
    KEXPECT(vm_pool_is_legitimate(p, (unsigned long)(uintptr_t)x));
    vm_free(NULL);
}

KTEST_DEATH(vm_pool_touching_released_region_is_illegitimate, "illegitimate address")
{
    struct vm_pool *p = fresh_pool();
    unsigned long a = vm_pool_allocate(p, 2 * PAGE_SIZE);
    touch(a);
    KEXPECT_EQ(vm_pool_release(p, a), E_OK);
    touch(a + PAGE_SIZE);
}

KTEST_DEATH(vm_pool_report_names_region_and_pool, "4 KB past the end of region")
{
    struct vm_pool *p = fresh_pool();
    unsigned long a = vm_pool_allocate(p, 3 * PAGE_SIZE);
    unsigned long b = vm_pool_allocate(p, PAGE_SIZE);
    KEXPECT_EQ(vm_pool_release(p, b), E_OK);
    touch(a + 4 * PAGE_SIZE); /* one page past the end of a's 12 KB */
}

KTEST_DEATH(vm_pool_registered_over_shared_region_panics, "overlaps the shared region")
{
    vm_pool_init(&pool, 2 * MB, 16 * MB, &process_mem_pool, current_page_table);
}

KTEST_DEATH(vm_pool_registered_over_recursive_window_panics, "recursive window")
{
    vm_pool_init(&pool, PAGE_TABLES_VADDR - 16 * MB, 32 * MB, &process_mem_pool,
                 current_page_table);
}

KTEST_DEATH(vm_pool_vm_free_of_bad_pointer_panics, "vm_free")
{
    current_pool = fresh_pool();
    vm_free((void *)(uintptr_t)(POOL_BASE + 64 * MB));
}

/* ---- small pools and the bookkeeping formula ------------------------- */

#define SMALL_BASE MP4_CODE_POOL_BASE

KTEST(vm_pool_two_page_pool_holds_one_page_region)
{
    unsigned long a;
    vm_pool_init(&pool, SMALL_BASE, 2 * PAGE_SIZE, &process_mem_pool, current_page_table);
    KEXPECT_EQ(pool.meta_pages, 1);
    a = vm_pool_allocate(&pool, PAGE_SIZE);
    KEXPECT_EQ(a, SMALL_BASE + PAGE_SIZE);
    touch(a);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    KEXPECT_EQ(vm_pool_allocate(&pool, 2 * PAGE_SIZE), 0); /* more than the usable page */
    KEXPECT_EQ(vm_pool_allocate(&pool, PAGE_SIZE), a);
    KEXPECT_EQ(vm_pool_allocate(&pool, 1), 0); /* full */
    vm_pool_check(&pool);
}

/* The smallest pool (in pages) whose bookkeeping takes two pages. */
static unsigned long second_meta_page_at(void)
{
    unsigned long pages = 2;
    while (vm_pool_meta_pages(pages) < 2)
        pages++;
    return pages;
}

KTEST(vm_pool_bookkeeping_is_one_page_until_the_formula_needs_two)
{
    static struct vm_pool below, at;
    unsigned long edge = second_meta_page_at();
    KEXPECT_EQ(edge, VM_POOL_SECOND_META_PAGE_AT); /* what vm_pool.h documents */
    KEXPECT(vm_pool_meta_bytes(edge - 1) <= PAGE_SIZE && vm_pool_meta_bytes(edge) > PAGE_SIZE);
    vm_pool_init(&below, SMALL_BASE, PAGE_ADDR(edge - 1), &process_mem_pool, current_page_table);
    vm_pool_init(&at, SMALL_BASE + 64 * MB, PAGE_ADDR(edge), &process_mem_pool, current_page_table);
    KEXPECT_EQ(below.meta_pages, 1);
    KEXPECT_EQ(at.meta_pages, 2);
    /* first fit starts right after the bookkeeping */
    KEXPECT_EQ(vm_pool_allocate(&below, PAGE_SIZE), SMALL_BASE + PAGE_SIZE);
    KEXPECT_EQ(vm_pool_allocate(&at, PAGE_SIZE), SMALL_BASE + 64 * MB + 2 * PAGE_SIZE);
    /* and a whole pool's worth of regions fits: the usable pages, one each */
    KEXPECT_EQ(vm_pool_largest_free(&below), PAGE_ADDR(edge - 3));
}

KTEST(vm_pool_bookkeeping_grows_with_the_pool)
{
    for (unsigned long pages = 2; pages <= PAGE_NO(POOL_SIZE); pages *= 2) {
        vm_pool_init(&pool, POOL_BASE, PAGE_ADDR(pages), &process_mem_pool, current_page_table);
        KEXPECT_EQ(pool.meta_pages, vm_pool_meta_pages(pages));
        KEXPECT(PAGE_ADDR(pool.meta_pages) >= vm_pool_meta_bytes(pages));
        KEXPECT(PAGE_ADDR(pool.meta_pages - 1) < vm_pool_meta_bytes(pages)); /* no spare page */
        vm_pool_unregister(current_page_table, &pool);
    }
}

KTEST(vm_pool_mp4_space_efficiency_in_64_kb_pool)
{
    unsigned long big, mid, rest, gap;
    vm_pool_init(&pool, SMALL_BASE, 64 * KB, &process_mem_pool, current_page_table);
    big = vm_pool_allocate(&pool, 32 * KB);
    KEXPECT(big != 0 && big <= SMALL_BASE + 16 * KB);
    mid = vm_pool_allocate(&pool, 12 * KB);
    KEXPECT(mid != 0);
    rest = vm_pool_allocate(&pool, vm_pool_largest_free(&pool));
    KEXPECT(rest != 0);
    KEXPECT_EQ(vm_pool_largest_free(&pool), 0); /* nothing is left */
    KEXPECT_EQ(vm_pool_allocate(&pool, 1), 0);
    KEXPECT_EQ(vm_pool_release(&pool, mid), E_OK);
    gap = vm_pool_allocate(&pool, 10 * KB);
    KEXPECT_EQ(gap, mid); /* first fit: the 12 KB gap */
    vm_pool_check(&pool);
}
