/*
 * page_table.c - address spaces built on a recursive page directory.
 *
 * Why recursive: page tables live in process-pool frames, which the
 * kernel does not map.  Pointing PDE 1023 at the directory itself makes
 * the loaded directory appear at PAGE_DIR_VADDR and its page table X at
 * page_table_window(X), so the kernel edits the loaded address space's
 * tables with plain loads and stores and needs no direct map of them.
 * For frames that are not (yet) part of the loaded address space, such
 * as a new directory, kmap() maps one frame for a moment into the
 * scratch window (PDE 1022), whose page table every address space shares.
 *
 * Frame accounting is exact: live[X] counts the present PTEs of page
 * table X, and when free_page clears the last one, the table's frame goes
 * back too.  What you allocate, you free.  A frame that copy-on-write
 * fork shares goes back only with its last mapping (put_frame, frame_ref.h).
 * A swapped-out entry (mmu.h) counts in live[] like a present one: its
 * page table holds the slot number, so the table stays until the entry
 * is freed, and eviction never changes a table's shape.
 */
#include "page_table.h"

#include "bitmap.h"
#include "cont_frame_pool.h"
#include "frame_ref.h"
#include "frame_source.h"
#include "interrupts/exceptions.h"
#include "tlb.h"
#include "utils.h"

extern char __kernel_start[], __rodata_end[], kernel_stack_guard[];

struct page_table *current_page_table;

static struct frame_source process_frames, *frames;
static unsigned long shared_pt_frame; /* maps [0, DIRECT_MAP_END) in every space */
static unsigned long scratch_pt_frame;
static bitmap_word_t scratch_words[BITMAP_WORDS(SCRATCH_SLOTS)];
static struct bitmap scratch_used = BITMAP_INITIALIZER(scratch_words, SCRATCH_SLOTS);
static bool paging_on;

struct frame_source *page_table_frames(void) { return frames; }
void page_table_set_frame_source(struct frame_source *src) { frames = src; }
bool page_table_paging_enabled(void) { return paging_on; }
unsigned long page_table_free_frames(void) { return frames->free_count(frames->impl); }

/* The pager's hooks (mm/pager.h), or NULL when there is no pager. */
static const struct page_table_pager_hooks *pager;

void page_table_set_pager_hooks(const struct page_table_pager_hooks *hooks) { pager = hooks; }

/* Give a frame back to the frame source (frame_source_must_put).  Kept
 * out of line: inlined into page_table_free_page it costs the path that
 * frees nothing a register spill (make bench: pool.alloc_release). */
static __attribute__((noinline)) void put_frame(unsigned long frame)
{
    if (!frame_ref_drop(frame))
        return; /* another address space still maps it (copy-on-write) */
    if (pager)
        pager->frame_freed(frame); /* it may have been a pageable page */
    frame_source_must_put(frames, frame, "page_table");
}

/* A swapped-out entry is going away: its slot goes back (the pager). */
static void drop_swapped(pte_t e)
{
    if (!pager)
        panic("page_table: a swapped-out entry 0x%lx with no pager", (unsigned long)e);
    pager->swapped_dropped(e);
}

/* The PTE flags the shared, identity-mapped region uses for `va`. */
static unsigned long shared_flags(unsigned long va)
{
    if (va < PAGE_SIZE || va == (unsigned long)(uintptr_t)kernel_stack_guard)
        return 0; /* NULL page and stack guard: never mapped */
    if (va >= (unsigned long)(uintptr_t)__kernel_start &&
        va < (unsigned long)(uintptr_t)__rodata_end)
        return PTE_PRESENT; /* kernel text and read-only data */
    return PTE_PRESENT | PTE_WRITABLE;
}

/* HANDOUT mp4.part1 BEGIN: init_paging - record the frame pools and build the one page table every
 * address space shares for the first 4 MB (identity-mapped; page 0 and the stack guard unmapped,
 * kernel text read-only) */
/* HANDOUT TODO: panic("page_table_init_paging: shared_size 0x%lx must be 0x%lx (4 MB)", ...)
 * unless shared_size is DIRECT_MAP_END, and panic on a second call (paging_on set). Frame source:
 * wrap the process pool in process_frames (frame_source_from_cont_pool) and use it as `frames`
 * only when no source was set before (page_table_set_frame_source: the buddy mode sets one first);
 * take every frame from `frames`. Take a frame for the shared table and fill it through its
 * physical address (paging is off): entry i maps page i with shared_flags() (0: not present).
 * Take a second frame, scratch_pt_frame, for the scratch window's page table (kmap's PDE 1022) and
 * zero it. */
