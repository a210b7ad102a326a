/*
 * dump.c - the maps listing, the page walk and the frame-pool map.
 *
 * Design.  Every dump reads the structures the memory code itself uses,
 * never a copy: page tables through the recursive window (pde_for,
 * pte_for), regions through vm_pool_walk, segments through shm_walk,
 * frame states through cont_frame_pool_state and buddy_pool_state.  So
 * what a dump prints is what the MMU and the fault handler see at that
 * moment.  Both frame allocators are shown through one small view (a
 * kind per frame), so the map and the run list are written once.
 *
 * Dumps only read.  A PTE is read only after its PDE was found present,
 * so no dump ever faults, backs a page or allocates; and they print with
 * kprintf, so tests capture them with console_capture_reset().
 *
 * "Backed" means a present PTE.  Counting them walks each range a page
 * at a time but skips 4 MB at once where a page table is missing, so a
 * 256 MB pool with a few pages touched costs a few thousand reads.
 */
#include "dump.h"

#include <stdarg.h>

#include "buddy_pool.h"
#include "cmdline.h"
#include "console.h"
#include "cont_frame_pool.h"
#include "frame_source.h"
#include "mmu.h"
#include "page_table.h"
#include "shm.h"
#include "utils.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

#define PAGES_PER_MB  (MB / PAGE_SIZE)
#define SIZE_TEXT     16
#define FLAGS_TEXT    96
#define WHERE_TEXT    160
#define NAME_TEXT     48
#define MAX_RUN_LINES 32ul
#define ADDRESS_SPACE (1ull << 32)

static const char *plural(unsigned long n) { return n == 1 ? "" : "s"; }

/* ---- where the walk prints: the console, or a buffer --------------- */

static struct {
    char *buf; /* NULL: the console */
    size_t size;
    size_t len; /* the whole text's length, even past size */
} text;

void dump_text_begin(char *buf, size_t size)
{
    if (!buf || !size)
        panic("dump_text_begin: no buffer");
    text.buf = buf, text.size = size, text.len = 0;
    buf[0] = '\0';
}

size_t dump_text_end(void)
{
    size_t n = text.len;
    text.buf = NULL;
    return n;
}

void dump_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!text.buf)
        kvprintf(fmt, ap);
    else if (text.len < text.size)
        text.len += (size_t)kvsnprintf(text.buf + text.len, text.size - text.len, fmt, ap);
    else
        text.len += (size_t)kvsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
}

/* ---- reading the loaded tables ----------------------------------------- */

static bool page_mapped(unsigned long va)
{
    return pte_is_present(*pde_for(va)) && pte_is_present(*pte_for(va));
}

/* Present pages in [start, end). */
static unsigned long count_backed(unsigned long start, unsigned long end)
{
    unsigned long n = 0;
    for (unsigned long va = start; va < end && va >= start; va = next_probe(va))
        n += page_mapped(va);
    return n;
}

static unsigned long count_present(volatile const pte_t *table)
{
    unsigned long n = 0;
    for (unsigned long i = 0; i < ENTRIES_PER_TABLE; i++)
        n += pte_is_present(table[i]);
    return n;
}

/* ---- the maps listing ---------------------------------------------------- */

struct maps {
    unsigned long cursor;  /* everything below has been listed */
    unsigned long regions; /* live regions listed */
    unsigned long backed;  /* pages backed in them */
    const struct vm_pool *pool;
};

/* "4K", "1020K", "256M": whole megabytes in M, the rest in K. */
static void format_size(char *buf, unsigned long pages)
{
    if (pages && pages % PAGES_PER_MB == 0)
        ksnprintf(buf, SIZE_TEXT, "%luM", pages / PAGES_PER_MB);
    else
        ksnprintf(buf, SIZE_TEXT, "%luK", PAGES_TO_KB(pages));
}

