/*
 * pager.c - eviction and swap-in: the policy (evict_policy.h) and the
 * swap device (swap.h) tied to address spaces (pager.h says why).
 *
 * The budget is an array of entries.  Entry i is one frame's worth of
 * pageable memory: the policy keeps its bookkeeping in entries[i], and
 * rmap[i] says which page lives there (the reverse map).  entry_of[]
 * goes the other way, from a frame of the process pool to its entry,
 * so that freeing a frame finds its entry in one load.
 *
 * Evicting entry i (pager_evict):
 *   dirty page         written to its slot (the one it came from, or a
 *                      new one), PTE swapped-out with that slot
 *   clean, has a slot  the slot's copy is still right: no write
 *   clean, no slot     never written since it was zeroed: no slot, no
 *                      write; PTE_SWAP_ZERO_SLOT says "zeroes" (mmu.h)
 * and in every case the frame goes back to the frame source.  The PTE is
 * found through the recursive window when its address space is loaded
 * (and then flushed: tlb_flush_page), through kmap otherwise; its page table
 * never changes shape (a swapped-out entry counts as live).  pte_ref.h
 * finds it; which pages are pinned, never admitted, is pinned.h's.
 *
 * The pager wraps the paging frame source, so any taker of a frame (a
 * page table, shm, exec, fork) gets one by eviction when the source is
 * empty.  Every entry point runs with interrupts off: the timer's aging
 * tick walks the same policy.
 */
#include "pager.h"

#include "cmdline.h"
#include "console.h"
#include "cont_frame_pool.h"
#include "cow.h"
#include "errors.h"
#include "frame_source.h"
#include "interrupts/pit.h"
#include "page_table.h"
#include "pinned.h"
#include "pte_ref.h"
#include "swap.h"
#include "tlb.h"
#include "utils.h"

#define NO_SLOT UINT32_MAX /* rmap.slot: no slot holds a copy */

/* The page in one entry of the budget. */
struct rmap {
    uint32_t pd_frame; /* the directory of its address space */
    uint32_t va;       /* its page address */
    uint32_t frame;    /* the frame holding it */
    uint32_t slot;     /* a slot with a valid copy of it, or NO_SLOT */
};

bool pager_active;

static struct {
    struct evict_policy policy;
    struct evict_entry *entries; /* cap of them */
    struct rmap *rmap;           /* cap of them */
    uint32_t *entry_of;          /* n_frames of them: frame - base_frame -> entry */
    uint32_t *free_words;        /* EVICT_FREE_WORDS(cap): the policy's free-entry bitmap */
    unsigned long base_frame, n_frames, cap, budget;
    unsigned long swapped; /* swapped-out PTEs now, in every space (pager_set_enabled) */
    enum evict_kind kind;
    bool auto_tick;
    bool pin_check; /* `pincheck`: no pinned page is ever admitted (pager_set_pin_check) */
    struct frame_source source, *inner; /* the wrapper, and the source it wraps */
    void *bounce;                       /* a kernel page for pager_dup_swapped */
    struct pager_stats stats;
} pg;

enum evict_kind pager_kind(void) { return pg.kind; }
unsigned long pager_budget(void) { return pg.budget; }
const struct pager_stats *pager_get_stats(void)
{
    pg.stats.resident = pg.policy.used; /* the policy counts its used entries */
    return &pg.stats;
}
void pager_set_auto_tick(bool on) { pg.auto_tick = on; }
bool pager_auto_tick(void) { return pg.auto_tick; }
void pager_set_pin_check(bool on) { pg.pin_check = on; }

/* ---- the policy's accessed bits -------------------------------------------- */

