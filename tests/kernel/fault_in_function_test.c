/*
 * fault_in_function_test.c - a page fault taken inside a called function
 * returns into that function, whether it faults in the middle of the
 * function or at its first instruction; and the fixtures of gdb's
 * backtrace test.
 *
 * tests/scripts/gdb_backtrace.sh stops in page_table_handle_fault during
 * each test and checks that `bt` goes through the interrupt stub to the
 * touching function and its caller (the unwinder in
 * tools/gdb/interrupts.py).  The two cases differ for gdb: below an
 * interrupt it looks at eip - 1, which for a fault at a function's first
 * instruction lies outside the function.  The functions are kept out of
 * line (noipa: no inlining, cloning or interprocedural shortcuts) so the
 * frames exist.
 */
#include "ktest.h"
#include "mmu.h"
#include "page_fault.h"
#include "page_table.h"

#define FIXTURE_VA   (20 * MB) /* no pool, no page table there at the start */
#define FIXTURE_WORD 0x5EEDF00Du

/* Arguments on the stack: the store comes after loading them. */
__attribute__((noipa)) static void fault_fixture_touch(unsigned long va, uint32_t v)
{
    *(volatile uint32_t *)va = v; /* faults: the page is not mapped yet */
}

__attribute__((noipa)) static uint32_t fault_fixture_caller(unsigned long va)
{
    fault_fixture_touch(va, FIXTURE_WORD);
    return *(volatile uint32_t *)va;
}

/* Arguments in eax and edx (regparm): the store is the first instruction. */
__attribute__((noipa, regparm(2))) static void fault_fixture_entry_touch(unsigned long va,
                                                                         uint32_t v)
{
    *(volatile uint32_t *)va = v; /* faults at entry: the page is not mapped yet */
}

__attribute__((noipa)) static uint32_t fault_fixture_entry_caller(unsigned long va)
{
    fault_fixture_entry_touch(va, FIXTURE_WORD);
    return *(volatile uint32_t *)va;
}

/* Run `caller` on FIXTURE_VA, unmapped, and give the page back. */
static void fault_and_return(uint32_t (*caller)(unsigned long va))
{
    unsigned long before = page_table_free_frames();
    KEXPECT(!pte_is_present(page_table_lookup(FIXTURE_VA)));
    KEXPECT_EQ(caller(FIXTURE_VA), FIXTURE_WORD);
    page_table_free_page(current_page_table, PAGE_NO(FIXTURE_VA));
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(fault_in_a_called_function_returns_into_it) { fault_and_return(fault_fixture_caller); }

KTEST(fault_at_a_function_entry_returns_into_it) { fault_and_return(fault_fixture_entry_caller); }
