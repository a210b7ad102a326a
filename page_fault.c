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

static enum fault_result shm_fault_result(int rc)
{
    if (rc == E_NOMEM)
        return FAULT_OUT_OF_MEMORY;
    return rc == E_OK ? FAULT_RESOLVED : FAULT_SHM_UNMAPPED;
}

static enum fault_result classify(struct page_table *pt, unsigned long va, unsigned long err)
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

NORETURN static void report(const struct regs *r, unsigned long va, enum fault_result res)
{
    char cause[256];
    int n = ksnprintf(cause, sizeof(cause), "%s at 0x%08lx", fault_cause[res], va);
    struct vm_pool *pool = current_page_table ? vm_pool_find(current_page_table, va) : NULL;
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
    res = classify(current_page_table, va, r->err_code);
    in_handler = false;
    if (res != FAULT_RESOLVED)
        report(r, va, res);
}