/* The policy's callback: read and clear the accessed bit of entry i. */
static bool accessed(void *ctx, uint32_t i)
{
    struct pte_ref ref;
    bool was;
    (void)ctx;
    pte_map(pg.rmap[i].pd_frame, pg.rmap[i].va, &ref);
    was = (*ref.pte & PTE_ACCESSED) != 0;
    if (was) {
        *ref.pte &= ~PTE_ACCESSED;
        /* or the CPU would not set it again (nothing when not loaded) */
        tlb_flush_page(PAGE_ADDR(pg.rmap[i].pd_frame), pg.rmap[i].va);
    }
    pte_unmap(&ref);
    return was;
}

/* ---- entries ----------------------------------------------------------------- */

/* Take entry i out of the budget; its frame stays with the caller. */
static void entry_release(uint32_t i)
{
    pg.entry_of[pg.rmap[i].frame - pg.base_frame] = EVICT_NONE;
    if (evict_remove(&pg.policy, i) != E_OK)
        panic("pager: entry %u was not in use", (unsigned)i);
}

/* Admit page va of space pd, held by `frame`, with slot copy `slot`. */
static void entry_admit(unsigned long pd, unsigned long va, unsigned long frame, uint32_t slot)
{
    uint32_t i = evict_free_entry(&pg.policy);
    unsigned long idx = frame - pg.base_frame;
    if (i == EVICT_NONE)
        panic("pager_admit: the budget is full (call pager_make_room first)");
    if (idx >= pg.n_frames || pg.entry_of[idx] != EVICT_NONE)
        panic("pager_admit: frame 0x%lx is outside the process pool or admitted already", frame);
    pg.rmap[i] = (struct rmap){(uint32_t)pd, (uint32_t)PAGE_ROUND_DOWN(va), (uint32_t)frame, slot};
    pg.entry_of[idx] = i;
    evict_admit(&pg.policy, i);
}

/* HANDOUT swap.part1 BEGIN: evict - write a dirty page to its slot (its own, or a new one), drop a
 * clean page whose slot copy is right, drop a never-written page with no slot (PTE_SWAP_ZERO_SLOT);
 * leave a swapped-out PTE with the page's rights (flushed: a no-op when its space is not loaded),
 * release the entry, give the frame back */
/* The slot entry i's page goes to, in *slot: its own, a new one, or
 * PTE_SWAP_ZERO_SLOT; *write says whether the page must be written. */
static int victim_slot(const struct rmap *r, pte_t e, unsigned long *slot, bool *write)
{
    *write = (e & PTE_DIRTY) != 0;
    *slot = r->slot;
    if (r->slot != NO_SLOT)
        return E_OK;
    if (!*write) {
        *slot = PTE_SWAP_ZERO_SLOT; /* never written since it was zeroed */
        return E_OK;
    }
    return swap_slot_alloc(slot) == E_OK ? E_OK : E_FULL;
}

int pager_evict(uint32_t i)
{
    struct rmap *r = &pg.rmap[i];
    struct pte_ref ref;
    unsigned long slot;
    bool write;
    int rc;
    pte_map(r->pd_frame, r->va, &ref);
    if (!pte_is_present(*ref.pte) || pte_frame(*ref.pte) != r->frame)
        panic("pager: entry %u (va 0x%lx, frame 0x%lx) does not match its PTE 0x%lx", (unsigned)i,
              (unsigned long)r->va, (unsigned long)r->frame, (unsigned long)*ref.pte);
    rc = victim_slot(r, *ref.pte, &slot, &write);
    if (rc == E_OK && write && (rc = swap_out_frame(slot, r->frame)) != E_OK && r->slot == NO_SLOT)
        swap_slot_free(slot);
    if (rc != E_OK) {
        pte_unmap(&ref);
        return rc;
    }
    pg.stats.swap_outs += write;
    pg.stats.clean_drops += !write && slot != PTE_SWAP_ZERO_SLOT;
    pg.stats.zero_drops += slot == PTE_SWAP_ZERO_SLOT;
    pg.stats.evictions++;
    *ref.pte = pte_swapped_from(slot, *ref.pte);
    pg.swapped++;
    tlb_flush_page(PAGE_ADDR(r->pd_frame), r->va); /* nothing when not loaded */
    pte_unmap(&ref);
    entry_release(i);
    frame_source_must_put(pg.inner, r->frame, "pager");
    return E_OK;
}
/* HANDOUT END */

