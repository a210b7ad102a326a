/*
 * dump_test.c - the dumps of dump.h: the maps listing, the page walk and
 * the frame-pool map.
 *
 * How the tests check output: each captures what one dump prints
 * (console_capture_reset / console_captured), finds the line for the
 * thing it set up by that line's start (an address range, "PDE", ...)
 * and checks the fields it knows from its own actions: pages it touched,
 * frames the page tables hold, counts the pools report through their
 * own interfaces.  No expected number is written down; each comes from
 * the state the test built.
 *
 * dumps_agree_on_a_backed_page is also the fixture of
 * tests/scripts/gdb_commands.sh: it ends in dump_checkpoint(), where gdb
 * stops to print the same listings from outside the kernel.
 */
#include "boot.h"
#include "buddy_pool.h"
#include "cmdline.h"
#include "cont_frame_pool.h"
#include "dump.h"
#include "fixtures.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "scenarios.h"
#include "shm.h"
#include "vm_pool_registry.h"

#define POOL_BASE   (256 * MB) /* the test pool's place in the VM area */
#define POOL_SIZE   (4 * MB)
#define UNUSED_VA   (2048 * MB) /* no pool, no page table there */
#define SHM_TEST_ID 42
#define LINE_MAX    200
#define TEXT_MAX    96
#define MARK        0x5Au
#define MARK_OFFSET 0x123ul

static struct vm_pool pool;
/* The address dumps_agree_on_a_backed_page walks, for gdb to walk too. */
volatile unsigned long dump_test_walked_va;
static char line[LINE_MAX], want[TEXT_MAX];

static void touch(unsigned long va) { *(volatile unsigned char *)(uintptr_t)va = MARK; }

/* Copy the first captured line that starts with `prefix` into line[];
 * false when there is none. */
static bool find_line(const char *prefix)
{
    size_t plen = strlen(prefix);
    for (const char *s = console_captured(); *s;) {
        const char *end = s;
        while (*end && *end != '\n')
            end++;
        if ((size_t)(end - s) >= plen && strncmp(s, prefix, plen) == 0) {
            size_t n = MIN((size_t)(end - s), sizeof(line) - 1);
            memcpy(line, s, n);
            line[n] = '\0';
            return true;
        }
        s = *end ? end + 1 : end;
    }
    return false;
}

/* The maps line for [start, end). */
static bool find_area(unsigned long start, unsigned long end)
{
    char prefix[TEXT_MAX];
    ksnprintf(prefix, sizeof(prefix), "%08lx-%08lx ", start, end);
    return find_line(prefix);
}

/* Does line[] hold " BACKED/PAGES " (the maps listing's counts)? */
static bool line_has_counts(unsigned long backed, unsigned long pages)
{
    ksnprintf(want, sizeof(want), " %lu/%lu ", backed, pages);
    return strstr(line, want) != NULL;
}

static bool captured_has(const char *text) { return strstr(console_captured(), text) != NULL; }

/* ---- dump_vm ------------------------------------------------------------ */

KTEST(dump_vm_lists_each_live_region_with_backed_pages)
{
    unsigned long a, b, c;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "dump_pool");
    current_pool = &pool;
    a = (unsigned long)(uintptr_t)vm_alloc(3 * PAGE_SIZE);
    b = (unsigned long)(uintptr_t)vm_alloc(2 * PAGE_SIZE);
    c = (unsigned long)(uintptr_t)vm_alloc(5 * PAGE_SIZE);
    touch(a), touch(a + 2 * PAGE_SIZE), touch(c + 4 * PAGE_SIZE);
    vm_free((void *)(uintptr_t)b);
    console_capture_reset();
    dump_vm(current_page_table);
    KEXPECT(find_area(a, a + 3 * PAGE_SIZE));
    KEXPECT(line_has_counts(2, 3));
    KEXPECT(strstr(line, "dump_pool") != NULL);
    KEXPECT(!find_area(b, b + 2 * PAGE_SIZE));
    KEXPECT(find_area(c, c + 5 * PAGE_SIZE));
    KEXPECT(line_has_counts(1, 5));
    KEXPECT(find_line("total: 2 live regions in 1 VM pool, 3 pages backed in them"));
}

