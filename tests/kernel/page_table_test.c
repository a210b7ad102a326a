/*
 * page_table_test.c - paging with the recursive directory: MP4's
 * page-table scenario, frame accounting, the recursive window, the TLB,
 * several address spaces, and the faults that must end in a report.
 */
#include "cont_frame_pool.h"
#include "interrupts/exceptions.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "scenarios.h"
#include "vm_pool_registry.h"

#define TEST_VA (8 * MB) /* a page-table-sized slot away from MP4's 4 MB */

static unsigned long touch(unsigned long va, uint32_t value)
{
    *(volatile uint32_t *)va = value;
    return va;
}

static uint32_t peek(unsigned long va) { return *(volatile uint32_t *)va; }

/* Part I's duties that no other check names: a test that depends on one
 * checks it first, so a skeleton that skips it fails with this line
 * instead of a wrong value later, or a machine reset. */
#define DUTY(cond, what)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            ktest_fail(__FILE__, __LINE__, "%s", what);                                            \
            ktest_finish();                                                                        \
        }                                                                                          \
    } while (0)

static void expect_paging_on(void)
{
    DUTY(page_table_paging_enabled(),
         "page_table_enable_paging did not set paging_on: kmap() needs it to map through the "
         "scratch window");
}

static void expect_loaded(struct page_table *pt)
{
    DUTY(current_page_table == pt, "page_table_load did not set current_page_table");
    DUTY(read_cr3() == PAGE_ADDR(pt->pd_frame),
         "page_table_load did not write the directory's address to CR3");
    DUTY(exception_task_cr3() == PAGE_ADDR(pt->pd_frame),
         "page_table_load did not call exception_set_task_cr3: a double fault would reset the "
         "machine");
}

KTEST(page_table_mp4_scenario) { KEXPECT(mp4_page_table_scenario()); }

KTEST(page_table_fault_backs_page_with_zeros)
{
    volatile uint32_t *p = (volatile uint32_t *)(TEST_VA + 123 * PAGE_SIZE);
    for (unsigned long i = 0; i < PAGE_SIZE / 4; i++)
        KEXPECT_EQ(p[i], 0);
    KEXPECT(pte_is_present(page_table_lookup((unsigned long)(uintptr_t)p)));
}

KTEST(page_table_frame_accounting_returns_to_baseline)
{
    unsigned long before = page_table_free_frames();
    unsigned long first = PAGE_NO(TEST_VA), pages = 2 * ENTRIES_PER_TABLE + 7; /* 3 page tables */
    for (unsigned long p = first; p < first + pages; p++)
        touch(PAGE_ADDR(p), (uint32_t)p);
    KEXPECT_EQ(page_table_free_frames(), before - pages - 3);
    for (unsigned long p = first; p < first + pages; p++)
        page_table_free_page(current_page_table, p);
    KEXPECT_EQ(page_table_free_frames(), before);
    KEXPECT(!pte_is_present(*pde_for(TEST_VA)));
    KEXPECT(!pte_is_present(*pde_for(TEST_VA + 2 * TABLE_SPAN)));
}

KTEST(page_table_free_page_of_unmapped_page_is_noop)
{
    unsigned long before = page_table_free_frames();
    page_table_free_page(current_page_table, PAGE_NO(TEST_VA)); /* no page table */
    touch(TEST_VA, 1);
    page_table_free_page(current_page_table, PAGE_NO(TEST_VA) + 1); /* table, no page */
    KEXPECT_EQ(page_table_free_frames(), before - 2);
    KEXPECT_EQ(peek(TEST_VA), 1);
}

