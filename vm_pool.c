/*
 * vm_pool.c - VM pools: a tree of free extents and a map of region starts.
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
 * Both arrays live at the start of the pool's own range (meta_pages,
 * reserved at init from the pool's size, so there is no region limit)
 * and are reached virtually: their pages are backed on demand by the
 * fault handler like any other.  The pages that hold bookkeeping (extent
 * slots in use, region-map pages written) are legitimate; the rest of the
 * reserve is not, until the arrays grow into it.  Extent
 * slots freed by merging are recycled through a free list.
 *
 * A one-entry cache, [live_lo, live_hi), remembers the live span (the
 * gap between two free extents) that is_legitimate found last, so a run
 * of faults in one array skips the tree.  allocate only ever shrinks
 * free extents, so the span stays live; release clears the cache.
 */
#include "vm_pool.h"

#include "console.h"
#include "mmu.h" /* page sizes only: the tables belong to page_table.c */
#include "page_table.h"
#include "utils.h"

struct vm_extent {
    struct avl_node link; /* key: start address */
    unsigned long pages;
    unsigned long max_free; /* largest extent in this subtree, in pages */
};

#define EXT(n) container_of(n, struct vm_extent, link)

struct vm_pool *current_pool;

static void update(struct avl_node *n)
{
    unsigned long m = EXT(n)->pages;
    if (n->left && EXT(n->left)->max_free > m)
        m = EXT(n->left)->max_free;
    if (n->right && EXT(n->right)->max_free > m)
        m = EXT(n->right)->max_free;
    EXT(n)->max_free = m;
}

static unsigned long pool_end(const struct vm_pool *p) { return p->base + p->size; }
static unsigned long usable_pages(const struct vm_pool *p)
{
    return PAGE_NO(p->size) - p->meta_pages;
}
static unsigned long extent_end(const struct vm_extent *e)
{
    return e->link.key + PAGE_ADDR(e->pages);
}
static uint32_t *region_entry(const struct vm_pool *p, unsigned long start)
{
    return &p->region_pages[PAGE_NO(start - vm_pool_usable_start(p))];
}

static void require_loaded(const struct vm_pool *p, const char *who)
{
    if (p->page_table != current_page_table)
        panic("%s: pool %s's address space is not loaded", who, p->name);
}

void vm_pool_init(struct vm_pool *pool, unsigned long base_address, unsigned long size,
                  struct cont_frame_pool *frame_pool, struct page_table *page_table)
{
    unsigned long pages = PAGE_NO(size);
    unsigned long meta =
        PAGES_FOR((pages / 2 + 1) * sizeof(struct vm_extent)) + PAGES_FOR(pages * sizeof(uint32_t));
    if (PGOFF(base_address) || PGOFF(size))
        panic("vm_pool_init: base 0x%lx and size 0x%lx must be page-aligned", base_address, size);
    if (pages <= meta)
        panic("vm_pool_init: size 0x%lx leaves no room after %lu bookkeeping pages", size, meta);
    pool->base = base_address;
    pool->size = size;
    pool->frame_pool = frame_pool;
    pool->page_table = page_table;
    ksnprintf(pool->default_name, sizeof(pool->default_name), "pool@0x%08lx", base_address);
    pool->name = pool->default_name;
    pool->extents = (struct vm_extent *)(uintptr_t)base_address;
    pool->region_pages =
        (uint32_t *)(uintptr_t)(base_address +
                                PAGE_ADDR(PAGES_FOR((pages / 2 + 1) * sizeof(struct vm_extent))));
    pool->meta_pages = meta;
    pool->n_extents = 0;
    pool->recycled = NULL;
    pool->root = NULL;
    pool->n_regions = 0;
    pool->live_lo = pool->live_hi = 0;
    pool->map_pending = 0;
    page_table_register_pool(page_table, pool);
}

void vm_pool_set_name(struct vm_pool *pool, const char *name) { pool->name = name; }

