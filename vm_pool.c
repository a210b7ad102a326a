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
 * The registry (vm_pool_register, _find) keeps each address space's
 * pools in an AVL tree keyed by base address (page_table->pools); a pool
 * registered over others replaces them, like mmap's MAP_FIXED.
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

#define EXT(n)  container_of(n, struct vm_extent, link)
#define POOL(n) container_of(n, struct vm_pool, pt_link)

static unsigned long pools_made; /* numbers the default names */

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
static unsigned long page_of(const void *p) { return PAGE_ROUND_DOWN((uintptr_t)p); }

/* Panic when the pool was replaced by another one. */
static void require_live(const struct vm_pool *p, const char *who)
{
    if (p->replaced_by)
        panic("%s: pool %s was replaced by pool %s", who, p->name, p->replaced_by->name);
}

static void require_loaded(const struct vm_pool *p, const char *who)
{
    if (p->page_table != current_page_table) {
        require_live(p, who); /* a replaced pool has no address space */
        panic("%s: pool %s's address space is not loaded", who, p->name);
    }
}

void vm_pool_init(struct vm_pool *pool, unsigned long base_address, unsigned long size,
                  struct cont_frame_pool *frame_pool, struct page_table *page_table)
{
    vm_pool_init_named(pool, NULL, base_address, size, frame_pool, page_table);
}

void vm_pool_init_named(struct vm_pool *pool, const char *name, unsigned long base_address,
                        unsigned long size, struct cont_frame_pool *frame_pool,
                        struct page_table *page_table)
{
    unsigned long pages = PAGE_NO(size), meta = vm_pool_meta_pages(pages);
    if (PGOFF(base_address) || PGOFF(size))
        panic("vm_pool_init: base 0x%lx and size 0x%lx must be page-aligned", base_address, size);
    if (pages <= meta)
        panic("vm_pool_init: a pool of %lu page(s) leaves no room after its %lu bookkeeping "
              "page(s); the smallest pool is 2 pages",
              pages, meta);
    memset(pool, 0, sizeof(*pool));
    pool->base = base_address;
    pool->size = size;
    pool->frame_pool = frame_pool;
    pool->page_table = page_table;
    ksnprintf(pool->default_name, sizeof(pool->default_name), "pool#%lu", ++pools_made);
    pool->name = name ? name : pool->default_name;
    pool->slot_cap = pages / 2 + 1;
    pool->extents = (struct vm_extent *)(uintptr_t)base_address;
    pool->region_pages = (uint32_t *)(pool->extents + pool->slot_cap);
    pool->meta_pages = meta;
    pool->slots_backed_end = base_address;
    vm_pool_register(page_table, pool);
}

void vm_pool_set_name(struct vm_pool *pool, const char *name)
{
    require_live(pool, "vm_pool_set_name");
    pool->name = name;
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

/* HANDOUT mp4.part3 BEGIN: allocate - first fit over the free-extent tree (max_free prunes the
 * walk), record the region in region_pages[], back the bookkeeping a later release needs first,
 * return 0 when nothing fits */
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

unsigned long vm_pool_allocate(struct vm_pool *pool, unsigned long size)
{
    unsigned long pages = PAGES_FOR(size), start;
    struct vm_extent *e;
    require_loaded(pool, "vm_pool_allocate");
    if (size == 0 || size > pool->size || reserve_slots(pool) < 0)
        return 0;
    if (pool->n_extents == 0) /* first use: one free extent over the usable range */
        pool->root = avl_insert(
            NULL, &new_extent(pool, vm_pool_usable_start(pool), usable_pages(pool))->link, update);
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
    if (PGOFF(start) || start < vm_pool_usable_start(p) || start >= pool_end(p) ||
        p->n_extents == 0)
        return 0;
    entry = region_entry(p, start);
    if (page_of(entry) != p->map_backed && !meta_backed(page_of(entry)))
        return 0; /* never written: no region starts on that page */
    return *entry;
}

/* HANDOUT mp4.part3 BEGIN: release - free the backed pages of the region, then return its range to
 * the free-extent tree merged with its free neighbours; E_NOT_REGION for anything but a live region
 * start */
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
/* HANDOUT END */

/* HANDOUT mp4.part3 BEGIN: is_legitimate - true exactly for addresses in a live region or a backed
 * bookkeeping page; an address in the usable range that is not in a free extent is live */
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
        return false;                         /* nothing is backed before the first extent */
    if (address < vm_pool_usable_start(pool)) /* bookkeeping: backed pages only */
        return meta_backed(address);
    return find_live_span(pool, address);
}
/* HANDOUT END */

unsigned long vm_pool_region_count(const struct vm_pool *pool)
{
    require_live(pool, "vm_pool_region_count");
    return pool->n_regions;
}

unsigned long vm_pool_largest_free(const struct vm_pool *pool)
{
    require_loaded(pool, "vm_pool_largest_free"); /* the tree lives in the pool's space */
    if (pool->n_extents == 0)
        return PAGE_ADDR(usable_pages(pool));
    return pool->root ? PAGE_ADDR(EXT(pool->root)->max_free) : 0;
}