void page_table_init_paging(struct cont_frame_pool *kernel_mem_pool,
                            struct cont_frame_pool *process_mem_pool, unsigned long shared_size)
{
    pte_t *table;
    (void)kernel_mem_pool; /* tables come from the process pool, as in MP4 part II */
    /* The VM-pool area (mmu.h) starts where the shared region ends. */
    if (shared_size != DIRECT_MAP_END)
        panic("page_table_init_paging: shared_size 0x%lx must be 0x%lx (4 MB)", shared_size,
              DIRECT_MAP_END);
    if (paging_on)
        panic("page_table_init_paging: bad call (paging already on)");
    frame_source_from_cont_pool(&process_frames, process_mem_pool);
    if (!frames)
        frames = &process_frames;
    shared_pt_frame = frame_source_must_get(frames, "page_table_init_paging");
    table = (pte_t *)PAGE_ADDR(shared_pt_frame); /* paging is off */
    for (unsigned long i = 0; i < ENTRIES_PER_TABLE; i++) {
        unsigned long va = PAGE_ADDR(i), flags = shared_flags(va);
        table[i] = flags ? pte_create(PAGE_NO(va), flags) : 0;
    }
    scratch_pt_frame = frame_source_must_get(frames, "page_table_init_paging");
    memset((void *)PAGE_ADDR(scratch_pt_frame), 0, PAGE_SIZE);
}
/* HANDOUT END */

void *kmap(unsigned long frame)
{
    unsigned long slot, va;
    if (!paging_on)
        return (void *)PAGE_ADDR(frame);
    slot = bitmap_find_clear(&scratch_used, 0);
    if (slot == SCRATCH_SLOTS)
        panic("kmap: all %lu scratch slots are in use", SCRATCH_SLOTS);
    bitmap_set(&scratch_used, slot);
    va = SCRATCH_VADDR + PAGE_ADDR(slot);
    page_table_window(SCRATCH_PDX)[slot] = pte_create(frame, PTE_PRESENT | PTE_WRITABLE);
    tlb_flush_kernel_page(va);
    return (void *)va;
}

void kunmap(void *p)
{
    unsigned long va = (unsigned long)(uintptr_t)p, slot = PTX(va);
    if (!paging_on)
        return;
    if (!in_scratch_window(va) || !bitmap_test(&scratch_used, slot))
        panic("kunmap: 0x%lx is not a kmap()ed address", va);
    page_table_window(SCRATCH_PDX)[slot] = 0;
    tlb_flush_kernel_page(va);
    bitmap_clear(&scratch_used, slot);
}

/* page_table_init with a way to fail (not part of MP4's handout): the
 * frame is taken (by eviction if need be) and given back at once, so the
 * directory page_table_init then takes cannot be missing; nothing runs
 * in between that could take it. */
int page_table_try_init(struct page_table *pt)
{
    unsigned long pd = frame_source_get(frames);
    if (!pd)
        return E_NOMEM;
    frame_source_must_put(frames, pd, "page_table_try_init");
    page_table_init(pt);
    return E_OK;
}

/* HANDOUT mp4.part1 BEGIN: an address space - a directory from the process pool with the shared
 * table, the scratch window and the recursive self-map in PDE 1023; load it (CR3); turn paging on
 * (CR0.PG and CR0.WP) */
/* HANDOUT TODO: take a frame for the directory from `frames` (frame_source_must_get); it is not
 * mapped, so kmap() it (before paging is on kmap returns the physical address), zero it, set PDE
 * SHARED_PDX to the shared table, SCRATCH_PDX to the scratch table and SELF_MAP_PDX to the
 * directory itself (pde_create, PTE_PRESENT | PTE_WRITABLE), kunmap() it. Then fill in *pt:
 * pd_frame; no pools (pools, last_pool NULL, n_pools 0); every live[] count 0; user NULL. */
void page_table_init(struct page_table *pt)
{
    unsigned long pd = frame_source_must_get(frames, "page_table_init");
    pte_t *dir = kmap(pd);
    fill_words(dir, 0, ENTRIES_PER_TABLE);
    dir[SHARED_PDX] = pde_create(shared_pt_frame, PTE_PRESENT | PTE_WRITABLE);
    dir[SCRATCH_PDX] = pde_create(scratch_pt_frame, PTE_PRESENT | PTE_WRITABLE);
    dir[SELF_MAP_PDX] = pde_create(pd, PTE_PRESENT | PTE_WRITABLE);
    kunmap(dir);
    pt->pd_frame = pd;
    pt->pools = NULL;
    pt->n_pools = 0;
    pt->last_pool = NULL;
    fill_words(pt->live, 0, sizeof(pt->live) / sizeof(uint32_t));
    pt->user = NULL;
}

