/*
 * shm_demo.c - the `make run ARGS=shm` demo: xv6's shared-memory counter
 * test, with address spaces in place of processes.  A client of shm.h's
 * public interface, as MP4's scenarios are of the VM pools.
 *
 * Why not in scenarios.c: the VM-pool fuzzer links scenarios.c on the
 * host for MP4's glue (vm_free, current_pool) with stubs for the little
 * of paging the pools use; the demo would pull address spaces and
 * shared memory into that link.
 */
#include "shm_demo.h"

#include "console.h"
#include "mmu.h"
#include "page_table.h"
#include "shm.h"
#include "utils.h"

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
