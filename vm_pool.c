/*
 * vm_pool.c - VM pools as one augmented AVL tree of extents.
 *
 * Design.  The pool's usable range is tiled by extents, each either a
 * live region or free space, kept in an AVL tree keyed by start address
 * (avl.h).  Every node also caches max_free, the largest free extent in
 * its subtree, so:
 *   - first-fit allocation walks down to the lowest free extent that is
 *     big enough: O(log n);
 *   - is_legitimate and the fault path take the extent at or below the
 *     address (avl_floor): O(log n);
 *   - release finds its neighbours by address and merges free ones, so
 *     free space never fragments into adjacent pieces.
 *
 * A one-entry cache, last_hit, remembers the live region the last
 * successful is_legitimate found (as Linux's vmacache does), so a run of
 * faults in one region skips the tree.  Only release can end a live
 * region, and release clears it.
 *
 * The extents live in an array at the pool's own base address, reached
 * through the pool's virtual range and backed on demand by the fault
 * handler.  Because extents tile the range and each is at least a page,
 * there are never more extents than pages, so meta_pages (reserved at
 * init, backed only as the array grows) bounds the array without any
 * fixed region limit.  Addresses in the array's used pages are
 * legitimate; the reserved rest is not, until the array reaches it.
 */
#include "vm_pool.h"

#include "console.h"
#include "mmu.h" /* page sizes only: the tables belong to page_table.c */
#include "page_table.h"
#include "utils.h"

struct vm_extent {
    struct avl_node link; /* key: start address */
    unsigned long pages;
    unsigned long max_free; /* largest free extent in this subtree, in pages */
    unsigned long live;     /* 1: a live region; 0: free space */
};

#define EXT(n)    container_of(n, struct vm_extent, link)
#define KB(pages) (PAGE_ADDR(pages) >> 10)

struct vm_pool *current_pool;

static void update(struct avl_node *n)
{
    struct vm_extent *e = EXT(n);
    unsigned long m = e->live ? 0 : e->pages;
    if (n->left && EXT(n->left)->max_free > m)
        m = EXT(n->left)->max_free;
    if (n->right && EXT(n->right)->max_free > m)
        m = EXT(n->right)->max_free;
    e->max_free = m;
}

static unsigned long usable_start(const struct vm_pool *p)
{
    return p->base + PAGE_ADDR(p->meta_pages);
}
static unsigned long extent_end(const struct vm_extent *e)
{
    return e->link.key + PAGE_ADDR(e->pages);
}
static unsigned long meta_end(const struct vm_pool *p)
{
    return p->base + PAGE_ROUND_UP(p->n_extents * sizeof(struct vm_extent));
}

static void require_loaded(const struct vm_pool *p, const char *who)
{
    if (p->page_table != current_page_table)
        panic("%s: pool %s's address space is not loaded", who, p->name);
}

void vm_pool_init(struct vm_pool *pool, unsigned long base_address, unsigned long size,
                  struct cont_frame_pool *frame_pool, struct page_table *page_table)
{
    unsigned long meta = PAGES_FOR((size >> PAGE_SHIFT) * sizeof(struct vm_extent));
    if (PGOFF(base_address) || PGOFF(size))
        panic("vm_pool_init: base 0x%lx and size 0x%lx must be page-aligned", base_address, size);
    if (PAGE_NO(size) <= meta)
        panic("vm_pool_init: size 0x%lx leaves no room after %lu bookkeeping pages", size, meta);
    pool->base = base_address;
    pool->size = size;
    pool->frame_pool = frame_pool;
    pool->page_table = page_table;
    ksnprintf(pool->default_name, sizeof(pool->default_name), "pool@0x%08lx", base_address);
    pool->name = pool->default_name;
    pool->extents = (struct vm_extent *)(uintptr_t)base_address;
    pool->meta_pages = meta;
    pool->n_extents = 0;
    pool->recycled = NULL;
    pool->root = NULL;
    pool->n_regions = 0;
    pool->last_hit = NULL;
    page_table_register_pool(page_table, pool);
}

void vm_pool_set_name(struct vm_pool *pool, const char *name) { pool->name = name; }

/* A fresh extent slot: a recycled one, or the next array slot (whose
 * page becomes legitimate first, then faults in when written). */
static struct vm_extent *new_extent(struct vm_pool *p, unsigned long start, unsigned long pages,
                                    unsigned long live)
{
    struct vm_extent *e = p->recycled;
    if (e) {
        p->recycled = (struct vm_extent *)e->link.left;
    } else {
        if ((p->n_extents + 1) * sizeof(*e) > PAGE_ADDR(p->meta_pages))
            panic("vm_pool: pool %s has more extents than pages", p->name);
        e = &p->extents[p->n_extents++];
    }
    e->link.key = start;
    e->pages = pages;
    e->live = live;
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
        else if (!EXT(n)->live && EXT(n)->pages >= pages)
            return EXT(n);
        else
            n = n->right;
    }
    return NULL;
}

unsigned long vm_pool_allocate(struct vm_pool *pool, unsigned long size)
{
    unsigned long pages = PAGES_FOR(size);
    struct vm_extent *e;
    require_loaded(pool, "vm_pool_allocate");
    if (size == 0 || size > pool->size)
        return 0;
    if (!pool->root) /* first use: one free extent over the usable range */
        pool->root = avl_insert(
            NULL,
            &new_extent(pool, usable_start(pool), PAGE_NO(pool->size) - pool->meta_pages, 0)->link,
            update);
    e = first_fit(pool->root, pages);
    if (!e)
        return 0;
    if (e->pages > pages) {
        struct vm_extent *rest =
            new_extent(pool, e->link.key + PAGE_ADDR(pages), e->pages - pages, 0);
        e->pages = pages;
        e->live = 1;
        avl_refresh(pool->root, e->link.key, update);
        pool->root = avl_insert(pool->root, &rest->link, update);
    } else {
        e->live = 1;
        avl_refresh(pool->root, e->link.key, update);
    }
    pool->n_regions++;
    return e->link.key;
}

