/*
 * uvm.c - user address spaces: regions, checked copies, and building or
 * copying a space that is not loaded (uvm.h says why).
 *
 * The copy routines check a buffer page by page before touching it.  A
 * present PTE with PTE_USER (and PTE_WRITABLE for copyout) passes at
 * once: only legitimate pages are ever mapped user-accessible.  Anything
 * else goes through the same region rules as the fault handler, and a
 * legitimate page that is not backed yet is backed right there, and a
 * swapped-out one is read back (mm/pager.h).  Each page is copied right
 * after its check, before the next page's check can make the pager
 * evict anything, and the kernel is not preemptible: so the copy itself
 * never faults.
 *
 * fork copies or shares present pages; a swapped-out page gets a slot of
 * its own in the child (pager_dup_swapped), so no two PTEs ever name one
 * slot.  A page fork shares is pinned (pager_forget): the reverse map
 * names one PTE per frame.  petmem's bookkeeping is never shared: the
 * kernel writes it from ring 0 and the fault handler reads it, so it
 * must stay pinned and never take a copy-on-write fault; fork gives
 * the child a copy of each page (copy_pinned), never admitted.
 *
 * A space is destroyed here as well (uvm_destroy): the pools it
 * registered first, then every frame, for exit, exec and a failed fork.
 */
#include "uvm.h"

#include "cow.h"
#include "frame_source.h"
#include "page_table.h"
#include "pager.h"
#include "shm.h"
#include "tlb.h"
#include "utils.h"
#include "vm_pool_registry.h"

enum access { ACCESS_READ, ACCESS_WRITE };

static const char *const region_names[] = {
    [UREGION_NONE] = "unmapped user address",
    [UREGION_KERNEL] = "kernel memory",
    [UREGION_IMAGE] = "text/data",
    [UREGION_HEAP] = "heap",
    [UREGION_PETMEM] = "petmem",
    [UREGION_STACK] = "stack",
    [UREGION_STACK_GUARD] = "stack guard page",
    [UREGION_SHM] = "shm area",
};

const char *uvm_region_name(enum uvm_region r) { return region_names[r]; }

enum uvm_region uvm_region_of(const struct uvm *u, unsigned long va)
{
    if (!in_user_range(va))
        return UREGION_KERNEL;
    if (va < u->image_end)
        return va >= u->image_start ? UREGION_IMAGE : UREGION_NONE;
    if (va < PAGE_ROUND_UP(u->brk))
        return UREGION_HEAP;
    if (va >= PETMEM_BASE && va < PETMEM_END)
        return u->petmem_on ? UREGION_PETMEM : UREGION_NONE;
    if (va >= USER_STACK_MIN && va < USER_STACK_TOP)
        return UREGION_STACK;
    if (va >= USER_STACK_GUARD && va < USER_STACK_MIN)
        return UREGION_STACK_GUARD;
    if (in_shm_area(va))
        return UREGION_SHM;
    return UREGION_NONE;
}

/* Is va, not present, in a region that backs a page on a touch (a
 * heap, stack or live petmem page, or a segment the process has open)?
 * Backs nothing. */
static bool backs_on_touch(struct page_table *pt, unsigned long va)
{
    struct vm_pool *pool = &pt->user->petmem;
    switch (uvm_region_of(pt->user, va)) {
    case UREGION_HEAP:
    case UREGION_STACK:
        return true;
    case UREGION_PETMEM:
        return va >= vm_pool_usable_start(pool) && vm_pool_is_legitimate(pool, va);
    case UREGION_SHM:
        return shm_is_legitimate(pt, va);
    default:
        return false;
    }
}

/* Back a not-present page at va on behalf of the process, as a user
 * fault there would; -1 when the address is not legitimate. */
static int back_for_copy(struct page_table *pt, unsigned long va)
{
    if (!backs_on_touch(pt, va))
        return -1;
    if (uvm_region_of(pt->user, va) == UREGION_SHM)
        return shm_handle_fault(pt, va) == E_OK ? 0 : -1;
    return pager_back_page(pt, va, true) == E_OK ? 0 : -1;
}

/* May the kernel touch user page va of the loaded space for `how`? */
static inline int check_page(unsigned long va, enum access how)
{
    unsigned long need = PTE_PRESENT | PTE_USER | (how == ACCESS_WRITE ? PTE_WRITABLE : 0);
    pte_t pte = page_table_lookup(va);
    struct page_table *pt = current_page_table;
    if ((pte & need) == need)
        return 0;
    if (how == ACCESS_WRITE &&
        (pte & (PTE_PRESENT | PTE_USER | PTE_COW)) == (PTE_PRESENT | PTE_USER | PTE_COW))
        return pager_resolve_cow(pt, va) == E_OK ? 0 : -1; /* the other space keeps its byte */
    if (pte_is_swapped(pte) && pt->user) {
        if (pager_swap_in(pt, va) != E_OK)
            return -1;
    } else if (pte_is_present(pte) || !pt->user || back_for_copy(pt, va) < 0)
        return -1; /* present but not the process's to touch this way */
    return (page_table_lookup(va) & need) == need ? 0 : -1;
}

