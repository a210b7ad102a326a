/*
 * page_fault.c - the page-fault handler (exception 14).
 *
 * The CPU arrives here with the faulting address in CR2 and an error
 * code saying whether the page was present, whether the access was a
 * write, and whether it came from user mode.  The handler is a
 * dispatcher: classify() names exactly one outcome, and only
 * FAULT_RESOLVED returns to the faulting instruction.
 *
 * Cases, in the order they are tested:
 *   present bit set      -> FAULT_PROTECTION: the page exists but the access
 *                           is not allowed (a write to kernel text); we
 *                           never upgrade permissions.
 *   page 0               -> FAULT_NULL_POINTER.
 *   shared region        -> FAULT_KERNEL_AREA: the identity map is complete
 *                           at boot, so a hole there (the stack guard) is a bug.
 *   recursive window     -> FAULT_RECURSIVE_WINDOW: the window shows page tables
 *                           that exist; backing a missing one would invent
 *                           a table.
 *   scratch window       -> FAULT_SCRATCH_WINDOW: only kmap() maps there.
 *   shared-memory area   -> legitimate only inside a segment this address space
 *                           has open: its pages are mapped at open, so a miss
 *                           there means free_page dropped the PTE, and the
 *                           segment's own frame is mapped again (never a zero
 *                           page; shm_handle_fault).  Elsewhere FAULT_SHM_UNMAPPED.
 *   not legitimate       -> FAULT_ILLEGITIMATE: no registered pool has a live
 *                           region there.  With no pool registered at all
 *                           (MP4's page-table test) every other address is
 *                           legitimate.
 *   legitimate           -> back it with a zeroed frame (FAULT_RESOLVED), or
 *                           FAULT_OUT_OF_MEMORY when the frame source is empty.
 *
 * A process's address space (pt->user set, proc/uvm.h) is classified by
 * classify_user instead, by the region uvm_region_of names:
 *   present bit set      -> FAULT_PROTECTION (a write to text, a ring-3
 *                           touch of a kernel page).
 *   heap, stack          -> back with a zeroed PTE_USER frame: the heap up to
 *                           the break, the stack down to its 1 MB limit.
 *   stack guard page     -> FAULT_STACK_OVERFLOW.
 *   petmem               -> the VM-pool rule; its bookkeeping pages are
 *                           backed for the kernel only (FAULT_ILLEGITIMATE
 *                           from ring 3).
 *   shm area             -> as above (shm_handle_fault).
 *   kernel memory        -> FAULT_USER_KERNEL from ring 3; a kernel-mode
 *                           fault there goes through classify as before.
 *   anything else        -> FAULT_ILLEGITIMATE.
 * An unresolved fault from ring 3 kills the process (proc_kill_for_fault:
 * one report line) and the kernel goes on; from ring 0 it is a kernel
 * bug and gets the full report.
 *
 * Invariants: the handler runs with interrupts off (interrupt gate); it
 * touches only the recursive window, the pools' bookkeeping (which is
 * always backed in the pool's own address space) and the frame source,
 * so it never faults itself, and if it ever does, the nested fault is
 * reported instead of looping.  It never allocates through a VM pool
 * and prints nothing on the success path.
 */
#include "console.h"
#include "interrupts/exceptions.h"
#include "page_table.h"
#include "proc.h"
#include "shm.h"
#include "utils.h"
#include "vm_pool.h"

enum fault_result {
    FAULT_RESOLVED,
    FAULT_PROTECTION,
    FAULT_NULL_POINTER,
    FAULT_KERNEL_AREA,
    FAULT_RECURSIVE_WINDOW,
    FAULT_SCRATCH_WINDOW,
    FAULT_SHM_UNMAPPED,
    FAULT_ILLEGITIMATE,
    FAULT_OUT_OF_MEMORY,
    FAULT_NESTED,
    FAULT_STACK_OVERFLOW,
    FAULT_USER_KERNEL,
};

static const char *const fault_cause[] = {
    [FAULT_RESOLVED] = "resolved",
    [FAULT_PROTECTION] = "protection violation (page is present but the access is not allowed)",
    [FAULT_NULL_POINTER] = "NULL pointer dereference",
    [FAULT_KERNEL_AREA] = "unmapped page in the shared kernel region",
    [FAULT_RECURSIVE_WINDOW] = "access to a missing page table in the recursive window",
    [FAULT_SCRATCH_WINDOW] = "access to an unused slot of the scratch (kmap) window",
    [FAULT_SHM_UNMAPPED] = "illegitimate address: no shared-memory segment is mapped there",
    [FAULT_ILLEGITIMATE] = "illegitimate address: not in any allocated region",
    [FAULT_OUT_OF_MEMORY] = "out of memory: no frame left to back the page",
    [FAULT_NESTED] = "page fault inside the page-fault handler",
    [FAULT_STACK_OVERFLOW] = "stack overflow: the stack would grow past its 1 MB limit",
    [FAULT_USER_KERNEL] = "user access to kernel memory",
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
        pool = page_table_find_pool(pt, va);
        if (!pool)
            return false;
    }
    return vm_pool_in_cached_span(pool, va) || vm_pool_is_legitimate(pool, va);
}