static void print_area(unsigned long start, unsigned long long end, unsigned long backed,
                       const char *name, const char *note)
{
    char size[SIZE_TEXT];
    unsigned long pages = (unsigned long)((end - start) >> PAGE_SHIFT);
    format_size(size, pages);
    kprintf("%08lx-%08llx %6s %6lu/%-6lu %s%s\n", start, end, size, backed, pages, name, note);
}

/* One line per run of mapped pages in [start, end), named `name`. */
static void print_mapped_runs(unsigned long start, unsigned long end, const char *name)
{
    unsigned long va = start, run = 0;
    bool in_run = false;
    while (va < end && va >= start) {
        bool mapped = page_mapped(va);
        if (mapped && !in_run)
            run = va, in_run = true;
        if (!mapped && in_run) {
            print_area(run, va, PAGE_NO(va - run), name, "");
            in_run = false;
        }
        va = next_probe(va);
    }
    if (in_run)
        print_area(run, end, PAGE_NO(end - run), name, "");
}

static void print_extent(void *arg, unsigned long start, unsigned long pages, bool live)
{
    struct maps *m = arg;
    unsigned long end = start + PAGE_ADDR(pages), backed;
    if (!live)
        return;
    backed = count_backed(start, end);
    print_area(start, end, backed, m->pool->name, "");
    m->regions++;
    m->backed += backed;
}

static void print_pool(void *arg, struct vm_pool *pool)
{
    struct maps *m = arg;
    unsigned long meta_end = pool->base + PAGE_ADDR(pool->meta_pages);
    print_mapped_runs(m->cursor, pool->base, "[no pool]");
    print_area(pool->base, meta_end, count_backed(pool->base, meta_end), pool->name,
               " [bookkeeping]");
    m->pool = pool;
    vm_pool_walk(pool, print_extent, m);
    m->cursor = pool->base + pool->size;
}

static void print_shm(void *arg, int id, unsigned long va, unsigned long pages, unsigned refs)
{
    char name[NAME_TEXT], note[NAME_TEXT];
    unsigned long end = va + PAGE_ADDR(pages);
    (void)arg;
    ksnprintf(name, sizeof(name), "shm %d", id);
    ksnprintf(note, sizeof(note), " [open in %u address space%s]", refs, plural(refs));
    print_area(va, end, count_backed(va, end), name, note);
}

void dump_vm(struct page_table *pt)
{
    struct maps m = {DIRECT_MAP_END, 0, 0, NULL};
    if (pt != current_page_table) {
        kprintf("maps: the address space in directory frame 0x%05lx is not loaded\n", pt->pd_frame);
        return;
    }
    kprintf("maps of the address space in directory frame 0x%05lx (%lu VM pool%s)\n", pt->pd_frame,
            pt->n_pools, plural(pt->n_pools));
    kprintf("%-17s %6s %13s %s\n", "start-end", "size", "backed/pages", "name");
    print_area(0, DIRECT_MAP_END, count_backed(0, DIRECT_MAP_END), "[shared kernel region]", "");
    vm_pool_for_each(pt, print_pool, &m); /* in address order */
    print_mapped_runs(m.cursor, VM_AREA_END, "[no pool]");
    shm_walk(pt, print_shm, NULL);
    print_area(SCRATCH_VADDR, PAGE_TABLES_VADDR, count_present(page_table_window(SCRATCH_PDX)),
               "[scratch window]", "");
    print_area(PAGE_TABLES_VADDR, ADDRESS_SPACE, count_present(page_dir()), "[recursive window]",
               "");
    kprintf("total: %lu live region%s in %lu VM pool%s, %lu page%s backed in them\n", m.regions,
            plural(m.regions), pt->n_pools, plural(pt->n_pools), m.backed, plural(m.backed));
}

/* ---- the walk of one address ---------------------------------------- */

static const struct {
    unsigned long bit;
    const char *set, *clear;
} flag_names[] = {
    {PTE_WRITABLE, "writable", "read-only"},
    {PTE_USER, "user", "supervisor"},
    {PTE_ACCESSED, "accessed", NULL},
    {PTE_DIRTY, "dirty", NULL},
    {PTE_SHARED, "shared", NULL},
    {PTE_COW, "copy-on-write", NULL},
};