/* A node for free extent [start, +pages): a recycled slot, or the next
 * array slot (whose page faults in when written). */
static struct vm_extent *new_extent(struct vm_pool *p, unsigned long start, unsigned long pages)
{
    struct vm_extent *e = p->recycled;
    if (e)
        p->recycled = (struct vm_extent *)e->link.left;
    else
        e = &p->extents[p->n_extents++];
    compiler_barrier(); /* n_extents makes the slot's page legitimate first */
    e->link.key = start;
    e->pages = pages;
    return e;
}

static void recycle(struct vm_pool *p, struct vm_extent *e)
{
    e->link.left = (struct avl_node *)p->recycled;
    p->recycled = e;
}

/* The lowest free extent with at least `pages` pages; NULL if none. */
static struct vm_extent *first_fit(struct avl_node *n, unsigned long pages)
{
    while (n && EXT(n)->max_free >= pages) {
        if (n->left && EXT(n->left)->max_free >= pages)
            n = n->left;
        else if (EXT(n)->pages >= pages)
            return EXT(n);
        else
            n = n->right;
    }
    return NULL;
}

/* The free extents nearest to `addr`: *below has the greatest start <=
 * addr, *above the least start > addr (either may be NULL).  One walk. */
static void neighbours(struct avl_node *n, unsigned long addr, struct vm_extent **below,
                       struct vm_extent **above)
{
    *below = *above = NULL;
    while (n) {
        if (n->key <= addr)
            *below = EXT(n), n = n->right;
        else
            *above = EXT(n), n = n->left;
    }
}

unsigned long vm_pool_allocate(struct vm_pool *pool, unsigned long size)
{
    unsigned long pages = PAGES_FOR(size), start;
    struct vm_extent *e;
    require_loaded(pool, "vm_pool_allocate");
    if (size == 0 || size > pool->size)
        return 0;
    if (pool->n_extents == 0) /* first use: one free extent over the usable range */
        pool->root = avl_insert(
            NULL, &new_extent(pool, vm_pool_usable_start(pool), usable_pages(pool))->link, update);
    e = first_fit(pool->root, pages);
    if (!e)
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
    /* The fault handler must see map_pending while this store faults. */
    pool->map_pending = PAGE_ROUND_DOWN((uintptr_t)region_entry(pool, start));
    compiler_barrier();
    *region_entry(pool, start) = (uint32_t)pages;
    compiler_barrier();
    pool->map_pending = 0;
    pool->n_regions++;
    return start;
}