static enum fault_result shm_fault_result(int rc)
{
    if (rc == E_NOMEM)
        return FAULT_OUT_OF_MEMORY;
    return rc == E_OK ? FAULT_RESOLVED : FAULT_SHM_UNMAPPED;
}

/* Inlined into the handler: the kernel's own spaces take the fault path
 * exactly as before user mode existed. */
static inline __attribute__((always_inline)) enum fault_result
classify(struct page_table *pt, unsigned long va, unsigned long err)
{
    if (err & PF_ERR_PRESENT)
        return FAULT_PROTECTION;
    if (va - VM_AREA_START < VM_AREA_END - VM_AREA_START) /* the common case first */
        return !is_legitimate(pt, va)             ? FAULT_ILLEGITIMATE
               : page_table_back_page(va) == E_OK ? FAULT_RESOLVED
                                                  : FAULT_OUT_OF_MEMORY;
    if (va < PAGE_SIZE)
        return FAULT_NULL_POINTER;
    if (va < DIRECT_MAP_END)
        return FAULT_KERNEL_AREA;
    if (in_recursive_window(va))
        return FAULT_RECURSIVE_WINDOW;
    if (in_scratch_window(va))
        return FAULT_SCRATCH_WINDOW;
    if (in_shm_area(va))
        return shm_fault_result(shm_handle_fault(pt, va));
    panic("classify: 0x%lx lies in no area of the layout (mmu.h)", va); /* cannot happen */
}

static enum fault_result back_user(unsigned long va)
{
    return page_table_back_user_page(va) == E_OK ? FAULT_RESOLVED : FAULT_OUT_OF_MEMORY;
}

/* petmem: its bookkeeping pages are the kernel's, the rest the user's. */
static enum fault_result classify_petmem(struct uvm *u, unsigned long va, unsigned long err)
{
    struct vm_pool *pool = &u->petmem;
    if (!vm_pool_is_legitimate(pool, va))
        return FAULT_ILLEGITIMATE;
    if (va >= vm_pool_usable_start(pool))
        return back_user(va);
    if (err & PF_ERR_USER)
        return FAULT_ILLEGITIMATE;
    return page_table_back_page(va) == E_OK ? FAULT_RESOLVED : FAULT_OUT_OF_MEMORY;
}

/* The dispatcher for a process's address space (see the table above). */
static __attribute__((noinline)) enum fault_result
classify_user(struct page_table *pt, unsigned long va, unsigned long err)
{
    if (err & PF_ERR_PRESENT)
        return FAULT_PROTECTION;
    switch (uvm_region_of(pt->user, va)) {
    case UREGION_HEAP:
    case UREGION_STACK:
        return back_user(va);
    case UREGION_STACK_GUARD:
        return FAULT_STACK_OVERFLOW;
    case UREGION_PETMEM:
        return classify_petmem(pt->user, va, err);
    case UREGION_SHM:
        return shm_fault_result(shm_handle_fault(pt, va));
    case UREGION_KERNEL:
        if (!(err & PF_ERR_USER))
            return classify(pt, va, err);
        return va < PAGE_SIZE ? FAULT_NULL_POINTER : FAULT_USER_KERNEL;
    default:
        return FAULT_ILLEGITIMATE;
    }
}

NORETURN static void report(const struct regs *r, unsigned long va, enum fault_result res)
{
    char cause[256];
    int n = ksnprintf(cause, sizeof(cause), "%s at 0x%08lx", fault_cause[res], va);
    struct vm_pool *pool = current_page_table ? page_table_find_pool(current_page_table, va) : NULL;
    if (pool && (size_t)n < sizeof(cause) - 4) {
        cause[n++] = ';', cause[n++] = ' ';
        vm_pool_describe(pool, va, cause + n, sizeof(cause) - (size_t)n);
    }
    exception_report(r, cause);
}

void page_table_handle_fault(struct regs *r)
{
    unsigned long va = read_cr2();
    enum fault_result res;
    if (in_handler)
        report(r, va, FAULT_NESTED);
    in_handler = true;
    res = current_page_table->user ? classify_user(current_page_table, va, r->err_code)
                                   : classify(current_page_table, va, r->err_code);
    in_handler = false;
    if (res == FAULT_RESOLVED)
        return;
    if (current_page_table->user && (r->err_code & PF_ERR_USER))
        proc_kill_for_fault(fault_cause[res], va,
                            uvm_region_name(uvm_region_of(current_page_table->user, va)));
    report(r, va, res);
}
