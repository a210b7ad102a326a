/*
 * vm_pool.c - MP4 Part III, a VM pool's allocator: allocate, release and
 * is_legitimate over a tree of free extents and a map of region starts.
 *
 * Design.  A pool's usable range is tiled by live regions and free
 * extents, and free extents are always merged with free neighbours, so
 * there are never more free extents than live regions plus one.  Two
 * structures share the work:
 *
 *   - the free extents sit in an AVL tree keyed by start address
 *     (avl.h), each node caching max_free, the largest free extent in its
 *     subtree.  First-fit allocation walks down to the lowest extent that
 *     is big enough; is_legitimate asks "is this address in a free
 *     extent?" (an address in the usable range that is not free is live);
 *     release finds its free neighbours by address and merges.  All are
 *     O(log n), and n counts free extents, never the live regions;
 *   - region_pages[] has one entry per usable page: the length, in pages,
 *     of the live region that starts there, or 0.  release looks up its
 *     region in O(1) and rejects any address that is not a region start.
 *
 * Both arrays are packed at the start of the pool's own range
 * (meta_pages, sized at init from the pool's size by the formula in
 * vm_pool.h, so there is no region limit and a small pool gives up one
 * page) and reached virtually.  Their pages are backed by allocate
 * itself, never by a fault: before it changes anything, allocate backs
 * the region-map page of the new region's entry and the extent slots
 * that releasing regions could need (see back_slots: about one slot per
 * two live regions), so that when frames run out allocate returns 0 and
 * release never needs a frame.  A bookkeeping page is legitimate
 * exactly when it is backed.  Extent slots freed by merging are
 * recycled through a free list.
 *
 * A one-entry cache, [live_lo, live_hi), remembers the live span (the
 * gap between two free extents) that is_legitimate found last, so a run
 * of faults in one array skips the tree.  allocate only ever shrinks
 * free extents, so the span stays live; release clears the cache.
 *
 * This file holds Part III only.  Making a pool (vm_pool_init, which
 * lays out the two arrays) and the registry of each address space's
 * pools (Part II) are in vm_pool_registry.c; describing, walking and
 * checking a pool are in debug/vm_pool_inspect.c.
 */
#include "vm_pool.h"

#include "mmu.h" /* page sizes only: the tables belong to page_table.c */
#include "page_table.h"
#include "utils.h"

static void update(struct avl_node *n)
{
    unsigned long m = VM_EXTENT(n)->pages;
    if (n->left && VM_EXTENT(n->left)->max_free > m)
        m = VM_EXTENT(n->left)->max_free;
    if (n->right && VM_EXTENT(n->right)->max_free > m)
        m = VM_EXTENT(n->right)->max_free;
    VM_EXTENT(n)->max_free = m;
}

static uint32_t *region_entry(const struct vm_pool *p, unsigned long start)
{
    return &p->region_pages[PAGE_NO(start - vm_pool_usable_start(p))];
}
static unsigned long page_of(const void *p) { return PAGE_ROUND_DOWN((uintptr_t)p); }

void vm_pool_require_loaded(const struct vm_pool *p, const char *who)
{
    if (p->page_table != current_page_table) {
        vm_pool_require_live(p, who); /* a replaced pool has no address space */
        panic("%s: pool %s's address space is not loaded", who, p->name);
    }
}

/* True when bookkeeping page `va` is backed: present, or swapped out.
 * Bookkeeping is pinned (mm/pager.h), but a page on disk would still be
 * the pool's: reading it brings it back, backing it again would lose
 * it and its slot. */
static bool meta_backed(unsigned long va)
{
    pte_t e = page_table_lookup(va);
    return pte_is_present(e) || pte_is_swapped(e);
}

/* Back the bookkeeping page holding `va` unless it is backed. */
static int back_meta_page(unsigned long va)
{
    if (meta_backed(va))
        return E_OK; /* shared with the other array, or written before */
    return page_table_back_page(va);
}

/* Back the extent slots any release could need before the next
 * allocate.  With r live regions and f free extents, releases alone
 * keep f <= r + 1 while each adds at most one extent and removes one
 * region, so f never exceeds (r + 1 + f) / 2; with r counting the region
 * this allocate adds, (n_regions + n_free + 2) / 2 slots suffice (capped
 * by slot_cap).  Backed pages stay: slots_backed_end only grows, and
 * reserve_limit is twice the slots it covers (~0 once all are), so the
 * fast path is one sum and one compare. */
