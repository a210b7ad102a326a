/*
 * vm_pool.h - virtual-memory pools (MP4 part III): lazy allocate,
 * release and is_legitimate over a range of one address space, and the
 * registry of the pools each address space holds.
 *
 * allocate only reserves address space; the fault handler backs each
 * page of a region on first touch, so a pool may promise far more
 * memory than exists (over-commit).  The pool's bookkeeping lives at the
 * start of its own range; allocate backs the bookkeeping pages it will
 * need itself (never through a fault), so that running out of frames
 * makes allocate return 0 and never reaches release.
 *
 * The registry lives here, not in page_table.c, so that paging knows
 * nothing about pools: struct page_table only carries the registry's
 * opaque fields (pools, n_pools, last_pool).
 */
#ifndef SELFMAP_VM_POOL_H
#define SELFMAP_VM_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "avl.h"
#include "mmu.h"

struct cont_frame_pool;
struct page_table;

#define VM_POOL_NAME_MAX 24

/* A free extent: a node of the pool's tree, in the pool's bookkeeping. */
struct vm_extent {
    struct avl_node link; /* key: start address */
    unsigned long pages;
    unsigned long max_free; /* largest extent in this subtree, in pages */
};

struct vm_pool {
    unsigned long base, size;           /* the pool's virtual range */
    struct cont_frame_pool *frame_pool; /* MP4's argument, kept for reports */
    struct page_table *page_table;      /* the address space it lives in (NULL once replaced) */
    const char *name;
    char default_name[VM_POOL_NAME_MAX];
    struct avl_node pt_link;           /* in page_table->pools while registered */
    bool registered;                   /* in page_table's registry */
    const struct vm_pool *replaced_by; /* the pool that took over its range, or NULL */
    /* bookkeeping, in [base, base + meta_pages pages), reached virtually */
    struct vm_extent *extents;      /* slot_cap slots for free-extent nodes */
    uint32_t *region_pages;         /* per usable page: length of the region starting there */
    unsigned long meta_pages;       /* vm_pool_meta_pages(size / PAGE_SIZE) */
    unsigned long slot_cap;         /* extent slots: at most this many free extents */
    unsigned long slots_backed_end; /* [base, this) is backed: page-aligned, only grows */
    unsigned long reserve_limit;    /* 2 x slots below slots_backed_end (~0: all of them) */
    unsigned long map_backed;       /* a region-map page known to be backed, or 0 */
    unsigned long n_extents;        /* extent slots ever used (0: pool untouched) */
    unsigned long n_free;           /* free extents now (slots in the tree) */
    struct vm_extent *recycled;     /* slots freed by coalescing */
    struct avl_node *root;          /* free extents by address */
    unsigned long n_regions;        /* live regions */
    unsigned long live_lo, live_hi; /* cache: [live_lo, live_hi) is all live regions */
};

/* The bookkeeping of a pool of `pages` pages, in bytes: one extent slot
 * for each free extent there can be (pages / 2 + 1: free extents never
 * touch, so at most every other page starts one) and one 4-byte
 * region-map entry per page.  Both arrays are packed into
 *
 *     meta_pages = PAGES_FOR((pages / 2 + 1) * sizeof(struct vm_extent) + 4 * pages)
 *
 * pages at the pool's base.  On i686 a slot is 24 bytes, so the
 * bookkeeping is 16 * pages + 24 bytes for an even page count: pools of
 * 2 to 255 pages (8 KB to 1020 KB) need 1 page, a second page first
 * appears at VM_POOL_SECOND_META_PAGE_AT pages (1 MB), and beyond that
 * it grows by 1 page per 256 (0.4%).  A 1-page pool has no room left
 * after its bookkeeping: vm_pool_init panics. */
static inline unsigned long vm_pool_meta_bytes(unsigned long pages)
{
    return (pages / 2 + 1) * sizeof(struct vm_extent) + pages * sizeof(uint32_t);
}
static inline unsigned long vm_pool_meta_pages(unsigned long pages)
{
    return PAGES_FOR(vm_pool_meta_bytes(pages));
}
#define VM_POOL_SECOND_META_PAGE_AT 256ul /* pages; on i686 (24-byte slots) */

/* Pages of the range that regions can use (past the bookkeeping). */
static inline unsigned long vm_pool_usable_start(const struct vm_pool *pool)
{
    return pool->base + PAGE_ADDR(pool->meta_pages);
}

/* Set up a pool over [base_address, base_address + size) of page_table's
 * address space and register it there (vm_pool_register), named
 * "pool#N" (N counts the pools made since boot, so names are unique).
 * Both must be page-aligned and the pool at least 2 pages.  Nothing is
 * backed until the first allocate.  Panics on a misaligned or 1-page
 * range and where vm_pool_register panics.  A pool that overlaps pools
 * already registered in page_table replaces them (vm_pool_register). */