unsigned long vm_pool_bookkeeping_bytes(const struct vm_pool *pool)
{
    require_live(pool, "vm_pool_bookkeeping_bytes");
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
    require_live(pool, "vm_pool_describe");
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
    require_loaded(pool, "vm_pool_check");
    avl_check(pool->root);
    check_max(pool->root);
    vm_pool_walk(pool, check_extent, &t);
    if (t.next != pool_end(pool) || t.regions != pool->n_regions)
        panic("vm_pool_check: extents end at 0x%lx with %lu regions, expected 0x%lx and %lu",
              t.next, t.regions, pool_end(pool), pool->n_regions);
}

/* ---- the registry ----------------------------------------------------- */

/* A registered pool of pt that overlaps [start, end), or NULL. */
static struct vm_pool *first_overlap(const struct page_table *pt, unsigned long start,
                                     unsigned long end)
{
    struct avl_node *n = avl_floor(pt->pools, start);
    if (n && pool_end(POOL(n)) > start)
        return POOL(n);
    n = avl_ceil(pt->pools, start);
    return n && POOL(n)->base < end ? POOL(n) : NULL;
}

static void unlink_pool(struct page_table *pt, struct vm_pool *pool)
{
    pt->pools = avl_remove(pt->pools, pool->base, NULL);
    pt->n_pools--;
    pt->last_pool = NULL;
    pool->registered = false;
}

/* `pool` takes over old's range: free everything old backed (its regions
 * and bookkeeping; page tables left empty go too) and retire it. */
static void replace(struct page_table *pt, struct vm_pool *old, const struct vm_pool *pool)
{
    kprintf("vm_pool: pool %s [0x%08lx-0x%08lx) replaces pool %s [0x%08lx-0x%08lx)\n", pool->name,
            pool->base, pool_end(pool), old->name, old->base, pool_end(old));
    if (old->slots_backed_end != old->base) { /* it allocated: pages may be backed */
        if (pt != current_page_table)
            panic("vm_pool_register: pool %s replaces pool %s, whose pages can only be freed "
                  "while their address space is loaded",
                  pool->name, old->name);
        page_table_free_range(pt, old->base, pool_end(old));
    }
    unlink_pool(pt, old);
    old->replaced_by = pool;
    old->page_table = NULL;
    old->live_lo = old->live_hi = 0;
}

/* HANDOUT mp4.part2 BEGIN: register_pool - add the pool to its address space's registry (harmless
 * when already there), refuse the reserved areas, replace any pool it overlaps, and make it the
 * pool faults try first */
void vm_pool_register(struct page_table *pt, struct vm_pool *pool)
{
    unsigned long start = pool->base, end = pool_end(pool);
    struct vm_pool *old;
    require_live(pool, "vm_pool_register");
    if (pool->registered && pool->page_table == pt)
        return; /* MP4's register_pool after the constructor's */
    if (pool->registered || pt != pool->page_table)
        panic("vm_pool_register: pool %s belongs to another address space", pool->name);
    if (end <= start || start < VM_AREA_START || end > VM_AREA_END)
        panic("vm_pool_register: pool %s 0x%lx+0x%lx overlaps the shared region, "
              "the shared-memory area or the recursive window",
              pool->name, start, pool->size);
    while ((old = first_overlap(pt, start, end)) != NULL)
        replace(pt, old, pool);
    pool->pt_link.key = start;
    pt->pools = avl_insert(pt->pools, &pool->pt_link, NULL);
    pt->n_pools++;
    pt->last_pool = pool; /* a new pool is where the next faults will likely be */
    pool->registered = true;
}
/* HANDOUT END */

void vm_pool_unregister(struct page_table *pt, struct vm_pool *pool)
{
    require_live(pool, "vm_pool_unregister");
    if (!pool->registered || pool->page_table != pt)
        panic("vm_pool_unregister: pool %s is not registered", pool->name);
    unlink_pool(pt, pool);
}

/* HANDOUT mp4.part2 BEGIN: find the registered pool whose range holds an address, so the fault
 * handler can ask it is_legitimate; O(log pools), O(1) for the pool found last */
struct vm_pool *vm_pool_find(struct page_table *pt, unsigned long va)
{
    struct vm_pool *pool = pt->last_pool;
    struct avl_node *n;
    if (pool && va - pool->base < pool->size)
        return pool; /* faults come in runs: try the last pool first */
    n = avl_floor(pt->pools, va);
    if (!n)
        return NULL;
    pool = POOL(n);
    if (va - pool->base >= pool->size)
        return NULL;
    pt->last_pool = pool;
    return pool;
}
/* HANDOUT END */

static void for_each_in(struct avl_node *n, void (*fn)(void *arg, struct vm_pool *pool), void *arg)
{
    if (!n)
        return;
    for_each_in(n->left, fn, arg);
    fn(arg, POOL(n));
    for_each_in(n->right, fn, arg);
}

void vm_pool_for_each(struct page_table *pt, void (*fn)(void *arg, struct vm_pool *pool), void *arg)
{
    for_each_in(pt->pools, fn, arg);
}
