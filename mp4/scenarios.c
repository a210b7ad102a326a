/*
 * scenarios.c - MP4's kernel.C test programs, kept faithful to the
 * original: the same addresses, sizes and access patterns; and MP4's
 * current_pool / new / delete glue, which a real kernel.C replaces.
 */
#include "scenarios.h"

#include "cont_frame_pool.h"
#include "mmu.h"
#include "page_table.h"
#include "utils.h"
#include "vm_pool_registry.h"

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