/* "present writable supervisor accessed", "present read-only user
 * accessed dirty copy-on-write" (PTE_COW: fork shares the frame and
 * the first write makes it private), "not present", or for a
 * swapped-out entry (mmu.h) "not present: swapped, slot 17, user,
 * writable" (the rights it comes back with), or "not present: dropped,
 * never written (zeroes)" for PTE_SWAP_ZERO_SLOT. */
static void format_flags(pte_t e, char *buf, size_t size)
{
    size_t n = 0;
    if (pte_is_swapped(e)) {
        if (pte_swap_slot(e) == PTE_SWAP_ZERO_SLOT)
            n = (size_t)ksnprintf(buf, size, "not present: dropped, never written (zeroes)");
        else
            n = (size_t)ksnprintf(buf, size, "not present: swapped, slot %lu", pte_swap_slot(e));
        if (n < size && (e & PTE_USER))
            n += (size_t)ksnprintf(buf + n, size - n, ", user");
        if (n < size && (e & PTE_SWAP_WRITABLE))
            ksnprintf(buf + n, size - n, ", writable");
        return;
    }
    if (!pte_is_present(e)) {
        ksnprintf(buf, size, "not present");
        return;
    }
    n += (size_t)ksnprintf(buf, size, "present");
    for (size_t i = 0; i < ARRAY_SIZE(flag_names) && n < size; i++) {
        const char *word = (e & flag_names[i].bit) ? flag_names[i].set : flag_names[i].clear;
        if (word)
            n += (size_t)ksnprintf(buf + n, size - n, " %s", word);
    }
}

static void print_entry(const char *kind, unsigned long index, volatile const pte_t *at,
                        const char *points_to)
{
    pte_t e = *at;
    char flags[FLAGS_TEXT];
    format_flags(e, flags, sizeof(flags));
    if (pte_is_present(e))
        dump_say("  %s %lu at 0x%08lx = 0x%08lx -> %s 0x%05lx [%s]\n", kind, index,
                 (unsigned long)(uintptr_t)at, (unsigned long)e, points_to, pte_frame(e), flags);
    else
        dump_say("  %s %lu at 0x%08lx = 0x%08lx [%s]\n", kind, index, (unsigned long)(uintptr_t)at,
                 (unsigned long)e, flags);
}

/* Which part of the layout (mmu.h) va lies in, into buf. */
static void describe_place(struct page_table *pt, unsigned long va, char *buf, size_t size)
{
    struct vm_pool *pool = vm_pool_find(pt, va);
    if (pool)
        vm_pool_describe(pool, va, buf, size);
    else if (va < DIRECT_MAP_END)
        ksnprintf(buf, size, "0x%08lx is in the shared kernel region", va);
    else if (in_recursive_window(va))
        ksnprintf(buf, size, "0x%08lx is in the recursive window (page tables)", va);
    else if (in_scratch_window(va))
        ksnprintf(buf, size, "0x%08lx is in the scratch (kmap) window", va);
    else if (in_shm_area(va))
        ksnprintf(buf, size, "0x%08lx is in the shared-memory area", va);
    else
        ksnprintf(buf, size, "0x%08lx is in no VM pool", va);
}

void dump_page_table(struct page_table *pt, unsigned long va)
{
    char where[WHERE_TEXT];
    dump_say("walk of 0x%08lx in directory frame 0x%05lx: PDX %lu, PTX %lu, offset 0x%03lx\n", va,
             pt->pd_frame, PDX(va), PTX(va), PGOFF(va));
    if (pt != current_page_table) {
        dump_say("  not the loaded address space: its tables are not in the recursive window\n");
        return;
    }
    print_entry("PDE", PDX(va), pde_for(va), "page table in frame");
    if (pte_is_present(*pde_for(va))) {
        print_entry("PTE", PTX(va), pte_for(va), "frame");
        if (pte_is_present(*pte_for(va)))
            dump_say("  physical address 0x%08lx\n",
                     PAGE_ADDR(pte_frame(*pte_for(va))) | PGOFF(va));
    }
    if (pt->user)
        return; /* a process's regions are not VM pools: proc/pmaps.c names them */
    describe_place(pt, va, where, sizeof(where));
    dump_say("  %s\n", where);
}

