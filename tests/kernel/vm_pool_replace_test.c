/*
 * vm_pool_replace_test.c - the pool registry: a pool registered over
 * others replaces them (like mmap's MAP_FIXED), as MP4's grading kernel
 * needs when it builds code_pool where an 8 KB pool already is; unique
 * default names; MP4's second register_pool.
 *
 * Every test builds its pools in the boot address space at MP4's
 * code_pool address and compares free-frame counts with a baseline.
 */
#include "cont_frame_pool.h"
#include "fixtures.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "scenarios.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

#define BASE        MP4_CODE_POOL_BASE
#define SMALL_SIZE  (2 * PAGE_SIZE) /* the grading kernel's 8 KB pool */
#define MEDIUM_SIZE (4 * MB)
#define LINE_MAX    160

static struct vm_pool old_pool, second_old, new_pool;

static void touch(unsigned long va) { *(volatile uint32_t *)(uintptr_t)va = (uint32_t)va; }

/* A pool at base with one region of `pages` pages, every page touched. */
static unsigned long used_pool(struct vm_pool *p, unsigned long base, unsigned long size,
                               unsigned long pages)
{
    unsigned long a;
    vm_pool_init(p, base, size, &process_mem_pool, current_page_table);
    a = vm_pool_allocate(p, PAGE_ADDR(pages));
    KASSERT(a != 0);
    for (unsigned long i = 0; i < pages; i++)
        touch(a + PAGE_ADDR(i));
    return a;
}

KTEST(vm_pool_default_names_are_unique)
{
    static struct vm_pool a, b;
    vm_pool_init(&a, BASE, SMALL_SIZE, &process_mem_pool, current_page_table);
    vm_pool_init(&b, BASE + MB, SMALL_SIZE, &process_mem_pool, current_page_table);
    KEXPECT(strcmp(a.name, b.name) != 0);
    KEXPECT(strncmp(a.name, "pool#", 5) == 0 && strncmp(b.name, "pool#", 5) == 0);
}

/* Part II alone (no allocate): the registry finds the pool holding an
 * address, nothing outside every pool, and a pool registered over
 * another in its place. */
KTEST(vm_pool_find_names_the_registered_pool_holding_an_address)
{
    static struct vm_pool a, b, c;
    vm_pool_init(&a, BASE, MEDIUM_SIZE, &process_mem_pool, current_page_table);
    vm_pool_init(&b, BASE + 2 * MEDIUM_SIZE, MEDIUM_SIZE, &process_mem_pool, current_page_table);
    vm_pool_register(current_page_table, &b); /* MP4's second register_pool: harmless */
    KEXPECT(vm_pool_find(current_page_table, BASE) == &a);
    KEXPECT(vm_pool_find(current_page_table, BASE + MEDIUM_SIZE - 1) == &a);
    KEXPECT(vm_pool_find(current_page_table, BASE + 2 * MEDIUM_SIZE + 5) == &b);
    KEXPECT(vm_pool_find(current_page_table, BASE + MEDIUM_SIZE) == NULL);
    KEXPECT(vm_pool_find(current_page_table, BASE + 3 * MEDIUM_SIZE) == NULL);
    vm_pool_init(&c, BASE + MEDIUM_SIZE, 2 * MEDIUM_SIZE, &process_mem_pool, current_page_table);
    KEXPECT(vm_pool_find(current_page_table, BASE + 2 * MEDIUM_SIZE + 5) == &c); /* b replaced */
    KEXPECT(vm_pool_find(current_page_table, BASE) == &a);
    vm_pool_unregister(current_page_table, &a);
    vm_pool_unregister(current_page_table, &c);
    KEXPECT(vm_pool_find(current_page_table, BASE) == NULL);
}

