/*
 * pager.h - page replacement: evict pageable pages to the swap disk when
 * frames run short, and bring them back on the next fault.
 *
 *   fault on a legitimate page        pager_back_page(pt, va, user)
 *       the budget is full?             evict one victim (pager_make_room)
 *       take a frame, zero it, map it   page_table_back_page
 *       admit it                        it may be a victim from now on
 *   fault on a swapped-out PTE        pager_swap_in(pt, va)
 *       same, but the frame is read back from its slot (or zeroed, for a
 *       page that was dropped because it was never written)
 *
 * Why one module between the fault handler and the policy: the policy
 * (evict_policy.h) knows entries and accessed bits only, and the swap
 * device (swap.h) knows slots and frames only.  The pager ties them to
 * address spaces: each entry of the budget has a reverse map (which
 * directory frame, which page, which slot holds a valid copy), so a
 * victim in an address space that is not loaded is found through kmap,
 * and a victim in the loaded one gets its TLB entry flushed.  The
 * directory frame, not the struct page_table, names an address space,
 * because exec moves the struct and the frame stays.
 *
 * Pageable pages are the data pages of VM pools and of processes (image,
 * heap, stack, petmem).  Pinned, never admitted: page tables and
 * directories, VM-pool bookkeeping pages (the fault handler reads them
 * and the kernel writes them: petmem's too, which fork copies instead
 * of sharing, and which a copy-on-write fault or a swap-in leaves
 * pinned), shm frames (PTE_SHARED: several spaces map them and the
 * segment owns them), and frames copy-on-write fork shares (pager_forget
 * at fork; such a page is admitted again when pager_resolve_cow makes
 * it private).  The boot word `pincheck` (the user tests' runner adds
 * it) turns on a debug check: admitting a page of any pinned kind
 * panics at once, naming the kind.
 *
 * The pager is on when there is a swap disk or `user_frames=N` is on the
 * command line; without either, none of this runs and selfmap behaves as
 * it did before swap (the fault path pays one test of pager_active).
 * pager_set_enabled turns it off and on again while nothing is paged, so
 * make bench can time the fault path both ways in one boot.
 */
#ifndef SELFMAP_PAGER_H
#define SELFMAP_PAGER_H

#include <stdbool.h>
#include <stdint.h>

#include "evict_policy.h"
#include "mmu.h"

struct page_table;

/* What the pager has done since the last pager_configure: exact counts. */
struct pager_stats {
    unsigned long resident;    /* pageable pages in frames now (<= budget) */
    unsigned long evictions;   /* victims taken out of their frames */
    unsigned long swap_outs;   /* victims written to a slot */
    unsigned long clean_drops; /* clean victims with a valid copy: no write */
    unsigned long zero_drops;  /* never-written victims: no slot, no write */
    unsigned long swap_ins;    /* faults that read a page back from its slot */
    unsigned long zero_fills;  /* faults on a dropped never-written page */
    unsigned long out_of_swap; /* faults that found neither a frame nor a slot */
};

/* The smallest budget with which every user instruction can complete.
 * A pageable page is one the instruction may need at once with the
 * others, and the worst x86 instruction ring 3 can run needs six:
 *   its bytes (up to 15) may straddle two pages                  2
 *   movs/cmps: a source operand that straddles two pages         2
 *              and a destination that straddles two more         2
 * No instruction has more: push/pop/call with a memory operand and
 * enter with a nesting level have one operand and the stack (2 + 2 + 2);
 * pusha, fxsave (512 bytes, 16-aligned), cmpxchg8b, bound and far
 * pointers have one operand of at most two pages; descriptor tables,
 * the TSS, the kernel stack and page tables are pinned, never in the
 * budget; AVX gathers (a page per element) are #UD, as the kernel
 * never sets CR4.OSXSAVE.  pager_boot raises a smaller user_frames= to
 * this; a process that still cannot make progress (a budget set below
 * it by pager_configure or user_frames_unsafe) is killed by the fault
 * handler (page_fault.c), never left looping. */
#define PAGER_MIN_FRAMES 6

extern bool pager_active; /* read by the fault handler: pager_on() */
static inline bool pager_on(void) { return pager_active; }

/* At boot, after swap_boot: read `user_frames=N` and `evict=fifo|clock|
 * aging` from the command line and turn the pager on when there is a
 * swap disk or a budget.  A budget below PAGER_MIN_FRAMES is raised to
 * it with one line, or kept with one line when `user_frames_unsafe` is
 * on the command line too (the progress guard's tests).  The storage (about 32 bytes a frame of the
 * process pool: an entry and a reverse-map record for each, and the
 * frame-to-entry index; 58 frames for 32 MB) comes from
 * kernel_mem_pool, halved until it fits.  A bad word is reported and
 * its default kept (no budget beyond the frames; clock). */
void pager_boot(void);

/* Turn the pager off (`on` false) or back on, so a measurement can
 * compare the fault path with and without it (bench/).  Off, selfmap
 * runs as with no swap disk: page_table.c gets back the frame source
 * the pager wraps and loses the pager's hooks, and no page is admitted;
 * pages backed while it is off stay pinned after it is on again.  Only
 * while no page is resident or swapped out, whose entries and slots
 * need the pager.  Returns E_OK (also when it is already so); E_NODEV
 * when pager_boot did not set the pager up (no swap disk and no
 * `user_frames=`, or no room for its tables); E_BUSY when a page is
 * resident or swapped out (pager_configure evicts the resident ones;
 * destroying their spaces frees both), nothing changed. */