/* Copy n bytes between user address u and kernel buffer k (towards
 * the user when `how` is ACCESS_WRITE), one page at a time: each page
 * is checked (backed, read back, made private) just before its part is
 * copied, so the pager cannot evict it in between and the copy never
 * faults.  -1 at the first page that fails; the pages before it are
 * copied (as xv6's copyout does). */
static int copy_user(unsigned long u, char *k, unsigned long n, enum access how)
{
    if (n == 0)
        return 0;
    if (u + n < u || !in_user_range(u) || !in_user_range(u + n - 1))
        return -1;
    while (n) {
        unsigned long chunk = MIN(n, PAGE_SIZE - PGOFF(u));
        if (check_page(PAGE_ROUND_DOWN(u), how) < 0)
            return -1;
        if (how == ACCESS_WRITE)
            copy_bytes((void *)u, k, chunk);
        else
            copy_bytes(k, (const void *)u, chunk);
        u += chunk, k += chunk, n -= chunk;
    }
    return 0;
}

int uvm_copyin(void *dst, unsigned long usrc, unsigned long n)
{
    return copy_user(usrc, dst, n, ACCESS_READ);
}

int uvm_copyout(unsigned long udst, const void *src, unsigned long n)
{
    return copy_user(udst, (char *)(uintptr_t)src, n, ACCESS_WRITE);
}

int uvm_copyinstr(char *dst, unsigned long usrc, unsigned long max)
{
    unsigned long done = 0;
    while (done < max) {
        unsigned long va = usrc + done, chunk = PAGE_SIZE - PGOFF(va);
        const char *s = (const char *)va;
        if (va < usrc || !in_user_range(va) || check_page(PAGE_ROUND_DOWN(va), ACCESS_READ) < 0)
            return -1;
        for (chunk = MIN(chunk, max - done); chunk; chunk--, done++)
            if ((dst[done] = *s++) == '\0')
                return (int)done;
    }
    return -1; /* no NUL within max bytes */
}

/* Would check_page pass user page va for `how`, backing or reading
 * back what it must?  Changes nothing. */
static bool page_usable(struct page_table *pt, unsigned long va, enum access how)
{
    pte_t pte = page_table_lookup(va);
    bool write = how == ACCESS_WRITE;
    if (pte_is_present(pte))
        return (pte & PTE_USER) && (!write || (pte & (PTE_WRITABLE | PTE_COW)));
    if (pte_is_swapped(pte))
        return (pte_swap_rights(pte) & PTE_USER) && (!write || (pte & PTE_SWAP_WRITABLE));
    return backs_on_touch(pt, va);
}

bool uvm_buffer_ok(unsigned long u, unsigned long n, bool to_user)
{
    struct page_table *pt = current_page_table;
    enum access how = to_user ? ACCESS_WRITE : ACCESS_READ;
    if (n == 0)
        return true;
    if (u + n < u || !in_user_range(u) || !in_user_range(u + n - 1) || !pt->user)
        return false;
    for (unsigned long va = PAGE_ROUND_DOWN(u);; va += PAGE_SIZE) {
        if (!page_usable(pt, va, how))
            return false;
        if (va == PAGE_ROUND_DOWN(u + n - 1))
            return true;
    }
}

static unsigned long get_frame(void)
{
    struct frame_source *src = page_table_frames();
    return frame_source_get(src);
}

/* Put entry `e` (present or swapped-out) at va of unloaded space pt. */
static int set_entry(struct page_table *pt, unsigned long va, pte_t e)
{
    pte_t *dir = kmap(pt->pd_frame), *table;
    unsigned long pdx = PDX(va);
    if (!in_user_range(va))
        panic("uvm_map_in: 0x%lx is outside the user range", va);
    if (!pte_is_present(dir[pdx])) {
        unsigned long t = get_frame();
        if (!t) {
            kunmap(dir);
            return E_NOMEM;
        }
        table = kmap(t);
        fill_words(table, 0, ENTRIES_PER_TABLE);
        dir[pdx] = pde_create(t, PTE_PRESENT | PTE_WRITABLE | PTE_USER);
    } else {
        table = kmap(pte_frame(dir[pdx]));
    }
    if (table[PTX(va)])
        panic("uvm_map_in: 0x%lx is already mapped", va);
    table[PTX(va)] = e;
    pt->live[pdx]++;
    kunmap(table);
    kunmap(dir);
    return E_OK;
}