KTEST(vm_pool_register_of_registered_pool_is_harmless)
{
    unsigned long before = page_table_free_frames(), a;
    vm_pool_init(&new_pool, BASE, MEDIUM_SIZE, &process_mem_pool, current_page_table);
    a = vm_pool_allocate(&new_pool, PAGE_SIZE);
    touch(a);
    vm_pool_register(current_page_table, &new_pool); /* MP4: PageTable::register_pool */
    KEXPECT(vm_pool_find(current_page_table, a) == &new_pool);
    KEXPECT(vm_pool_is_legitimate(&new_pool, a));
    KEXPECT_EQ(vm_pool_region_count(&new_pool), 1);
    KEXPECT_EQ(vm_pool_release(&new_pool, a), E_OK);
    fixture_pool_teardown(&new_pool);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(vm_pool_replacement_returns_every_frame)
{
    unsigned long before = page_table_free_frames();
    used_pool(&old_pool, BASE, SMALL_SIZE, 1);
    KEXPECT(page_table_free_frames() < before);
    vm_pool_init_named(&new_pool, "code_pool", BASE, MP4_POOL_SIZE, &process_mem_pool,
                       current_page_table);
    /* the old pool's region, bookkeeping and page table are all back */
    KEXPECT_EQ(page_table_free_frames(), before);
    KEXPECT(vm_pool_find(current_page_table, BASE) == &new_pool);
}

KTEST(vm_pool_replacement_prints_one_line_naming_both_pools)
{
    char want[LINE_MAX];
    used_pool(&old_pool, BASE, SMALL_SIZE, 1);
    ksnprintf(want, sizeof(want),
              "vm_pool: pool code_pool [0x%08lx-0x%08lx) replaces pool %s [0x%08lx-0x%08lx)\n",
              BASE, BASE + MP4_POOL_SIZE, old_pool.name, BASE, BASE + SMALL_SIZE);
    console_capture_reset();
    vm_pool_init_named(&new_pool, "code_pool", BASE, MP4_POOL_SIZE, &process_mem_pool,
                       current_page_table);
    KEXPECT(strcmp(console_captured(), want) == 0);
}

KTEST(vm_pool_replacing_pool_works_over_the_old_range)
{
    unsigned long before = page_table_free_frames(), a;
    unsigned long old_region = used_pool(&old_pool, BASE, SMALL_SIZE, 1);
    /* the same 8 KB again: its one usable page is where the old region was */
    vm_pool_init(&new_pool, BASE, SMALL_SIZE, &process_mem_pool, current_page_table);
    KEXPECT(!vm_pool_is_legitimate(&new_pool, old_region)); /* the old region is gone */
    a = vm_pool_allocate(&new_pool, PAGE_SIZE);
    KEXPECT_EQ(a, old_region);
    KEXPECT_EQ(*(volatile uint32_t *)(uintptr_t)a, 0); /* a fresh zero page, not old data */
    touch(a);
    KEXPECT(vm_pool_is_legitimate(&new_pool, a));
    vm_pool_check(&new_pool);
    KEXPECT_EQ(vm_pool_release(&new_pool, a), E_OK);
    fixture_pool_teardown(&new_pool);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(vm_pool_partial_overlap_replaces_the_old_pool)
{
    unsigned long before = page_table_free_frames();
    used_pool(&old_pool, BASE, MEDIUM_SIZE, 4);
    /* the new pool covers only the old one's upper half, and more */
    vm_pool_init(&new_pool, BASE + MEDIUM_SIZE / 2, MEDIUM_SIZE, &process_mem_pool,
                 current_page_table);
    KEXPECT_EQ(page_table_free_frames(), before);
    KEXPECT(vm_pool_find(current_page_table, BASE) == NULL); /* the lower half has no pool */
    KEXPECT(vm_pool_find(current_page_table, BASE + MEDIUM_SIZE) == &new_pool);
    KEXPECT(old_pool.replaced_by == &new_pool);
}

KTEST(vm_pool_overlapping_two_pools_replaces_both)
{
    unsigned long before = page_table_free_frames();
    static struct vm_pool neighbour;
    used_pool(&old_pool, BASE, MEDIUM_SIZE, 2);
    used_pool(&second_old, BASE + 2 * MEDIUM_SIZE, MEDIUM_SIZE, 3);
    vm_pool_init(&neighbour, BASE + 4 * MEDIUM_SIZE, MEDIUM_SIZE, &process_mem_pool,
                 current_page_table);
    vm_pool_init(&new_pool, BASE + MEDIUM_SIZE / 2, 2 * MEDIUM_SIZE, &process_mem_pool,
                 current_page_table);
    KEXPECT(old_pool.replaced_by == &new_pool && second_old.replaced_by == &new_pool);
    KEXPECT(neighbour.replaced_by == NULL); /* it does not overlap: it stays */
    KEXPECT(vm_pool_find(current_page_table, BASE + 4 * MEDIUM_SIZE) == &neighbour);
    KEXPECT_EQ(current_page_table->n_pools, 2);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST_DEATH(vm_pool_replaced_pool_allocate_panics, "pool pool#1 was replaced by pool code_pool")
{
    used_pool(&old_pool, BASE, SMALL_SIZE, 1);
    vm_pool_init_named(&new_pool, "code_pool", BASE, MP4_POOL_SIZE, &process_mem_pool,
                       current_page_table);
    vm_pool_allocate(&old_pool, PAGE_SIZE);
}

KTEST_DEATH(vm_pool_replaced_pool_release_panics, "vm_pool_release: pool pool#1 was replaced")
{
    unsigned long a = used_pool(&old_pool, BASE, SMALL_SIZE, 1);
    vm_pool_init(&new_pool, BASE, MP4_POOL_SIZE, &process_mem_pool, current_page_table);
    vm_pool_release(&old_pool, a);
}

KTEST_DEATH(vm_pool_replaced_pool_is_legitimate_panics,
            "vm_pool_is_legitimate: pool pool#1 was replaced by pool pool#2")
{
    unsigned long a = used_pool(&old_pool, BASE, SMALL_SIZE, 1);
    vm_pool_init(&new_pool, BASE, MP4_POOL_SIZE, &process_mem_pool, current_page_table);
    vm_pool_is_legitimate(&old_pool, a);
}

KTEST_DEATH(vm_pool_touching_replaced_pool_region_is_illegitimate, "illegitimate address")
{
    unsigned long a = used_pool(&old_pool, BASE, MEDIUM_SIZE, 1);
    vm_pool_init(&new_pool, BASE, MEDIUM_SIZE, &process_mem_pool, current_page_table);
    touch(a); /* the new pool has no region there */
}
