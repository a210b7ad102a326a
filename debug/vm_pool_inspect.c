/*
 * vm_pool_inspect.c - looking inside a VM pool without changing it:
 * where an address lies (describe), every extent in order (walk), the
 * invariants (check), and counts (regions, largest free, bookkeeping).
 *
 * Why debug/: nothing below the dumps calls these; their callers are
 * the dumps (dump.c), the fault report (page_fault.c), proc/'s maps,
 * the tests and the benchmarks.  They read the allocator's tree and
 * region map (vm_pool.h's shared helpers: vm_pool_region_at,
 * vm_pool_neighbours) and change nothing, so MP4's allocator in
 * vm_pool.c stays Part III alone.
 */
#include "vm_pool_inspect.h"

#include "avl.h"
#include "console.h"
#include "utils.h"

unsigned long vm_pool_region_count(const struct vm_pool *pool)
{
    vm_pool_require_live(pool, "vm_pool_region_count");
    return pool->n_regions;
}

unsigned long vm_pool_largest_free(const struct vm_pool *pool)
{
    vm_pool_require_loaded(pool, "vm_pool_largest_free"); /* the tree lives in the pool's space */
    if (pool->n_extents == 0)
        return PAGE_ADDR(vm_pool_usable_pages(pool));
    return pool->root ? PAGE_ADDR(VM_EXTENT(pool->root)->max_free) : 0;
}

unsigned long vm_pool_bookkeeping_bytes(const struct vm_pool *pool)
{
    vm_pool_require_live(pool, "vm_pool_bookkeeping_bytes");
    return pool->n_extents * sizeof(struct vm_extent) + pool->n_regions * sizeof(uint32_t);
}

/* Follow the regions of the live span that starts at `span` up to
 * `addr`: *start and *pages get the region holding addr, or the last one
 * that ends at or before it.  False when the span has no region there. */
static bool chain_to(const struct vm_pool *p, unsigned long span, unsigned long addr,
                     unsigned long *start, unsigned long *pages)
{
    bool found = false;
    for (unsigned long n; span <= addr && (n = vm_pool_region_at(p, span)) != 0;
         span += PAGE_ADDR(n)) {
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
    vm_pool_neighbours(p->root, e->link.key - 1, &below, &above);
    return below ? vm_extent_end(below) : vm_pool_usable_start(p);
}

void vm_pool_describe(struct vm_pool *pool, unsigned long address, char *buf, unsigned long n)
{
    struct vm_extent *below, *above;
    unsigned long start = 0, pages = 0, span;
    bool in_free;
    vm_pool_require_live(pool, "vm_pool_describe");
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
    vm_pool_neighbours(pool->root, address, &below, &above);
    in_free = below && address < vm_extent_end(below);
    span = in_free ? span_before(pool, below)
                   : (below ? vm_extent_end(below) : vm_pool_usable_start(pool));
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
        unsigned long pages = vm_pool_region_at(w->pool, w->cursor);
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
    w->fn(w->arg, n->key, VM_EXTENT(n)->pages, false);
    w->cursor = vm_extent_end(VM_EXTENT(n));
    walk_free(w, n->right);
}

void vm_pool_walk(struct vm_pool *pool,
                  void (*fn)(void *arg, unsigned long start, unsigned long pages, bool live),
                  void *arg)
{
    struct walker w = {pool, fn, arg, vm_pool_usable_start(pool)};
    vm_pool_require_loaded(pool, "vm_pool_walk");
    if (pool->n_extents == 0) {
        fn(arg, w.cursor, vm_pool_usable_pages(pool), false);
        return;
    }
    walk_free(&w, pool->root);
    walk_live(&w, vm_pool_end(pool));
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
    m = MAX(VM_EXTENT(n)->pages, MAX(check_max(n->left), check_max(n->right)));
    if (m != VM_EXTENT(n)->max_free)
        panic("vm_pool_check: stale max_free at 0x%lx", n->key);
    return m;
}

void vm_pool_check(struct vm_pool *pool)
{
    struct tiling t = {vm_pool_usable_start(pool), 0, false};
    vm_pool_require_loaded(pool, "vm_pool_check");
    avl_check(pool->root);
    check_max(pool->root);
    vm_pool_walk(pool, check_extent, &t);
    if (t.next != vm_pool_end(pool) || t.regions != pool->n_regions)
        panic("vm_pool_check: extents end at 0x%lx with %lu regions, expected 0x%lx and %lu",
              t.next, t.regions, vm_pool_end(pool), pool->n_regions);
}
