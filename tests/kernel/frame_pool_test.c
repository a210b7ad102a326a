/*
 * frame_pool_test.c - the frame pools in the kernel: MP2's recursive
 * test_memory on both pools, MP4's layout, exhaustion, bad input, and
 * sizing from the multiboot memory map.
 *
 * Tests that take frames from process_mem_pool itself are marked
 * KTEST_DEFAULT_FRAMES_ONLY: under frames=buddy the buddy pool holds
 * every free frame of process_mem_pool (buddy_pool.c).
 */
#include "cont_frame_pool.h"
#include "ktest.h"
#include "mmu.h"
#include "mp2_test_memory.h"

static unsigned long cont_get(void *pool, unsigned long n)
{
    return cont_frame_pool_get_frames(pool, n);
}

static int cont_put(void *pool, unsigned long frame, unsigned long n)
{
    (void)pool, (void)n; /* release_frames finds the pool and the length */
    return cont_frame_pool_release_frames(frame);
}

/* MP2's test_memory runs with paging off, so frames are reached physically. */
static void test_memory(struct cont_frame_pool *pool, unsigned allocs_to_go)
{
    struct mp2_allocator a = {cont_get, cont_put, pool};
    mp2_test_memory(&a, allocs_to_go);
}

KTEST_ENV(frame_pool_mp2_test_memory_kernel_pool, KT_BEFORE_PAGING)
{
    unsigned long before = cont_frame_pool_free_count(&kernel_mem_pool);
    test_memory(&kernel_mem_pool, 32);
    KEXPECT_EQ(cont_frame_pool_free_count(&kernel_mem_pool), before);
}

KTEST_DEFAULT_FRAMES_ONLY(frame_pool_mp2_test_memory_process_pool);
KTEST_ENV(frame_pool_mp2_test_memory_process_pool, KT_BEFORE_PAGING)
{
    unsigned long before = cont_frame_pool_free_count(&process_mem_pool);
    test_memory(&process_mem_pool, 64);
    KEXPECT_EQ(cont_frame_pool_free_count(&process_mem_pool), before);
}

KTEST(frame_pool_mp4_layout)
{
    KEXPECT_EQ(kernel_mem_pool.base_frame_no, PAGE_NO(2 * MB));
    KEXPECT_EQ(kernel_mem_pool.n_frames, PAGE_NO(2 * MB));
    KEXPECT_EQ(process_mem_pool.base_frame_no, PAGE_NO(4 * MB));
    KEXPECT_EQ(process_mem_pool.n_frames, PAGE_NO(28 * MB));
    /* the process pool's bitmaps come from the kernel pool */
    KEXPECT(process_mem_pool.info_frame_no >= kernel_mem_pool.base_frame_no);
    KEXPECT(process_mem_pool.info_frame_no < kernel_mem_pool.base_frame_no + 512);
    KEXPECT_EQ(cont_frame_pool_state(&process_mem_pool, PAGE_NO(15 * MB)), FRAME_INACCESSIBLE);
    KEXPECT_EQ(cont_frame_pool_state(&process_mem_pool, PAGE_NO(16 * MB) - 1), FRAME_INACCESSIBLE);
    KEXPECT(cont_frame_pool_state(&process_mem_pool, PAGE_NO(16 * MB)) != FRAME_INACCESSIBLE);
}

KTEST_DEFAULT_FRAMES_ONLY(frame_pool_exhaustion_returns_zero_then_recovers);
KTEST(frame_pool_exhaustion_returns_zero_then_recovers)
{
    struct cont_frame_pool *p = &process_mem_pool;
    unsigned long before = cont_frame_pool_free_count(p), got = 0, first = 0, f;
    while ((f = cont_frame_pool_get_frames(p, 1)) != 0) {
        first = first ? first : f;
        got++;
    }
    KEXPECT_EQ(got, before);
    KEXPECT_EQ(cont_frame_pool_free_count(p), 0);
    KEXPECT_EQ(cont_frame_pool_get_frames(p, 1), 0);
    KEXPECT_EQ(cont_frame_pool_release_frames(first), E_OK);
    KEXPECT_EQ(cont_frame_pool_get_frames(p, 1), first);
}