/* Return [start, +pages) to the free tree, merged with free neighbours. */
static void free_extent(struct vm_pool *p, unsigned long start, unsigned long pages)
{
    struct vm_extent *below, *above;
    bool left, right;
    neighbours(p->root, start, &below, &above);
    left = below && extent_end(below) == start;
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

/* The length of the live region starting at `start`, or 0 when none
 * does.  Never backs a bookkeeping page just to read a zero from it. */
static unsigned long region_at(const struct vm_pool *p, unsigned long start)
{
    uint32_t *entry;
    if (PGOFF(start) || start < vm_pool_usable_start(p) || start >= pool_end(p) ||
        p->n_extents == 0)
        return 0;
    entry = region_entry(p, start);
    if (!pte_is_present(page_table_lookup((unsigned long)(uintptr_t)entry)))
        return 0; /* never written: no region starts on that page */
    return *entry;
}

int vm_pool_release(struct vm_pool *pool, unsigned long start_address)
{
    unsigned long pages;
    require_loaded(pool, "vm_pool_release");
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

/* Is `address` (below the usable range) on a page that holds bookkeeping:
 * an extent slot in use, a region-map page already written, or the map
 * page allocate is about to write? */
static bool is_bookkeeping(const struct vm_pool *p, unsigned long address)
{
    unsigned long map = (unsigned long)(uintptr_t)p->region_pages;
    if (address < map)
        return address < p->base + PAGE_ROUND_UP(p->n_extents * sizeof(struct vm_extent));
    return PAGE_ROUND_DOWN(address) == p->map_pending || pte_is_present(page_table_lookup(address));
}

/* Find the live span around `address` (in the usable range) and cache
 * it; false when the address lies in a free extent.  One walk down the
 * free tree, keeping only the span's bounds. */
static bool find_live_span(struct vm_pool *p, unsigned long address)
{
    const struct avl_node *n = p->root;
    unsigned long lo = vm_pool_usable_start(p), hi = pool_end(p);
    while (n) {
        if (n->key <= address) {
            unsigned long end = extent_end(EXT(n));
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
    require_loaded(pool, "vm_pool_is_legitimate");
    if (vm_pool_in_cached_span(pool, address))
        return true; /* a run of lookups mostly stays in one span */
    if (address - pool->base >= pool->size || pool->n_extents == 0)
        return false;
    if (address < vm_pool_usable_start(pool))
        return is_bookkeeping(pool, address);
    return find_live_span(pool, address);
}

unsigned long vm_pool_region_count(const struct vm_pool *pool) { return pool->n_regions; }

unsigned long vm_pool_largest_free(const struct vm_pool *pool)
{
    require_loaded(pool, "vm_pool_largest_free"); /* the tree lives in the pool's space */
    if (pool->n_extents == 0)
        return PAGE_ADDR(usable_pages(pool));
    return pool->root ? PAGE_ADDR(EXT(pool->root)->max_free) : 0;
}

unsigned long vm_pool_bookkeeping_bytes(const struct vm_pool *pool)
{
    return pool->n_extents * sizeof(struct vm_extent) + pool->n_regions * sizeof(uint32_t);
}

/* Follow the regions of the live span that starts at `span` up to
 * `addr`: *start and *pages get the region holding addr, or the last one
 * that ends at or before it.  False when the span has no region there. */
static bool chain_to(const struct vm_pool *p, unsigned long span, unsigned long addr,
                     unsigned long *start, unsigned long *pages)
{
    bool found = false;
    for (unsigned long n; span <= addr && (n = region_at(p, span)) != 0; span += PAGE_ADDR(n)) {
        *start = span, *pages = n, found = true;
    }
    return found;
}

/* The start of the live span that ends where free extent `e` begins. */
static unsigned long span_before(const struct vm_pool *p, const struct vm_extent *e)
{
    struct vm_extent *below, *above;
    if (e->link.key == vm_pool_usable_start(p))
        return e->link.key;
    neighbours(p->root, e->link.key - 1, &below, &above);
    return below ? extent_end(below) : vm_pool_usable_start(p);
}

void vm_pool_describe(struct vm_pool *pool, unsigned long address, char *buf, unsigned long n)
{
    struct vm_extent *below, *above;
    unsigned long start = 0, pages = 0, span;
    bool in_free;
    if (address - pool->base >= pool->size) {
        ksnprintf(buf, n, "0x%08lx is outside pool %s", address, pool->name);
        return;
    }
    if (address < vm_pool_usable_start(pool) || pool->n_extents == 0) {
        ksnprintf(buf, n, "0x%08lx is in %s of pool %s, which has no live region there", address,
                  address < vm_pool_usable_start(pool) ? "the bookkeeping pages" : "the free space",
                  pool->name);
        return;
    }
    neighbours(pool->root, address, &below, &above);
    in_free = below && address < extent_end(below);
    span = in_free ? span_before(pool, below)
                   : (below ? extent_end(below) : vm_pool_usable_start(pool));
    if (!chain_to(pool, span, address, &start, &pages))
        ksnprintf(buf, n, "0x%08lx is in pool %s, below its first live region", address,
                  pool->name);
    else if (address < start + PAGE_ADDR(pages))
        ksnprintf(buf, n, "0x%08lx is %lu bytes into region 0x%08lx+%lu KB in %s", address,
                  address - start, start, PAGES_TO_KB(pages), pool->name);
    else
        ksnprintf(buf, n, "0x%08lx is %lu KB past the end of region 0x%08lx+%lu KB in %s", address,
                  (address - start - PAGE_ADDR(pages)) / KB, start, PAGES_TO_KB(pages), pool->name);
}

struct walker {
    const struct vm_pool *pool;
    void (*fn)(void *arg, unsigned long start, unsigned long pages, bool live);
    void *arg;
    unsigned long cursor;
};

/* Report the live regions from the cursor up to `end`. */
static void walk_live(struct walker *w, unsigned long end)
{
    while (w->cursor < end) {
        unsigned long pages = region_at(w->pool, w->cursor);
        if (!pages || w->cursor + PAGE_ADDR(pages) > end)
            panic("vm_pool_walk: regions of %s do not tile 0x%lx-0x%lx", w->pool->name, w->cursor,
                  end);
        w->fn(w->arg, w->cursor, pages, true);
        w->cursor += PAGE_ADDR(pages);
    }
}

static void walk_free(struct walker *w, const struct avl_node *n)
{
    if (!n)
        return;
    walk_free(w, n->left);
    walk_live(w, n->key);
    w->fn(w->arg, n->key, EXT(n)->pages, false);
    w->cursor = extent_end(EXT(n));
    walk_free(w, n->right);
}

void vm_pool_walk(struct vm_pool *pool,
                  void (*fn)(void *arg, unsigned long start, unsigned long pages, bool live),
                  void *arg)
{
    struct walker w = {pool, fn, arg, vm_pool_usable_start(pool)};
    require_loaded(pool, "vm_pool_walk");
    if (pool->n_extents == 0) {
        fn(arg, w.cursor, usable_pages(pool), false);
        return;
    }
    walk_free(&w, pool->root);
    walk_live(&w, pool_end(pool));
}

struct tiling {
    unsigned long next, regions;
    bool prev_free;
};

static void check_extent(void *arg, unsigned long start, unsigned long pages, bool live)
{
    struct tiling *t = arg;
    if (start != t->next || pages == 0)
        panic("vm_pool_check: extent 0x%lx+%lu pages does not follow 0x%lx", start, pages, t->next);
    if (!live && t->prev_free)
        panic("vm_pool_check: free extents at 0x%lx were not merged", start);
    t->next = start + PAGE_ADDR(pages);
    t->regions += live;
    t->prev_free = !live;
}

/* Recomputes max_free bottom-up and compares with the cached value. */
static unsigned long check_max(const struct avl_node *n)
{
    unsigned long m;
    if (!n)
        return 0;
    m = MAX(EXT(n)->pages, MAX(check_max(n->left), check_max(n->right)));
    if (m != EXT(n)->max_free)
        panic("vm_pool_check: stale max_free at 0x%lx", n->key);
    return m;
}

void vm_pool_check(struct vm_pool *pool)
{
    struct tiling t = {vm_pool_usable_start(pool), 0, false};
    avl_check(pool->root);
    check_max(pool->root);
    vm_pool_walk(pool, check_extent, &t);
    if (t.next != pool_end(pool) || t.regions != pool->n_regions)
        panic("vm_pool_check: extents end at 0x%lx with %lu regions, expected 0x%lx and %lu",
              t.next, t.regions, pool_end(pool), pool->n_regions);
}

void *vm_alloc(unsigned long size)
{
    if (!current_pool)
        panic("vm_alloc: no current_pool");
    return (void *)(uintptr_t)vm_pool_allocate(current_pool, size);
}

void vm_free(void *p)
{
    int rc;
    if (!p)
        return;
    if (!current_pool)
        panic("vm_free: no current_pool");
    rc = vm_pool_release(current_pool, (unsigned long)(uintptr_t)p);
    if (rc < 0)
        panic("vm_free: %p is not the start of a live region in %s (%s)", p, current_pool->name,
              error_name(rc));
}