static __attribute__((noinline)) int back_slots(struct vm_pool *p)
{
    unsigned long need = MIN((p->n_regions + p->n_free + 2) / 2, p->slot_cap);
    unsigned long end = (unsigned long)(uintptr_t)(p->extents + need);
    while (p->slots_backed_end < end) {
        if (back_meta_page(p->slots_backed_end) < 0)
            return E_NOMEM;
        p->slots_backed_end += PAGE_SIZE;
    }
    need = (p->slots_backed_end - p->base) / sizeof(struct vm_extent);
    p->reserve_limit = need >= p->slot_cap ? ~0ul : 2 * need;
    return E_OK;
}

static inline int reserve_slots(struct vm_pool *p)
{
    return p->n_regions + p->n_free < p->reserve_limit ? E_OK : back_slots(p);
}

/* Back the region-map page holding `entry`; remembers the last one. */
static int reserve_map_entry(struct vm_pool *p, const uint32_t *entry)
{
    unsigned long page = page_of(entry);
    if (page == p->map_backed)
        return E_OK;
    if (back_meta_page(page) < 0)
        return E_NOMEM;
    p->map_backed = page;
    return E_OK;
}

/* A node for free extent [start, +pages): a recycled slot, or the next
 * array slot (whose page faults in when written). */
static struct vm_extent *new_extent(struct vm_pool *p, unsigned long start, unsigned long pages)
{
    struct vm_extent *e = p->recycled;
    if (e)
        p->recycled = (struct vm_extent *)e->link.left;
    else
        e = &p->extents[p->n_extents++]; /* backed: reserve_slots */
    p->n_free++;
    e->link.key = start;
    e->pages = pages;
    return e;
}

static void recycle(struct vm_pool *p, struct vm_extent *e)
{
    p->n_free--;
    e->link.left = (struct avl_node *)p->recycled;
    p->recycled = e;
}

/* The free extents nearest to `addr`: *below has the greatest start <=
 * addr, *above the least start > addr (either may be NULL).  One walk. */
void vm_pool_neighbours(struct avl_node *n, unsigned long addr, struct vm_extent **below,
                        struct vm_extent **above)
{
    *below = *above = NULL;
    while (n) {
        if (n->key <= addr)
            *below = VM_EXTENT(n), n = n->right;
        else
            *above = VM_EXTENT(n), n = n->left;
    }
}

/* HANDOUT mp4.part3 BEGIN: allocate - first fit over the free-extent tree (max_free prunes the
 * walk), record the region in region_pages[], back the bookkeeping a later release needs first,
 * return 0 when nothing fits */
/* The lowest free extent with at least `pages` pages; NULL if none. */
static struct vm_extent *first_fit(struct avl_node *n, unsigned long pages)
{
    while (n && VM_EXTENT(n)->max_free >= pages) {
        if (n->left && VM_EXTENT(n->left)->max_free >= pages)
            n = n->left;
        else if (VM_EXTENT(n)->pages >= pages)
            return VM_EXTENT(n);
        else
            n = n->right;
    }
    return NULL;
}

unsigned long vm_pool_allocate(struct vm_pool *pool, unsigned long size)
{
    unsigned long pages = PAGES_FOR(size), start;
    struct vm_extent *e;
    vm_pool_require_loaded(pool, "vm_pool_allocate");
    if (size == 0 || size > pool->size || reserve_slots(pool) < 0)
        return 0;
    if (pool->n_extents == 0) /* first use: one free extent over the usable range */
        pool->root = avl_insert(
            NULL, &new_extent(pool, vm_pool_usable_start(pool), vm_pool_usable_pages(pool))->link,
            update);
    e = first_fit(pool->root, pages);
    if (!e || reserve_map_entry(pool, region_entry(pool, e->link.key)) < 0)
        return 0;
    start = e->link.key;
    if (e->pages == pages) {
        pool->root = avl_remove(pool->root, start, update);
        recycle(pool, e);
    } else { /* keep the tail: its new start still sorts between the same neighbours */
        e->link.key += PAGE_ADDR(pages);
        e->pages -= pages;
        avl_refresh(pool->root, e->link.key, update);
    }
    *region_entry(pool, start) = (uint32_t)pages;
    pool->n_regions++;
    return start;
}
/* HANDOUT END */