/* Pages of [start, end) that page_table_lookup finds mapped. */
static unsigned long mapped_pages(unsigned long start, unsigned long end)
{
    unsigned long n = 0;
    for (unsigned long va = start; va < end; va += PAGE_SIZE)
        n += pte_is_present(page_table_lookup(va));
    return n;
}

KTEST(dump_vm_shows_pool_bookkeeping_pages)
{
    unsigned long used;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "dump_pool");
    current_pool = &pool;
    touch((unsigned long)(uintptr_t)vm_alloc(PAGE_SIZE));
    used = mapped_pages(pool.base, pool.base + PAGE_ADDR(pool.meta_pages));
    KEXPECT(used >= 1); /* allocate wrote its bookkeeping */
    console_capture_reset();
    dump_vm(current_page_table);
    KEXPECT(find_area(pool.base, pool.base + PAGE_ADDR(pool.meta_pages)));
    KEXPECT(line_has_counts(used, pool.meta_pages));
    KEXPECT(strstr(line, "dump_pool [bookkeeping]") != NULL);
}

KTEST(dump_vm_lists_pages_mapped_outside_any_pool)
{
    unsigned long start = DIRECT_MAP_END;
    for (unsigned long i = 0; i < 3; i++) /* no pool: every address is legitimate */
        touch(start + PAGE_ADDR(i));
    console_capture_reset();
    dump_vm(current_page_table);
    KEXPECT(find_area(start, start + PAGE_ADDR(3)));
    KEXPECT(line_has_counts(3, 3));
    KEXPECT(strstr(line, "[no pool]") != NULL);
}

KTEST(dump_vm_counts_the_shared_region_from_its_page_table)
{
    unsigned long end = DIRECT_MAP_END, mapped = mapped_pages(0, end);
    console_capture_reset();
    dump_vm(current_page_table);
    KEXPECT(find_area(0, end));
    KEXPECT(line_has_counts(mapped, PAGE_NO(end)));
    KEXPECT(strstr(line, "[shared kernel region]") != NULL);
}

/* The backed count of the recursive window's line (one per page table). */
static unsigned long window_count(void)
{
    const char *slash;
    console_capture_reset();
    dump_vm(current_page_table);
    if (!find_line("ffc00000-100000000 ") || !(slash = strstr(line, "/")))
        return 0;
    while (slash > line && slash[-1] != ' ')
        slash--;
    return parse_ulong(slash, NULL);
}

KTEST(dump_vm_counts_one_more_page_table_after_a_fault_in_a_new_4mb)
{
    unsigned long before = window_count();
    KASSERT(!pte_is_present(*pde_for(UNUSED_VA)));
    touch(UNUSED_VA);
    KEXPECT(before > 0);
    KEXPECT_EQ(window_count(), before + 1);
    KEXPECT(strstr(line, "[recursive window]") != NULL);
}

KTEST(dump_vm_lists_shared_memory_mappings)
{
    unsigned long va = (unsigned long)(uintptr_t)shm_open(SHM_TEST_ID, 3 * PAGE_SIZE);
    KASSERT(va != 0);
    console_capture_reset();
    dump_vm(current_page_table);
    ksnprintf(want, sizeof(want), "shm %d [open in 1 address space]", SHM_TEST_ID);
    KEXPECT(find_area(va, va + PAGE_ADDR(3)));
    KEXPECT(line_has_counts(3, 3));
    KEXPECT(strstr(line, want) != NULL);
    KEXPECT_EQ(shm_close(SHM_TEST_ID), E_OK);
}

KTEST(dump_vm_refuses_an_address_space_that_is_not_loaded)
{
    static struct page_table other;
    page_table_init(&other);
    console_capture_reset();
    dump_vm(&other);
    KEXPECT(captured_has("is not loaded"));
    KEXPECT(!captured_has("start-end"));
    page_table_destroy(&other);
}

/* ---- dump_page_table ---------------------------------------------------- */

