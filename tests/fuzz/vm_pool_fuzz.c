/*
 * vm_pool_fuzz.c - libFuzzer target: the VM pools' region bookkeeping
 * (vm_pool.c, its registry and inspection, and avl.c) against a
 * reference model, a sorted array of live regions.
 * fuzz-sources: vm_pool.c mm/vm_pool_registry.c debug/vm_pool_inspect.c lib/avl.c mp4/scenarios.c
 *
 * Why this harness works on the host: vm_pool.c keeps its bookkeeping
 * at the pool's own base address, reaches it through the pool's virtual
 * range, and needs only a few things from paging (current_page_table,
 * page_table_back_page, page_table_free_range, page_table_lookup).
 * So the harness maps the pool's range at its fixed address
 * (MAP_FIXED_NOREPLACE), inaccessible (fuzz_shim.c), and the pool must
 * back every bookkeeping page itself, through page_table_back_page,
 * before it touches it: any fault at all - region memory, or
 * bookkeeping the pool has not backed - crashes.  The paging functions
 * are stubs that check what they are asked: back_page must be asked for
 * an unbacked bookkeeping page of the loaded space, free_range must be
 * called exactly once per release with exactly the released region's
 * range, and lookup reports the pages back_page has backed.  The pool
 * registers itself in the fake address space (mm/vm_pool_registry.c) and
 * is unregistered after each input.
 *
 * Each input picks a pool size (one page must panic: no room after the
 * bookkeeping) and then runs operations: allocations of every size
 * (0, a byte, whole pages, more than the pool, ~0), releases of region
 * starts, of addresses inside regions, of free space and of anything,
 * is_legitimate and vm_pool_describe on addresses around the pool and
 * at region edges, vm_free of good and bad pointers, use of the pool
 * while another address space is loaded, and a full comparison of the
 * extent walk with the model.  Allocation must be exactly first fit.
 */
#include <stdio.h>
#include <string.h>

#include "cont_frame_pool.h"
#include "errors.h"
#include "fuzz.h"
#include "mmu.h"
#include "page_table.h"
#include "scenarios.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

#define POOL_BASE      0x40000000ul /* where the pool's range is mapped on the host */
#define MAX_POOL_PAGES 4096ul
#define MAX_OPS        512
#define DESCRIBE_MAX   160
#define SMALL_PAGES    20u

struct mreg {
    unsigned long start, pages;
};

struct page_table *current_page_table;
struct cont_frame_pool process_mem_pool; /* scenarios.c names it; never used here */
static struct page_table fuzz_space, other_space;
static struct vm_pool pool;
static struct mreg regs[MAX_POOL_PAGES]; /* live regions, sorted by start */
static unsigned long n_regs;
static bool tree_exists; /* the pool builds its tree on the first real allocate */
static unsigned long expect_free_start, expect_free_end, free_calls;

/* ---- the paging stubs ------------------------------------------------ */

/* The pool backs its own bookkeeping pages, each once, in the loaded
 * space; frames never run out here. */
int page_table_back_page(unsigned long va)
{
    FUZZ_CHECK(current_page_table == &fuzz_space);
    FUZZ_CHECK(va - pool.base < PAGE_ADDR(pool.meta_pages));
    FUZZ_CHECK(!fuzz_page_backed(va));
    FUZZ_CHECK(fuzz_back_page(va));
    return E_OK;
}

/* Only the bookkeeping pages are ever backed (by back_page, above). */
pte_t page_table_lookup(unsigned long va)
{
    return fuzz_page_backed(va) ? pte_create(PAGE_NO(va), PTE_PRESENT | PTE_WRITABLE) : 0;
}

/* cppcheck-suppress constParameter ; the signature is page_table.h's */
void page_table_free_range(struct page_table *pt, unsigned long start, unsigned long end)
{
    FUZZ_CHECK(pt == &fuzz_space);
    FUZZ_CHECK(start == expect_free_start && end == expect_free_end);
    free_calls++;
}

/* ---- the model --------------------------------------------------------- */