/* ---- frame pools ------------------------------------------------------ */

enum run_kind { RUN_USED, RUN_FREE, RUN_INACCESSIBLE, RUN_KINDS };

static const char *const run_name[RUN_KINDS] = {"used", "free", "inaccessible"};
static const char map_char[RUN_KINDS] = {'#', '.', 'x'};
#define MAP_MIXED '+'

/* A pool seen as a row of frames, each used, free or inaccessible: all
 * the map and the run list need, from either allocator. */
struct frame_view {
    const void *pool;
    unsigned long base, n;
    enum run_kind (*kind)(const void *pool, unsigned long frame);
    bool (*is_head)(const void *pool, unsigned long frame); /* NULL: no sequences */
};

static enum run_kind cont_kind(const void *pool, unsigned long frame)
{
    switch (cont_frame_pool_state(pool, frame)) {
    case FRAME_FREE:
        return RUN_FREE;
    case FRAME_INACCESSIBLE:
        return RUN_INACCESSIBLE;
    default:
        return RUN_USED;
    }
}

static bool cont_head(const void *pool, unsigned long frame)
{
    return cont_frame_pool_state(pool, frame) == FRAME_HEAD;
}

static enum run_kind buddy_kind(const void *pool, unsigned long frame)
{
    switch (buddy_pool_state(pool, frame)) {
    case BUDDY_FRAME_FREE:
        return RUN_FREE;
    case BUDDY_FRAME_INACCESSIBLE:
        return RUN_INACCESSIBLE;
    default:
        return RUN_USED;
    }
}

/* Frames of each kind in the view, and heads of allocated sequences. */
static unsigned long count_kinds(const struct frame_view *v, unsigned long count[RUN_KINDS])
{
    unsigned long heads = 0;
    for (int k = 0; k < RUN_KINDS; k++)
        count[k] = 0;
    for (unsigned long f = v->base; f < v->base + v->n; f++) {
        count[v->kind(v->pool, f)]++;
        heads += v->is_head && v->is_head(v->pool, f);
    }
    return heads;
}

/* One character for frames [first, first + n): their kind, or mixed. */
static char map_cell(const struct frame_view *v, unsigned long first, unsigned long n)
{
    enum run_kind k = v->kind(v->pool, first);
    for (unsigned long f = first + 1; f < first + n; f++)
        if (v->kind(v->pool, f) != k)
            return MAP_MIXED;
    return map_char[k];
}

static void print_map(const struct frame_view *v)
{
    unsigned long per = (v->n + DUMP_MAP_WIDTH - 1) / DUMP_MAP_WIDTH;
    kprintf("  map, %lu frame%s a character (# used, . free, x inaccessible, + mixed):\n  ", per,
            plural(per));
    for (unsigned long i = 0; i < v->n; i += per)
        console_putc(map_cell(v, v->base + i, MIN(per, v->n - i)));
    console_putc('\n');
}

static void print_run(const struct frame_view *v, unsigned long first, unsigned long n,
                      enum run_kind k, unsigned long heads)
{
    kprintf("  0x%05lx-0x%05lx %6lu %s", first, first + n - 1, n, run_name[k]);
    if (k == RUN_USED && v->is_head)
        kprintf(" (%lu sequence%s)", heads, plural(heads));
    console_putc('\n');
}