/* The length of the live region starting at `start`, or 0 when none
 * does.  Never backs a bookkeeping page just to read a zero from it. */
static unsigned long region_at(const struct vm_pool *p, unsigned long start)
{
    uint32_t *entry;
    if (PGOFF(start) || start < vm_pool_usable_start(p) || start >= vm_pool_end(p) ||
        p->n_extents == 0)
        return 0;
    entry = region_entry(p, start);
    if (page_of(entry) != p->map_backed && !meta_backed(page_of(entry)))
        return 0; /* never written: no region starts on that page */
    return *entry;
}

/* Exported for debug/vm_pool_inspect.c; the allocator calls region_at
 * itself, which keeps the compiler's local calling convention on the
 * release path. */
unsigned long vm_pool_region_at(const struct vm_pool *p, unsigned long start)
{
    return region_at(p, start);
}

/* HANDOUT mp4.part3 BEGIN: release - free the backed pages of the region, then return its range to
 * the free-extent tree merged with its free neighbours; E_NOT_REGION for anything but a live region
 * start */
/* Return [start, +pages) to the free tree, merged with free neighbours. */
static void free_extent(struct vm_pool *p, unsigned long start, unsigned long pages)
{
    struct vm_extent *below, *above;
    bool left, right;
    vm_pool_neighbours(p->root, start, &below, &above);
    left = below && vm_extent_end(below) == start;
    right = above && above->link.key == start + PAGE_ADDR(pages);
    if (left && right) {
        below->pages += pages + above->pages;
        p->root = avl_remove(p->root, above->link.key, update);
        recycle(p, above);
        avl_refresh(p->root, below->link.key, update);
    } else if (left) {
        below->pages += pages;
        avl_refresh(p->root, below->link.key, update);
    } else if (right) { /* grow downwards: still between the same neighbours */
        above->link.key = start;
        above->pages += pages;
        avl_refresh(p->root, start, update);
    } else {
        p->root = avl_insert(p->root, &new_extent(p, start, pages)->link, update);
    }
}

int vm_pool_release(struct vm_pool *pool, unsigned long start_address)
{
    unsigned long pages;
    vm_pool_require_loaded(pool, "vm_pool_release");
    pages = region_at(pool, start_address);
    if (!pages)
        return E_NOT_REGION;
    page_table_free_range(pool->page_table, start_address, start_address + PAGE_ADDR(pages));
    *region_entry(pool, start_address) = 0;
    pool->n_regions--;
    pool->live_lo = pool->live_hi = 0; /* the cached span may have just ended */
    free_extent(pool, start_address, pages);
    return E_OK;
}
/* HANDOUT END */

/* HANDOUT mp4.part3 BEGIN: is_legitimate - true exactly for addresses in a live region or a backed
 * bookkeeping page; an address in the usable range that is not in a free extent is live */
/* Find the live span around `address` (in the usable range) and cache
 * it; false when the address lies in a free extent.  One walk down the
 * free tree, keeping only the span's bounds. */
static bool find_live_span(struct vm_pool *p, unsigned long address)
{
    const struct avl_node *n = p->root;
    unsigned long lo = vm_pool_usable_start(p), hi = vm_pool_end(p);
    while (n) {
        if (n->key <= address) {
            unsigned long end = vm_extent_end(VM_EXTENT(n));
            if (address < end)
                return false; /* inside a free extent */
            lo = end, n = n->right;
        } else {
            hi = n->key, n = n->left;
        }
    }
    p->live_lo = lo, p->live_hi = hi;
    return true;
}

bool vm_pool_is_legitimate(struct vm_pool *pool, unsigned long address)
{
    vm_pool_require_loaded(pool, "vm_pool_is_legitimate");
    if (vm_pool_in_cached_span(pool, address))
        return true; /* a run of lookups mostly stays in one span */
    if (address - pool->base >= pool->size || pool->n_extents == 0)
        return false;                         /* nothing is backed before the first extent */
    if (address < vm_pool_usable_start(pool)) /* bookkeeping: backed pages only */
        return meta_backed(address);
    return find_live_span(pool, address);
}
/* HANDOUT END */
