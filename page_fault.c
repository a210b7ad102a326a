/*
 * page_fault.c - the page-fault handler (exception 14).
 *
 * The CPU arrives here with the faulting address in CR2 and an error
 * code saying whether the page was present, whether the access was a
 * write, and whether it came from user mode.  The handler works in two
 * steps, as SerenityOS's Region::handle_fault and OpenBSD's uvm_fault do:
 *
 *   1. classify() decides what the fault is, from the error code, the
 *      address and the pools' bookkeeping, and changes nothing.  It
 *      returns a case (FAULT_CASE_*) when there is work to do, or, when
 *      there is none, the outcome itself (FAULT_NULL_POINTER, ...).
 *   2. handle() does a case's work (back the page, map the shm
 *      segment's frame, copy, swap in) and names the outcome; an
 *      outcome from classify() it passes on.  Only FAULT_RESOLVED
 *      returns to the faulting instruction, every other outcome is
 *      reported and stops the kernel (or kills the process, below).
 *
 * In the order classify() tests them (the first match wins):
 *   present bit set      -> FAULT_PROTECTION: the page exists but the
 *                           access is not allowed (a write to kernel text);
 *                           we never upgrade permissions.
 *   swapped-out PTE      -> FAULT_CASE_SWAPPED_OUT (only with the pager on,
 *                           mm/pager.h): the pager evicted this page; read
 *                           it back from its slot, or zeroes for a page
 *                           dropped because it was never written
 *                           (pager_swap_in).  FAULT_OUT_OF_SWAP when no
 *                           frame can be freed, FAULT_SWAP_IO when the disk
 *                           fails.  The PTE, not the region, says so, and
 *                           only legitimate pages are ever evicted, so it
 *                           is tested before the regions.
 *   VM area, legitimate  -> FAULT_CASE_DEMAND_ZERO: back it with a zeroed
 *                           frame (FAULT_RESOLVED), or FAULT_OUT_OF_MEMORY
 *                           when the frame source is empty.  With the
 *                           pager on, the page is pageable: a victim is
 *                           evicted when the budget is full, and only
 *                           when that fails too is it FAULT_OUT_OF_SWAP.  This is the
 *                           common case; the two tests before it read
 *                           only the PTE, so it comes third.  With no
 *                           pool registered at all (MP4's page-table test)
 *                           every address in the VM area is legitimate.
 *   VM area, otherwise   -> FAULT_ILLEGITIMATE: no registered pool has
 *                           a live region there.
 *   page 0               -> FAULT_NULL_POINTER.
 *   shared region        -> FAULT_KERNEL_AREA: the identity map is
 *                           complete at boot, so a hole there (the stack
 *                           guard) is a bug.
 *   recursive window     -> FAULT_RECURSIVE_WINDOW: the window shows
 *                           page tables that exist; backing a missing one
 *                           would invent a table.
 *   scratch window       -> FAULT_SCRATCH_WINDOW: only kmap() maps there.
 *   shared-memory area   -> FAULT_CASE_SHM: legitimate only inside a segment
 *                           this address space has open: its pages are
 *                           mapped at open, so a miss there means free_page
 *                           dropped the PTE, and the segment's own frame is
 *                           mapped again (never a zero page;
 *                           shm_handle_fault).  Elsewhere FAULT_SHM_UNMAPPED.
 * The areas tile the address space (mmu.h), so no address is left over.
 *
 * A process's address space (pt->user set; proc/uvm.h) is classified by
 * classify_user() instead: after the swapped-out test above, by the
 * region uvm_region_of() names:
 *   write to a present
 *   PTE_COW page         -> FAULT_CASE_COPY_ON_WRITE: fork shares the
 *                           page (mm/cow.h); with other mappings left it
 *                           is copied into a fresh frame, with none
 *                           (FAULT_CASE_COW_REENABLE) it is made
 *                           writable again (cow_resolve);
 *                           FAULT_COW_OUT_OF_MEMORY when no frame is left
 *                           for the copy (the process is killed).
 *   present bit set      -> FAULT_PROTECTION (a write to text, a
 *                           ring-3 touch of a kernel page).
 *   heap, stack          -> FAULT_CASE_USER_DEMAND_ZERO: a zeroed frame
 *                           with PTE_USER; the heap up to the break, the
 *                           stack down to its 1 MB limit.
 *   stack guard page     -> FAULT_STACK_OVERFLOW.
 *   petmem               -> the VM-pool rule: a live region's page is
 *                           FAULT_CASE_USER_PETMEM (backed as
 *                           FAULT_CASE_USER_DEMAND_ZERO is); the pool's
 *                           bookkeeping pages are FAULT_CASE_DEMAND_ZERO
 *                           (kernel only) for the kernel and
 *                           FAULT_ILLEGITIMATE from ring 3.
 *   shm area             -> FAULT_CASE_SHM, as above.
 *   kernel memory        -> from ring 3: FAULT_NULL_POINTER on page 0,
 *                           else FAULT_USER_KERNEL; from ring 0 the
 *                           kernel cases above (classify()).
 *   anything else        -> FAULT_ILLEGITIMATE.
 * An unresolved fault from ring 3 does not stop the kernel: the process
 * is killed with one report line (proc_kill_for_fault) and the others go
 * on.  From ring 0 it is a kernel bug and gets the full report.
 *
 * The progress guard: an instruction runs only when every page it
 * touches is in a frame at once, so under a budget smaller than that
 * (pager.h's PAGER_MIN_FRAMES) each fault evicts a page the next retry
 * needs, forever.  The pages an instruction touches follow from its
 * bytes and the registers, so a resolved ring-3 fault on a pageable
 * page (pager on) is remembered with the user state it came from
 * (watch_progress): faults at exactly the same state retry the same
 * instruction, and once they have brought in more distinct pages than
 * the budget, that instruction needs more than the budget and can never
 * run: FAULT_NO_PROGRESS kills the process ("cannot make progress with
 * N frames").  A program that can run is never killed (its pages at one
 * state are at most the budget), however often a busy pager evicts them.
 *
 * Seeing faults: each fault of a process adds one to its count of that
 * kind (struct uvm's faults[], through kind_of[]: one load and one
 * increment), before the work, so a fault that kills the process is
 * counted too; the `faulttrace` word prints one line per fault (trace();
 * when off, one test of page_fault_trace_on).
 *
 * Adding a fault that is only reported: one enum fault_outcome value,
 * its row in fault_text[] (the trace's kind, the report's cause), and
 * one test in classify() at the place its order demands.  A case that
 * does work is a FAULT_CASE_* value with its kind in fault_text[], its
 * test, and an arm in handle() (its count in kind_of[] if a process's
 * counts should see it); each new way its work can fail, an outcome
 * with its cause.
 *
 * Invariants: the handler runs with interrupts off (interrupt gate); it
 * touches only the recursive window, the pools' bookkeeping (which is
 * always backed in the pool's own address space and pinned), the frame
 * source and, with the pager on, the pager's tables (kernel-pool frames,
 * mapped in every space), the kmap window and the swap disk (polled, so
 * interrupts may stay off): so it never faults itself, and if it ever
 * does, the nested fault is reported instead of looping.  It never
 * allocates through a VM pool and prints nothing on the success path.
 */
