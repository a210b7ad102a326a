/*
 * mp2_test_memory.h - MP2's recursive test_memory, for any frame
 * allocator: allocate 1-4 frames, fill them with the depth, recurse,
 * check the fill survived, free.  The contiguous pool's and the buddy
 * pool's tests both run it, each through its own allocate/free pair.
 */
#ifndef SELFMAP_MP2_TEST_MEMORY_H
#define SELFMAP_MP2_TEST_MEMORY_H

#include "ktest.h"
#include "mmu.h"
#include "page_table.h"

struct mp2_allocator {
    unsigned long (*get)(void *pool, unsigned long n_frames); /* first frame, or 0 */
    int (*put)(void *pool, unsigned long frame, unsigned long n_frames);
    void *pool;
};

/* Run MP2's test_memory `allocs_to_go` levels deep.  The frames must be
 * reachable: direct-mapped, or anywhere while paging is off. */
static inline void mp2_test_memory(const struct mp2_allocator *a, unsigned allocs_to_go)
{
    unsigned long n_frames, frame;
    volatile unsigned *values;
    if (allocs_to_go == 0)
        return;
    n_frames = allocs_to_go % 4 + 1;
    frame = a->get(a->pool, n_frames);
    KASSERT(frame != 0);
    KASSERT(!page_table_paging_enabled() || frame_is_direct_mapped(frame + n_frames - 1));
    values = direct_map_ptr(frame);
    for (unsigned long i = 0; i < n_frames * PAGE_SIZE / sizeof(unsigned); i++)
        values[i] = allocs_to_go;
    mp2_test_memory(a, allocs_to_go - 1);
    for (unsigned long i = 0; i < n_frames * PAGE_SIZE / sizeof(unsigned); i++)
        if (values[i] != allocs_to_go)
            KASSERT(!"MEMORY TEST FAILED. ERROR IN FRAME POOL");
    KEXPECT_EQ(a->put(a->pool, frame, n_frames), E_OK);
}

#endif
