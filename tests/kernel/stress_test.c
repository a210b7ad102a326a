/*
 * stress_test.c - a million seeded random operations on six VM pools in
 * two address spaces, checked against a shadow model.
 *
 * Why a shadow model: a random workload only finds bugs if every result
 * is checked, so the test keeps its own, deliberately different, account
 * of the pools (a bitmap of reserved pages per pool and a table of live
 * regions with the state of each page) and compares after every step:
 * each allocation must return exactly the first fit the bitmap predicts,
 * and every page read must show the pattern last written there (or
 * zeros, for a page never written).  Every CHECK_EVERY operations it
 * also compares the pools' own view (extent walk, region counts,
 * is_legitimate on sampled and boundary addresses) with the model, and
 * the frame source's free count with exactly the frames the backed
 * pages, the bookkeeping pages, their page tables and the two page
 * directories need.  At the end everything is released and torn down,
 * and the frame source must be back at its baseline to the frame.
 *
 * The layout is chosen to hit edge cases: two pools that share one page
 * table (a_lo and a_hi meet inside a 4 MB slot), pools at the start and
 * the end of the VM area, one that straddles three page tables, and the
 * same virtual range in both address spaces (a_lo and b_lo), so a page
 * that leaked between spaces would show the other region's pattern.
 *
 * Command line: seed=N replays a run (the seed is printed first),
 * stress_ops=N sets the number of operations (default 1,000,000).
 */
#include "cmdline.h"
#include "cont_frame_pool.h"
#include "frame_source.h"
#include "interrupts/pit.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

#define DEFAULT_OPS        1000000ul
#define CHECK_EVERY        4096ul
#define N_SPACES           2
#define N_POOLS            6
#define MAX_REGION_PAGES   64ul
#define MAX_LIVE           512
#define MAX_POOL_PAGES     2048ul /* the largest pool: 8 MB */
#define WORD_BITS          32ul
#define SHADOW_WORDS       (MAX_POOL_PAGES / WORD_BITS)
#define WORDS              (PAGE_SIZE / sizeof(uint32_t))
#define PATTERN_WORDS      4ul
#define MAX_RUN_PAGES      8ul  /* pages one touch or verify covers */
#define FULL_ZERO_CHECK    16ul /* every 16th fresh page is read in full */
#define LEGIT_SAMPLES      64ul /* random addresses per pool and check */
#define NOT_FOUND          (~0ul)
#define PERCENT            100u
#define ALLOC_PERCENT      30u
#define TOUCH_PERCENT      60u /* cumulative */
#define VERIFY_PERCENT     85u
#define BAD_RELEASE_ONE_IN 8u

/* Hashing and random-number constants (the published ones). */
#define XORSHIFT_MULT 2685821657736338717ull /* xorshift64* */
#define MURMUR_C1     0x85EBCA6Bu            /* MurmurHash3 fmix32 */
#define MURMUR_C2     0xC2B2AE35u
#define GOLDEN_32     0x9E3779B1u /* 2^32 / golden ratio: spreads ids */
#define GOLDEN_64     0x9E3779B97F4A7C15ull
#define PAGE_SPREAD   0x632BE5ABu /* an odd constant that spreads page numbers */
#define SLOT_BITS     10u         /* a word slot in a page: 0..1023 */
#define HALF_BITS     32u         /* the high half of a 64-bit number */

enum page_state { UNBACKED, ZEROS, PATTERN };

struct pool_layout {
    unsigned long base, size;
    int space;
    const char *name;
};

static const struct pool_layout layout[N_POOLS] = {
    {1024 * MB, 6 * MB, 0, "a_lo"},             /* shares a page table with a_hi */
    {1030 * MB, 1 * MB, 0, "a_hi"},             /* small: it fills up, so allocations are refused */
    {VM_AREA_END - 8 * MB, 8 * MB, 0, "a_top"}, /* ends where the VM area ends */
    {1024 * MB, 6 * MB, 1, "b_lo"},             /* same addresses as a_lo */
    {VM_AREA_START, 8 * MB, 1, "b_bottom"},     /* starts where the VM area starts */
    {2558 * MB, 8 * MB, 1, "b_straddle"},       /* spans three page tables */
};

struct region {
    unsigned long start;
    uint32_t id;
    uint8_t pool, pages;
    uint8_t page_state[MAX_REGION_PAGES];
};