/* True when the page in used entry i could go without a new slot: it
 * has one already, or it is clean (never written since it was zeroed). */
static bool needs_no_slot(uint32_t i)
{
    struct pte_ref ref;
    bool clean;
    if (pg.rmap[i].slot != NO_SLOT)
        return true;
    pte_map(pg.rmap[i].pd_frame, pg.rmap[i].va, &ref);
    clean = !(*ref.pte & PTE_DIRTY);
    pte_unmap(&ref);
    return clean;
}

/* No slot is left for the policy's victim: evict the first page, in
 * entry order, that needs none.  E_FULL when every page needs one. */
static int evict_without_slot(void)
{
    for (uint32_t i = 0; i < pg.budget; i++)
        if (pg.entries[i].used && needs_no_slot(i))
            return pager_evict(i);
    return E_FULL;
}

/* Evict the policy's victim, or when it needs a slot and none is left,
 * a page that needs none (the policy's order holds while swap lasts).
 * E_NOMEM when nothing is resident; E_FULL when nothing can go. */
static int reclaim(void)
{
    uint32_t i = evict_choose(&pg.policy);
    int rc;
    if (i == EVICT_NONE)
        return E_NOMEM;
    rc = pager_evict(i);
    if (rc == E_FULL)
        rc = evict_without_slot();
    if (rc != E_OK)
        pg.stats.out_of_swap++;
    return rc;
}

/* ---- the frame source the pager wraps -------------------------------------- */

static unsigned long source_get(void *impl)
{
    unsigned long f = frame_source_get(pg.inner);
    bool irq;
    (void)impl;
    if (f)
        return f;
    irq = irq_save();
    while (!f && reclaim() == E_OK) /* empty: a victim's frame, then */
        f = frame_source_get(pg.inner);
    irq_restore(irq);
    return f;
}

static int source_put(void *impl, unsigned long frame)
{
    (void)impl;
    return pg.inner->put(pg.inner->impl, frame);
}

static unsigned long source_free_count(const void *impl)
{
    (void)impl;
    return pg.inner->free_count(pg.inner->impl);
}

/* ---- the hooks page_table.c calls ------------------------------------------ */

/* A frame goes back: if it held a pageable page, forget the page. */
static void frame_freed(unsigned long frame)
{
    unsigned long idx = frame - pg.base_frame;
    uint32_t i;
    bool irq;
    if (idx >= pg.n_frames || (i = pg.entry_of[idx]) == EVICT_NONE)
        return; /* a page table, a pinned page, or a frame outside the pool */
    irq = irq_save();
    if (pg.rmap[i].slot != NO_SLOT)
        swap_slot_free(pg.rmap[i].slot);
    entry_release(i);
    irq_restore(irq);
}

void pager_forget(unsigned long frame)
{
    if (pager_active)
        frame_freed(frame);
}

void pager_drop_swapped(pte_t e)
{
    unsigned long slot = pte_swap_slot(e);
    if (slot != PTE_SWAP_ZERO_SLOT && swap_slot_free(slot) != E_OK)
        panic("pager: swapped-out entry 0x%lx names slot %lu, which is not in use",
              (unsigned long)e, slot);
    pg.swapped--;
}

static const struct page_table_pager_hooks hooks = {frame_freed, pager_drop_swapped};

/* The PIT hook: aging's tick, unless the tests tick by hand.  It runs
 * in whatever context the timer interrupted; that is safe because every
 * other use of the policy and the reverse map runs with interrupts off,
 * and its kmaps nest whole inside the interrupted code's. */
