/*
 * buddy_test.c - the buddy pool in the kernel, in both frame-source
 * modes: on real memory (a pool over kernel frames, written and read
 * through the direct map), and as the frame source paging uses (a pool
 * of its own under frames=buddy, process_mem_pool otherwise).  The
 * runner boots every test once per mode, so each test states what must
 * hold in both; the algorithm itself is tested on the host
 * (tests/host/buddy_test.c).
 */
#include "buddy_pool.h"
#include "cmdline.h"
#include "cont_frame_pool.h"
#include "frame_source.h"
#include "ktest.h"
#include "mp2_test_memory.h"
#include "mmu.h"
#include "page_table.h"

#define CARVED_FRAMES 256ul /* kernel frames for a test pool: 1 MB */
#define MP2_DEPTH     32u   /* MP2's test_memory recursion depth */

static bool booted_with_buddy(void) { return word_value(WORD_FRAMES) == FRAMES_BUDDY; }

static unsigned long buddy_get(void *pool, unsigned long n)
{
    return buddy_pool_alloc_pages(pool, n);
}

static int buddy_put(void *pool, unsigned long frame, unsigned long n)
{
    return buddy_pool_free_pages(pool, frame, n);
}

/* MP2's test_memory on a buddy pool whose frames are direct-mapped. */
static void test_memory(struct buddy_pool *pool, unsigned allocs_to_go)
{
    struct mp2_allocator a = {buddy_get, buddy_put, pool};
    mp2_test_memory(&a, allocs_to_go);
}

KTEST(buddy_pool_passes_mp2_test_memory_on_kernel_frames)
{
    static struct buddy_pool pool;
    unsigned long blocks[BUDDY_ORDERS], before;
    unsigned long base = cont_frame_pool_get_frames(&kernel_mem_pool, CARVED_FRAMES);
    KASSERT(base != 0);
    pool.name = "carved buddy pool";
    buddy_pool_init(&pool, base, CARVED_FRAMES, 0); /* maps in its own first frame */
    before = buddy_pool_free_count(&pool);
    for (unsigned k = 0; k < BUDDY_ORDERS; k++)
        blocks[k] = buddy_pool_free_blocks(&pool, k);
    test_memory(&pool, MP2_DEPTH);
    KEXPECT_EQ(buddy_pool_free_count(&pool), before);
    for (unsigned k = 0; k < BUDDY_ORDERS; k++) /* merged back into the same blocks */
        KEXPECT_EQ(buddy_pool_free_blocks(&pool, k), blocks[k]);
    KEXPECT_EQ(cont_frame_pool_release_frames(base), E_OK);
}

KTEST(buddy_frame_source_is_chosen_by_the_command_line)
{
    const char *want = booted_with_buddy() ? "process_buddy_pool" : "process_mem_pool";
    KEXPECT(strcmp(page_table_frames()->name, want) == 0);
    KEXPECT_EQ(process_buddy_pool.n_frames != 0, booted_with_buddy());
}

KTEST(buddy_free_process_frames_are_counted_once)
{
    unsigned long buddy_free =
        process_buddy_pool.n_frames ? buddy_pool_free_count(&process_buddy_pool) : 0;
    KEXPECT(page_table_free_frames() > 0);
    KEXPECT_EQ(page_table_free_frames(),
               cont_frame_pool_free_count(&process_mem_pool) + buddy_free);
}

KTEST(buddy_frame_from_the_source_is_free_in_no_pool)
{
    struct frame_source *src = page_table_frames();
    unsigned long f = src->get(src->impl);
    KASSERT(f != 0);
    KEXPECT(cont_frame_pool_state(&process_mem_pool, f) != FRAME_FREE);
    if (process_buddy_pool.n_frames)
        KEXPECT_EQ(buddy_pool_state(&process_buddy_pool, f), BUDDY_FRAME_ALLOCATED);
    KEXPECT_EQ(src->put(src->impl, f), E_OK);
}

KTEST(buddy_frame_source_refuses_a_double_put)
{
    struct frame_source *src = page_table_frames();
    unsigned long f = src->get(src->impl), before;
    KASSERT(f != 0);
    KEXPECT_EQ(src->put(src->impl, f), E_OK);
    before = page_table_free_frames();
    KEXPECT(src->put(src->impl, f) < 0);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(buddy_drained_frame_source_never_hands_out_the_hole)
{
    struct frame_source *src = page_table_frames();
    unsigned long before = page_table_free_frames(), got = 0, bad = 0, f, last = 0;
    while ((f = src->get(src->impl)) != 0) {
        bad +=
            f < PAGE_NO(PROCESS_POOL_START) ||
            (f >= PAGE_NO(MEMORY_HOLE_START) && f < PAGE_NO(MEMORY_HOLE_START + MEMORY_HOLE_SIZE));
        last = f;
        got++;
    }
    KEXPECT_EQ(bad, 0);
    KEXPECT_EQ(got, before);
    KEXPECT_EQ(page_table_free_frames(), 0);
    KEXPECT_EQ(src->put(src->impl, last), E_OK);
    KEXPECT_EQ(src->get(src->impl), last);
}
