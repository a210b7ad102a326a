/*
 * pte_ref.h - the PTE of a page in any address space, mapped for a
 * moment: through the recursive window when the space is loaded, through
 * kmap of its page table otherwise.  The pager (pager.c) reads and
 * rewrites its victims' PTEs with it, and the pinned-page check
 * (pinned.c) reads the PTE of a page about to be admitted.
 *
 * An address space is named by its directory frame, not its struct
 * page_table, because exec moves the struct and the frame stays.  The
 * space counts as loaded by CR3, not current_page_table (a timer tick
 * may come while the two differ); a caller that changes a PTE flushes it
 * with tlb_flush_page on the space's directory, which knows whether the
 * space is loaded.  Nothing here takes a frame.
 *
 * The two functions are static, not inline: each file that includes
 * this gets its own copy, which the compiler calls as it did when they
 * were pager.c's own (the eviction path's instruction counts stay).
 */
#ifndef SELFMAP_PTE_REF_H
#define SELFMAP_PTE_REF_H

#include <stdbool.h>

#include "mmu.h"
#include "page_table.h"
#include "panic.h"
#include "x86.h"

/* A PTE of any address space, mapped for a moment. */
struct pte_ref {
    volatile pte_t *pte;
    void *table; /* the kmapped page table, or NULL */
};

/* Map the PTE of page `va` in the space whose directory is `pd` into
 * *ref; the page table must exist (else panic).  Undo with pte_unmap. */
static void pte_map(unsigned long pd, unsigned long va, struct pte_ref *ref)
{
    pte_t pde, *dir;
    bool loaded = PAGE_NO(read_cr3()) == pd; /* CR3, not current_page_table: a timer
                                                 tick may come while the two differ */
    ref->table = NULL;
    if (loaded) {
        pde = *pde_for(va);
        ref->pte = pte_for(va);
        if (!pte_is_present(pde))
            panic("pager: no page table for 0x%lx in the loaded space", va);
        return;
    }
    dir = kmap(pd);
    pde = dir[PDX(va)];
    kunmap(dir);
    if (!pte_is_present(pde))
        panic("pager: no page table for 0x%lx in directory 0x%lx", va, pd);
    ref->table = kmap(pte_frame(pde));
    ref->pte = (pte_t *)ref->table + PTX(va);
}

/* Undo pte_map (a kunmap when the space was not loaded). */
static void pte_unmap(const struct pte_ref *ref)
{
    if (ref->table)
        kunmap(ref->table);
}

#endif