void vm_pool_init(struct vm_pool *pool, unsigned long base_address, unsigned long size,
                  struct cont_frame_pool *frame_pool, struct page_table *page_table);

/* vm_pool_init, with `name` (kept by pointer) from the start, so the
 * line that reports a replacement names it. */
void vm_pool_init_named(struct vm_pool *pool, const char *name, unsigned long base_address,
                        unsigned long size, struct cont_frame_pool *frame_pool,
                        struct page_table *page_table);

/* Give the pool a short name for reports and dumps (kept by pointer). */
void vm_pool_set_name(struct vm_pool *pool, const char *name);

/* Reserve size bytes, rounded up to whole pages, first fit by address.
 * Returns the page-aligned start, or 0 when size is 0 or no free range
 * is large enough.  No page of the region is backed until touched.
 * Out of memory: allocate first backs the bookkeeping pages this region
 * needs (its region-map entry, and the extent slots later releases
 * could need); when no frame is left for them it returns 0, changes no
 * region and frees nothing it backed (those pages stay the pool's).
 * The pool's address space must be loaded (else panic).  Release with
 * vm_pool_release. */
unsigned long vm_pool_allocate(struct vm_pool *pool, unsigned long size);

/* Release the live region that starts at start_address: free the pages
 * that were backed (and page tables left empty) and return the range,
 * merged with free neighbours.  Returns 0, or E_NOT_REGION (pool
 * unchanged) when the address is not the start of a live region.  Never
 * needs a frame, so it works with none left.  The pool's address space
 * must be loaded (else panic). */
int vm_pool_release(struct vm_pool *pool, unsigned long start_address);

/* True exactly for addresses inside a live region or on a backed page
 * of the pool's bookkeeping.  O(log regions); never faults.  The pool's
 * address space must be loaded, else it panics: the free-extent tree it
 * walks is reached through the pool's own virtual addresses, which mean
 * other memory in any other address space. */
bool vm_pool_is_legitimate(struct vm_pool *pool, unsigned long address);

/* The fault path's shortcut: true when `address` lies in the live span
 * the last is_legitimate found (a subset of the live regions). */
static inline bool vm_pool_in_cached_span(const struct vm_pool *pool, unsigned long address)
{
    return address - pool->live_lo < pool->live_hi - pool->live_lo;
}

/* Live regions in the pool. */
unsigned long vm_pool_region_count(const struct vm_pool *pool);
/* The largest allocation that could succeed now, in bytes (frames
 * permitting).  The pool's address space must be loaded. */
unsigned long vm_pool_largest_free(const struct vm_pool *pool);
/* Bytes of bookkeeping the pool uses now (extent slots in use). */
unsigned long vm_pool_bookkeeping_bytes(const struct vm_pool *pool);

/* Describe where `address` lies relative to the pool's regions, e.g.
 * "0x20003000 is 4 KB past the end of region 0x20000000+12 KB in heap". */
void vm_pool_describe(struct vm_pool *pool, unsigned long address, char *buf, unsigned long n);

/* Call fn(arg, start, pages, live) for every extent, lowest first. */
void vm_pool_walk(struct vm_pool *pool,
                  void (*fn)(void *arg, unsigned long start, unsigned long pages, bool live),
                  void *arg);

/* Panic unless the extents tile the pool, no two regions overlap, the
 * tree is balanced and every cached maximum is right. */
void vm_pool_check(struct vm_pool *pool);

/* Every function above panics, naming both pools, when called on a pool
 * that another pool replaced (see vm_pool_register). */

/* ---- the registry: which pools an address space holds ---------------- */

/* Register `pool` with `pt`, which must be the address space it was
 * made for: faults in its range are then resolved against it.  Harmless
 * when the pool is already registered in pt (MP4's
 * PageTable::register_pool after the constructor did it).  Like mmap's
 * MAP_FIXED, a pool that overlaps pools already registered in pt
 * replaces them: their live regions and bookkeeping are freed (frames
 * and emptied page tables go back; pt must be loaded if they hold any),
 * they leave the registry, and one line names both pools, e.g.
 *   vm_pool: pool code_pool [0x20000000-0x30000000) replaces pool pool#1 [0x20000000-0x20002000)
 * Panics when the pool reaches into the shared region, the
 * shared-memory area or the windows, or was itself replaced. */
void vm_pool_register(struct page_table *pt, struct vm_pool *pool);

/* Take `pool` out of pt's registry (nothing is freed).  Panics when it
 * is not registered there. */
void vm_pool_unregister(struct page_table *pt, struct vm_pool *pool);

/* The pool registered in pt whose range holds `va`, or NULL.
 * O(log pools), O(1) when it is the pool found or registered last
 * (pt->last_pool). */
struct vm_pool *vm_pool_find(struct page_table *pt, unsigned long va);

/* Call fn(arg, pool) for every pool registered in pt, lowest first. */
void vm_pool_for_each(struct page_table *pt, void (*fn)(void *arg, struct vm_pool *pool),
                      void *arg);

#endif
