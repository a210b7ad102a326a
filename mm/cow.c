/*
 * cow.c - the copy-on-write fault, and where the reference counts live
 * (cow.h says why).
 *
 * The counts sit in kernel-pool frames, which the shared 4 MB maps in
 * every address space, so the fault handler reads them without kmap
 * and they never fault.  The fault itself (cow_resolve) works on the
 * loaded address space through the recursive window, like the rest of
 * the handler; only the fresh frame of a copy is reached, through a
 * scratch slot of its own (copy_window).
 */
#include "cow.h"

#include "cont_frame_pool.h"
#include "errors.h"
#include "frame_source.h"
#include "page_table.h"
#include "tlb.h"
#include "utils.h"

/* One scratch (kmap) slot kept for the copy in cow_resolve: remapping
 * it is one PTE store and one flush, where kmap and kunmap would also
 * search and update the slot bitmap on every copy-on-write fault.  The
 * slot's PTE may be left pointing at a frame that has since been freed;
 * nothing but cow_resolve uses the slot, and it always remaps it first. */
static unsigned long copy_window;

void cow_init(void)
{
    unsigned long n = process_mem_pool.n_frames, need, first;
    if (frame_ref_ready())
        return;
    need = frame_ref_needed_info_frames(n);
    first = cont_frame_pool_get_frames(&kernel_mem_pool, need);
    if (!first)
        panic("cow_init: no %lu kernel frames for the reference counts", need);
    memset(direct_map_ptr(first), 0, PAGE_ADDR(need));
    frame_ref_init(process_mem_pool.base_frame_no, n, direct_map_ptr(first));
    copy_window = (unsigned long)(uintptr_t)kmap(first); /* kept: the slot is the copy's */
}

/* Map `frame` at copy_window (its scratch slot, reserved by cow_init). */
static inline void *map_copy_window(unsigned long frame)
{
    page_table_window(SCRATCH_PDX)[PTX(copy_window)] =
        pte_create(frame, PTE_PRESENT | PTE_WRITABLE);
    tlb_flush_kernel_page(copy_window); /* a scratch slot: the kernel's mapping */
    return (void *)copy_window;
}

/* HANDOUT cow.part1 BEGIN: the copy-on-write fault - for a present PTE_COW page, copy it into a
 * fresh frame when another mapping still shares its frame (frame_ref_count above 1), or just make
 * it writable again when this is the last one; clear PTE_COW, set PTE_WRITABLE, flush the page;
 * E_NOMEM when no frame is left for the copy */
int cow_resolve(unsigned long va)
{
    volatile pte_t *pte = pte_for(va);
    pte_t e = pte_is_present(*pde_for(va)) ? *pte : 0;
    unsigned long old = pte_frame(e), flags = (pte_flags(e) & ~PTE_COW) | PTE_WRITABLE;
    if (!pte_is_present(e) || !(e & PTE_COW))
        panic("cow_resolve: 0x%lx is not a copy-on-write page", va);
    if (frame_ref_count(old) > 1) {
        struct frame_source *src = page_table_frames();
        unsigned long fresh = frame_source_get(src);
        void *dst;
        if (!fresh)
            return E_NOMEM;
        dst = map_copy_window(fresh);
        copy_bytes(dst, (const void *)PAGE_ROUND_DOWN(va), PAGE_SIZE);
        frame_ref_drop(old); /* false: another mapping keeps it */
        old = fresh;
    }
    *pte = pte_create(old, flags);
    tlb_flush_page(TLB_LOADED, va);
    return E_OK;
}
/* HANDOUT END */
