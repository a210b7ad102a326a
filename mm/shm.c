/*
 * shm.c - shared-memory segments (xv6-style shm_open / shm_close).
 *
 * Why it is built this way:
 *
 * The segment table is a fixed array of SHM_MAX_SEGMENTS entries in the
 * kernel's static memory: one per live id, holding its size in pages,
 * its reference count (address spaces that have it open) and its frame
 * list.  The frame list -- frames[i] backs page i -- sits in contiguous
 * frames of kernel_mem_pool, which every address space direct-maps, so
 * the kernel reads it from any address space, with interrupts off, and
 * without a kmap.  The data frames themselves come from the paging frame
 * source (page_table_frames()), are zeroed through kmap() when the
 * segment is created, and go back there only when the reference count
 * drops to zero.
 *
 * Where each address space mapped each segment is kept here too, in a
 * table of mappings (address space, segment slot, address), so paging
 * knows nothing of shared memory: struct page_table holds no shm state,
 * and page_table_destroy reaches shm_release_address_space through the
 * destroy hook shm_init registers.  The table has SHM_MAX_MAPPINGS
 * entries; every lookup scans it (at most a few hundred compares, on
 * open, close, teardown and the rare shm fault, never on a hot path).
 * Placement is first fit in [SHM_BASE, SHM_END) of that address space,
 * with SHM_GUARD_PAGES unmapped pages after each segment so running off
 * its end faults instead of reaching the next segment; a segment can
 * therefore sit at different addresses in different address spaces.
 *
 * Every page of a segment is mapped eagerly at open with PTE_SHARED,
 * which tells page_table_free_page and page_table_destroy that the frame
 * is not theirs to free.  If free_page drops such a PTE anyway, the
 * fault handler (shm_handle_fault) maps the segment's own frame again,
 * so a shared page is never replaced by a fresh zero page.  Any other
 * fault in the shm area is illegitimate.
 *
 * Interrupt safety: there is one CPU, so "safe when interrupts arrive"
 * means no interrupt handler can observe a half-done update.  Every
 * access to the segment table, to the mapping table and to the
 * shm area's PTEs happens with interrupts disabled: shm_try_open,
 * shm_close, shm_release_address_space and each step of shm_walk wrap
 * their whole operation in irq_save()/irq_restore(), and the fault
 * handler runs through an interrupt gate (IF already clear).  An open
 * therefore takes effect all at once -- segment created, frames zeroed,
 * pages mapped, reference counted -- or, on failure, not at all.  The
 * shm state itself never faults (static memory, direct-mapped kernel-
 * pool frames, the kmap window and the recursive window), so the fault
 * handler never finds it half-updated; a fault on the caller's own
 * memory (a lazily backed struct page_table or *addr) is served by the
 * VM-pool path, which does not touch shm state.
 */
#include "shm.h"

#include "cont_frame_pool.h"
#include "frame_source.h"
#include "mmu.h"
#include "page_table.h"
#include "utils.h"

#define SHM_AREA_PAGES PAGE_NO(SHM_END - SHM_BASE)
#define SHM_MAX_PAGES  (SHM_AREA_PAGES - SHM_GUARD_PAGES)     /* the largest segment */
#define SHM_PTE_FLAGS  (PTE_WRITABLE | PTE_USER | PTE_SHARED) /* processes map them too */

struct shm_segment {
    bool used;
    int id;
    unsigned long pages;      /* size in whole pages */
    unsigned refs;            /* address spaces that have it mapped */
    unsigned long list_frame; /* first kernel-pool frame of the frame list */
    unsigned long *frames;    /* frames[i] backs page i (direct-mapped) */
};

static struct shm_segment segments[SHM_MAX_SEGMENTS];

/* Segment slot `slot` is mapped at `va` in address space `pt` (NULL: a
 * free entry). */
struct shm_mapping {
    const struct page_table *pt;
    int slot;
    unsigned long va;
};

static struct shm_mapping mappings[SHM_MAX_MAPPINGS];