#include "console.h"
#include "frame_ref.h"
#include "interrupts/exceptions.h"
#include "page_fault.h"
#include "page_table.h"
#include "pager.h"
#include "proc.h"
#include "shm.h"
#include "utils.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

/* What a fault is, and then what came of it: one enum for both.
 * classify() returns a FAULT_CASE_* when the fault needs work (handle()
 * does it and returns one of the others), or, for a fault that needs
 * none, its outcome directly, which handle() passes on.  FAULT_RESOLVED
 * returns to the faulting instruction; every other outcome is reported. */
enum fault_outcome {
    /* the outcomes classify() returns, in the order it tests them
     * (FAULT_PROTECTION, the first, is 0: classify_user's quickest
     * return, and make bench's copy-on-write faults, count on it): */
    FAULT_PROTECTION,
    FAULT_ILLEGITIMATE,
    FAULT_NULL_POINTER,
    FAULT_KERNEL_AREA,
    FAULT_RECURSIVE_WINDOW,
    FAULT_SCRATCH_WINDOW,
    FAULT_STACK_OVERFLOW,
    FAULT_USER_KERNEL,
    /* the cases that do work (handle()): */
    FAULT_CASE_DEMAND_ZERO,
    FAULT_CASE_SHM,
    FAULT_CASE_USER_DEMAND_ZERO,
    FAULT_CASE_USER_PETMEM, /* FAULT_CASE_USER_DEMAND_ZERO in petmem */
    FAULT_CASE_COPY_ON_WRITE,
    FAULT_CASE_COW_REENABLE, /* FAULT_CASE_COPY_ON_WRITE with no other mapping */
    FAULT_CASE_SWAPPED_OUT,
    /* the outcomes of the work, or of the handler's own checks: */
    FAULT_RESOLVED,
    FAULT_SHM_UNMAPPED,
    FAULT_OUT_OF_MEMORY,
    FAULT_COW_OUT_OF_MEMORY,
    FAULT_OUT_OF_SWAP,
    FAULT_SWAP_IO,
    FAULT_NESTED,
    FAULT_NO_PROGRESS,
    FAULT_OUTCOMES
};