KTEST(dump_page_table_decodes_pde_pte_and_physical_address)
{
    unsigned long va, frame;
    unsigned char *seen;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "dump_pool");
    current_pool = &pool;
    va = (unsigned long)(uintptr_t)vm_alloc(2 * PAGE_SIZE) + PAGE_SIZE + MARK_OFFSET;
    touch(va);
    console_capture_reset();
    dump_page_table(current_page_table, va);
    ksnprintf(want, sizeof(want), "  PDE %lu at 0x%08lx = 0x%08lx -> page table in frame", PDX(va),
              (unsigned long)(uintptr_t)pde_for(va), (unsigned long)*pde_for(va));
    KEXPECT(find_line(want) && strstr(line, "[present writable supervisor"));
    frame = pte_frame(page_table_lookup(va));
    ksnprintf(want, sizeof(want), "  PTE %lu at 0x%08lx = 0x%08lx -> frame 0x%05lx", PTX(va),
              (unsigned long)(uintptr_t)pte_for(va), (unsigned long)*pte_for(va), frame);
    KEXPECT(find_line(want) && strstr(line, "accessed dirty]"));
    ksnprintf(want, sizeof(want), "  physical address 0x%08lx", PAGE_ADDR(frame) | PGOFF(va));
    KEXPECT(find_line(want));
    KEXPECT(captured_has("in dump_pool"));
    seen = kmap(frame); /* the byte really is at that physical address */
    KEXPECT_EQ(seen[PGOFF(va)], MARK);
    kunmap(seen);
}

KTEST(dump_page_table_stops_at_a_missing_page_table)
{
    KASSERT(!pte_is_present(*pde_for(UNUSED_VA)));
    console_capture_reset();
    dump_page_table(current_page_table, UNUSED_VA);
    KEXPECT(find_line("  PDE ") && strstr(line, "[not present]"));
    KEXPECT(!find_line("  PTE "));
    KEXPECT(!find_line("  physical address"));
    KEXPECT(captured_has("is in no VM pool"));
}

KTEST(dump_page_table_shows_kernel_text_read_only_and_identity_mapped)
{
    unsigned long va = (unsigned long)(uintptr_t)dump_page_table;
    console_capture_reset();
    dump_page_table(current_page_table, va);
    KEXPECT(find_line("  PTE ") && strstr(line, "[present read-only supervisor"));
    ksnprintf(want, sizeof(want), "  physical address 0x%08lx", va);
    KEXPECT(find_line(want));
    KEXPECT(captured_has("in the shared kernel region"));
}

KTEST(dump_page_table_follows_the_self_map_to_the_directory)
{
    unsigned long pd = current_page_table->pd_frame;
    console_capture_reset();
    dump_page_table(current_page_table, PAGE_DIR_VADDR);
    ksnprintf(want, sizeof(want), "-> page table in frame 0x%05lx ", pd);
    KEXPECT(find_line("  PDE ") && strstr(line, want));
    ksnprintf(want, sizeof(want), "-> frame 0x%05lx ", pd);
    KEXPECT(find_line("  PTE ") && strstr(line, want));
    ksnprintf(want, sizeof(want), "  physical address 0x%08lx", PAGE_ADDR(pd));
    KEXPECT(find_line(want));
}

/* ---- dump_frame_pool ----------------------------------------------------- */

#define TEST_FRAMES 64ul
#define GAP_START   10ul
#define GAP_FRAMES  4ul

/* A pool of TEST_FRAMES frames just past the end of RAM: its bitmaps are
 * kernel frames, and the frames themselves are never touched. */
static unsigned long test_pool_setup(struct cont_frame_pool *p)
{
    unsigned long info = cont_frame_pool_get_frames(
        &kernel_mem_pool, cont_frame_pool_needed_info_frames(TEST_FRAMES));
    if (!info)
        return 0;
    p->name = "dump_test_pool";
    cont_frame_pool_init(p, process_mem_pool.base_frame_no + process_mem_pool.n_frames, TEST_FRAMES,
                         info);
    return info;
}

/* Does the captured dump have the run [first, first + n) of `what`? */
static bool has_run(unsigned long first, unsigned long n, const char *what)
{
    ksnprintf(want, sizeof(want), "  0x%05lx-0x%05lx ", first, first + n - 1);
    if (!find_line(want))
        return false;
    ksnprintf(want, sizeof(want), " %lu %s", n, what);
    return strstr(line, want) != NULL;
}

