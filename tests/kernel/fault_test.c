/*
 * fault_test.c - faults the kernel survives and reports (test names
 * starting fault_): the kernel's own stack overflow, writes to its text
 * and read-only data, NULL, the stack's guard page, the recursive and
 * scratch windows, the shared-memory area, and addresses outside, past,
 * freed from or inside the bookkeeping of a VM pool.
 *
 * Each is a death test: it passes when the fault ends in the report it
 * names, and a report ends its QEMU run, so each gets a boot of its own.
 * Tests that need a VM pool register one in the boot address space
 * (kernel_page_table) with fixture_pool_init (fixtures.h).
 */
#include "cont_frame_pool.h"
#include "fixtures.h"
#include "ktest.h"
#include "mmu.h"
#include "page_fault.h"
#include "page_table.h"
#include "vm_pool.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

#define POOL_BASE   (512 * MB) /* where the test pool lives (MP4's code_pool) */
#define POOL_SIZE   (4 * MB)
#define OTHER_BASE  (1024 * MB)
#define REGION_SIZE (3 * PAGE_SIZE)
#define PAST_END    PAGE_SIZE /* how far past a region the faulting touch lands */
#define FRAME_BYTES 64        /* stack used by each level of the runaway recursion */
#define RET_OPCODE  0xC3u     /* what a stray write would put over kernel code */
#define REPORT_MAX  128

extern char __rodata_end[], kernel_stack_guard[];

static struct vm_pool pool;

static volatile unsigned long never = ~0ul;

/* Recurses until the stack runs into its guard page (`never` is never
 * reached, but the compiler cannot know that). */
static unsigned long recurse(unsigned long depth)
{
    volatile char frame[FRAME_BYTES];
    frame[0] = (char)depth;
    if (depth == never)
        return 0;
    return recurse(depth + 1) + (unsigned long)frame[0];
}

KTEST_DEFAULT_FRAMES_ONLY(fault_kernel_stack_overflow_reports_double_fault);
KTEST_DEATH(fault_kernel_stack_overflow_reports_double_fault, "double fault: kernel stack overflow")
{
    recurse(0);
}

KTEST_DEFAULT_FRAMES_ONLY(fault_write_to_kernel_text_is_reported);
KTEST_DEATH(fault_write_to_kernel_text_is_reported,
            "protection violation (page is present but the access is not allowed)")
{
    KEXPECT(read_cr0() & CR0_WP);
    *(volatile uint8_t *)(uintptr_t)page_table_handle_fault = RET_OPCODE;
}

static const uint32_t constant_word = 0x12345678u;

KTEST_DEFAULT_FRAMES_ONLY(fault_write_to_kernel_rodata_is_reported);
KTEST_DEATH(fault_write_to_kernel_rodata_is_reported,
            "protection violation (page is present but the access is not allowed)")
{
    KEXPECT((uintptr_t)&constant_word < (uintptr_t)__rodata_end);
    *(volatile uint32_t *)(uintptr_t)&constant_word = 0;
}

KTEST_DEFAULT_FRAMES_ONLY(fault_null_pointer_read_is_reported);
KTEST_DEATH(fault_null_pointer_read_is_reported, "NULL pointer dereference at 0x00000000")
{
    volatile uint32_t *volatile p = NULL;
    (void)*p; /* cppcheck-suppress nullPointer ; the point of the test */
}

KTEST_DEFAULT_FRAMES_ONLY(fault_stack_guard_page_touch_is_reported);
KTEST_DEATH(fault_stack_guard_page_touch_is_reported, "unmapped page in the shared kernel region")
{
    (void)fixture_peek((unsigned long)(uintptr_t)kernel_stack_guard);
}

KTEST_DEFAULT_FRAMES_ONLY(fault_missing_page_table_in_recursive_window_is_reported);
KTEST_DEATH(fault_missing_page_table_in_recursive_window_is_reported,
            "access to a missing page table in the recursive window")
{
    KEXPECT(!pte_is_present(*pde_for(OTHER_BASE)));
    (void)*page_table_window(PDX(OTHER_BASE));
}

KTEST_DEFAULT_FRAMES_ONLY(fault_unused_scratch_slot_is_reported);
KTEST_DEATH(fault_unused_scratch_slot_is_reported, "unused slot of the scratch (kmap) window")
{
    (void)fixture_peek(PAGE_TABLES_VADDR -
                       PAGE_SIZE); /* the last slot: kmap fills from the first */
}

KTEST_DEFAULT_FRAMES_ONLY(fault_unopened_shared_memory_address_is_reported);
KTEST_DEATH(fault_unopened_shared_memory_address_is_reported,
            "no shared-memory segment is mapped there")
{
    fixture_touch(SHM_BASE);
}

KTEST_DEATH(fault_address_outside_every_pool_is_reported, "not in any allocated region at 0x")
{
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    fixture_touch(OTHER_BASE);
}

/* Filled in by the test before it faults; until then it matches nothing. */
static char past_end_report[REPORT_MAX] = "(the test has not computed its expected report yet)";

KTEST_DEATH(fault_past_region_end_names_region_and_pool, past_end_report)
{
    unsigned long a;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    a = vm_pool_allocate(&pool, REGION_SIZE);
    KASSERT(a != 0);
    ksnprintf(past_end_report, sizeof(past_end_report),
              "0x%08lx is %lu KB past the end of region 0x%08lx+%lu KB in heap_pool",
              a + REGION_SIZE + PAST_END, PAST_END >> KB_SHIFT, a, REGION_SIZE >> KB_SHIFT);
    fixture_touch(a + REGION_SIZE + PAST_END);
}

KTEST_DEATH(fault_in_released_region_is_reported, "below its first live region")
{
    unsigned long a;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    a = vm_pool_allocate(&pool, REGION_SIZE);
    fixture_touch(a);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    fixture_touch(a);
}

KTEST_DEATH(fault_in_unused_bookkeeping_page_is_reported, "in the bookkeeping pages of pool")
{
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "heap_pool");
    KASSERT(vm_pool_allocate(&pool, PAGE_SIZE) != 0); /* the extent array uses one page */
    KASSERT(pool.meta_pages > 1);
    fixture_touch(POOL_BASE + PAGE_SIZE);
}

KTEST_DEATH(fault_out_of_memory_is_reported, "out of memory: no frame left to back the page")
{
    /* twice the free memory, in whole page tables: far more than can be backed */
    unsigned long size = (PAGE_ADDR(page_table_free_frames()) * 2 + TABLE_SPAN) & ~(TABLE_SPAN - 1);
    unsigned long a;
    vm_pool_init(&pool, POOL_BASE, size, &process_mem_pool, &kernel_page_table);
    a = vm_pool_allocate(&pool, vm_pool_largest_free(&pool));
    KASSERT(a != 0);
    for (unsigned long va = a; va < POOL_BASE + size; va += PAGE_SIZE)
        fixture_touch(va);
}