int pager_set_enabled(bool on);

/* Use policy `kind` (fifo, clock or aging) with a budget of `budget`
 * pageable frames (0: as many as the storage holds, which is every frame
 * of the process pool), and reset the statistics.  A budget below
 * PAGER_MIN_FRAMES is accepted: the kernel tests' accesses touch one
 * page each, and a process that cannot make progress under it is
 * killed by the fault handler.  Every resident page
 * is evicted first, so the new policy starts from an empty budget (its
 * pages fault back in when used).  Returns E_OK; E_NODEV when the pager
 * is off; E_INVAL for lru (hardware does not report every access) or a
 * kind out of range or a budget above the storage; E_BUSY when a
 * resident page could not be evicted (no slot), settings unchanged. */
int pager_configure(enum evict_kind kind, unsigned long budget);

/* The current policy, budget (frames) and counters. */
enum evict_kind pager_kind(void);
unsigned long pager_budget(void);
const struct pager_stats *pager_get_stats(void);

/* Back not-present, not-swapped page `va` of the loaded space `pt` with
 * a zeroed frame (PTE_USER too when `user`) and admit it.  When the
 * budget is full or the frame source is empty, a victim is evicted
 * first.  Returns E_OK; E_NOMEM when no frame could be had (nothing is
 * left allocated; with no slot free either, out_of_swap is counted). */
int pager_back_page(struct page_table *pt, unsigned long va, bool user);

/* The fault on swapped-out PTE `va` of the loaded space `pt`: a frame
 * (evicting if needed), the slot's page read into it (or zeroes for a
 * dropped never-written page), the PTE present again with its old
 * permissions, and the page admitted.  The slot stays allocated and
 * remembered: if the page is still clean when it is evicted again, it
 * is dropped without a write.  A VM-pool bookkeeping page (pinned; it
 * can be on disk only if something admitted it by mistake) comes back
 * pinned: not admitted, needing no room in the budget, its slot freed.
 * Returns E_OK; E_NOMEM as above; E_IO or E_TIMEOUT when the disk fails
 * (the PTE stays swapped). */
int pager_swap_in(struct page_table *pt, unsigned long va);

/* The copy-on-write fault at `va` of the loaded space `pt` (cow.h's
 * cow_resolve), with the page that comes out private admitted as dirty
 * (its content has no slot copy).  Without the pager, or for a VM-pool
 * bookkeeping page (pinned), cow_resolve alone.  Returns E_OK; E_NOMEM
 * when no frame could be had. */
int pager_resolve_cow(struct page_table *pt, unsigned long va);

/* Evict the page in budget entry i (used): a dirty page is written to
 * the slot its reverse map remembers or to a new one; a clean page with
 * a slot copy is dropped without a write; a clean page with none was
 * never written since it was zeroed and is dropped with no slot
 * (PTE_SWAP_ZERO_SLOT).  Its PTE becomes swapped-out with the page's
 * rights (flushed when its space is loaded), the entry is free, and the
 * frame goes back to the frame source.  Returns E_OK; E_FULL when the
 * page needs a slot and none is free; E_IO or E_TIMEOUT when the disk
 * fails.  On failure nothing changes.  Interrupts must be off. */
int pager_evict(uint32_t i);

/* Make the budget have a free entry, evicting one victim if it is full.
 * Returns E_OK, or E_NOMEM when no victim can go (none resident, or
 * every resident page needs a new slot and none is free).  When the
 * policy's victim needs a slot and none is left, the first page in
 * entry order that needs none goes instead: the policy's order holds
 * only while swap lasts.  For callers that map a
 * pageable page themselves and then pager_admit it. */
int pager_make_room(void);

/* Page `va` of address space `pt` (loaded or not) now holds `frame` in
 * a present PTE: admit it.  The budget must have a free entry
 * (pager_make_room); a frame already admitted panics, and so, with
 * `pincheck`, does a page of a pinned kind (above).  No-op when the
 * pager is off.  A page whose content is not all zeroes must be mapped
 * with PTE_DIRTY set, or its eviction would drop it as never written
 * (it has no slot copy yet). */
void pager_admit(struct page_table *pt, unsigned long va, unsigned long frame);

/* Turn the debug check `pincheck` on or off (tests). */
void pager_set_pin_check(bool on);

/* Frame `frame` is no longer a pageable page (freed, or shared by
 * copy-on-write fork): forget it, and free the slot its reverse map
 * remembers.  A frame that is not admitted is ignored. */
void pager_forget(unsigned long frame);

/* A swapped-out PTE `e` is going away (free_page, destroy): free its
 * slot.  A dropped never-written page has none. */
void pager_drop_swapped(pte_t e);

/* Copy swapped-out PTE `e` for another address space (fork): a new slot
 * with the same page, through a bounce frame.  Returns the new entry in
 * *copy and E_OK; E_NOMEM when no slot is free; E_IO or E_TIMEOUT.  On
 * failure *copy is 0 (no entry: it must not name e's slot, which a
 * caller destroying it would free from under e). */
int pager_dup_swapped(pte_t e, pte_t *copy);

/* A timer tick: aging folds every resident page's accessed bit into its
 * counter.  Other policies do nothing.  The PIT calls it on every tick
 * (a hook pager_boot adds, in any context, with or without processes)
 * unless pager_set_auto_tick(false) (tests tick by hand). */
void pager_tick(void);
void pager_set_auto_tick(bool on);
bool pager_auto_tick(void);

#endif