struct shadow_pool {
    struct vm_pool vm;
    unsigned long pages, first;    /* pool size, first usable page */
    uint32_t used[SHADOW_WORDS];   /* 1: page reserved by a live region */
    uint32_t starts[SHADOW_WORDS]; /* 1: a live region starts at this page */
    unsigned long regions;
};

struct counters {
    unsigned long ops, allocs, refused, touches, verifies, releases, switches, checks;
    unsigned long fresh_pages, peak_frames;
};

static struct page_table spaces[N_SPACES];
static struct shadow_pool pools[N_POOLS];
static struct region live[MAX_LIVE];
static unsigned long n_live, reserved, budget, backed;
static uint32_t next_id = 1;
static uint64_t rng, seed;
static unsigned long baseline, kernel_baseline;
static struct counters count;

/* ---- helpers --------------------------------------------------------- */

NORETURN static void stress_failed(int line, const char *what)
{
    ktest_fail(__FILE__, line, "%s at operation %lu; replay with seed=%llu", what, count.ops,
               (unsigned long long)seed);
    ktest_finish();
}

#define SCHECK(c)                                                                                  \
    do {                                                                                           \
        if (!(c))                                                                                  \
            stress_failed(__LINE__, #c);                                                           \
    } while (0)

/* xorshift64*: small, fast, and the same sequence for the same seed. */
static uint32_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * XORSHIFT_MULT) >> 32);
}

static unsigned long rnd_below(unsigned long n) { return rnd() % n; }

/* A 32-bit mix (MurmurHash3's finaliser). */
static uint32_t mix(uint32_t h)
{
    h ^= h >> 16;
    h *= MURMUR_C1;
    h ^= h >> 13;
    h *= MURMUR_C2;
    return h ^ (h >> 16);
}

/* The word offsets of page `page` of region `id` that carry its pattern. */
static unsigned long pattern_slot(uint32_t id, unsigned long page, unsigned long j)
{
    if (j == 0)
        return 0;
    if (j == 1)
        return WORDS - 1;
    return mix(id * GOLDEN_32 + (uint32_t)page * PAGE_SPREAD + (uint32_t)j) % WORDS;
}

/* The value region `id` keeps at word `slot` of its page `page` (never 0). */
static uint32_t pattern_value(uint32_t id, unsigned long page, unsigned long slot)
{
    return mix(mix(id) ^ (uint32_t)(page << SLOT_BITS | slot)) | 1u;
}

static volatile uint32_t *word_at(const struct region *r, unsigned long page, unsigned long slot)
{
    return (volatile uint32_t *)(uintptr_t)(r->start + PAGE_ADDR(page)) + slot;
}

static void switch_to(int space)
{
    if (current_page_table == &spaces[space])
        return;
    page_table_load(&spaces[space]);
    count.switches++;
}

static struct shadow_pool *pool_of(const struct region *r) { return &pools[r->pool]; }

static int space_of(const struct region *r) { return layout[r->pool].space; }

/* ---- the shadow bitmap ------------------------------------------------ */

static bool bit_at(const uint32_t *b, unsigned long i)
{
    return (b[i / WORD_BITS] >> (i % WORD_BITS)) & 1u;
}

/* The length of the run of equal bits starting at i, stopping at limit. */
static unsigned long run_length(const uint32_t *b, unsigned long i, unsigned long limit)
{
    unsigned long start = i;
    bool v = bit_at(b, i);
    while (i < limit) {
        unsigned long s = i % WORD_BITS, avail = WORD_BITS - s, n;
        uint32_t differ =
            ~((v ? b[i / WORD_BITS] : ~b[i / WORD_BITS]) >> s); /* ones: bits unlike v */
        /* cppcheck-suppress knownConditionTrueFalse ; cppcheck misjudges ~ on uint32_t */
        n = differ ? (unsigned long)__builtin_ctz(differ) : WORD_BITS;
        n = MIN(n, avail);
        i += n;
        /* cppcheck-suppress knownConditionTrueFalse */
        if (n < avail)
            break;
    }
    return MIN(i, limit) - start;
}

/* The lowest usable page index where n pages are free, or NOT_FOUND. */
static unsigned long shadow_first_fit(const struct shadow_pool *sp, unsigned long n)
{
    unsigned long i = sp->first;
    while (i + n <= sp->pages) {
        unsigned long len = run_length(sp->used, i, sp->pages);
        if (!bit_at(sp->used, i) && len >= n)
            return i;
        i += len;
    }
    return NOT_FOUND;
}