KTEST(dump_frame_pool_lists_runs_of_each_state)
{
    static struct cont_frame_pool p;
    unsigned long info = test_pool_setup(&p), base = p.base_frame_no, used;
    KASSERT(info != 0);
    KEXPECT_EQ(cont_frame_pool_get_frames(&p, 2), base);
    KEXPECT_EQ(cont_frame_pool_get_frames(&p, 3), base + 2);
    KEXPECT_EQ(cont_frame_pool_mark_inaccessible(&p, base + GAP_START, GAP_FRAMES), E_OK);
    used = 5;
    console_capture_reset();
    dump_frame_pool();
    KEXPECT(has_run(base, used, "used (2 sequences)"));
    KEXPECT(has_run(base + used, GAP_START - used, "free"));
    KEXPECT(has_run(base + GAP_START, GAP_FRAMES, "inaccessible"));
    KEXPECT(has_run(base + GAP_START + GAP_FRAMES, TEST_FRAMES - GAP_START - GAP_FRAMES, "free"));
    ksnprintf(want, sizeof(want), "frame pool dump_test_pool: frames 0x%05lx-0x%05lx (%lu): ", base,
              base + TEST_FRAMES - 1, TEST_FRAMES);
    KEXPECT(find_line(want));
    cont_frame_pool_forget(&p);
    KEXPECT_EQ(cont_frame_pool_release_frames(info), E_OK);
}

KTEST(dump_frame_pool_headers_agree_with_free_counts)
{
    const struct cont_frame_pool *pools[] = {&kernel_mem_pool, &process_mem_pool};
    console_capture_reset();
    dump_frame_pool();
    for (size_t i = 0; i < ARRAY_SIZE(pools); i++) {
        ksnprintf(want, sizeof(want), "frame pool %s: ", pools[i]->name);
        KEXPECT(find_line(want));
        ksnprintf(want, sizeof(want), ", %lu free, ", cont_frame_pool_free_count(pools[i]));
        KEXPECT(strstr(line, want) != NULL);
    }
}

#define MAP_LEAD "mixed):\n  " /* what comes just before a pool's map */

/* The map character for process-pool frame `frame`, or 0. */
static char map_char_for(unsigned long frame)
{
    unsigned long per = (process_mem_pool.n_frames + DUMP_MAP_WIDTH - 1) / DUMP_MAP_WIDTH, cell;
    const char *map;
    if (!find_line("frame pool process_mem_pool:"))
        return 0;
    map = strstr(strstr(console_captured(), line), MAP_LEAD);
    if (!map)
        return 0;
    cell = (frame - process_mem_pool.base_frame_no) / per;
    return map[strlen(MAP_LEAD) + cell];
}

KTEST(dump_frame_pool_map_marks_the_memory_hole_inaccessible)
{
    unsigned long per = (process_mem_pool.n_frames + DUMP_MAP_WIDTH - 1) / DUMP_MAP_WIDTH;
    unsigned long first = PAGE_NO(MEMORY_HOLE_START) - process_mem_pool.base_frame_no;
    unsigned long cell_start = (first + per - 1) / per * per; /* first cell inside the hole */
    KASSERT(cell_start + per <= first + PAGE_NO(MEMORY_HOLE_SIZE));
    console_capture_reset();
    dump_frame_pool();
    KEXPECT_EQ(map_char_for(process_mem_pool.base_frame_no + cell_start), 'x');
    KEXPECT(has_run(PAGE_NO(MEMORY_HOLE_START), PAGE_NO(MEMORY_HOLE_SIZE), "inaccessible"));
}

