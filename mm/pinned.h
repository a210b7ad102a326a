/*
 * pinned.h - pages the pager never evicts (pager.h lists the kinds), and
 * the `pincheck` debug check that none is ever admitted.  pinned.c says
 * why this is a file of its own.
 */
#ifndef SELFMAP_PINNED_H
#define SELFMAP_PINNED_H

#include <stdbool.h>

#include "page_table.h"
#include "vm_pool_registry.h"

/* True when page va of pt is a VM pool's bookkeeping page (petmem's in a
 * process): the pool reads it in the fault handler and the kernel
 * writes it, so it is pinned wherever it comes from (a copy-on-write
 * fault, a swap-in).  One test when pt has no pool. */
static inline bool is_bookkeeping(struct page_table *pt, unsigned long va)
{
    struct vm_pool *pool = pt->n_pools ? vm_pool_find(pt, va) : NULL;
    return pool && va < vm_pool_usable_start(pool);
}

/* The debug check (`pincheck`): page va of pt, held by `frame`, is about
 * to be admitted to the pager's budget; panic, naming the kind, when it
 * is a kind pager.h calls pinned (or not the page its PTE maps). */
void check_not_pinned(struct page_table *pt, unsigned long va, unsigned long frame);

#endif