/* Set (reserve) or clear pages [first, first + n); reserving a page that
 * is already reserved means two live regions overlap. */
static void shadow_mark(struct shadow_pool *sp, unsigned long first, unsigned long n, bool set)
{
    for (unsigned long i = first; i < first + n; i++) {
        SCHECK(bit_at(sp->used, i) != set);
        if (set)
            sp->used[i / WORD_BITS] |= 1u << (i % WORD_BITS);
        else
            sp->used[i / WORD_BITS] &= ~(1u << (i % WORD_BITS));
    }
}

/* Whether the page holding `va` is backed in the loaded address space.
 * The pool backs its bookkeeping pages itself, as its arrays grow; the
 * model does not mirror that layout, only the contract that exactly the
 * bookkeeping pages in use are legitimate and that those are the backed
 * ones. */
static bool backed_page(unsigned long va) { return pte_is_present(page_table_lookup(va)); }

/* The first address regions can use: the bookkeeping pages come first. */
static unsigned long usable_start(const struct shadow_pool *sp)
{
    return sp->vm.base + PAGE_ADDR(sp->vm.meta_pages);
}

/* What the model says vm_pool_is_legitimate(address) must return. */
static bool shadow_legitimate(const struct shadow_pool *sp, unsigned long address)
{
    unsigned long page;
    if (address < sp->vm.base || address - sp->vm.base >= sp->vm.size)
        return false;
    page = PAGE_NO(address - sp->vm.base);
    if (page < sp->first)
        return backed_page(address);
    return bit_at(sp->used, page);
}

/* ---- page contents ----------------------------------------------------- */

/* Page `page` of r must read as zeros (all of it when `full`, else its
 * pattern slots), word 0 excepted when `skip_first`. */
static void expect_zeros(const struct region *r, unsigned long page, bool full, bool skip_first)
{
    unsigned long n = full ? WORDS : PATTERN_WORDS;
    for (unsigned long j = skip_first; j < n; j++) {
        unsigned long slot = full ? j : pattern_slot(r->id, page, j);
        SCHECK(*word_at(r, page, slot) == 0 || (skip_first && slot == 0));
    }
}

static void expect_pattern(const struct region *r, unsigned long page)
{
    for (unsigned long j = 0; j < PATTERN_WORDS; j++) {
        unsigned long slot = pattern_slot(r->id, page, j);
        SCHECK(*word_at(r, page, slot) == pattern_value(r->id, page, slot));
    }
}

static void write_pattern(const struct region *r, unsigned long page, unsigned long from)
{
    for (unsigned long j = from; j < PATTERN_WORDS; j++) {
        unsigned long slot = pattern_slot(r->id, page, j);
        *word_at(r, page, slot) = pattern_value(r->id, page, slot);
    }
}

/* A page is backed for the first time: it must be all zeros (checked in
 * full every FULL_ZERO_CHECK-th time); `written`: word 0 was just written. */
static void check_fresh(struct region *r, unsigned long page, bool written)
{
    backed++;
    count.fresh_pages++;
    expect_zeros(r, page, count.fresh_pages % FULL_ZERO_CHECK == 0, written);
    r->page_state[page] = ZEROS;
}

/* Read a page as the model knows it; an unbacked one is backed by the
 * read and must be all zeros. */
static void verify_page(struct region *r, unsigned long page)
{
    if (r->page_state[page] == PATTERN)
        expect_pattern(r, page);
    else if (r->page_state[page] == ZEROS)
        expect_zeros(r, page, false, false);
    else
        check_fresh(r, page, false);
}

/* Write the page's pattern; the first write to an unbacked page is the
 * one that faults it in. */
static void touch_page(struct region *r, unsigned long page)
{
    unsigned long from = 0;
    if (r->page_state[page] == UNBACKED) {
        *word_at(r, page, 0) = pattern_value(r->id, page, 0); /* the fault: a write */
        check_fresh(r, page, true);
        from = 1;
    } else if (r->page_state[page] == ZEROS) {
        expect_zeros(r, page, false, false);
    }
    write_pattern(r, page, from);
    r->page_state[page] = PATTERN;
}

/* ---- the operations ---------------------------------------------------- */

/* 1 byte to 64 pages: a quarter within one page, a quarter whole pages,
 * half any byte count. */