/* ---- the mapping table ---------------------------------------------- */

/* The entry for segment slot s in pt, or NULL when pt has not mapped it. */
static struct shm_mapping *mapping_of(const struct page_table *pt, int s)
{
    for (int i = 0; i < SHM_MAX_MAPPINGS; i++)
        if (mappings[i].pt == pt && mappings[i].slot == s)
            return &mappings[i];
    return NULL;
}

/* A free entry, or NULL when all SHM_MAX_MAPPINGS are in use. */
static struct shm_mapping *free_mapping(void) { return mapping_of(NULL, 0); }

/* Where segment slot s is mapped in pt, or 0 when it is not. */
static unsigned long mapped_va(const struct page_table *pt, int s)
{
    const struct shm_mapping *m = mapping_of(pt, s);
    return m ? m->va : 0;
}

static void forget_mapping(struct shm_mapping *m)
{
    m->pt = NULL;
    m->slot = 0;
    m->va = 0;
}

/* ---- the segment table ----------------------------------------------- */

static int find_segment(int id)
{
    for (int s = 0; s < SHM_MAX_SEGMENTS; s++)
        if (segments[s].used && segments[s].id == id)
            return s;
    return -1;
}

static int free_slot(void)
{
    for (int s = 0; s < SHM_MAX_SEGMENTS; s++)
        if (!segments[s].used)
            return s;
    return -1;
}

/* Kernel-pool frames that hold a frame list for `pages` pages. */
static unsigned long list_frames_for(unsigned long pages)
{
    return PAGES_FOR(pages * sizeof(unsigned long));
}

/* Give back the first n data frames and the frame list, and empty the slot. */
static void free_segment(struct shm_segment *seg, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        frame_source_must_put(page_table_frames(), seg->frames[i], "shm");
    if (cont_frame_pool_release_frames(seg->list_frame) < 0)
        panic("shm: frame list 0x%lx of segment %d could not be returned", seg->list_frame,
              seg->id);
    memset(seg, 0, sizeof(*seg));
}

/* Fill slot `seg` with a new segment of `pages` zeroed frames.
 * E_NOMEM (slot still empty, nothing allocated) when frames run out. */
static int create_segment(struct shm_segment *seg, int id, unsigned long pages)
{
    struct frame_source *src = page_table_frames();
    unsigned long list = cont_frame_pool_get_frames(&kernel_mem_pool, list_frames_for(pages));
    if (!list)
        return E_NOMEM;
    seg->list_frame = list;
    seg->frames = direct_map_ptr(list);
    for (unsigned long i = 0; i < pages; i++) {
        void *page;
        seg->frames[i] = frame_source_get(src);
        if (!seg->frames[i]) {
            free_segment(seg, i);
            return E_NOMEM;
        }
        page = kmap(seg->frames[i]);
        fill_words(page, 0, PAGE_SIZE / sizeof(uint32_t));
        kunmap(page);
    }
    seg->used = true;
    seg->id = id;
    seg->pages = pages;
    seg->refs = 0;
    return E_OK;
}

/* Drop one reference to slot s; the last one frees the segment. */
static void drop_reference(int s)
{
    if (segments[s].refs == 0)
        panic("shm: segment %d has no reference to drop", segments[s].id);
    if (--segments[s].refs == 0)
        free_segment(&segments[s], segments[s].pages);
}

/* ---- placement in one address space ------------------------------------ */

/* Where mapping m's reservation (pages plus guard) ends. */
static unsigned long reservation_end(const struct shm_mapping *m)
{
    return m->va + PAGE_ADDR(segments[m->slot].pages + SHM_GUARD_PAGES);
}

/* The lowest address in pt's shm area with room for `pages` pages plus
 * the guard, or 0 when there is none.  O(mappings^2), on open only. */