/* HANDOUT TODO: make pt the loaded address space: set current_page_table (the fault handler and
 * the recursive window work on it), write its directory's physical address to CR3 (write_cr3),
 * and call exception_set_task_cr3 with the same address - a double fault switches to its own task,
 * which must run on this directory, or a double fault resets the machine. */
void page_table_load(struct page_table *pt)
{
    current_page_table = pt;
    write_cr3(PAGE_ADDR(pt->pd_frame));
    exception_set_task_cr3(PAGE_ADDR(pt->pd_frame));
}

/* HANDOUT TODO: panic("page_table_enable_paging: no page table loaded") when none is; set CR0.PG
 * and CR0.WP (write_cr0(read_cr0() | ...)); then set paging_on = true: kmap() maps a frame through
 * the scratch window only when paging_on is set, and page_table_paging_enabled() reports it. */
void page_table_enable_paging(void)
{
    if (!current_page_table)
        panic("page_table_enable_paging: no page table loaded");
    write_cr0(read_cr0() | CR0_PG | CR0_WP);
    paging_on = true;
}
/* HANDOUT END */

/* ---- mapping and unmapping in the loaded address space --------------- */

/* Make sure the page table covering va exists; E_NOMEM when no frame. */
static int ensure_table(unsigned long va)
{
    volatile pte_t *pde = pde_for(va);
    unsigned long f;
    void *window = (void *)page_table_window(PDX(va));
    if (pte_is_present(*pde))
        return E_OK;
    f = frame_source_get(frames);
    if (!f)
        return E_NOMEM;
    /* A process's pages need PTE_USER at both levels; the PTE decides. */
    *pde = pde_create(f, PTE_PRESENT | PTE_WRITABLE |
                             (current_page_table->user && in_user_range(va) ? PTE_USER : 0));
    tlb_flush_table(TLB_LOADED, va);
    fill_words(window, 0, ENTRIES_PER_TABLE);
    return E_OK;
}

/* Give back the page table for slot pdx if no PTE in it is present. */
static void drop_table_if_empty(struct page_table *pt, unsigned long pdx)
{
    volatile pte_t *pde = page_dir() + pdx;
    if (pt->live[pdx] != 0 || !pte_is_present(*pde))
        return;
    put_frame(pte_frame(*pde));
    *pde = 0;
    tlb_flush_table(TLB_LOADED, pdx * TABLE_SPAN);
}

int page_table_map(unsigned long va, unsigned long frame, unsigned long flags)
{
    struct page_table *pt = current_page_table;
    volatile pte_t *pte;
    if (va < DIRECT_MAP_END || in_scratch_window(va) || in_recursive_window(va))
        panic("page_table_map: 0x%lx is in a reserved area", va);
    if (ensure_table(va) < 0)
        return E_NOMEM;
    pte = pte_for(va);
    if (pte_is_present(*pte))
        panic("page_table_map: 0x%lx is already mapped", va);
    *pte = pte_create(frame, flags | PTE_PRESENT);
    pt->live[PDX(va)]++;
    return E_OK;
}

/* HANDOUT mp4.part1 BEGIN: back a page on a fault - create the page table through the recursive
 * window if it is missing, take a frame, map it and zero it; E_NOMEM (nothing left allocated) when
 * frames run out */
/* Back va with a fresh zeroed frame; E_NOMEM when frames run out (and
 * then nothing is left allocated). */
static inline __attribute__((always_inline)) int back_page(unsigned long va, unsigned long flags)
{
    unsigned long frame;
    if (!pte_is_present(*pde_for(va)) && ensure_table(va) < 0)
        return E_NOMEM;
    frame = frame_source_get(frames);
    if (!frame) {
        drop_table_if_empty(current_page_table, PDX(va));
        return E_NOMEM;
    }
    *pte_for(va) = pte_create(frame, PTE_PRESENT | flags);
    current_page_table->live[PDX(va)]++;
    fill_words((void *)PAGE_ROUND_DOWN(va), 0, PAGE_SIZE / sizeof(uint32_t));
    return E_OK;
}

/* HANDOUT TODO: back the page holding va with a fresh zeroed frame, writable, kernel-only. When
 * its page table is missing (pde_for(va) not present), make it: ensure_table() above does (a frame,
 * the PDE, the table zeroed through its window). Take the page's frame from `frames` (the frame
 * source, never a pool directly), write the PTE through pte_for(va), count it in
 * current_page_table->live[PDX(va)] (free_page gives a table back when its count drops to 0), and
 * zero the page through va. When no frame is left, return E_NOMEM with nothing left allocated
 * (drop_table_if_empty() gives back a table made for this page); else E_OK. */
int page_table_back_page(unsigned long va) { return back_page(va, PTE_WRITABLE); }
/* HANDOUT TODO: as page_table_back_page, for a process's page: the PTE also has PTE_USER (one
 * helper can serve both). */