static unsigned long random_size(void)
{
    switch (rnd() % 4) {
    case 0:
        return 1 + rnd_below(PAGE_SIZE);
    case 1:
        return PAGE_ADDR(1 + rnd_below(MAX_REGION_PAGES));
    default:
        return 1 + rnd_below(PAGE_ADDR(MAX_REGION_PAGES));
    }
}

static void add_region(unsigned long p, unsigned long start, unsigned long pages)
{
    struct shadow_pool *sp = &pools[p];
    struct region *r = &live[n_live++];
    unsigned long first = PAGE_NO(start - sp->vm.base);
    r->start = start;
    r->id = next_id++;
    r->pool = (uint8_t)p;
    r->pages = (uint8_t)pages;
    memset(r->page_state, UNBACKED, sizeof(r->page_state));
    shadow_mark(sp, first, pages, true);
    sp->starts[first / WORD_BITS] |= 1u << (first % WORD_BITS);
    sp->regions++;
    reserved += pages;
}

static void op_alloc(void)
{
    unsigned long p = rnd_below(N_POOLS), size = random_size(), expect, got;
    struct shadow_pool *sp = &pools[p];
    switch_to(layout[p].space);
    expect = shadow_first_fit(sp, PAGES_FOR(size));
    got = vm_pool_allocate(&sp->vm, size);
    count.allocs++;
    if (expect == NOT_FOUND) {
        SCHECK(got == 0);
        count.refused++;
        return;
    }
    SCHECK(got == sp->vm.base + PAGE_ADDR(expect));
    add_region(p, got, PAGES_FOR(size));
}

static void op_release(unsigned long i)
{
    struct region *r = &live[i];
    struct shadow_pool *sp = pool_of(r);
    unsigned long first = PAGE_NO(r->start - sp->vm.base);
    switch_to(space_of(r));
    for (unsigned long page = 0; page < r->pages; page++) {
        backed -= r->page_state[page] != UNBACKED;
        if (r->page_state[page] != UNBACKED)
            verify_page(r, page);
    }
    if (r->pages > 1 && rnd_below(BAD_RELEASE_ONE_IN) == 0)
        SCHECK(vm_pool_release(&sp->vm, r->start + PAGE_SIZE) == E_NOT_REGION);
    SCHECK(vm_pool_release(&sp->vm, r->start) == E_OK);
    SCHECK(!vm_pool_is_legitimate(&sp->vm, r->start));
    shadow_mark(sp, first, r->pages, false);
    sp->starts[first / WORD_BITS] &= ~(1u << (first % WORD_BITS));
    sp->regions--;
    reserved -= r->pages;
    live[i] = live[--n_live];
    count.releases++;
}

/* A random run of 1 to MAX_RUN_PAGES pages of a random live region. */
static struct region *random_run(unsigned long *first, unsigned long *n)
{
    struct region *r = &live[rnd_below(n_live)];
    *first = rnd_below(r->pages);
    *n = 1 + rnd_below(MIN(MAX_RUN_PAGES, r->pages - *first));
    switch_to(space_of(r));
    return r;
}

static void op_touch(void)
{
    unsigned long first, n;
    struct region *r = random_run(&first, &n);
    for (unsigned long page = first; page < first + n; page++)
        touch_page(r, page);
    count.touches++;
}

static void op_verify(void)
{
    unsigned long first, n;
    struct region *r = random_run(&first, &n);
    for (unsigned long page = first; page < first + n; page++)
        verify_page(r, page);
    count.verifies++;
}

static bool can_allocate(void)
{
    return n_live < MAX_LIVE && reserved + MAX_REGION_PAGES <= budget;
}

static void step(void)
{
    unsigned r = rnd() % PERCENT;
    if (n_live == 0 || (r < ALLOC_PERCENT && can_allocate()))
        op_alloc();
    else if (r < ALLOC_PERCENT)
        op_release(rnd_below(n_live));
    else if (r < TOUCH_PERCENT)
        op_touch();
    else if (r < VERIFY_PERCENT)
        op_verify();
    else
        op_release(rnd_below(n_live));
}

/* ---- the invariants ---------------------------------------------------- */

struct walk_state {
    const struct shadow_pool *sp;
    unsigned long prev_end, live;
    bool ok;
};

/* Each extent must follow the previous one without overlap; a live one
 * must be exactly one model region, a free one must be all free pages. */