static unsigned long find_free_range(const struct page_table *pt, unsigned long pages)
{
    unsigned long need = PAGE_ADDR(pages + SHM_GUARD_PAGES), va = SHM_BASE;
    bool moved = true;
    while (moved) {
        moved = false;
        if (need > SHM_END - va)
            return 0;
        for (int i = 0; i < SHM_MAX_MAPPINGS; i++) {
            const struct shm_mapping *m = &mappings[i];
            if (m->pt == pt && m->va < va + need && reservation_end(m) > va) {
                va = reservation_end(m);
                moved = true;
                break;
            }
        }
    }
    return va;
}

/* The mapping in pt whose segment's pages hold va, or NULL. */
static const struct shm_mapping *mapping_at(const struct page_table *pt, unsigned long va)
{
    for (int i = 0; i < SHM_MAX_MAPPINGS; i++) {
        const struct shm_mapping *m = &mappings[i];
        if (m->pt == pt && va - m->va < PAGE_ADDR(segments[m->slot].pages))
            return m;
    }
    return NULL;
}

/* ---- mapping in the loaded address space ---------------------------- */

/* Unmap the first n pages of seg at va (invlpg each); PTEs that
 * free_page already dropped are skipped.  The frames stay with seg. */
static void unmap_pages(const struct shm_segment *seg, unsigned long va, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++) {
        unsigned long page_va = va + PAGE_ADDR(i);
        pte_t pte = page_table_lookup(page_va);
        if (pte_is_present(pte) && (pte_frame(pte) != seg->frames[i] || !(pte & PTE_SHARED)))
            panic("shm: 0x%lx in segment %d maps frame 0x%lx, not its own 0x%lx", page_va, seg->id,
                  pte_frame(pte), seg->frames[i]);
        page_table_free_page(current_page_table, PAGE_NO(page_va));
    }
}

/* Map all of seg at va; E_NOMEM (nothing left mapped) when a page
 * table cannot be had. */
static int map_segment(const struct shm_segment *seg, unsigned long va)
{
    for (unsigned long i = 0; i < seg->pages; i++) {
        if (page_table_map(va + PAGE_ADDR(i), seg->frames[i], SHM_PTE_FLAGS) < 0) {
            unmap_pages(seg, va, i);
            return E_NOMEM;
        }
    }
    return E_OK;
}

/* shm_try_open's work, with interrupts off. */
static int open_locked(struct page_table *pt, int id, unsigned long pages, void **addr)
{
    int s = find_segment(id), rc;
    bool created = false;
    unsigned long va;
    struct shm_mapping *m;
    if (s >= 0 && segments[s].pages != pages)
        return E_EXISTS;
    if (s >= 0 && mapped_va(pt, s))
        return E_ALREADY_OPEN;
    if (s < 0 && (s = free_slot()) < 0)
        return E_FULL;
    if (!(m = free_mapping()))
        return E_FULL;
    va = find_free_range(pt, pages);
    if (!va)
        return E_NOMEM;
    if (!segments[s].used) {
        rc = create_segment(&segments[s], id, pages);
        if (rc < 0)
            return rc;
        created = true;
    }
    rc = map_segment(&segments[s], va);
    if (rc < 0) {
        if (created)
            free_segment(&segments[s], pages);
        return rc;
    }
    segments[s].refs++;
    *m = (struct shm_mapping){pt, s, va};
    *addr = (void *)(uintptr_t)va;
    return E_OK;
}

/* ---- the interface ----------------------------------------------------- */

void shm_init(void) { page_table_on_destroy(shm_release_address_space); }

int shm_try_open(int id, unsigned long size, void **addr)
{
    bool was_on;
    int rc;
    if (size == 0 || size > PAGE_ADDR(SHM_MAX_PAGES))
        return E_INVAL;
    if (!current_page_table || !page_table_paging_enabled())
        panic("shm_try_open: paging is not on");
    was_on = irq_save();
    rc = open_locked(current_page_table, id, PAGES_FOR(size), addr);
    irq_restore(was_on);
    return rc;
}