/* The words of each value: `kind`, the `faulttrace` line's name of what
 * classify() returned; `cause`, what the report and the trace say of
 * an outcome. */
static const struct {
    const char *kind, *cause;
} fault_text[FAULT_OUTCOMES] = {
    [FAULT_RESOLVED] = {NULL, "resolved"},
    [FAULT_CASE_DEMAND_ZERO] = {"demand-zero (kernel)", NULL},
    [FAULT_CASE_SHM] = {"shm", NULL},
    [FAULT_CASE_USER_DEMAND_ZERO] = {"demand-zero", NULL},
    [FAULT_CASE_USER_PETMEM] = {"petmem", NULL},
    [FAULT_CASE_COPY_ON_WRITE] = {"copy-on-write copy", NULL},
    [FAULT_CASE_COW_REENABLE] = {"copy-on-write re-enable", NULL},
    [FAULT_CASE_SWAPPED_OUT] = {"swap-in", NULL},
    [FAULT_PROTECTION] = {"protection",
                          "protection violation (page is present but the access is not allowed)"},
    [FAULT_ILLEGITIMATE] = {"illegitimate", "illegitimate address: not in any allocated region"},
    [FAULT_NULL_POINTER] = {"null pointer", "NULL pointer dereference"},
    [FAULT_KERNEL_AREA] = {"kernel area", "unmapped page in the shared kernel region"},
    [FAULT_RECURSIVE_WINDOW] = {"recursive window",
                                "access to a missing page table in the recursive window"},
    [FAULT_SCRATCH_WINDOW] = {"scratch window",
                              "access to an unused slot of the scratch (kmap) window"},
    [FAULT_STACK_OVERFLOW] = {"stack overflow",
                              "stack overflow: the stack would grow past its 1 MB limit"},
    [FAULT_USER_KERNEL] = {"user to kernel", "user access to kernel memory"},
    [FAULT_SHM_UNMAPPED] = {NULL, "illegitimate address: no shared-memory segment is mapped there"},
    [FAULT_OUT_OF_MEMORY] = {NULL, "out of memory: no frame left to back the page"},
    [FAULT_COW_OUT_OF_MEMORY] = {NULL,
                                 "out of memory: no frame left to copy the copy-on-write page"},
    [FAULT_OUT_OF_SWAP] = {NULL,
                           "out of memory and swap: no frame left and no page could be evicted"},
    [FAULT_SWAP_IO] = {NULL, "swap disk error: the page could not be read back"},
    [FAULT_NESTED] = {NULL, "page fault inside the page-fault handler"},
    [FAULT_NO_PROGRESS] =
        {NULL, "cannot make progress: one instruction needs more pages than the budget"},
};

static bool in_handler;

/* Inlined: it is the heart of the hot path. */
static inline __attribute__((always_inline)) bool is_legitimate(struct page_table *pt,
                                                                unsigned long va)
{
    struct vm_pool *pool = pt->last_pool; /* faults come in runs: try it first */
    if (!pool || va - pool->base >= pool->size) {
        if (pt->n_pools == 0)
            return true;
        pool = vm_pool_find(pt, va);
        if (!pool)
            return false;
    }
    return vm_pool_in_cached_span(pool, va) || vm_pool_is_legitimate(pool, va);
}

/* What each fault of a case in a process's space adds to: one of
 * sysnum.h's fault kinds (FAULT_KIND_NONE, 0, for the rest). */