KTEST(dump_buddy_pool_lists_free_blocks_by_order_and_runs)
{
    static struct buddy_pool p;
    unsigned long base = process_mem_pool.base_frame_no + process_mem_pool.n_frames;
    unsigned long info = cont_frame_pool_get_frames(
        &kernel_mem_pool, buddy_pool_needed_info_frames(base, TEST_FRAMES));
    unsigned long one, four;
    KASSERT(info != 0);
    p.name = "dump_test_buddy";
    buddy_pool_init(&p, base, TEST_FRAMES, info);
    one = buddy_pool_alloc_pages(&p, 1);
    four = buddy_pool_alloc_pages(&p, 4);
    KASSERT(one && four > base && four + 4 < base + TEST_FRAMES);
    KASSERT(buddy_pool_state(&p, four - 1) == BUDDY_FRAME_FREE);
    KASSERT(buddy_pool_state(&p, four + 4) == BUDDY_FRAME_FREE);
    console_capture_reset();
    dump_buddy_pool(&p);
    KEXPECT(has_run(four, 4, "used"));
    ksnprintf(want, sizeof(want), ", %lu free, ", buddy_pool_free_count(&p));
    KEXPECT(find_line("buddy pool dump_test_buddy: ") && strstr(line, want));
    KASSERT(find_line("  free blocks by order:"));
    for (unsigned k = 0; k < BUDDY_ORDERS; k++) {
        ksnprintf(want, sizeof(want), " %u:%lu", k, buddy_pool_free_blocks(&p, k));
        KEXPECT(strstr(line, want) != NULL);
    }
    KEXPECT_EQ(cont_frame_pool_release_frames(info), E_OK);
}

/* ---- the boot words, and the three dumps together ---------------------- */

static void append_word(const char *word)
{
    size_t n = strlen(boot_info.cmdline);
    ksnprintf(boot_info.cmdline + n, sizeof(boot_info.cmdline) - n, " %s", word);
    cmdline_boot(); /* the words are read once: read them again */
}

KTEST(dump_words_print_the_walks_maps_and_frame_pools)
{
    char walk[TEXT_MAX];
    ksnprintf(walk, sizeof(walk), "walk=0x%lx,0x%lx", PAGE_DIR_VADDR, PAGE_TABLES_VADDR);
    append_word("dump");
    append_word(walk);
    console_capture_reset();
    dump_on_request();
    ksnprintf(want, sizeof(want), "walk of 0x%08lx ", PAGE_DIR_VADDR);
    KEXPECT(captured_has(want));
    ksnprintf(want, sizeof(want), "walk of 0x%08lx ", PAGE_TABLES_VADDR);
    KEXPECT(captured_has(want));
    KEXPECT(captured_has("maps of the address space in directory frame"));
    KEXPECT(captured_has("frame pool kernel_mem_pool: "));
    KEXPECT(captured_has("frame pool process_mem_pool: "));
}

/* Is `frame` inside a "used" run of the captured frame-pool dump? */
static bool frame_in_used_run(unsigned long frame)
{
    for (const char *s = console_captured(); (s = strstr(s, "\n  0x")) != NULL; s++) {
        const char *p;
        unsigned long first = parse_ulong(s + 3, &p), last = parse_ulong(p + 1, &p);
        if (frame < first || frame > last)
            continue;
        while (*p == ' ')
            p++;
        parse_ulong(p, &p); /* the run's length */
        return strncmp(p, " used", 5) == 0;
    }
    return false;
}

KTEST(dumps_agree_on_a_backed_page)
{
    const char *phys = "  physical address ";
    unsigned long va, frame;
    fixture_pool_init(&pool, POOL_BASE, POOL_SIZE, "dump_pool");
    current_pool = &pool;
    va = (unsigned long)(uintptr_t)vm_alloc(PAGE_SIZE) + MARK_OFFSET;
    touch(va);
    dump_test_walked_va = va;
    KASSERT(shm_open(SHM_TEST_ID, 2 * PAGE_SIZE) != NULL); /* for gdb's vmmap to list */
    console_capture_reset();
    dump_vm(current_page_table);
    KEXPECT(find_area(PAGE_ROUND_DOWN(va), PAGE_ROUND_DOWN(va) + PAGE_SIZE));
    KEXPECT(line_has_counts(1, 1));
    dump_page_table(current_page_table, va);
    KASSERT(find_line(phys));
    frame = PAGE_NO(parse_ulong(line + strlen(phys), NULL));
    dump_frame_pool();
    KEXPECT(frame_in_used_run(frame));
    dump_checkpoint(); /* tests/scripts/gdb_commands.sh looks from here */
    KEXPECT_EQ(shm_close(SHM_TEST_ID), E_OK);
    vm_free((void *)(uintptr_t)PAGE_ROUND_DOWN(va));
    fixture_pool_teardown(&pool);
}