static void timer_tick(struct regs *r)
{
    (void)r;
    if (pg.auto_tick)
        pager_tick();
}

/* ---- setting up ------------------------------------------------------------ */

int pager_configure(enum evict_kind kind, unsigned long budget)
{
    bool irq;
    int rc = E_OK;
    if (!pager_active)
        return E_NODEV;
    if (kind >= EVICT_KINDS || kind == EVICT_LRU || budget > pg.cap)
        return E_INVAL; /* lru needs every access reported: the model's alone */
    irq = irq_save();
    for (uint32_t i = 0; i < pg.budget && rc == E_OK; i++)
        if (pg.entries[i].used)
            rc = pager_evict(i); /* a clean slate: the old settings' pages go out */
    if (rc == E_OK) {
        pg.kind = kind;
        pg.budget = budget ? budget : pg.cap;
        if (evict_init(&pg.policy, kind, pg.entries, pg.free_words, (uint32_t)pg.budget, accessed,
                       NULL) != E_OK)
            panic("pager_configure: evict_init refused %s", evict_kind_name(kind));
        memset(&pg.stats, 0, sizeof(pg.stats));
    }
    irq_restore(irq);
    return rc == E_OK ? E_OK : E_BUSY;
}

/* Kernel frames for the entries, the reverse map, entry_of and the
 * policy's free-entry bitmap, sized for `cap` entries; 0 when the kernel
 * pool cannot hold them. */
static unsigned long storage_frames(unsigned long cap)
{
    return PAGES_FOR(cap * (sizeof(struct evict_entry) + sizeof(struct rmap)) +
                     pg.n_frames * sizeof(uint32_t) +
                     EVICT_FREE_WORDS((uint32_t)cap) * sizeof(uint32_t)) +
           1; /* the bounce page */
}

static bool take_storage(unsigned long cap)
{
    unsigned long n = storage_frames(cap), first;
    char *p;
    first = cont_frame_pool_get_frames(&kernel_mem_pool, n);
    if (!first)
        return false;
    p = direct_map_ptr(first);
    pg.bounce = p;
    pg.entries = (struct evict_entry *)(p + PAGE_SIZE);
    pg.rmap = (struct rmap *)(pg.entries + cap);
    pg.entry_of = (uint32_t *)(pg.rmap + cap);
    pg.free_words = pg.entry_of + pg.n_frames;
    fill_words(pg.entry_of, EVICT_NONE, pg.n_frames);
    pg.cap = cap;
    return true;
}

/* The evict= word (clock when it is missing or unknown: cmdline.h). */
static enum evict_kind boot_kind(void)
{
    static const enum evict_kind kinds[] = {[EVICT_WORD_FIFO] = EVICT_FIFO,
                                            [EVICT_WORD_CLOCK] = EVICT_CLOCK,
                                            [EVICT_WORD_AGING] = EVICT_AGING};
    return kinds[word_value(WORD_EVICT)];
}

/* The user_frames= word: a budget in frames, at least PAGER_MIN_FRAMES
 * (pager.h says why) unless user_frames_unsafe, or 0 for none. */
static unsigned long boot_budget(void)
{
    unsigned long n = word_value(WORD_USER_FRAMES); /* 0: none, or not a number (cmdline.h) */
    if (n == 0 || n >= PAGER_MIN_FRAMES)
        return n;
    if (word_on(WORD_USER_FRAMES_UNSAFE)) { /* the progress guard's tests */
        kprintf("pager: user_frames=%lu kept below the %u frames one instruction may need "
                "(user_frames_unsafe)\n",
                n, PAGER_MIN_FRAMES);
        return n;
    }
    kprintf(
        "pager: user_frames=%lu is below the %u frames one instruction may need; raised to %u\n", n,
        PAGER_MIN_FRAMES, PAGER_MIN_FRAMES);
    return PAGER_MIN_FRAMES;
}