/* The runs of frames of one kind; at most MAX_RUN_LINES lines. */
static void print_runs(const struct frame_view *v)
{
    unsigned long end = v->base + v->n, shown = 0, hidden = 0;
    for (unsigned long f = v->base; f < end;) {
        enum run_kind k = v->kind(v->pool, f);
        unsigned long g = f, heads = 0;
        for (; g < end && v->kind(v->pool, g) == k; g++)
            heads += v->is_head && v->is_head(v->pool, g);
        if (shown < MAX_RUN_LINES)
            print_run(v, f, g - f, k, heads), shown++;
        else
            hidden++;
        f = g;
    }
    if (hidden)
        kprintf("  ... %lu more runs\n", hidden);
}

static void dump_cont_pool(const struct cont_frame_pool *p)
{
    struct frame_view v = {p, p->base_frame_no, p->n_frames, cont_kind, cont_head};
    unsigned long count[RUN_KINDS], heads = count_kinds(&v, count);
    kprintf("frame pool %s: frames 0x%05lx-0x%05lx (%lu): %lu used in %lu sequence%s, %lu free, "
            "%lu inaccessible\n",
            p->name, v.base, v.base + v.n - 1, v.n, count[RUN_USED], heads, plural(heads),
            count[RUN_FREE], count[RUN_INACCESSIBLE]);
    print_map(&v);
    print_runs(&v);
}

void dump_buddy_pool(const struct buddy_pool *p)
{
    struct frame_view v = {p, p->base_frame_no, p->n_frames, buddy_kind, NULL};
    unsigned long count[RUN_KINDS];
    count_kinds(&v, count);
    kprintf("buddy pool %s: frames 0x%05lx-0x%05lx (%lu): %lu used, %lu free, %lu inaccessible; "
            "largest free block %lu frames\n",
            p->name, v.base, v.base + v.n - 1, v.n, count[RUN_USED], count[RUN_FREE],
            count[RUN_INACCESSIBLE], buddy_pool_largest_free_block(p));
    kprintf("  free blocks by order:");
    for (unsigned k = 0; k < BUDDY_ORDERS; k++)
        kprintf(" %u:%lu", k, buddy_pool_free_blocks(p, k));
    console_putc('\n');
    print_map(&v);
    print_runs(&v);
}

/* The initialised pool with the lowest base above `after` (NULL: any). */
static const struct cont_frame_pool *next_by_base(const struct cont_frame_pool *after)
{
    const struct cont_frame_pool *best = NULL;
    for (const struct cont_frame_pool *p = cont_frame_pool_first(); p; p = p->next)
        if ((!after || p->base_frame_no > after->base_frame_no) &&
            (!best || p->base_frame_no < best->base_frame_no))
            best = p;
    return best;
}

static bool source_is_known(const struct frame_source *src)
{
    if (src->impl == &process_buddy_pool)
        return true;
    for (const struct cont_frame_pool *p = cont_frame_pool_first(); p; p = p->next)
        if (src->impl == p)
            return true;
    return false;
}

void dump_frame_pool(void)
{
    const struct frame_source *src = page_table_frames();
    for (const struct cont_frame_pool *p = next_by_base(NULL); p; p = next_by_base(p))
        dump_cont_pool(p);
    if (process_buddy_pool.n_frames)
        dump_buddy_pool(&process_buddy_pool);
    if (src && !source_is_known(src))
        kprintf("frame source %s: %lu frames free (paging takes its frames from here)\n", src->name,
                src->free_count(src->impl));
}

/* ---- the boot words ---------------------------------------------------- */

void dump_on_request(void)
{
    const unsigned long *walk;
    unsigned walks = word_walks(&walk); /* walk=ADDR or walk=ADDR,ADDR,... */
    if (word_on(WORD_INIT))
        walks = 0; /* a program ran: each process walked these as it exited (proc/pmaps.h) */
    for (unsigned i = 0; i < walks; i++)
        dump_page_table(current_page_table, walk[i]);
    if (word_on(WORD_DUMP)) {
        dump_vm(current_page_table);
        dump_frame_pool();
    }
    dump_checkpoint();
}

__attribute__((noinline, used)) void dump_checkpoint(void) { compiler_barrier(); }
