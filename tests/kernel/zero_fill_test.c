/*
 * zero_fill_test.c - zero fill (test names starting zero_fill_): a page
 * backed by a frame that another region, or another address space, used
 * and released reads all zeros when it is touched again.
 *
 * Each test fills a region's pages, releases it, allocates again and
 * reads every word; it prints how many pages got one of the old frames
 * (the frame source decides, so the count is reported, not checked),
 * tears its pools down (fixtures.h) and compares free frames with the
 * baseline.
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
        fixture_fill_page(a + PAGE_ADDR(i), FIXTURE_FILL_WORD);
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
        KEXPECT_EQ(fixture_nonzero_words(a + PAGE_ADDR(i)), 0);
        reused += frame_in(old, ZERO_PAGES, pte_frame(page_table_lookup(a + PAGE_ADDR(i))));
    }
    KEXPECT_EQ(vm_pool_release(p, a), E_OK);
    kprintf("%lu of %lu pages got a frame the released region had used\n", reused, ZERO_PAGES);
    return reused;
}

KTEST(zero_fill_released_pages_read_zero_when_touched_again)
{
    unsigned long before = page_table_free_frames(), frames[ZERO_PAGES];
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "zero_pool");
    fill_and_release(&pool, frames);
    expect_zero_region(&pool, frames);
    fixture_pool_teardown(&pool);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(zero_fill_frames_released_in_one_space_read_zero_in_another)
{
    unsigned long before = page_table_free_frames(), frames[ZERO_PAGES];
    page_table_init(&space);
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "pool_a");
    vm_pool_init(&other, POOL_BASE, POOL_SIZE, &process_mem_pool, &space);
    fill_and_release(&pool, frames);
    page_table_load(&space);
    expect_zero_region(&other, frames);
    vm_pool_unregister(&space, &other);
    page_table_load(&kernel_page_table);
    fixture_pool_teardown(&pool);
    page_table_destroy(&space);
    KEXPECT_EQ(page_table_free_frames(), before);
}