KTEST(page_table_recursive_window_shows_directory_and_tables)
{
    volatile pte_t *dir = (volatile pte_t *)PAGE_DIR_VADDR;
    pte_t pte;
    uint32_t *through_kmap;
    expect_paging_on();
    touch(TEST_VA + 5 * PAGE_SIZE, 0xC0FFEE);
    KEXPECT_EQ(pte_frame(dir[SELF_MAP_PDX]), current_page_table->pd_frame);
    KEXPECT_EQ(PAGE_ADDR(current_page_table->pd_frame), read_cr3());
    pte = page_table_window(PDX(TEST_VA))[PTX(TEST_VA) + 5];
    KEXPECT(pte_is_present(pte) && (pte & PTE_WRITABLE));
    through_kmap = kmap(pte_frame(pte));
    KEXPECT_EQ(through_kmap[0], 0xC0FFEE);
    kunmap(through_kmap);
    /* the directory's PDE for TEST_VA names the table the window shows */
    KEXPECT_EQ(pte_frame(*pde_for(TEST_VA)),
               pte_frame(page_table_window(SELF_MAP_PDX)[PDX(TEST_VA)]));
}

KTEST(page_table_enable_paging_turns_on_paging_and_kmap)
{
    unsigned long frame = current_page_table->pd_frame;
    void *p;
    KEXPECT((read_cr0() & (CR0_PG | CR0_WP)) == (CR0_PG | CR0_WP));
    expect_paging_on();
    p = kmap(frame);
    KEXPECT(in_scratch_window((unsigned long)(uintptr_t)p));
    kunmap(p);
}

KTEST(page_table_load_sets_cr3_and_the_double_fault_directory)
{
    expect_loaded(current_page_table);
}

KTEST(page_table_shared_region_is_identity_mapped)
{
    extern char __kernel_start[];
    unsigned long k = (unsigned long)(uintptr_t)__kernel_start;
    KEXPECT_EQ(pte_frame(page_table_lookup(k)), PAGE_NO(k));
    KEXPECT_EQ(pte_frame(page_table_lookup(3 * MB)), PAGE_NO(3 * MB));
    KEXPECT(!pte_is_present(page_table_lookup(0)));
    KEXPECT(!(page_table_lookup(k) & PTE_WRITABLE)); /* kernel text is read-only */
}

KTEST(page_table_tables_come_from_process_pool)
{
    pte_t pde;
    touch(TEST_VA, 1);
    pde = *pde_for(TEST_VA);
    KEXPECT(pte_frame(pde) >= PAGE_NO(PROCESS_POOL_START));
    KEXPECT(current_page_table->pd_frame >= PAGE_NO(PROCESS_POOL_START));
    KEXPECT(pte_frame(*pde_for(0)) >= PAGE_NO(PROCESS_POOL_START));
}

KTEST(page_table_tlb_is_flushed_by_free_page)
{
    touch(TEST_VA, 0xDEADBEEF);
    KEXPECT_EQ(peek(TEST_VA), 0xDEADBEEF); /* the translation is now in the TLB */
    page_table_free_page(current_page_table, PAGE_NO(TEST_VA));
    KEXPECT_EQ(peek(TEST_VA), 0); /* a fresh zero page, not the old frame */
}

KTEST(page_table_two_address_spaces_keep_their_data)
{
    static struct page_table other;
    struct page_table *home = current_page_table;
    unsigned long before = page_table_free_frames();
    expect_loaded(home);
    page_table_init(&other);
    touch(TEST_VA, 111);
    page_table_load(&other);
    expect_loaded(&other);
    KEXPECT_EQ(peek(TEST_VA), 0);
    touch(TEST_VA, 222);
    for (int round = 0; round < 3; round++) {
        page_table_load(home);
        KEXPECT_EQ(peek(TEST_VA), 111);
        page_table_load(&other);
        KEXPECT_EQ(peek(TEST_VA), 222);
    }
    page_table_load(home);
    page_table_destroy(&other);
    KEXPECT_EQ(page_table_free_frames(), before - 2); /* home's page and its table */
}