void pager_boot(void)
{
    unsigned long budget = boot_budget(), cap;
    enum evict_kind kind = boot_kind();
    pg.pin_check = word_on(WORD_PINCHECK);
    if (!swap_enabled() && !budget)
        return; /* no disk, no budget: paging as before swap */
    pg.base_frame = process_mem_pool.base_frame_no;
    pg.n_frames = process_mem_pool.n_frames;
    for (cap = pg.n_frames; cap && !take_storage(cap); cap /= 2)
        ;
    if (!cap) {
        kprintf("pager: off: no kernel frames for its tables\n");
        return;
    }
    pg.inner = page_table_frames();
    pg.source =
        (struct frame_source){pg.inner->name, source_get, source_put, source_free_count, NULL};
    pg.auto_tick = true;
    pager_set_enabled(true);
    pit_add_tick_hook(timer_tick);
    if (budget > cap)
        budget = cap;
    pager_configure(kind, budget);
    if (budget)
        kprintf("pager: evict=%s, %lu pageable frames (user_frames), %lu swap slots\n",
                evict_kind_name(kind), pg.budget, swap_total_slots());
    else /* the pool's span counts the hole and what RAM lacks: say what is free */
        kprintf("pager: evict=%s, no budget: every free frame is pageable (%lu free now), %lu swap "
                "slots\n",
                evict_kind_name(kind), source_free_count(NULL), swap_total_slots());
}

int pager_set_enabled(bool on)
{
    bool irq;
    if (!pg.inner)
        return E_NODEV; /* pager_boot did not set it up */
    if (on == pager_active)
        return E_OK;
    if (pg.policy.used || pg.swapped)
        return E_BUSY; /* their entries and slots need the pager */
    irq = irq_save();  /* the aging tick reads pager_active */
    page_table_set_frame_source(on ? &pg.source : pg.inner);
    page_table_set_pager_hooks(on ? &hooks : NULL);
    pager_active = on;
    irq_restore(irq);
    return E_OK;
}

/* ---- faults ---------------------------------------------------------------- */

int pager_make_room(void)
{
    bool irq;
    int rc = E_OK;
    if (!pager_active || pg.policy.used < pg.budget)
        return E_OK; /* room */
    irq = irq_save();
    rc = reclaim();
    irq_restore(irq);
    return rc == E_OK ? E_OK : E_NOMEM;
}

/* Admit page va of pt, in frame, with slot copy `slot`, after the debug
 * check when it is on.  Interrupts must be off. */
static void admit(struct page_table *pt, unsigned long va, unsigned long frame, uint32_t slot)
{
    if (pg.pin_check)
        check_not_pinned(pt, va, frame);
    entry_admit(pt->pd_frame, va, frame, slot);
}

void pager_admit(struct page_table *pt, unsigned long va, unsigned long frame)
{
    bool irq;
    if (!pager_active)
        return;
    irq = irq_save();
    admit(pt, va, frame, NO_SLOT);
    irq_restore(irq);
}

int pager_back_page(struct page_table *pt, unsigned long va, bool user)
{
    volatile pte_t *pte;
    int rc;
    if (!pager_active || (rc = pager_make_room()) == E_OK)
        rc = user ? page_table_back_user_page(va) : page_table_back_page(va);
    if (rc != E_OK || !pager_active)
        return rc;
    /* Zeroing the page through va set its accessed and dirty bits: a
     * page that holds zeroes is clean, and its first use is to come. */
    pte = pte_for(va);
    *pte &= ~(PTE_ACCESSED | PTE_DIRTY);
    tlb_flush_page(TLB_LOADED, va);
    pager_admit(pt, va, pte_frame(*pte));
    return E_OK;
}

/* HANDOUT swap.part1 BEGIN: swap-in - make room, take a frame, read the slot into it (or zero it
 * for PTE_SWAP_ZERO_SLOT), map it back with its old rights, and admit it remembering its slot */
