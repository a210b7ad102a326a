/*
 * scenarios.c - MP4's kernel.C test programs, kept faithful to the
 * original: the same addresses, sizes and access patterns; MP4's
 * current_pool / new / delete glue, which a real kernel.C replaces; and
 * the shared-memory counter demo (xv6's shm test), a client of shm.h
 * like MP4's programs are of the VM pools.
 */
#include "scenarios.h"

#include "console.h"
#include "cont_frame_pool.h"
#include "mmu.h"
#include "page_table.h"
#include "shm.h"
#include "utils.h"
#include "vm_pool.h"

struct vm_pool *current_pool;

void *vm_alloc(unsigned long size)
{
    if (!current_pool)
        panic("vm_alloc: no current_pool");
    return (void *)(uintptr_t)vm_pool_allocate(current_pool, size);
}

void vm_free(void *p)
{
    int rc;
    if (!p)
        return;
    if (!current_pool)
        panic("vm_free: no current_pool");
    rc = vm_pool_release(current_pool, (unsigned long)(uintptr_t)p);
    if (rc < 0)
        panic("vm_free: %p is not the start of a live region in %s (%s)", p, current_pool->name,
              error_name(rc));
}

bool mp4_page_table_scenario(void)
{
    volatile int *foo = (volatile int *)MP4_FAULT_ADDR;
    for (unsigned long i = 0; i < MP4_NACCESS; i++)
        foo[i] = (int)i;
    for (unsigned long i = 0; i < MP4_NACCESS; i++)
        if (foo[i] != (int)i)
            return false;
    return true;
}

bool mp4_pool_references(struct vm_pool *pool, int size1, int size2)
{
    current_pool = pool;
    for (int i = 1; i < size1; i++) {
        int n = size2 * i;
        volatile int *arr = vm_alloc((unsigned long)n * sizeof(int));
        if (!arr || !vm_pool_is_legitimate(pool, (unsigned long)(uintptr_t)arr))
            return false;
        for (int j = 0; j < n; j++)
            arr[j] = j;
        for (int j = n - 1; j >= 0; j--)
            if (arr[j] != j)
                return false;
        vm_free((void *)(uintptr_t)arr);
    }
    return true;
}

bool mp4_default_scenario(struct page_table *pt, struct vm_pool *code, struct vm_pool *heap)
{
    vm_pool_init_named(code, "code_pool", MP4_CODE_POOL_BASE, MP4_POOL_SIZE, &process_mem_pool, pt);
    vm_pool_init_named(heap, "heap_pool", MP4_HEAP_POOL_BASE, MP4_POOL_SIZE, &process_mem_pool, pt);
    return mp4_pool_references(code, 50, 100) && mp4_pool_references(heap, 50, 100);
}

/* ---- the demo (make run ARGS=shm) ----------------------------------- */

enum { DEMO_COUNTER_ID = 1, DEMO_OTHER_ID = 2, DEMO_SPACES = 10, DEMO_START = 10 };

/* Address space i: open the counter (after another segment in odd
 * spaces, so its address differs), add 1, close.  False on failure. */
static bool demo_one_space(struct page_table *space, int i)
{
    volatile int *counter;
    bool other = i % 2 == 1;
    page_table_init(space);
    page_table_load(space);
    if (other && !shm_open(DEMO_OTHER_ID, PAGE_SIZE))
        return false;
    counter = shm_open(DEMO_COUNTER_ID, sizeof(int));
    if (!counter)
        return false;
    (*counter)++;
    kprintf("  address space %d (new directory in frame 0x%05lx): counter at 0x%08lx, now %d\n", i,
            space->pd_frame, (unsigned long)(uintptr_t)counter, *counter);
    return shm_close(DEMO_COUNTER_ID) == E_OK && (!other || shm_close(DEMO_OTHER_ID) == E_OK);
}

bool shm_counter_demo(void)
{
    static struct page_table space;
    struct page_table *home = current_page_table;
    unsigned long free_before = page_table_free_frames();
    volatile int *counter = shm_open(DEMO_COUNTER_ID, sizeof(int));
    bool ok = counter != NULL;
    if (!ok)
        return false;
    *counter = DEMO_START;
    kprintf("shm demo: xv6's shm counter test, with %d address spaces for processes;\n"
            "  odd ones open segment %d first, so the counter lands higher there\n",
            DEMO_SPACES, DEMO_OTHER_ID);
    kprintf("  kernel address space: segment %d at 0x%08lx, counter = %d\n", DEMO_COUNTER_ID,
            (unsigned long)(uintptr_t)counter, *counter);
    for (int i = 0; ok && i < DEMO_SPACES; i++) {
        ok = demo_one_space(&space, i);
        page_table_load(home);
        page_table_destroy(&space);
    }
    kprintf("shm demo: counter = %d after %d address spaces (expected %d)\n", *counter, DEMO_SPACES,
            DEMO_START + DEMO_SPACES);
    ok = ok && *counter == DEMO_START + DEMO_SPACES;
    ok = shm_close(DEMO_COUNTER_ID) == E_OK && ok;
    kprintf("shm demo: %u segments left, %lu frames not returned\n", shm_segment_count(),
            free_before - page_table_free_frames());
    return ok && shm_segment_count() == 0 && page_table_free_frames() == free_before;
}