KTEST(page_table_large_fill_uses_every_frame)
{
    unsigned long free_frames = page_table_free_frames(), pages = 0,
                  first = PAGE_NO(MP4_FAULT_ADDR);
    /* the most pages P with P data frames + ceil(P / 1024) tables <= free */
    while (pages + 1 + (pages + ENTRIES_PER_TABLE) / ENTRIES_PER_TABLE <= free_frames)
        pages++;
    for (unsigned long p = first; p < first + pages; p++) {
        volatile uint32_t *w = (volatile uint32_t *)PAGE_ADDR(p);
        for (unsigned long i = 0; i < PAGE_SIZE / 4; i += 64)
            w[i] = (uint32_t)(p * 1000 + i);
    }
    KEXPECT_EQ(page_table_free_frames(), 0);
    for (unsigned long p = first; p < first + pages; p++) {
        const volatile uint32_t *w = (const volatile uint32_t *)PAGE_ADDR(p);
        for (unsigned long i = 0; i < PAGE_SIZE / 4; i += 64)
            if (w[i] != (uint32_t)(p * 1000 + i))
                KASSERT(!"page lost its contents");
    }
    page_table_free_range(current_page_table, PAGE_ADDR(first), PAGE_ADDR(first + pages));
    KEXPECT_EQ(page_table_free_frames(), free_frames);
}

KTEST_DEATH(page_table_null_dereference_is_reported, "NULL pointer dereference at 0x00000000")
{
    // cppcheck-suppress nullPointer ; the point of the test
    *(volatile int *)0 = 1;
}

KTEST_DEATH(page_table_access_outside_pools_is_illegitimate, "illegitimate address")
{
    static struct vm_pool pool;
    vm_pool_init(&pool, 512 * MB, 16 * MB, NULL, current_page_table);
    touch(3 * GB, 1);
}

KTEST_DEATH(page_table_write_to_recursive_window_is_reported, "recursive window")
{
    /* page table 700 does not exist, so its window page is not present */
    *(volatile pte_t *)page_table_window(700) = 0;
}

KTEST_DEATH(page_table_exhaustion_reports_out_of_memory, "out of memory")
{
    for (unsigned long va = MP4_FAULT_ADDR;; va += PAGE_SIZE)
        touch(va, 1);
}

KTEST_DEATH(page_table_free_page_of_shared_region_panics, "reserved area")
{
    page_table_free_page(current_page_table, PAGE_NO(2 * MB));
}

KTEST_DEATH(page_table_init_paging_refuses_other_shared_size, "shared_size 0x800000 must be")
{
    page_table_init_paging(&kernel_mem_pool, &process_mem_pool, 2 * DIRECT_MAP_END);
}

/* MP4's page-table test stretched to 27 MB (docs/03-recursive-paging.md):
 * 27 MB is 6,912 pages, but the process pool has 6,880 free frames under
 * QEMU -m 32M, 6,877 once paging is on (directory, shared table, scratch
 * table), and the pages need 7 page tables, so the writes stop with a
 * clean report after 6,870 pages (6,870 + 7 = 6,877): at 4 MB + 6,870
 * pages = 0x01ed6000. */
#define MP4_27_MB_INTS ((27ul << 20) / sizeof(int))
KTEST_DEATH(page_table_27_mb_fill_runs_out_after_6870_pages,
            "out of memory: no frame left to back the page at 0x01ed6000")
{
    volatile int *foo = (volatile int *)MP4_FAULT_ADDR;
    unsigned long free_frames = page_table_free_frames(), pages = 0;
    while (pages + 1 + (pages + ENTRIES_PER_TABLE) / ENTRIES_PER_TABLE <= free_frames)
        pages++;
    kprintf("%lu free frames: room for %lu pages and their %lu page tables\n", free_frames, pages,
            (pages + ENTRIES_PER_TABLE - 1) / ENTRIES_PER_TABLE);
    for (unsigned long i = 0; i < MP4_27_MB_INTS; i++)
        foo[i] = (int)i;
}
