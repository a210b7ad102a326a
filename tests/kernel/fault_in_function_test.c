/*
 * fault_in_function_test.c - a page fault taken inside a called function
 * returns into that function; and the fixture of gdb's backtrace test.
 *
 * tests/scripts/gdb_backtrace.sh stops in page_table_handle_fault during
 * this test and checks that `bt` goes through the interrupt stub to
 * fault_fixture_touch and its caller fault_fixture_caller (the unwinder
 * in tools/gdb/interrupts.py).  Both are kept out of line (noipa: no
 * inlining, cloning or interprocedural shortcuts), so the frames exist.
 */
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"

#define FIXTURE_VA   (20 * MB) /* no pool, no page table there at the start */
#define FIXTURE_WORD 0x5EEDF00Du

__attribute__((noipa)) static void fault_fixture_touch(unsigned long va, uint32_t v)
{
    *(volatile uint32_t *)va = v; /* faults: the page is not mapped yet */
}

__attribute__((noipa)) static uint32_t fault_fixture_caller(unsigned long va)
{
    fault_fixture_touch(va, FIXTURE_WORD);
    return *(volatile uint32_t *)va;
}

KTEST(fault_in_a_called_function_returns_into_it)
{
    unsigned long before = page_table_free_frames();
    KEXPECT(!pte_is_present(page_table_lookup(FIXTURE_VA)));
    KEXPECT_EQ(fault_fixture_caller(FIXTURE_VA), FIXTURE_WORD);
    page_table_free_page(current_page_table, PAGE_NO(FIXTURE_VA));
    KEXPECT_EQ(page_table_free_frames(), before);
}