void *shm_open(int id, unsigned long size)
{
    void *addr = NULL;
    return shm_try_open(id, size, &addr) == E_OK ? addr : NULL;
}

int shm_close(int id)
{
    struct page_table *pt = current_page_table;
    bool was_on = irq_save();
    int s = find_segment(id);
    struct shm_mapping *m = (pt && s >= 0) ? mapping_of(pt, s) : NULL;
    if (!m) {
        irq_restore(was_on);
        return E_NOT_OPEN;
    }
    unmap_pages(&segments[s], m->va, segments[s].pages);
    forget_mapping(m);
    drop_reference(s);
    irq_restore(was_on);
    return E_OK;
}

void shm_release_address_space(const struct page_table *pt)
{
    bool was_on;
    if (pt == current_page_table)
        panic("shm_release_address_space: the address space is loaded");
    was_on = irq_save();
    for (int i = 0; i < SHM_MAX_MAPPINGS; i++) {
        if (mappings[i].pt == pt) {
            int s = mappings[i].slot;
            forget_mapping(&mappings[i]);
            drop_reference(s);
        }
    }
    irq_restore(was_on);
}

int shm_handle_fault(struct page_table *pt, unsigned long va)
{
    const struct shm_mapping *m;
    if (pt != current_page_table)
        panic("shm_handle_fault: the address space is not loaded");
    m = mapping_at(pt, va);
    if (!m)
        return E_NOT_OPEN;
    return page_table_map(PAGE_ROUND_DOWN(va), segments[m->slot].frames[PAGE_NO(va - m->va)],
                          SHM_PTE_FLAGS);
}

int shm_share(const struct page_table *from, struct page_table *to,
              int (*map)(struct page_table *pt, unsigned long va, unsigned long frame,
                         unsigned long flags))
{
    for (int i = 0; i < SHM_MAX_MAPPINGS; i++) {
        const struct shm_mapping *m = &mappings[i];
        const struct shm_segment *seg = &segments[m->slot];
        struct shm_mapping *copy;
        if (m->pt != from || !from)
            continue;
        if (!(copy = free_mapping()))
            return E_FULL;
        for (unsigned long p = 0; p < seg->pages; p++)
            if (map(to, m->va + PAGE_ADDR(p), seg->frames[p], SHM_PTE_FLAGS) < 0)
                return E_NOMEM; /* PTE_SHARED: destroy leaves these frames alone */
        segments[m->slot].refs++;
        *copy = (struct shm_mapping){to, m->slot, m->va};
    }
    return E_OK;
}

bool shm_is_legitimate(const struct page_table *pt, unsigned long va)
{
    bool was_on = irq_save();
    bool mapped = mapping_at(pt, va) != NULL;
    irq_restore(was_on);
    return mapped;
}

/* The mapping in pt at the lowest address above `after`, or NULL. */
static const struct shm_mapping *next_mapping(const struct page_table *pt, unsigned long after)
{
    const struct shm_mapping *best = NULL;
    for (int i = 0; i < SHM_MAX_MAPPINGS; i++) {
        const struct shm_mapping *m = &mappings[i];
        if (m->pt == pt && m->va > after && (!best || m->va < best->va))
            best = m;
    }
    return best;
}

void shm_walk(const struct page_table *pt,
              void (*fn)(void *arg, int id, unsigned long va, unsigned long pages, unsigned refs),
              void *arg)
{
    unsigned long after = 0;
    for (;;) {
        struct shm_segment snap;
        unsigned long va = 0;
        bool was_on = irq_save();
        const struct shm_mapping *m = next_mapping(pt, after);
        if (m) {
            snap = segments[m->slot];
            va = m->va;
        }
        irq_restore(was_on);
        if (!m)
            return;
        fn(arg, snap.id, va, snap.pages, snap.refs);
        after = va;
    }
}

unsigned shm_segment_count(void)
{
    unsigned n = 0;
    for (int s = 0; s < SHM_MAX_SEGMENTS; s++)
        n += segments[s].used;
    return n;
}
