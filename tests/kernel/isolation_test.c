/*
 * isolation_test.c - isolation between address spaces (test names
 * starting isolation_): the same virtual address in two spaces is two
 * pages, each keeping its own data while the other is loaded.
 *
 * The test builds a pool at the same address in the boot address space
 * (fixtures.h) and in a second space, writes different words through
 * each, switches between them, and compares free frames with the
 * baseline after tearing both down.
 */
#include "cont_frame_pool.h"
#include "fixtures.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "vm_pool.h"
#include "vm_pool_registry.h"

#define POOL_BASE (512 * MB) /* where the test pools live (MP4's code_pool) */
#define POOL_SIZE (4 * MB)

static struct vm_pool pool, other;
static struct page_table space; /* a second address space */

KTEST(isolation_same_address_in_two_spaces_keeps_separate_data)
{
    unsigned long before = page_table_free_frames(), a, b;
    page_table_init(&space);
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "pool_a");
    vm_pool_init(&other, POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    a = vm_pool_allocate(&pool, PAGE_SIZE);
    fixture_fill_page(a, FIXTURE_FILL_WORD);
    page_table_load(&space);
    b = vm_pool_allocate(&other, PAGE_SIZE);
    KEXPECT_EQ(b, a); /* the same virtual address in both spaces */
    KEXPECT_EQ(fixture_nonzero_words(b), 0);
    fixture_fill_page(b, ~FIXTURE_FILL_WORD);
    page_table_load(&kernel_page_table);
    KEXPECT(fixture_page_holds(a, FIXTURE_FILL_WORD));
    page_table_load(&space);
    KEXPECT(fixture_page_holds(b, ~FIXTURE_FILL_WORD));
    KEXPECT_EQ(vm_pool_release(&other, b), E_OK);
    vm_pool_unregister(&space, &other);
    page_table_load(&kernel_page_table);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    fixture_pool_teardown(&pool);
    page_table_destroy(&space);
    KEXPECT_EQ(page_table_free_frames(), before);
}