static void walk_extent(void *arg, unsigned long start, unsigned long pages, bool is_live)
{
    struct walk_state *w = arg;
    const struct shadow_pool *sp = w->sp;
    unsigned long first = PAGE_NO(start - sp->vm.base), end = first + pages;
    if (start < w->prev_end || end > sp->pages || bit_at(sp->used, first) != is_live ||
        run_length(sp->used, first, end) != pages)
        w->ok = false;
    if (is_live && (!bit_at(sp->starts, first) ||
                    (pages > 1 && (bit_at(sp->starts, first + 1) ||
                                   run_length(sp->starts, first + 1, end) != pages - 1))))
        w->ok = false;
    w->prev_end = start + PAGE_ADDR(pages);
    w->live += is_live;
}

static void check_extents(struct shadow_pool *sp)
{
    struct walk_state w = {sp, sp->vm.base, 0, true};
    vm_pool_check(&sp->vm);
    vm_pool_walk(&sp->vm, walk_extent, &w);
    SCHECK(w.ok);
    SCHECK(w.live == sp->regions);
    SCHECK(vm_pool_region_count(&sp->vm) == sp->regions);
}

static void check_legitimate(const struct shadow_pool *sp, unsigned long address)
{
    SCHECK(vm_pool_is_legitimate((struct vm_pool *)&sp->vm, address) ==
           shadow_legitimate(sp, address));
}

/* Random addresses in and around every pool of `space`, then the edges
 * of every live region there, whose backed pages are also verified. */
static void check_space(int space)
{
    switch_to(space);
    for (unsigned long p = 0; p < N_POOLS; p++) {
        struct shadow_pool *sp = &pools[p];
        if (layout[p].space != space)
            continue;
        check_extents(sp);
        for (unsigned long va = sp->vm.base; va < usable_start(sp); va += PAGE_SIZE) {
            check_legitimate(sp, va); /* both ends of every bookkeeping page */
            check_legitimate(sp, va + PAGE_SIZE - 1);
        }
        for (unsigned long k = 0; k < LEGIT_SAMPLES; k++)
            check_legitimate(sp, sp->vm.base - PAGE_SIZE + rnd_below(sp->vm.size + 2 * PAGE_SIZE));
    }
    for (unsigned long i = 0; i < n_live; i++) {
        struct region *r = &live[i];
        unsigned long end = r->start + PAGE_ADDR(r->pages);
        if (space_of(r) != space)
            continue;
        check_legitimate(pool_of(r), r->start - 1);
        check_legitimate(pool_of(r), r->start);
        check_legitimate(pool_of(r), end - 1);
        check_legitimate(pool_of(r), end);
        for (unsigned long page = 0; page < r->pages; page++)
            if (r->page_state[page] != UNBACKED)
                verify_page(r, page);
    }
}

static void mark_pdx(uint32_t *pdx_used, unsigned long va)
{
    pdx_used[PDX(va) / WORD_BITS] |= 1u << (PDX(va) % WORD_BITS);
}

/* Frames the model says are in use: a directory per space, every backed
 * page, the backed bookkeeping pages, and a page table for every 4 MB
 * slot that holds any of those. */
static unsigned long frames_needed(void)
{
    static uint32_t pdx_used[N_SPACES][ENTRIES_PER_TABLE / WORD_BITS];
    unsigned long total = N_SPACES, pages = 0;
    memset(pdx_used, 0, sizeof(pdx_used));
    for (unsigned long i = 0; i < n_live; i++)
        for (unsigned long page = 0; page < live[i].pages; page++)
            if (live[i].page_state[page] != UNBACKED) {
                mark_pdx(pdx_used[space_of(&live[i])], live[i].start + PAGE_ADDR(page));
                pages++;
            }
    SCHECK(pages == backed);
    for (unsigned long p = 0; p < N_POOLS; p++) {
        switch_to(layout[p].space);
        for (unsigned long va = pools[p].vm.base; va < usable_start(&pools[p]); va += PAGE_SIZE)
            if (backed_page(va)) {
                mark_pdx(pdx_used[layout[p].space], va);
                total++;
            }
    }
    for (unsigned long s = 0; s < N_SPACES; s++)
        for (unsigned long w = 0; w < ENTRIES_PER_TABLE / WORD_BITS; w++)
            total += (unsigned long)__builtin_popcount(pdx_used[s][w]);
    return total + pages;
}