int uvm_map_in(struct page_table *pt, unsigned long va, unsigned long frame, unsigned long flags)
{
    return set_entry(pt, va, pte_create(frame, flags | PTE_PRESENT));
}

int uvm_map_in_pageable(struct page_table *pt, unsigned long va, unsigned long frame,
                        unsigned long flags)
{
    if (pager_make_room() != E_OK || uvm_map_in(pt, va, frame, flags | PTE_DIRTY) < 0)
        return E_NOMEM;
    pager_admit(pt, va, frame);
    return E_OK;
}

/* The end of u's pinned pages, [PETMEM_BASE, end): petmem's bookkeeping
 * once petmem is on (the kernel writes it and the fault handler reads
 * it, so it is never pageable and never shared); PETMEM_BASE (none)
 * otherwise, or with no u (a space that is not a process's: bench/). */
static unsigned long pinned_end(const struct uvm *u)
{
    return u && u->petmem_on ? vm_pool_usable_start(&u->petmem) : PETMEM_BASE;
}

/* The flags of an eager copy of private page `pte`: a PTE_COW page is
 * one an earlier fork shared, writable again in the copy. */
static inline unsigned long private_flags(pte_t pte)
{
    return (pte_flags(pte) & (PTE_USER | PTE_WRITABLE)) | ((pte & PTE_COW) ? PTE_WRITABLE : 0);
}

/* A swapped-out entry of the parent, with a slot of its own, for child. */
static int copy_swapped(struct page_table *child, unsigned long va, pte_t e)
{
    pte_t copy;
    int rc = pager_dup_swapped(e, &copy);
    if (rc == E_OK && (rc = set_entry(child, va, copy)) < 0)
        pager_drop_swapped(copy);
    return rc;
}

/* Copy private page va (loaded space, PTE pte) into child's frame: a
 * pageable page, or a pinned one (mapped, never admitted). */
static int copy_page(struct page_table *child, unsigned long va, pte_t pte, bool pinned)
{
    unsigned long frame;
    void *dst;
    int rc;
    if (!(frame = get_frame()))
        return E_NOMEM;
    if (pte_is_swapped(pte = *pte_for(va))) { /* taking the frame evicted it */
        frame_source_must_put(page_table_frames(), frame, "uvm");
        return copy_swapped(child, va, pte);
    }
    dst = kmap(frame);
    copy_bytes(dst, (const void *)va, PAGE_SIZE);
    kunmap(dst);
    rc = pinned ? uvm_map_in(child, va, frame, private_flags(pte))
                : uvm_map_in_pageable(child, va, frame, private_flags(pte));
    if (rc < 0) {
        frame_source_must_put(page_table_frames(), frame, "uvm");
        return E_NOMEM;
    }
    return E_OK;
}

/* Copy the private pages of page table pdx (loaded space) into child. */
static int copy_table(struct page_table *child, unsigned long pdx)
{
    const volatile pte_t *table = page_table_window(pdx);
    unsigned long pinned = pinned_end(child->user);
    for (unsigned long i = 0; i < ENTRIES_PER_TABLE; i++) {
        pte_t pte = table[i];
        unsigned long va = (pdx << PDX_SHIFT) | PAGE_ADDR(i);
        int rc = E_OK;
        if (pte_is_swapped(pte))
            rc = copy_swapped(child, va, pte);
        else if (pte_is_present(pte) && !(pte & PTE_SHARED))
            rc = copy_page(child, va, pte, va >= PETMEM_BASE && va < pinned);
        if (rc != E_OK)
            return E_NOMEM;
    }
    return E_OK;
}

/* Share the private pages of page table pdx (loaded space) with child:
 * one fresh table for the child, every present private PTE copied into
 * it with one more reference on its frame (pinned: the reverse map names
 * one PTE a frame, so the pager forgets it until a write makes it
 * private); writable ones (and the parent's own) become read-only
 * PTE_COW; swapped-out ones get a copy of their slot.  The parent's TLB
 * is the caller's to flush.  E_NOMEM when no frame is left for the
 * table or no slot for a copy (the entries made so far are the child's,
 * freed with it). */
