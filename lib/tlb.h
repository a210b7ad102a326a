/*
 * tlb.h - the one entry point for flushing the TLB: every invlpg, and
 * every CR3 reload that is there to flush, is a call here, and each call
 * names the address space whose translations it drops.
 *
 * Why one file: the kernel edits page tables with plain stores, which
 * the CPU does not watch, so an edit of a present entry must be followed
 * by a flush (docs/10-tlb.md says which edits need one).  On one i686 CPU
 * every flush is one instruction, but "whose translations, where" has
 * other answers ahead: with x86-64's four-level recursive paging a
 * changed upper-level entry also changes what the recursive window
 * shows, and those window pages must go too; with several CPUs a space
 * loaded on another CPU needs a shootdown.  Those answers belong here,
 * not in each caller.
 *
 * A space is named by the physical address of its page directory (what
 * CR3 holds while it is loaded), so any layer can name one without
 * knowing struct page_table; TLB_LOADED names the space loaded on this
 * CPU, the one an edit through the recursive window (pte_for) reaches.
 * Only the loaded space has translations in the TLB: selfmap marks no
 * page global, so the CR3 load that unloaded a space dropped all of its
 * translations, and flushing a space that is not loaded does nothing.
 * Callers pass the space they edited and need not ask which is loaded.
 *
 * Everything is static inline: a flush of TLB_LOADED compiles to the one
 * instruction it was before this file, on paths the benchmarks time.
 */
#ifndef SELFMAP_TLB_H
#define SELFMAP_TLB_H

#include <stdbool.h>

#include "mmu.h"

/* A space: its directory's physical address, or TLB_LOADED.  No
 * directory is at physical 0 (directories come from the process pool). */
typedef unsigned long tlb_space_t;
#define TLB_LOADED 0ul /* the space loaded on this CPU */

/* True when `space` is the space loaded on this CPU. */
static inline bool tlb_space_is_loaded(tlb_space_t space)
{
    return space == TLB_LOADED || space == PAGE_ROUND_DOWN(read_cr3());
}

/* The instruction: drop this CPU's translation of va's page (and the
 * directory entries cached for its walk).  Only this file uses it. */
static inline void tlb_invlpg(unsigned long va)
{
    __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

/* Drop space's translation of the page holding va: the next access
 * walks the tables again.  Call it after changing a present PTE of
 * space (another frame, fewer rights, not present, accessed or dirty
 * cleared); an entry going from not present to present needs none.
 * space not loaded: nothing to do (its translations are gone). */
static inline void tlb_flush_page(tlb_space_t space, unsigned long va)
{
    if (tlb_space_is_loaded(space))
        tlb_invlpg(va);
}

/* tlb_flush_page for every page that [va, va + len) touches: a range
 * that straddles a page boundary flushes the pages on both sides; len 0
 * flushes nothing.  Precondition: va + len does not pass 4 GB (it may
 * end there).  One invlpg a page: for edits all over a space,
 * tlb_flush_space is one instruction. */
static inline void tlb_flush_range(tlb_space_t space, unsigned long va, unsigned long len)
{
    unsigned long page, last;
    if (len == 0 || !tlb_space_is_loaded(space))
        return;
    last = PAGE_ROUND_DOWN(va + len - 1);
    for (page = PAGE_ROUND_DOWN(va);; page += PAGE_SIZE) {
        tlb_invlpg(page);
        if (page == last)
            break;
    }
}

/* Drop every translation of space: a CR3 reload with its own value, one
 * instruction for all pages, paid for by a TLB that fills again (fork
 * makes all of the parent's writable pages read-only at once).  It also
 * drops the loaded space's view of the shared kernel mappings, which the
 * next access walks again.  space not loaded: nothing to do. */
static inline void tlb_flush_space(tlb_space_t space)
{
    if (tlb_space_is_loaded(space))
        write_cr3(read_cr3());
}

/* The directory entry of space for va's 4 MB changed (a page table put
 * in or taken out): drop the recursive window's translation of that
 * table, page_table_window(PDX(va)), so pte_for(va) reaches the new one.
 * The pages the entry maps are the caller's to flush (page_table.c gives
 * a table back only once its last PTE is cleared and flushed).  On a
 * four-level x86-64 the window has a page at each level above the PTE,
 * and this is where each would be flushed.  space not loaded: nothing. */
static inline void tlb_flush_table(tlb_space_t space, unsigned long va)
{
    if (tlb_space_is_loaded(space))
        tlb_invlpg((unsigned long)(uintptr_t)page_table_window(PDX(va)));
}

/* The kernel's own mapping of va changed: va is in a part every space
 * maps alike (the shared 4 MB, or the scratch window that kmap and
 * copy-on-write's copy slot use), so the translation must go wherever it
 * is cached.  On one CPU that is the loaded space alone (selfmap marks
 * no page global); with several CPUs every CPU would drop it. */
static inline void tlb_flush_kernel_page(unsigned long va) { tlb_invlpg(va); }

#endif