static void check_invariants(void)
{
    unsigned long in_use;
    for (int s = 0; s < N_SPACES; s++)
        check_space(s);
    in_use = baseline - page_table_free_frames();
    SCHECK(in_use == frames_needed());
    SCHECK(cont_frame_pool_free_count(&kernel_mem_pool) == kernel_baseline);
    count.peak_frames = MAX(count.peak_frames, in_use);
    count.checks++;
}

/* ---- setting up, tearing down, reporting ------------------------------- */

/* The value of key=N on the command line, or `fallback`. */
static unsigned long cmdline_number(const char *key, unsigned long fallback)
{
    char buf[24];
    return cmdline_value(key, buf, sizeof(buf)) ? parse_ulong(buf, NULL) : fallback;
}

static void setup(void)
{
    baseline = page_table_free_frames();
    kernel_baseline = cont_frame_pool_free_count(&kernel_mem_pool);
    budget = baseline / 2; /* reserved pages: room for every page plus tables */
    for (int s = 0; s < N_SPACES; s++)
        page_table_init(&spaces[s]);
    for (unsigned long p = 0; p < N_POOLS; p++) {
        struct shadow_pool *sp = &pools[p];
        vm_pool_init(&sp->vm, layout[p].base, layout[p].size, &process_mem_pool,
                     &spaces[layout[p].space]);
        vm_pool_set_name(&sp->vm, layout[p].name);
        sp->pages = PAGE_NO(layout[p].size);
        sp->first = sp->vm.meta_pages;
        SCHECK(sp->pages <= MAX_POOL_PAGES);
    }
}

/* Release everything in random order; every VM pool must be back to one
 * free extent, then the frame source back at its baseline. */
static void teardown(void)
{
    while (n_live)
        op_release(rnd_below(n_live));
    check_invariants();
    for (unsigned long p = 0; p < N_POOLS; p++) {
        struct shadow_pool *sp = &pools[p];
        switch_to(layout[p].space);
        SCHECK(vm_pool_region_count(&sp->vm) == 0);
        SCHECK(vm_pool_largest_free(&sp->vm) == sp->vm.size - PAGE_ADDR(sp->first));
    }
    page_table_load(&kernel_page_table);
    for (unsigned long p = 0; p < N_POOLS; p++)
        vm_pool_unregister(&spaces[layout[p].space], &pools[p].vm);
    for (int s = 0; s < N_SPACES; s++)
        page_table_destroy(&spaces[s]);
    SCHECK(page_table_free_frames() == baseline);
    SCHECK(cont_frame_pool_free_count(&kernel_mem_pool) == kernel_baseline);
}

static void report(unsigned long ticks)
{
    unsigned long centis = ticks * 100 / PIT_HZ;
    kprintf("stress: %lu operations: %lu allocations (%lu refused: no room), %lu touches, "
            "%lu verifies, %lu releases; %lu address-space switches; %lu invariant checks; "
            "%lu fresh pages read as zeros\n",
            count.ops, count.allocs, count.refused, count.touches, count.verifies, count.releases,
            count.switches, count.checks, count.fresh_pages);
    kprintf("stress: frames (%s): baseline %lu free, peak %lu in use, final %lu free; "
            "kernel_mem_pool %lu free before and after\n",
            page_table_frames()->name, baseline, count.peak_frames, page_table_free_frames(),
            cont_frame_pool_free_count(&kernel_mem_pool));
    kprintf("stress: seed %llu, %lu.%02lu s of guest time\n", (unsigned long long)seed,
            centis / 100, centis % 100);
}

KTEST_TIME_LIMIT(stress_random_operations_keep_every_invariant, 180);
KTEST(stress_random_operations_keep_every_invariant)
{
    unsigned long ops = cmdline_number("stress_ops", DEFAULT_OPS), start = pit_ticks();
    seed = cmdline_number("seed", (unsigned long)(rdtsc() ^ (rdtsc() >> HALF_BITS)));
    rng = (seed << HALF_BITS) ^ GOLDEN_64;
    kprintf(
        "stress: seed %llu, %lu operations (replay: make run "
        "ARGS=\"test=stress_random_operations_keep_every_invariant seed=%llu stress_ops=%lu\")\n",
        (unsigned long long)seed, ops, (unsigned long long)seed, ops);
    setup();
    for (count.ops = 0; count.ops < ops; count.ops++) {
        step();
        if ((count.ops + 1) % CHECK_EVERY == 0)
            check_invariants();
    }
    teardown();
    report(pit_ticks() - start);
}
