/*
 * page_table.h - address spaces: a page directory, its page tables, and
 * the operations that fill them (MP4 parts I and II); the page-fault
 * handler that calls them on demand is page_fault.h's.
 *
 * Every directory and page table is a frame from the process pool, which
 * is not direct-mapped: the kernel reaches the tables of the loaded
 * address space only through the recursive self-map (PDE 1023, see
 * mmu.h), and any other frame only through a short kmap().
 *
 * The first shared_size bytes (4 MB) are identity-mapped in every address
 * space through one shared page table; page 0 is left unmapped so a NULL
 * dereference faults, kernel text is read-only, and the page below the
 * kernel stack is a guard.
 */
#ifndef SELFMAP_PAGE_TABLE_H
#define SELFMAP_PAGE_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "avl.h"
#include "mmu.h"

struct cont_frame_pool;
struct frame_source;
struct vm_pool;
struct uvm;

struct page_table {
    unsigned long pd_frame; /* frame number of the page directory */
    /* the VM-pool registry, owned by vm_pool_registry.c (vm_pool_register): */
    struct avl_node *pools;           /* registered VM pools, keyed by base address */
    unsigned long n_pools;            /* how many */
    struct vm_pool *last_pool;        /* the pool vm_pool_find returned last, or NULL */
    uint16_t live[ENTRIES_PER_TABLE]; /* present or swapped-out PTEs per page table */
    /* proc/uvm.h: a process's user regions, or NULL for a kernel space */
    struct uvm *user;
};

extern struct page_table *current_page_table;
extern struct page_table kernel_page_table; /* the boot address space (kernel.c) */

/* Record the frame pools and build the shared page table for the first
 * shared_size bytes, which must be DIRECT_MAP_END (4 MB, as in MP4: the
 * VM-pool area starts there).  Call once, with paging off, before any
 * page_table_init; anything else panics. */
void page_table_init_paging(struct cont_frame_pool *kernel_mem_pool,
                            struct cont_frame_pool *process_mem_pool, unsigned long shared_size);

/* Build a new, empty address space in `pt` (the caller owns the struct):
 * a directory from the process pool with the shared region, the scratch
 * window and the self-map.  Works with paging on or off.  Panics when no
 * frame is left for the directory. */
void page_table_init(struct page_table *pt);

/* page_table_init for callers that can fail (fork, exec): the directory
 * comes through the frame source like any other frame, so with the
 * pager on a full memory evicts a page for it.  Returns E_OK, or
 * E_NOMEM (nothing taken) when no frame can be had. */
int page_table_try_init(struct page_table *pt);

/* Switch to address space `pt` (CR3) and make it current_page_table. */
void page_table_load(struct page_table *pt);

/* Turn paging on (CR0.PG, with CR0.WP so kernel text is read-only).
 * A page table must have been loaded. */
void page_table_enable_paging(void);

/* True once page_table_enable_paging has run. */
bool page_table_paging_enabled(void);

/* Unmap virtual page page_no (address / 4096) of `pt`, which must be
 * loaded: return its frame (unless the PTE is PTE_SHARED: a shm
 * segment's frame stays with the segment; or the page is swapped out:
 * its slot goes back instead), clear the PTE, invlpg it.
 * The last PTE of a page table takes the page table's frame with it.
 * A page that is not mapped is a no-op. */
void page_table_free_page(struct page_table *pt, unsigned long page_no);

/* free_page every mapped page in [start, end) (page-aligned), skipping
 * 4 MB at a time where no page table exists. */
void page_table_free_range(struct page_table *pt, unsigned long start, unsigned long end);

/* Free every frame of `pt` (data pages, page tables, the directory)
 * except PTE_SHARED frames, which belong to whoever shares them.  `pt`
 * must not be loaded and must have no registered pools.  Runs the
 * destroy hooks first, so a layer above (shared memory) can drop what it
 * holds in `pt`. */
void page_table_destroy(struct page_table *pt);

/* page_table_back_page for a process's user page: the PTE also gets
 * PTE_USER, so ring 3 may touch it.  Same results. */
int page_table_back_user_page(unsigned long va);

/* Unmap (guard true) or map again (false) page `va` of the shared 4 MB
 * in every address space: the guard page below a process's kernel
 * stack (proc/), so an overflow faults instead of corrupting memory. */
void page_table_set_shared_guard(unsigned long va, bool guard);

/* Have `hook(pt)` called at the start of every page_table_destroy, while
 * pt's tables are still intact.  At most PAGE_TABLE_DESTROY_HOOKS hooks;
 * one more panics. */
#define PAGE_TABLE_DESTROY_HOOKS 4
void page_table_on_destroy(void (*hook)(const struct page_table *pt));

/* The PTE that maps `va` in the loaded address space, or 0 when its
 * page table or page is missing. */
pte_t page_table_lookup(unsigned long va);

/* Map `frame` at `va` in the loaded address space with `flags` (plus
 * PTE_PRESENT), creating the page table if needed.  Returns 0, or
 * E_NOMEM when no frame is left for a page table.  Panics if `va` is
 * already mapped. */
int page_table_map(unsigned long va, unsigned long frame, unsigned long flags);

/* Back `va` (in the loaded address space) with a fresh zero-filled frame,
 * creating its page table if needed.  Returns 0, or E_NOMEM when frames
 * run out, in which case nothing stays allocated.  Used by the fault
 * handler; `va` must not be mapped yet. */
int page_table_back_page(unsigned long va);

/* Map `frame` at a free slot of the scratch window and return its
 * address; undo with kunmap.  With paging off, the frame's own address. */
void *kmap(unsigned long frame);
void kunmap(void *va);

/* What page_table.c tells the pager (mm/pager.h), a layer above it.
 * frame_freed(frame): a frame that held a page (or a page table) goes
 * back to the frame source; the pager forgets it if it was pageable.
 * swapped_dropped(e): free_page or destroy clears swapped-out entry e;
 * the pager frees its slot.  Both run with the address space intact. */
struct page_table_pager_hooks {
    void (*frame_freed)(unsigned long frame);
    void (*swapped_dropped)(pte_t e);
};
/* Install the pager's hooks (static storage), once, at boot.  Until
 * then a swapped-out entry cannot exist; meeting one panics. */
void page_table_set_pager_hooks(const struct page_table_pager_hooks *hooks);

/* The frame source paging takes page tables and data pages from. */
struct frame_source *page_table_frames(void);
/* Frames the frame source still has: what tests compare with a baseline
 * (the same in every frame-source mode). */
unsigned long page_table_free_frames(void);
/* Use `src` instead of the process pool (before any page_table_init). */
void page_table_set_frame_source(struct frame_source *src);

#endif
