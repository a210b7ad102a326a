/*
 * pmaps.c - a process's maps, walks and fault counts as text (pmaps.h
 * says why it is a module of its own).
 *
 * Counting a region reads each page's entry through the recursive
 * window, skipping 4 MB at once where a page table is missing, so the
 * 1 GB petmem pool with a few pages touched costs a few hundred reads.
 * A present entry is "shared" when its frame has more than one mapping
 * (frame_ref_count: after a copy-on-write fork, text and untouched
 * data) or is a shm segment's (PTE_SHARED).
 */
#include "pmaps.h"

#include "cmdline.h"
#include "console.h"
#include "dump.h"
#include "frame_ref.h"
#include "page_table.h"
#include "shm.h"
#include "utils.h"
#include "uvm.h"

#define KIND_TEXT 16
#define WALKS_MAX 8

static const char *const kind_names[FAULT_KINDS] = {
    [FAULT_KIND_NONE] = "none",         [FAULT_KIND_DEMAND_ZERO] = "demand-zero",
    [FAULT_KIND_COW_COPY] = "cow-copy", [FAULT_KIND_COW_REUSE] = "cow-reuse",
    [FAULT_KIND_SWAP_IN] = "swap-in",   [FAULT_KIND_SHM] = "shm",
    [FAULT_KIND_PETMEM] = "petmem",
};

static struct {
    bool maps, faults;
    unsigned walks;
    unsigned long walk[WALKS_MAX];
} at_exit;

static char text[PMAPS_TEXT_MAX]; /* the kernel is not preemptible: one user at a time */

/* ---- the maps ------------------------------------------------------- */

struct page_counts {
    unsigned long backed, cow, shared, swapped;
};

static void count_entry(pte_t e, struct page_counts *c)
{
    if (!pte_is_present(e)) {
        c->swapped += pte_is_swapped(e) != 0;
        return;
    }
    c->backed++;
    c->cow += (e & PTE_COW) != 0;
    c->shared += (e & PTE_SHARED) || frame_ref_count(pte_frame(e)) > 1;
}

/* The entries of [start, end) in the loaded space. */
static void count_pages(unsigned long start, unsigned long end, struct page_counts *c)
{
    for (unsigned long va = start; va < end && va >= start; va = next_probe(va))
        if (pte_is_present(*pde_for(va)))
            count_entry(*pte_for(va), c);
}

static void region_line(unsigned long start, unsigned long end, const char *kind)
{
    struct page_counts c = {0, 0, 0, 0};
    count_pages(start, end, &c);
    dump_say("%08lx-%08lx %-12s %7lu %6lu %6lu %6lu %7lu\n", start, end, kind, PAGE_NO(end - start),
             c.backed, c.cow, c.shared, c.swapped);
}

static void shm_line(void *arg, int id, unsigned long va, unsigned long pages, unsigned refs)
{
    char kind[KIND_TEXT];
    (void)arg, (void)refs;
    ksnprintf(kind, sizeof(kind), "shm %d", id);
    region_line(va, va + PAGE_ADDR(pages), kind);
}

void pmaps_print(const struct pmaps_who *w)
{
    const struct uvm *u = w->pt->user;
    if (w->pt != current_page_table) {
        dump_say("maps of pid %d: its address space is not loaded\n", w->pid);
        return;
    }
    dump_say("maps of pid %d (%s):\n", w->pid, w->name);
    dump_say("%-17s %-12s %7s %6s %6s %6s %7s\n", "start-end", "kind", "pages", "backed", "cow",
             "shared", "swapped");
    region_line(u->image_start, u->image_end, "text/data");
    if (PAGE_ROUND_UP(u->brk) > u->image_end)
        region_line(u->image_end, PAGE_ROUND_UP(u->brk), "heap");
    if (u->petmem_on)
        region_line(PETMEM_BASE, PETMEM_END, "petmem");
    region_line(USER_STACK_MIN, USER_STACK_TOP, "stack");
    shm_walk(w->pt, shm_line, NULL);
}

void pmaps_print_faults(const struct pmaps_who *w)
{
    dump_say("faults of pid %d (%s):", w->pid, w->name);
    for (int k = FAULT_KIND_DEMAND_ZERO; k < FAULT_KINDS; k++)
        dump_say("%s %s %lu", k == FAULT_KIND_DEMAND_ZERO ? "" : ",", kind_names[k],
                 w->pt->user->faults[k]);
    dump_say("\n");
}

/* ---- the system calls' halves ---------------------------------------- */

/* Copy the text (len characters, possibly cut at PMAPS_TEXT_MAX - 1) to
 * ubuf: at most n - 1 characters and a NUL. */
static int copyout_text(size_t len, unsigned long ubuf, int n)
{
    size_t k = MIN(MIN(len, sizeof(text) - 1), (size_t)n - 1);
    text[k] = '\0';
    if (uvm_copyout(ubuf, text, k + 1) < 0)
        return -1;
    return (int)len;
}

int pmaps_copyout_maps(const struct pmaps_who *w, unsigned long ubuf, int n)
{
    if (n < 1)
        return -1;
    dump_text_begin(text, sizeof(text));
    pmaps_print(w);
    return copyout_text(dump_text_end(), ubuf, n);
}

/* dump_page_table of va in the (loaded) space of w, and its region. */
static void walk(const struct pmaps_who *w, unsigned long va)
{
    dump_page_table(w->pt, va);
    if (w->pt == current_page_table)
        dump_say("  region: %s\n", uvm_region_name(uvm_region_of(w->pt->user, va)));
}

int pmaps_copyout_walk(const struct pmaps_who *w, unsigned long va, unsigned long ubuf, int n)
{
    if (n < 1)
        return -1;
    dump_text_begin(text, sizeof(text));
    walk(w, va);
    return copyout_text(dump_text_end(), ubuf, n);
}

int pmaps_copyout_faults(const struct pmaps_who *w, unsigned long ucounts)
{
    const unsigned long *counts = w->pt->user->faults + FAULT_KIND_DEMAND_ZERO;
    return uvm_copyout(ucounts, counts, (FAULT_KINDS - 1) * sizeof(*counts));
}

/* ---- the boot words -------------------------------------------------- */

void pmaps_boot(void)
{
    const unsigned long *addrs;
    unsigned walks = word_walks(&addrs); /* walk=ADDR or walk=ADDR,ADDR,... */
    at_exit.maps = word_on(WORD_EXITMAPS) || word_on(WORD_DUMP);
    at_exit.faults = word_on(WORD_EXITFAULTS);
    for (at_exit.walks = 0; at_exit.walks < MIN(walks, WALKS_MAX); at_exit.walks++)
        at_exit.walk[at_exit.walks] = addrs[at_exit.walks];
}

bool pmaps_at_exit(const struct pmaps_who *w, int status)
{
    if (at_exit.maps) {
        kprintf("proc: pid %d (%s) exits with status %d\n", w->pid, w->name, status);
        pmaps_print(w);
    }
    for (unsigned i = 0; i < at_exit.walks; i++)
        walk(w, at_exit.walk[i]);
    if (at_exit.faults)
        pmaps_print_faults(w);
    return at_exit.maps;
}