KTEST_DEFAULT_FRAMES_ONLY(frame_pool_release_errors_leave_pool_unchanged);
KTEST(frame_pool_release_errors_leave_pool_unchanged)
{
    struct cont_frame_pool *p = &process_mem_pool;
    unsigned long head = cont_frame_pool_get_frames(p, 3);
    unsigned long before = cont_frame_pool_free_count(p);
    KEXPECT_EQ(cont_frame_pool_release_frames(head + 1), E_NOT_HEAD);
    KEXPECT_EQ(cont_frame_pool_release_frames(head + 3), E_NOT_HEAD);
    KEXPECT_EQ(cont_frame_pool_release_frames(PAGE_NO(15 * MB)), E_NOT_HEAD);
    KEXPECT_EQ(cont_frame_pool_release_frames(PAGE_NO(1 * MB)), E_NOPOOL);
    KEXPECT_EQ(cont_frame_pool_release_frames(PAGE_NO(3 * GB)), E_NOPOOL);
    KEXPECT_EQ(cont_frame_pool_free_count(p), before);
    KEXPECT_EQ(cont_frame_pool_release_frames(head), E_OK);
    KEXPECT_EQ(cont_frame_pool_release_frames(head), E_NOT_HEAD);
    KEXPECT_EQ(cont_frame_pool_free_count(p), before + 3);
    KEXPECT_EQ(cont_frame_pool_get_frames(p, 3), head);
}

KTEST(frame_pool_mark_inaccessible_refuses_outside_ranges)
{
    struct cont_frame_pool *p = &process_mem_pool;
    unsigned long before = cont_frame_pool_free_count(p);
    unsigned long end = p->base_frame_no + p->n_frames;
    KEXPECT_EQ(cont_frame_pool_mark_inaccessible(p, p->base_frame_no - 1, 2), E_RANGE);
    KEXPECT_EQ(cont_frame_pool_mark_inaccessible(p, end - 1, 2), E_RANGE);
    KEXPECT_EQ(cont_frame_pool_mark_inaccessible(p, end, 1), E_RANGE);
    KEXPECT_EQ(cont_frame_pool_mark_inaccessible(p, p->base_frame_no, 0), E_INVAL);
    KEXPECT_EQ(cont_frame_pool_free_count(p), before);
}

KTEST(frame_pool_own_info_frames_in_a_pool)
{
    /* A pool over the 16 unused frames just below the kernel pool (the
     * kernel image ends well before them) that keeps its bitmaps in itself. */
    extern char __kernel_end[];
    static struct cont_frame_pool sub;
    unsigned long base = PAGE_NO(KERNEL_POOL_START) - 16;
    KASSERT(PAGE_ADDR(base) >= (unsigned long)(uintptr_t)__kernel_end);
    cont_frame_pool_init(&sub, base, 16, 0);
    KEXPECT_EQ(cont_frame_pool_free_count(&sub), 15);
    KEXPECT_EQ(cont_frame_pool_state(&sub, base), FRAME_INACCESSIBLE);
    KEXPECT_EQ(cont_frame_pool_get_frames(&sub, 15), base + 1);
    KEXPECT_EQ(cont_frame_pool_get_frames(&sub, 1), 0);
    cont_frame_pool_forget(&sub);
}

KTEST_MEMORY(frame_pool_sized_from_memory_map_512mb, 512);
KTEST_DEFAULT_FRAMES_ONLY(frame_pool_sized_from_memory_map_512mb);
KTEST(frame_pool_sized_from_memory_map_512mb)
{
    unsigned long mb = PAGE_ADDR(process_mem_pool.n_frames) / MB;
    kprintf("process pool: %lu MB, %lu frames free\n", mb,
            cont_frame_pool_free_count(&process_mem_pool));
    KEXPECT(mb >= 507 && mb <= 508);
    KEXPECT(cont_frame_pool_free_count(&process_mem_pool) > PAGE_NO(500 * MB));
    KEXPECT_EQ(process_mem_pool.n_info_frames, 8);
}

KTEST_DEATH(frame_pool_init_panics_on_overlap, "overlap")
{
    static struct cont_frame_pool bad;
    cont_frame_pool_init(&bad, PAGE_NO(3 * MB), 16, 0);
}