static const unsigned char kind_of[FAULT_OUTCOMES] = {
    [FAULT_CASE_USER_DEMAND_ZERO] = FAULT_KIND_DEMAND_ZERO,
    [FAULT_CASE_COPY_ON_WRITE] = FAULT_KIND_COW_COPY,
    [FAULT_CASE_COW_REENABLE] = FAULT_KIND_COW_REUSE,
    [FAULT_CASE_SWAPPED_OUT] = FAULT_KIND_SWAP_IN,
    [FAULT_CASE_SHM] = FAULT_KIND_SHM,
    [FAULT_CASE_USER_PETMEM] = FAULT_KIND_PETMEM,
};

bool page_fault_trace_on;

static unsigned long faults_taken;
unsigned long page_table_fault_count(void) { return faults_taken; }

/* True when the pager evicted page va of the loaded space (mmu.h's
 * swapped-out entry).  Only asked with the pager on. */
static inline bool swapped_out(unsigned long va)
{
    return pte_is_present(*pde_for(va)) && pte_is_swapped(*pte_for(va));
}

/* Which case a fault at `va` with error code `err` is, in address space
 * `pt` (the loaded one).  Reads the error code, the layout (mmu.h) and
 * the pools' bookkeeping; changes nothing and never faults.  Always
 * returns a case: the areas tile the address space, so the final panic
 * means mmu.h's layout was broken. */
static inline __attribute__((always_inline)) enum fault_outcome
classify(struct page_table *pt, unsigned long va, unsigned long err)
{
    if (err & PF_ERR_PRESENT)
        return FAULT_PROTECTION;
    if (pager_on() && swapped_out(va))
        return FAULT_CASE_SWAPPED_OUT;
    if (va - VM_AREA_START < VM_AREA_END - VM_AREA_START) { /* the common case first */
        if (is_legitimate(pt, va))
            return FAULT_CASE_DEMAND_ZERO;
        return FAULT_ILLEGITIMATE;
    }
    if (va < PAGE_SIZE)
        return FAULT_NULL_POINTER;
    if (va < DIRECT_MAP_END)
        return FAULT_KERNEL_AREA;
    if (in_recursive_window(va))
        return FAULT_RECURSIVE_WINDOW;
    if (in_scratch_window(va))
        return FAULT_SCRATCH_WINDOW;
    if (in_shm_area(va))
        return FAULT_CASE_SHM;
    panic("classify: 0x%lx lies in no area of the layout (mmu.h)", va); /* cannot happen */
}

/* petmem: its bookkeeping pages are the kernel's, the rest the user's. */
static enum fault_outcome classify_petmem(struct uvm *u, unsigned long va, unsigned long err)
{
    struct vm_pool *pool = &u->petmem;
    if (!vm_pool_is_legitimate(pool, va))
        return FAULT_ILLEGITIMATE;
    if (va >= vm_pool_usable_start(pool))
        return FAULT_CASE_USER_PETMEM;
    return (err & PF_ERR_USER) ? FAULT_ILLEGITIMATE : FAULT_CASE_DEMAND_ZERO;
}

/* classify() for a process's address space (the second table above).
 * Out of line, so the kernel's own spaces keep their inlined path. */
static __attribute__((noinline)) enum fault_outcome
classify_user(struct page_table *pt, unsigned long va, unsigned long err)
{
    if (err & PF_ERR_PRESENT) {
        pte_t e = (err & PF_ERR_WRITE) && in_user_range(va) ? page_table_lookup(va) : 0;
        if (!(e & PTE_COW))
            return FAULT_PROTECTION;
        /* cow_resolve decides the same way: copy only while shared */
        return frame_ref_count(pte_frame(e)) > 1 ? FAULT_CASE_COPY_ON_WRITE
                                                 : FAULT_CASE_COW_REENABLE;
    }
    if (pager_on() && swapped_out(va))
        return FAULT_CASE_SWAPPED_OUT;
    switch (uvm_region_of(pt->user, va)) {
    case UREGION_HEAP:
    case UREGION_STACK:
        return FAULT_CASE_USER_DEMAND_ZERO;
    case UREGION_STACK_GUARD:
        return FAULT_STACK_OVERFLOW;
    case UREGION_PETMEM:
        return classify_petmem(pt->user, va, err);
    case UREGION_SHM:
        return FAULT_CASE_SHM;
    case UREGION_KERNEL:
        if (!(err & PF_ERR_USER))
            return classify(pt, va, err);
        return va < PAGE_SIZE ? FAULT_NULL_POINTER : FAULT_USER_KERNEL;
    default:
        return FAULT_ILLEGITIMATE;
    }
}