int page_table_back_user_page(unsigned long va) { return back_page(va, PTE_WRITABLE | PTE_USER); }
/* HANDOUT END */

void page_table_set_shared_guard(unsigned long va, bool guard)
{
    if (va < PAGE_SIZE || va >= DIRECT_MAP_END || PGOFF(va))
        panic("page_table_set_shared_guard: 0x%lx is not a page of the shared region", va);
    page_table_window(SHARED_PDX)[PTX(va)] = guard ? 0 : pte_create(PAGE_NO(va), shared_flags(va));
    tlb_flush_kernel_page(va);
}

pte_t page_table_lookup(unsigned long va)
{
    if (!pte_is_present(*pde_for(va)))
        return 0;
    return *pte_for(va);
}

/* HANDOUT mp4.part2 BEGIN: free_page - return the frame behind a page (not a PTE_SHARED one), clear
 * the PTE and flush it from the TLB, and give back a page table whose last page went */
/* HANDOUT TODO: panic("page_table_free_page: the page table is not loaded") unless pt is
 * current_page_table, and panic("... reserved area") for a page of the shared region, the scratch
 * window or the recursive window. No table or no entry: nothing to do. A swapped-out entry
 * (pte_is_swapped) gives its slot back (drop_swapped), a present one its frame (put_frame), unless
 * PTE_SHARED; clear the PTE, flush it (tlb_flush_page), count it out of pt->live[], and give the
 * table back when that count reaches 0 (drop_table_if_empty). */
void page_table_free_page(struct page_table *pt, unsigned long page_no)
{
    unsigned long va = PAGE_ADDR(page_no);
    volatile pte_t *pte;
    if (pt != current_page_table)
        panic("page_table_free_page: the page table is not loaded");
    if (va < DIRECT_MAP_END || in_scratch_window(va) || in_recursive_window(va))
        panic("page_table_free_page: page 0x%lx is in a reserved area", page_no);
    if (!pte_is_present(*pde_for(va)) || !(*(pte = pte_for(va))))
        return;
    if (pte_is_swapped(*pte))
        drop_swapped(*pte); /* no frame behind it: its swap slot goes back */
    else if (!(*pte & PTE_SHARED))
        put_frame(pte_frame(*pte));
    *pte = 0;
    tlb_flush_page(TLB_LOADED, va); /* pt is the loaded space (checked above) */
    pt->live[PDX(va)]--;
    drop_table_if_empty(pt, PDX(va));
}
/* HANDOUT END */

void page_table_free_range(struct page_table *pt, unsigned long start, unsigned long end)
{
    unsigned long va = start;
    while (va < end) {
        if (!pte_is_present(*pde_for(va))) {
            va = NEXT_TABLE_START(va); /* no table: skip 4 MB */
            continue;
        }
        page_table_free_page(pt, PAGE_NO(va));
        va += PAGE_SIZE;
    }
}

/* Free the data frames (and swap slots) of one (kmapped) page table of
 * a dead space. */
static void free_table_frames(pte_t *table)
{
    for (unsigned long i = 0; i < ENTRIES_PER_TABLE; i++) {
        if (pte_is_swapped(table[i]))
            drop_swapped(table[i]);
        else if (pte_is_present(table[i]) && !(table[i] & PTE_SHARED))
            put_frame(pte_frame(table[i]));
    }
}

static void (*destroy_hooks[PAGE_TABLE_DESTROY_HOOKS])(const struct page_table *pt);
static unsigned n_destroy_hooks;

void page_table_on_destroy(void (*hook)(const struct page_table *pt))
{
    if (n_destroy_hooks == PAGE_TABLE_DESTROY_HOOKS)
        panic("page_table_on_destroy: more than %d hooks", PAGE_TABLE_DESTROY_HOOKS);
    destroy_hooks[n_destroy_hooks++] = hook;
}

void page_table_destroy(struct page_table *pt)
{
    pte_t *dir;
    if (pt == current_page_table || pt->n_pools)
        panic("page_table_destroy: address space is loaded or still has pools");
    for (unsigned i = 0; i < n_destroy_hooks; i++)
        destroy_hooks[i](pt); /* shm: its PTE_SHARED frames are skipped below */
    dir = kmap(pt->pd_frame);
    for (unsigned long pdx = SHARED_PDX + 1; pdx < SCRATCH_PDX; pdx++) {
        pte_t *table;
        if (!pte_is_present(dir[pdx]))
            continue;
        table = kmap(pte_frame(dir[pdx]));
        free_table_frames(table);
        kunmap(table);
        put_frame(pte_frame(dir[pdx]));
    }
    kunmap(dir);
    put_frame(pt->pd_frame);
    pt->pd_frame = 0;
}
