/*
 * vm_pool_registry.c - making a VM pool and the registry of the pools
 * each address space holds (MP4 Part II: register, find, replace).
 *
 * vm_pool_init is MP4's VMPool constructor: it lays out the pool's
 * bookkeeping (vm_pool.c's two arrays, at the start of its own range)
 * and registers the pool with its address space, as MP4's constructor
 * calls PageTable::register_pool.  The registry keeps each address
 * space's pools in an AVL tree keyed by base address (page_table->pools);
 * a pool registered over others replaces them, like mmap's MAP_FIXED.
 *
 * Why a file of its own, in mm/: it is MP4's code (Part II, and the
 * constructor) but not one of MP4's files, so it goes in the lowest layer
 * folder that can hold it.  Nothing in core calls it; mm/ is the lowest
 * layer that finds pools (the pinned-page test), then debug/, proc/ and
 * page_fault.c.  MP4 writes register_pool in
 * page_table.C, but here paging knows nothing about pools (struct
 * page_table only carries the registry's opaque fields: pools, n_pools,
 * last_pool), and vm_pool.c calls into page_table.c, so a registry
 * there would make the two include each other.  It sits above vm_pool.c instead: it reads a
 * pool's fields and calls only the allocator's checks, and the allocator
 * never calls it, which is why the constructor, the one caller the
 * allocator had, moved here too.
 */
#include "vm_pool_registry.h"

#include "console.h"
#include "page_table.h"
#include "utils.h"

#define POOL(n) container_of(n, struct vm_pool, pt_link)

static unsigned long pools_made; /* numbers the default names */

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
    vm_pool_require_live(pool, "vm_pool_set_name");
    pool->name = name;
}

/* ---- the registry ----------------------------------------------------- */

/* A registered pool of pt that overlaps [start, end), or NULL. */
static struct vm_pool *first_overlap(const struct page_table *pt, unsigned long start,
                                     unsigned long end)
{
    struct avl_node *n = avl_floor(pt->pools, start);
    if (n && vm_pool_end(POOL(n)) > start)
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
            pool->base, vm_pool_end(pool), old->name, old->base, vm_pool_end(old));
    if (old->slots_backed_end != old->base) { /* it allocated: pages may be backed */
        if (pt != current_page_table)
            panic("vm_pool_register: pool %s replaces pool %s, whose pages can only be freed "
                  "while their address space is loaded",
                  pool->name, old->name);
        page_table_free_range(pt, old->base, vm_pool_end(old));
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
    unsigned long start = pool->base, end = vm_pool_end(pool);
    struct vm_pool *old;
    vm_pool_require_live(pool, "vm_pool_register");
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
    vm_pool_require_live(pool, "vm_pool_unregister");
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
