/*
 * dump_cow_test.c - the walk decodes a copy-on-write entry (PTE_COW, bit
 * 10) with its own word, and the walk can be written into a buffer
 * instead of the console (dump_text_begin / dump_text_end), which the
 * maps and pagewalk system calls use (proc/pmaps.c).
 *
 * The copy-on-write entry is made by hand on a page of a kernel pool:
 * the test clears PTE_WRITABLE and sets PTE_COW as fork does
 * (uvm_share_pages), walks it, and puts the entry back before the page
 * is released, so no reference count is involved.
 */
#include "console.h"
#include "cont_frame_pool.h"
#include "dump.h"
#include "fixtures.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "scenarios.h"
#include "tlb.h"
#include "vm_pool.h"
#include "vm_pool_registry.h"

#define POOL_BASE (256 * MB)
#define POOL_SIZE (4 * MB)
#define TEXT_MAX  512
#define CUT       20

static struct vm_pool pool;
static char want[TEXT_MAX], text[TEXT_MAX];

/* A touched page of a fresh pool in the kernel's space. */
static unsigned long touched_page(void)
{
    unsigned long va;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "cow_pool");
    current_pool = &pool;
    va = (unsigned long)(uintptr_t)vm_alloc(PAGE_SIZE);
    *(volatile unsigned char *)(uintptr_t)va = 1;
    return va;
}

static void release(unsigned long va)
{
    vm_free((void *)(uintptr_t)va);
    fixture_pool_teardown(&pool);
    current_pool = NULL;
}

KTEST(dump_page_table_decodes_a_copy_on_write_entry)
{
    unsigned long va = touched_page();
    volatile pte_t *pte = pte_for(va);
    pte_t was = *pte;
    *pte = (was & ~PTE_WRITABLE) | PTE_COW;
    tlb_flush_page(TLB_LOADED, va);
    console_capture_reset();
    dump_page_table(current_page_table, va);
    ksnprintf(want, sizeof(want),
              "  PTE %lu at 0x%08lx = 0x%08lx -> frame 0x%05lx [present read-only supervisor "
              "accessed dirty copy-on-write]\n",
              PTX(va), (unsigned long)(uintptr_t)pte, (unsigned long)*pte, pte_frame(was));
    KEXPECT(strstr(console_captured(), want) != NULL);
    *pte = was;
    tlb_flush_page(TLB_LOADED, va);
    release(va);
}

KTEST(dump_page_table_has_no_copy_on_write_word_for_a_private_page)
{
    unsigned long va = touched_page();
    console_capture_reset();
    dump_page_table(current_page_table, va);
    KEXPECT(strstr(console_captured(), "[present writable supervisor accessed dirty]\n") != NULL);
    KEXPECT(strstr(console_captured(), "copy-on-write") == NULL);
    release(va);
}

KTEST(dump_text_writes_the_walk_into_a_buffer_not_the_console)
{
    unsigned long va = touched_page();
    size_t n;
    console_capture_reset();
    dump_page_table(current_page_table, va);
    KASSERT(strlen(console_captured()) < sizeof(want));
    memcpy(want, console_captured(), strlen(console_captured()) + 1);
    console_capture_reset();
    dump_text_begin(text, sizeof(text));
    dump_page_table(current_page_table, va);
    n = dump_text_end();
    KEXPECT_EQ(console_captured()[0], '\0');
    KEXPECT(strcmp(text, want) == 0);
    KEXPECT_EQ(n, strlen(want));
    release(va);
}

KTEST(dump_text_cuts_at_the_buffer_and_counts_the_whole_text)
{
    unsigned long va = touched_page();
    size_t whole, cut;
    dump_text_begin(text, sizeof(text));
    dump_page_table(current_page_table, va);
    whole = dump_text_end();
    memcpy(want, text, strlen(text) + 1);
    dump_text_begin(text, CUT);
    dump_page_table(current_page_table, va);
    cut = dump_text_end();
    KEXPECT_EQ(cut, whole);
    KEXPECT_EQ(strlen(text), CUT - 1);
    KEXPECT(strncmp(text, want, CUT - 1) == 0);
    release(va);
}