/* A legitimate page of the VM area: a zeroed frame behind it.  In a
 * kernel space it is pageable; in a process's, this case is petmem's
 * bookkeeping, which the handler reads, so it is pinned. */
static enum fault_outcome demand_zero(struct page_table *pt, unsigned long va)
{
    if (pager_on() && !pt->user)
        return pager_back_page(pt, va, false) == E_OK ? FAULT_RESOLVED : FAULT_OUT_OF_SWAP;
    if (page_table_back_page(va) != E_OK)
        return FAULT_OUT_OF_MEMORY;
    return FAULT_RESOLVED;
}

/* A legitimate page of a process: a zeroed frame ring 3 may use. */
static enum fault_outcome user_demand_zero(struct page_table *pt, unsigned long va)
{
    if (pager_on())
        return pager_back_page(pt, va, true) == E_OK ? FAULT_RESOLVED : FAULT_OUT_OF_SWAP;
    if (page_table_back_user_page(va) != E_OK)
        return FAULT_OUT_OF_MEMORY;
    return FAULT_RESOLVED;
}

/* A write to a copy-on-write page: a private, writable copy. */
static enum fault_outcome copy_on_write(struct page_table *pt, unsigned long va)
{
    if (pager_resolve_cow(pt, va) != E_OK)
        return FAULT_COW_OUT_OF_MEMORY;
    return FAULT_RESOLVED;
}

/* An evicted page: back from its slot (or zeroes), evicting another. */
static enum fault_outcome swap_in(struct page_table *pt, unsigned long va)
{
    int rc = pager_swap_in(pt, va);
    if (rc == E_OK)
        return FAULT_RESOLVED;
    return rc == E_NOMEM ? FAULT_OUT_OF_SWAP : FAULT_SWAP_IO;
}

/* The shared-memory area: the open segment's own frame, mapped again. */
static enum fault_outcome shm_fault(struct page_table *pt, unsigned long va)
{
    int rc = shm_handle_fault(pt, va);
    if (rc == E_OK)
        return FAULT_RESOLVED;
    if (rc == E_NOMEM)
        return FAULT_OUT_OF_MEMORY;
    return FAULT_SHM_UNMAPPED;
}

/* Do the work case `c` (from classify) asks for at `va` in `pt`, and name
 * the outcome: FAULT_RESOLVED when the faulting instruction may run
 * again, otherwise the reason it may not.  An outcome classify returned
 * (a fault that needs no work) is passed on as it is. */
static inline __attribute__((always_inline)) enum fault_outcome
handle(struct page_table *pt, unsigned long va, enum fault_outcome c)
{
    switch (c) {
    case FAULT_CASE_DEMAND_ZERO:
        return demand_zero(pt, va);
    case FAULT_CASE_SHM:
        return shm_fault(pt, va);
    case FAULT_CASE_USER_DEMAND_ZERO:
    case FAULT_CASE_USER_PETMEM:
        return user_demand_zero(pt, va);
    case FAULT_CASE_COPY_ON_WRITE:
    case FAULT_CASE_COW_REENABLE:
        return copy_on_write(pt, va);
    case FAULT_CASE_SWAPPED_OUT:
        return swap_in(pt, va);
    default:
        if (c >= FAULT_CASE_DEMAND_ZERO && c <= FAULT_CASE_SWAPPED_OUT) /* no arm above */
            panic("handle: fault case %d has no handler", (int)c);
        return c;
    }
}

/* ---- the progress guard (the essay's last paragraph) ---------------- */

_Static_assert(PROC_WATCH_PAGES > PAGER_MIN_FRAMES,
               "proc.h's watch must outnumber any instruction");

/* Cases whose resolution takes a page of the budget: every kind a
 * process's counts see (kind_of[]) but shm, whose frames are pinned.  So
 * a new pageable case is watched as soon as it is counted. */
static inline bool takes_budget(enum fault_outcome c)
{
    return kind_of[c] != FAULT_KIND_NONE && kind_of[c] != FAULT_KIND_SHM;
}

