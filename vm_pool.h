/*
 * vm_pool.h - virtual-memory pools (MP4 part III): lazy allocate,
 * release and is_legitimate over a range of one address space.
 *
 * allocate only reserves address space; the fault handler backs each
 * page of a region on first touch, so a pool may promise far more
 * memory than exists (over-commit).  The pool's bookkeeping lives at the
 * start of its own range; allocate backs the bookkeeping pages it will
 * need itself (never through a fault), so that running out of frames
 * makes allocate return 0 and never reaches release.
 *
 * A pool is made and registered with its address space by
 * vm_pool_init (vm_pool_registry.h, with the registry); its inspection
 * (describe, walk, check, counts) is in debug/vm_pool_inspect.h.
 */
#ifndef SELFMAP_VM_POOL_H
#define SELFMAP_VM_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "avl.h"
#include "mmu.h"
#include "panic.h"

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

/* Every function above panics, naming both pools, when called on a pool
 * that another pool replaced (see vm_pool_register). */

/* ---- shared by the pool's files: vm_pool.c, vm_pool_registry.c and
 * debug/vm_pool_inspect.c ------------------------------------------------ */

/* The free extent whose tree node is n. */
#define VM_EXTENT(n) container_of(n, struct vm_extent, link)

/* The end of the pool's range (exclusive). */
static inline unsigned long vm_pool_end(const struct vm_pool *p) { return p->base + p->size; }

/* Pages of the range that regions can use. */
static inline unsigned long vm_pool_usable_pages(const struct vm_pool *p)
{
    return PAGE_NO(p->size) - p->meta_pages;
}

/* The end of free extent e (exclusive). */
static inline unsigned long vm_extent_end(const struct vm_extent *e)
{
    return e->link.key + PAGE_ADDR(e->pages);
}

/* Panic, naming `who` and both pools, when the pool was replaced by
 * another one (vm_pool_register). */
static inline void vm_pool_require_live(const struct vm_pool *p, const char *who)
{
    if (p->replaced_by)
        panic("%s: pool %s was replaced by pool %s", who, p->name, p->replaced_by->name);
}

/* vm_pool_require_live, and panic unless the pool's address space is
 * the loaded one (its bookkeeping is reached through its own range). */
void vm_pool_require_loaded(const struct vm_pool *p, const char *who);

/* The length in pages of the live region starting at `start`, or 0 when
 * none does.  Never backs a bookkeeping page just to read a zero. */
unsigned long vm_pool_region_at(const struct vm_pool *p, unsigned long start);

/* The free extents of tree n nearest to `addr`: *below has the greatest
 * start <= addr, *above the least start > addr (either may be NULL). */
void vm_pool_neighbours(struct avl_node *n, unsigned long addr, struct vm_extent **below,
                        struct vm_extent **above);

#endif