/* Fill `frame` from swapped-out entry e's slot, or with zeroes. */
static int fill_from_swap(pte_t e, unsigned long frame)
{
    void *page;
    if (pte_swap_slot(e) != PTE_SWAP_ZERO_SLOT) {
        pg.stats.swap_ins++;
        return swap_in_frame(pte_swap_slot(e), frame);
    }
    page = kmap(frame);
    fill_words(page, 0, PAGE_SIZE / sizeof(uint32_t));
    kunmap(page);
    pg.stats.zero_fills++;
    return E_OK;
}

int pager_swap_in(struct page_table *pt, unsigned long va)
{
    volatile pte_t *pte = pte_for(va);
    bool pinned = is_bookkeeping(pt, va), irq;
    unsigned long frame, slot;
    pte_t e;
    int rc;
    if (!pager_active || !pte_is_present(*pde_for(va)) || !pte_is_swapped(e = *pte))
        panic("pager_swap_in: 0x%lx is not a swapped-out page", va);
    if ((!pinned && pager_make_room() != E_OK) || !(frame = pg.source.get(NULL)))
        return E_NOMEM;
    rc = fill_from_swap(e, frame);
    if (rc != E_OK) {
        frame_source_must_put(pg.inner, frame, "pager_swap_in");
        return rc;
    }
    *pte = pte_create(frame, PTE_PRESENT | pte_swap_rights(e));
    irq = irq_save();
    pg.swapped--;
    slot = pte_swap_slot(e);
    if (pinned && slot != PTE_SWAP_ZERO_SLOT) /* pinned again: no slot copy is kept */
        swap_slot_free(slot);
    else if (!pinned)
        admit(pt, va, frame, slot == PTE_SWAP_ZERO_SLOT ? NO_SLOT : (uint32_t)slot);
    irq_restore(irq);
    return E_OK;
}
/* HANDOUT END */

int pager_resolve_cow(struct page_table *pt, unsigned long va)
{
    volatile pte_t *pte;
    int rc;
    if (!pager_active || is_bookkeeping(pt, va))
        return cow_resolve(va); /* pinned: no room in the budget, never admitted */
    if (pager_make_room() != E_OK)
        return E_NOMEM;
    rc = cow_resolve(va);
    if (rc != E_OK)
        return rc;
    pte = pte_for(va);
    *pte |= PTE_DIRTY; /* its content is not zeroes, and no slot has it */
    pager_admit(pt, va, pte_frame(*pte));
    return E_OK;
}

/* A new slot holding what `slot` holds, in *fresh, through the bounce
 * page.  E_NOMEM when no slot is free; E_IO or E_TIMEOUT (no slot kept). */
static int copy_slot(unsigned long slot, unsigned long *fresh)
{
    int rc;
    if (swap_slot_alloc(fresh) != E_OK)
        return E_NOMEM;
    rc = swap_in_page(slot, pg.bounce);
    if (rc == E_OK)
        rc = swap_out_page(*fresh, pg.bounce);
    if (rc != E_OK)
        swap_slot_free(*fresh);
    return rc;
}

int pager_dup_swapped(pte_t e, pte_t *copy)
{
    unsigned long slot = pte_swap_slot(e), fresh;
    *copy = 0;                        /* on failure no entry: it must not name e's slot */
    if (slot != PTE_SWAP_ZERO_SLOT) { /* zeroes need no slot */
        int rc = copy_slot(slot, &fresh);
        if (rc != E_OK)
            return rc;
        e = pte_swapped_from(fresh, pte_swap_rights(e)); /* the same rights, its own slot */
    }
    *copy = e;
    pg.swapped++;
    return E_OK;
}

void pager_tick(void)
{
    bool irq;
    if (!pager_active || pg.kind != EVICT_AGING)
        return;
    irq = irq_save();
    evict_tick(&pg.policy);
    irq_restore(irq);
}