static int share_table(struct page_table *child, pte_t *child_dir, unsigned long pdx)
{
    volatile pte_t *table = page_table_window(pdx);
    unsigned long t = get_frame(), live = 0, i;
    int rc = E_OK;
    pte_t *ct;
    if (!t)
        return E_NOMEM;
    ct = kmap(t);
    for (i = 0; i < ENTRIES_PER_TABLE; i++) {
        pte_t e = table[i];
        if (!(e & PTE_PRESENT)) { /* empty, or out on swap: rare, out of the way */
            ct[i] = 0;
            if (pte_is_swapped(e) && (rc = pager_dup_swapped(e, &ct[i])) != E_OK)
                break;
            live += ct[i] != 0;
            continue;
        }
        if (e & PTE_SHARED) {
            ct[i] = 0;
            continue;
        }
        if (e & PTE_WRITABLE)
            table[i] = e = (e & ~PTE_WRITABLE) | PTE_COW;
        ct[i] = e & (PTE_FRAME_MASK | PTE_PRESENT | PTE_USER | PTE_COW);
        if (pager_on())
            pager_forget(pte_frame(e));
        frame_ref_share(pte_frame(e));
        live++;
    }
    if (i < ENTRIES_PER_TABLE)
        fill_words(ct + i, 0, ENTRIES_PER_TABLE - i);
    kunmap(ct);
    child_dir[pdx] =
        pde_create(t, pte_flags(page_dir()[pdx]) & (PTE_PRESENT | PTE_WRITABLE | PTE_USER));
    child->live[pdx] = (uint16_t)live;
    return rc == E_OK ? E_OK : E_NOMEM;
}

/* Pinned page va, which share_table has just shared (parent's PTE e,
 * now PTE_COW): give the child `fresh` (0: no frame) holding a copy, or
 * no entry at all, and make the parent's page its own again.  Either
 * way the frame loses the reference fork gave it. */
static void unshare_pinned(const pte_t *child_dir, unsigned long va, pte_t e, unsigned long fresh)
{
    pte_t *ct = kmap(pte_frame(child_dir[PDX(va)]));
    unsigned long flags = (pte_flags(e) & (PTE_USER | PTE_PRESENT)) | PTE_WRITABLE;
    if (fresh) {
        void *dst = kmap(fresh);
        copy_bytes(dst, (const void *)va, PAGE_SIZE);
        kunmap(dst);
    }
    ct[PTX(va)] = fresh ? pte_create(fresh, flags) : 0;
    kunmap(ct);
    frame_ref_drop(pte_frame(e)); /* false: the parent keeps it */
    *pte_for(va) = pte_create(pte_frame(e), flags);
}

/* Fork shares no pinned page (pinned_end): the child gets a private
 * copy of each, in a frame the pager never admits, and the parent's
 * stays writable, so the kernel never takes a copy-on-write fault on
 * them.  E_NOMEM when a frame runs out (the child then has no entry
 * for the rest, and is destroyed by the caller). */
static int copy_pinned(struct page_table *child, const pte_t *child_dir)
{
    unsigned long end = pinned_end(child->user);
    int rc = E_OK;
    for (unsigned long va = PETMEM_BASE; va < end; va += PAGE_SIZE) {
        pte_t e = page_table_lookup(va);
        unsigned long fresh = 0;
        if (!pte_is_present(e))
            continue;
        if (rc == E_OK && !(fresh = get_frame()))
            rc = E_NOMEM;
        if (!fresh)
            child->live[PDX(va)]--;
        unshare_pinned(child_dir, va, page_table_lookup(va), fresh);
    }
    return rc;
}

int uvm_share_pages(struct page_table *child)
{
    pte_t *dir = kmap(child->pd_frame);
    int rc = E_OK;
    cow_init();
    for (unsigned long pdx = PDX(USER_BASE); pdx < SHM_FIRST_PDX && rc == E_OK; pdx++)
        if (pte_is_present(page_dir()[pdx]))
            rc = share_table(child, dir, pdx);
    if (rc == E_OK)
        rc = copy_pinned(child, dir);
    kunmap(dir);
    tlb_flush_space(TLB_LOADED); /* the parent's writable entries became read-only */
    return rc;
}

int uvm_copy_pages(struct page_table *child)
{
    for (unsigned long pdx = PDX(USER_BASE); pdx < SHM_FIRST_PDX; pdx++)
        if (pte_is_present(page_dir()[pdx]) && copy_table(child, pdx) < 0)
            return E_NOMEM;
    return E_OK;
}

unsigned long uvm_sbrk(struct page_table *pt, long n)
{
    struct uvm *u = pt->user;
    unsigned long old = u->brk, delta = n < 0 ? 0ul - (unsigned long)n : (unsigned long)n;
    if (n >= 0) {
        if (delta > USER_HEAP_END - old)
            return (unsigned long)-1;
        u->brk = old + delta;
        return old;
    }
    if (delta > old - u->image_end)
        return (unsigned long)-1;
    u->brk = old - delta;
    page_table_free_range(pt, PAGE_ROUND_UP(u->brk), PAGE_ROUND_UP(old));
    return old;
}

void uvm_destroy(struct page_table *pt)
{
    struct uvm *u = pt->user;
    if (!pt->pd_frame)
        return;
    if (u && u->petmem_on)
        vm_pool_unregister(pt, &u->petmem);
    if (u)
        u->petmem_on = false;
    page_table_destroy(pt);
}