/* Merge free extent e with a free right neighbour, then a free left one. */
static void coalesce(struct vm_pool *p, struct vm_extent *e)
{
    struct avl_node *nb = avl_floor(p->root, extent_end(e));
    if (nb && nb->key == extent_end(e) && !EXT(nb)->live) {
        e->pages += EXT(nb)->pages;
        p->root = avl_remove(p->root, nb->key, update);
        recycle(p, EXT(nb));
    }
    avl_refresh(p->root, e->link.key, update);
    nb = e->link.key > usable_start(p) ? avl_floor(p->root, e->link.key - 1) : NULL;
    if (nb && !EXT(nb)->live) {
        EXT(nb)->pages += e->pages;
        p->root = avl_remove(p->root, e->link.key, update);
        recycle(p, e);
        avl_refresh(p->root, nb->key, update);
    }
}

int vm_pool_release(struct vm_pool *pool, unsigned long start_address)
{
    struct avl_node *n;
    struct vm_extent *e;
    require_loaded(pool, "vm_pool_release");
    n = avl_floor(pool->root, start_address);
    if (!n || n->key != start_address || !EXT(n)->live)
        return E_NOT_REGION;
    e = EXT(n);
    pool->last_hit = NULL; /* it may be this region */
    page_table_free_range(pool->page_table, e->link.key, extent_end(e));
    e->live = 0;
    pool->n_regions--;
    coalesce(pool, e);
    return E_OK;
}

bool vm_pool_is_legitimate(struct vm_pool *pool, unsigned long address)
{
    struct avl_node *n;
    struct vm_extent *hit = pool->last_hit;
    require_loaded(pool, "vm_pool_is_legitimate");
    /* Consecutive faults mostly land in one region: try it first. */
    if (hit && address - hit->link.key < PAGE_ADDR(hit->pages))
        return true;
    if (address - pool->base >= pool->size)
        return false;
    if (address < meta_end(pool))
        return true;
    n = avl_floor(pool->root, address);
    if (!n || !EXT(n)->live || address >= extent_end(EXT(n)))
        return false;
    pool->last_hit = EXT(n);
    return true;
}

unsigned long vm_pool_region_count(const struct vm_pool *pool) { return pool->n_regions; }

unsigned long vm_pool_largest_free(const struct vm_pool *pool)
{
    if (!pool->root)
        return pool->size - PAGE_ADDR(pool->meta_pages);
    return PAGE_ADDR(EXT(pool->root)->max_free);
}

unsigned long vm_pool_bookkeeping_bytes(const struct vm_pool *pool)
{
    return pool->n_extents * sizeof(struct vm_extent);
}

void vm_pool_describe(struct vm_pool *pool, unsigned long address, char *buf, unsigned long n)
{
    struct avl_node *at = avl_floor(pool->root, address), *prev;
    if (address - pool->base >= pool->size) {
        ksnprintf(buf, n, "0x%08lx is outside pool %s", address, pool->name);
    } else if (address < usable_start(pool)) {
        ksnprintf(buf, n, "0x%08lx is in the bookkeeping pages of pool %s", address, pool->name);
    } else if (at && EXT(at)->live) {
        ksnprintf(buf, n, "0x%08lx is %lu bytes into region 0x%08lx+%lu KB in %s", address,
                  address - at->key, at->key, KB(EXT(at)->pages), pool->name);
    } else if (at && at->key > usable_start(pool) &&
               (prev = avl_floor(pool->root, at->key - 1)) != NULL) {
        unsigned long past = address - extent_end(EXT(prev));
        ksnprintf(buf, n, "0x%08lx is %lu KB past the end of region 0x%08lx+%lu KB in %s", address,
                  past >> 10, prev->key, KB(EXT(prev)->pages), pool->name);
    } else {
        ksnprintf(buf, n, "0x%08lx is in pool %s, below its first live region", address,
                  pool->name);
    }
}

static void walk(struct avl_node *n, void (*fn)(void *, unsigned long, unsigned long, bool),
                 void *arg)
{
    if (!n)
        return;
    walk(n->left, fn, arg);
    fn(arg, n->key, EXT(n)->pages, EXT(n)->live != 0);
    walk(n->right, fn, arg);
}

void vm_pool_walk(struct vm_pool *pool,
                  void (*fn)(void *arg, unsigned long start, unsigned long pages, bool live),
                  void *arg)
{
    require_loaded(pool, "vm_pool_walk");
    walk(pool->root, fn, arg);
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
static unsigned long check_max(struct avl_node *n)
{
    unsigned long m, l, r;
    if (!n)
        return 0;
    l = check_max(n->left), r = check_max(n->right);
    m = MAX(EXT(n)->live ? 0 : EXT(n)->pages, MAX(l, r));
    if (m != EXT(n)->max_free)
        panic("vm_pool_check: stale max_free at 0x%lx", n->key);
    return m;
}

void vm_pool_check(struct vm_pool *pool)
{
    struct tiling t = {usable_start(pool), 0, false};
    if (!pool->root)
        return;
    avl_check(pool->root);
    check_max(pool->root);
    vm_pool_walk(pool, check_extent, &t);
    if (t.next != pool->base + pool->size || t.regions != pool->n_regions)
        panic("vm_pool_check: extents end at 0x%lx with %lu regions, expected 0x%lx and %lu",
              t.next, t.regions, pool->base + pool->size, pool->n_regions);
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