/* The ring-3 fault at `va` of case `c` with user state `r` was resolved.
 * When resolving it took a budget page (takes_budget), remember the page
 * under that state (a new state starts afresh); otherwise FAULT_RESOLVED
 * at once.  (The case test is here, not in the caller, so the fault path
 * pays nothing for it with the pager off.)  FAULT_NO_PROGRESS once the faults at one state have
 * brought in more distinct pages than the budget, else FAULT_RESOLVED. */
static __attribute__((noinline)) enum fault_outcome
watch_progress(const struct regs *r, unsigned long va, enum fault_outcome c)
{
    if (!takes_budget(c))
        return FAULT_RESOLVED;
    struct fault_watch *w = &proc_current()->watch;
    const uint32_t now[PROC_WATCH_REGS] = {r->eip, r->useresp, r->eflags, r->eax, r->ebx,
                                           r->ecx, r->edx,     r->esi,    r->edi, r->ebp};
    uint32_t page = (uint32_t)PAGE_ROUND_DOWN(va);
    bool same = true;
    unsigned i;
    for (i = 0; i < PROC_WATCH_REGS; i++) {
        same &= w->regs[i] == now[i];
        w->regs[i] = now[i];
    }
    if (!same) /* another instruction, or the same one after progress */
        w->n_pages = 0;
    for (i = 0; i < w->n_pages && w->pages[i] != page; i++)
        ;
    if (i == w->n_pages && i < PROC_WATCH_PAGES)
        w->pages[w->n_pages++] = page;
    return w->n_pages > pager_budget() ? FAULT_NO_PROGRESS : FAULT_RESOLVED;
}

/* Kill the current process for FAULT_NO_PROGRESS at user state `r`. */
NORETURN static void no_progress(const struct regs *r)
{
    char cause[128];
    ksnprintf(cause, sizeof(cause),
              "cannot make progress with %lu frames (one instruction needs at least %u pages at "
              "once)",
              pager_budget(), proc_current()->watch.n_pages);
    proc_kill_for_fault(cause, r->eip,
                        uvm_region_name(uvm_region_of(current_page_table->user, r->eip)));
}

NORETURN static void report(const struct regs *r, unsigned long va, enum fault_outcome res)
{
    char cause[256];
    int n = ksnprintf(cause, sizeof(cause), "%s at 0x%08lx", fault_text[res].cause, va);
    struct vm_pool *pool = current_page_table ? vm_pool_find(current_page_table, va) : NULL;
    if (pool && (size_t)n < sizeof(cause) - 4) {
        cause[n++] = ';', cause[n++] = ' ';
        vm_pool_describe(pool, va, cause + n, sizeof(cause) - (size_t)n);
    }
    exception_report(r, cause);
}

/* The `faulttrace` word's line for one fault: off the hot path. */
static __attribute__((noinline, cold)) void trace(unsigned long va, enum fault_outcome c,
                                                  enum fault_outcome res)
{
    kprintf("fault: pid %d (%s) 0x%08lx %s: %s\n", proc_current()->pid, proc_current()->name, va,
            fault_text[c].kind ? fault_text[c].kind : "other", fault_text[res].cause);
}

void page_table_handle_fault(struct regs *r)
{
    unsigned long va = read_cr2();
    struct page_table *pt = current_page_table;
    enum fault_outcome res;
    enum fault_outcome c;
    if (in_handler)
        report(r, va, FAULT_NESTED);
    in_handler = true;
    faults_taken++;
    if (pt->user) {
        c = classify_user(pt, va, r->err_code);
        pt->user->faults[kind_of[c]]++;
        res = handle(pt, va, c);
        if (res == FAULT_RESOLVED && pager_on() && (r->err_code & PF_ERR_USER))
            res = watch_progress(r, va, c);
    } else {
        c = classify(pt, va, r->err_code);
        res = handle(pt, va, c);
    }
    in_handler = false;
    if (__builtin_expect(page_fault_trace_on, 0))
        trace(va, c, res);
    if (res == FAULT_RESOLVED)
        return;
    if (res == FAULT_NO_PROGRESS) /* ring 3 only: the page stays; the process goes */
        no_progress(r);
    if (pt->user && (r->err_code & PF_ERR_USER)) /* ring 3: the process dies, not the kernel */
        proc_kill_for_fault(fault_text[res].cause, va,
                            uvm_region_name(uvm_region_of(pt->user, va)));
    report(r, va, res);
}