static unsigned long usable_start(void) { return pool.base + PAGE_ADDR(pool.meta_pages); }
static unsigned long pool_end(void) { return pool.base + pool.size; }
static unsigned long reg_end(const struct mreg *r) { return r->start + PAGE_ADDR(r->pages); }

/* The index of the first region that ends after `address`. */
static unsigned long first_ending_after(unsigned long address)
{
    unsigned long lo = 0, hi = n_regs;
    while (lo < hi) {
        unsigned long mid = (lo + hi) / 2;
        if (reg_end(&regs[mid]) <= address)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The live region holding `address`, or NULL. */
static const struct mreg *region_at(unsigned long address)
{
    unsigned long i = first_ending_after(address);
    return i < n_regs && regs[i].start <= address ? &regs[i] : NULL;
}

/* The lowest gap of `pages` pages (0 when none); with `largest`, the
 * largest gap in pages instead. */
static unsigned long model_gap(unsigned long pages, bool largest)
{
    unsigned long cursor = usable_start(), best = 0;
    for (unsigned long i = 0; i <= n_regs; i++) {
        unsigned long next = i < n_regs ? regs[i].start : pool_end();
        unsigned long gap = PAGE_NO(next - cursor);
        if (!largest && gap >= pages)
            return cursor;
        best = gap > best ? gap : best;
        if (i < n_regs)
            cursor = reg_end(&regs[i]);
    }
    return largest ? best : 0;
}

static void model_insert(unsigned long start, unsigned long pages)
{
    unsigned long i = first_ending_after(start);
    memmove(&regs[i + 1], &regs[i], (n_regs - i) * sizeof(regs[0]));
    regs[i].start = start;
    regs[i].pages = pages;
    n_regs++;
}

static void model_remove(const struct mreg *r)
{
    unsigned long i = (unsigned long)(r - regs);
    memmove(&regs[i], &regs[i + 1], (n_regs - i - 1) * sizeof(regs[0]));
    n_regs--;
}

static bool model_legitimate(unsigned long address)
{
    if (address - pool.base >= pool.size)
        return false;
    if (address < usable_start()) /* the bookkeeping pages in use are the backed ones */
        return fuzz_page_backed(address);
    return region_at(address) != NULL;
}

/* What vm_pool_describe must say about `address`. */
static void model_describe(unsigned long address, char *buf, size_t n)
{
    const struct mreg *r = region_at(address);
    unsigned long i = first_ending_after(address);
    if (address - pool.base >= pool.size) {
        snprintf(buf, n, "0x%08lx is outside pool %s", address, pool.name);
    } else if (address < usable_start() || !tree_exists) {
        snprintf(buf, n, "0x%08lx is in %s of pool %s, which has no live region there", address,
                 address < usable_start() ? "the bookkeeping pages" : "the free space", pool.name);
    } else if (r) {
        snprintf(buf, n, "0x%08lx is %lu bytes into region 0x%08lx+%lu KB in %s", address,
                 address - r->start, r->start, PAGES_TO_KB(r->pages), pool.name);
    } else if (i > 0) {
        r = &regs[i - 1]; /* the last region that ends at or below address */
        snprintf(buf, n, "0x%08lx is %lu KB past the end of region 0x%08lx+%lu KB in %s", address,
                 (address - reg_end(r)) / KB, r->start, PAGES_TO_KB(r->pages), pool.name);
    } else {
        snprintf(buf, n, "0x%08lx is in pool %s, below its first live region", address, pool.name);
    }
}

/* ---- choosing sizes and addresses ---------------------------------------- */

static unsigned long pick_size(struct fuzz_input *in)
{
    switch (fuzz_u8(in) % 6) {
    case 0:
        return 0;
    case 1:
        return 1 + fuzz_u16(in) % PAGE_SIZE;
    case 2:
        return PAGE_ADDR(1 + fuzz_u8(in) % SMALL_PAGES);
    case 3:
        return 1 + fuzz_u32(in) % pool.size;
    case 4:
        return pool.size + fuzz_u8(in) - PAGE_SIZE;
    default:
        return ~0ul - fuzz_u8(in);
    }
}

/* An address near the pool, at a region's edge, in the bookkeeping, or
 * anywhere at all. */
static unsigned long pick_address(struct fuzz_input *in)
{
    unsigned how = fuzz_u8(in) % 5;
    if (how == 1 && n_regs) {
        const struct mreg *r = &regs[fuzz_u16(in) % n_regs];
        static const long edges[] = {-1, 0, 1};
        unsigned e = fuzz_u8(in);
        return (e & 4 ? reg_end(r) : r->start) + (unsigned long)edges[e % 3];
    }
    if (how == 2)
        return pool.base + fuzz_u32(in) % PAGE_ADDR(pool.meta_pages);
    if (how == 3)
        return (unsigned long)fuzz_u32(in) << (fuzz_u8(in) % 32);
    return pool.base - PAGE_SIZE + fuzz_u32(in) % (pool.size + 2 * PAGE_SIZE);
}

/* ---- the operations ---------------------------------------------------- */

static void op_allocate(struct fuzz_input *in)
{
    unsigned long size = pick_size(in), want = 0, got;
    if (size && size <= pool.size) {
        tree_exists = true;
        want = model_gap(PAGES_FOR(size), false);
    }
    got = vm_pool_allocate(&pool, size);
    FUZZ_CHECK(got == want);
    if (got)
        model_insert(got, PAGES_FOR(size));
}

/* Release `address`: E_OK with exactly one free_range of the region
 * when it starts a live region, else E_NOT_REGION and nothing freed. */
static void release(unsigned long address)
{
    const struct mreg *r = region_at(address);
    unsigned long calls = free_calls;
    bool start = r && r->start == address;
    if (start) {
        expect_free_start = r->start;
        expect_free_end = reg_end(r);
    }
    FUZZ_CHECK(vm_pool_release(&pool, address) == (start ? E_OK : E_NOT_REGION));
    FUZZ_CHECK(free_calls == calls + start);
    if (start)
        model_remove(r);
}

static void op_release_region(struct fuzz_input *in)
{
    if (n_regs)
        release(regs[fuzz_u16(in) % n_regs].start);
}

static void op_release_any(struct fuzz_input *in) { release(pick_address(in)); }

static void op_legitimate(struct fuzz_input *in)
{
    unsigned long address = pick_address(in);
    FUZZ_CHECK(vm_pool_is_legitimate(&pool, address) == model_legitimate(address));
}

static void op_describe(struct fuzz_input *in)
{
    char got[DESCRIBE_MAX], want[DESCRIBE_MAX];
    unsigned long address = pick_address(in);
    vm_pool_describe(&pool, address, got, sizeof(got));
    model_describe(address, want, sizeof(want));
    FUZZ_CHECK(strcmp(got, want) == 0);
}

static void call_vm_free(void *p) { vm_free(p); }

/* vm_free of a region start releases it; of NULL does nothing; of
 * anything else panics and changes nothing. */
static void op_vm_free(struct fuzz_input *in)
{
    unsigned long address = fuzz_u8(in) % 4 == 0 ? 0 : pick_address(in);
    const struct mreg *r = region_at(address);
    current_pool = &pool;
    if (address == 0) {
        FUZZ_CHECK(!fuzz_panics(call_vm_free, NULL));
    } else if (r && r->start == address) {
        expect_free_start = r->start;
        expect_free_end = reg_end(r);
        FUZZ_CHECK(!fuzz_panics(call_vm_free, (void *)address));
        model_remove(r);
    } else {
        FUZZ_CHECK(fuzz_panics(call_vm_free, (void *)address));
        FUZZ_CHECK(strstr(fuzz_panic_message, "is not the start of a live region") != NULL);
    }
    current_pool = NULL;
}

static void call_allocate(void *arg) { vm_pool_allocate(&pool, *(unsigned long *)arg); }

/* Any use of the pool while another address space is loaded panics. */
static void op_wrong_space(struct fuzz_input *in)
{
    unsigned long size = pick_size(in);
    current_page_table = &other_space;
    FUZZ_CHECK(fuzz_panics(call_allocate, &size));
    FUZZ_CHECK(strstr(fuzz_panic_message, "address space is not loaded") != NULL);
    current_page_table = &fuzz_space;
}

struct walk_cmp {
    unsigned long cursor, next;
    bool ok;
};

/* Extents must tile the usable range: each live one a model region, each
 * free one a whole gap between them (so free space is always merged). */
static void walk_extent(void *arg, unsigned long start, unsigned long pages, bool live)
{
    struct walk_cmp *w = arg;
    unsigned long end = start + PAGE_ADDR(pages);
    if (start != w->cursor || pages == 0)
        w->ok = false;
    else if (live)
        w->ok &= w->next < n_regs && regs[w->next].start == start && regs[w->next].pages == pages,
            w->next++;
    else
        w->ok &= (w->next < n_regs ? regs[w->next].start : pool_end()) == end;
    w->cursor = end;
}

static void op_check(struct fuzz_input *in)
{
    struct walk_cmp w = {usable_start(), 0, true};
    (void)in;
    vm_pool_check(&pool);
    vm_pool_walk(&pool, walk_extent, &w);
    FUZZ_CHECK(w.ok);
    FUZZ_CHECK(w.next == n_regs);
    FUZZ_CHECK(w.cursor == pool_end() || (!tree_exists && w.cursor == usable_start()));
    FUZZ_CHECK(vm_pool_largest_free(&pool) == PAGE_ADDR(model_gap(0, true)));
    FUZZ_CHECK(vm_pool_bookkeeping_bytes(&pool) <= PAGE_ADDR(pool.meta_pages));
}

/* ---- one input ------------------------------------------------------- */

/* The fault handler's question: no fault is ever legitimate, because
 * the pool backs its bookkeeping before touching it and never touches
 * its regions. */
static bool no_fault_is_legitimate(unsigned long address)
{
    (void)address;
    return false;
}

static void call_init(void *arg)
{
    vm_pool_init(&pool, POOL_BASE, *(unsigned long *)arg, NULL, &fuzz_space);
}

/* A pool of 1 to MAX_POOL_PAGES pages; false when it was too small for
 * its bookkeeping plus one page, which must panic (only a 1-page pool
 * is: the bookkeeping of pools up to 1 MB fits in one page). */
static bool setup(struct fuzz_input *in)
{
    unsigned long size = PAGE_ADDR(1 + fuzz_u16(in) % MAX_POOL_PAGES);
    memset(&pool, 0, sizeof(pool));
    n_regs = 0;
    tree_exists = false;
    current_page_table = &fuzz_space;
    if (fuzz_panics(call_init, &size)) {
        FUZZ_CHECK(strstr(fuzz_panic_message, "leaves no room") != NULL);
        FUZZ_CHECK(PAGE_NO(size) == 1);
        FUZZ_CHECK(fuzz_space.n_pools == 0);
        return false;
    }
    FUZZ_CHECK(vm_pool_find(&fuzz_space, POOL_BASE) == &pool && fuzz_space.n_pools == 1);
    FUZZ_CHECK(pool.meta_pages == vm_pool_meta_pages(PAGE_NO(size)));
    FUZZ_CHECK(pool.meta_pages < PAGE_NO(size));
    FUZZ_CHECK(fuzz_demand_paging(POOL_BASE, POOL_BASE + PAGE_ADDR(MAX_POOL_PAGES),
                                  no_fault_is_legitimate));
    if (fuzz_u8(in) & 1)
        vm_pool_set_name(&pool, "heap_pool");
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static void (*const ops[])(struct fuzz_input *) = {
        op_allocate, op_allocate, op_release_region, op_release_any, op_legitimate,
        op_describe, op_vm_free,  op_wrong_space,    op_check,
    };
    struct fuzz_input in = {data, size};
    if (!setup(&in))
        return 0;
    for (int k = 0; k < MAX_OPS && fuzz_more(&in); k++) {
        ops[fuzz_u8(&in) % (sizeof(ops) / sizeof(ops[0]))](&in);
        FUZZ_CHECK(vm_pool_region_count(&pool) == n_regs);
    }
    op_check(&in);
    vm_pool_unregister(&fuzz_space, &pool);
    FUZZ_CHECK(fuzz_demand_reset());
    return 0;
}
