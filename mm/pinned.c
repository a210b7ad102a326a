/*
 * pinned.c - the `pincheck` debug check: no pinned page (pager.h lists
 * the kinds: page tables and directories, VM-pool bookkeeping, shm
 * frames, frames copy-on-write fork shares) is ever admitted to the
 * pager's budget.
 *
 * Why a file of its own: what is pinned is a question about a page and
 * its address space, not about the budget, so it needs none of the
 * pager's state.  The pager asks is_bookkeeping (pinned.h, inline: the
 * fault paths ask it) on every copy-on-write fault and swap-in, and
 * check_not_pinned when the boot word `pincheck` is on (the user tests'
 * runner adds it); nothing here calls the pager.
 */
#include "pinned.h"

#include "frame_ref.h"
#include "pte_ref.h"

/* True when frame is pt's directory or one of its page tables. */
static bool is_page_table(const struct page_table *pt, unsigned long frame)
{
    pte_t *dir = kmap(pt->pd_frame);
    bool found = frame == pt->pd_frame;
    for (unsigned long pdx = 0; pdx < ENTRIES_PER_TABLE && !found; pdx++)
        found = pte_is_present(dir[pdx]) && pte_frame(dir[pdx]) == frame;
    kunmap(dir);
    return found;
}

/* The debug check (`pincheck`): page va of pt, in `frame`, is about to
 * be admitted; panic when it is a kind pager.h calls pinned. */
void check_not_pinned(struct page_table *pt, unsigned long va, unsigned long frame)
{
    struct pte_ref ref;
    const char *kind = NULL;
    pte_t e;
    pte_map(pt->pd_frame, va, &ref);
    e = *ref.pte;
    pte_unmap(&ref);
    if (!pte_is_present(e) || pte_frame(e) != frame)
        kind = "not the page its PTE maps";
    else if (e & PTE_SHARED)
        kind = "a shm frame";
    else if (frame_ref_count(frame) > 1)
        kind = "a frame fork shares";
    else if (is_bookkeeping(pt, va))
        kind = "VM-pool bookkeeping";
    else if (is_page_table(pt, frame))
        kind = "a page table";
    if (kind)
        panic("pager_admit: page 0x%lx (frame 0x%lx) is %s, which is pinned", va, frame, kind);
}
