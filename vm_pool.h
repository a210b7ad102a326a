/*
 * vm_pool.h - virtual-memory pools (MP4 part III): lazy allocate,
 * release and is_legitimate over a range of one address space.
 *
 * allocate only reserves address space; the fault handler backs each
 * page on first touch, so a pool may promise far more memory than
 * exists (over-commit).  The pool's bookkeeping lives at the start of
 * its own range and is backed on demand like any other page.
 */
#ifndef SELFMAP_VM_POOL_H
#define SELFMAP_VM_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "avl.h"
#include "mmu.h"

struct cont_frame_pool;
struct page_table;
struct vm_extent;

#define VM_POOL_NAME_MAX 24

struct vm_pool {
    unsigned long base, size;           /* the pool's virtual range */
    struct cont_frame_pool *frame_pool; /* MP4's argument, kept for reports */
    struct page_table *page_table;      /* the address space it lives in */
    const char *name;
    char default_name[VM_POOL_NAME_MAX];
    struct avl_node pt_link; /* in page_table->pools */
    /* bookkeeping, in [base, base + meta_pages pages), reached virtually */
    struct vm_extent *extents;      /* slots for free-extent nodes */
    uint32_t *region_pages;         /* per usable page: length of the region starting there */
    unsigned long meta_pages;       /* pages reserved for both arrays */
    unsigned long n_extents;        /* extent slots ever used (0: pool untouched) */
    struct vm_extent *recycled;     /* slots freed by coalescing */
    struct avl_node *root;          /* free extents by address */
    unsigned long n_regions;        /* live regions */
    unsigned long live_lo, live_hi; /* cache: [live_lo, live_hi) is all live regions */
    unsigned long map_pending;      /* region-map page allocate is writing, or 0 */
};

/* Pages of the range that regions can use (past the bookkeeping). */
static inline unsigned long vm_pool_usable_start(const struct vm_pool *pool)
{
    return pool->base + PAGE_ADDR(pool->meta_pages);
}

extern struct vm_pool *current_pool;

/* Set up a pool over [base_address, base_address + size) of page_table's
 * address space and register it there.  Both must be page-aligned.
 * Nothing is touched until the first allocate.  Panics when the range
 * is too small for its bookkeeping plus one page, or overlaps another
 * pool, the shared 4 MB, the shared-memory area or the windows. */
void vm_pool_init(struct vm_pool *pool, unsigned long base_address, unsigned long size,
                  struct cont_frame_pool *frame_pool, struct page_table *page_table);

/* Give the pool a short name for reports and dumps (kept by pointer). */
void vm_pool_set_name(struct vm_pool *pool, const char *name);

/* Reserve size bytes, rounded up to whole pages, first fit by address.
 * Returns the page-aligned start, or 0 when size is 0 or no free range
 * is large enough.  No page is backed until touched.  The pool's address
 * space must be loaded.  Release with vm_pool_release. */
unsigned long vm_pool_allocate(struct vm_pool *pool, unsigned long size);

/* Release the live region that starts at start_address: free the pages
 * that were backed and return the range, merged with free neighbours.
 * Returns 0, or E_NOT_REGION (pool unchanged) when the address is not
 * the start of a live region. */
int vm_pool_release(struct vm_pool *pool, unsigned long start_address);

/* True exactly for addresses inside a live region or the pool's
 * bookkeeping pages.  O(log regions); never faults. */
bool vm_pool_is_legitimate(struct vm_pool *pool, unsigned long address);

/* The fault path's shortcut: true when `address` lies in the live span
 * the last is_legitimate found (a subset of the live regions). */
static inline bool vm_pool_in_cached_span(const struct vm_pool *pool, unsigned long address)
{
    return address - pool->live_lo < pool->live_hi - pool->live_lo;
}

/* Live regions in the pool. */
unsigned long vm_pool_region_count(const struct vm_pool *pool);
/* The largest allocation that could succeed now, in bytes.  The pool's
 * address space must be loaded (its extent tree lives there). */
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

/* MP4's operator new / delete: allocate from and release to current_pool.
 * vm_free(NULL) does nothing; freeing anything else that is not a live
 * region's start panics. */
void *vm_alloc(unsigned long size);
void vm_free(void *p);

#endif
