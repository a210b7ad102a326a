/*
 * tlb_test.c - what the TLB keeps after a page-table edit, one case a test,
 * as docs/10-tlb.md walks through them.
 *
 * Each test edits one PTE through the recursive window (pte_for), the way
 * page_table.c does, and then reads or writes the page to see which
 * translation the CPU used.  Two frames, A and B, are filled with
 * different words first, so a read tells them apart.
 *
 * The "stale" checks assert what QEMU's TCG really does: it keeps a
 * translation until invlpg, a CR3 load or a page fault on that address
 * drops it, so an edit without a flush is still ignored when the page is
 * touched again.  A real CPU *may* keep it (Intel SDM vol. 3A, 4.10.2.3:
 * "processors may invalidate any TLB entry at any time"), so on hardware
 * these checks could pass or fail by chance; the checks after a flush hold
 * on every x86.  Every frame taken is given back: each test ends with the
 * free-frame count it started with.
 *
 * Every flush goes through tlb.h, as in the kernel: tlb_flush_page is
 * one invlpg, tlb_flush_space a CR3 load.  The tests at the end check
 * tlb.h's contract itself: a space named by its directory, a space that
 * is not loaded, a range across a page boundary.
 */
#include "interrupts/exceptions.h"
#include "frame_source.h"
#include "ktest.h"
#include "mmu.h"
#include "page_fault.h"
#include "page_table.h"
#include "proc.h"
#include "trap.h"
#include "sysnum.h"
#include "tlb.h"

#define TLB_VA    (16 * MB) /* no pool, no page table there at the start */
#define PATTERN_A 0xA0A0A0A0u
#define PATTERN_B 0xB0B0B0B0u

static uint32_t peek(unsigned long va) { return *(volatile uint32_t *)va; }
static void poke(unsigned long va, uint32_t v) { *(volatile uint32_t *)va = v; }

/* A frame from paging's frame source with every word set to `pattern`. */
static unsigned long filled_frame(uint32_t pattern)
{
    struct frame_source *src = page_table_frames();
    unsigned long f = src->get(src->impl);
    void *p;
    KASSERT(f != 0);
    p = kmap(f);
    fill_words(p, pattern, PAGE_SIZE / sizeof(uint32_t));
    kunmap(p);
    return f;
}

static void put_frame_back(unsigned long f)
{
    struct frame_source *src = page_table_frames();
    KEXPECT_EQ(src->put(src->impl, f), 0);
}

/* Point TLB_VA's PTE at `frame` with `flags`, through the window, with no
 * invlpg: the edit the tests are about. */
static void set_pte(unsigned long frame, unsigned long flags)
{
    *pte_for(TLB_VA) = pte_create(frame, flags);
}

/* Map A at TLB_VA and read it once, so the TLB holds TLB_VA -> A. */
static void map_and_prime(unsigned long a)
{
    KASSERT(page_table_map(TLB_VA, a, PTE_WRITABLE) == E_OK);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_A);
}

/* Unmap TLB_VA (free_page gives back the frame in its PTE, and the page
 * table) and give back `other`, the frame the PTE no longer names. */
static void unmap_and_put(unsigned long other)
{
    page_table_free_page(current_page_table, PAGE_NO(TLB_VA));
    put_frame_back(other);
}

/* Map TLB_VA to a frame of A's and read it, point its PTE at B's, and
 * check that the read is stale (A) until tlb_flush_page(space) and B
 * after it; every frame comes back. */
static void expect_page_flush_drops_stale(tlb_space_t space)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    map_and_prime(a);
    set_pte(b, PTE_PRESENT | PTE_WRITABLE);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_A); /* stale: the TLB still says A */
    tlb_flush_page(space, TLB_VA);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_B);
    unmap_and_put(a);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(tlb_keeps_the_old_frame_until_invlpg) { expect_page_flush_drops_stale(TLB_LOADED); }

KTEST(tlb_cr3_load_drops_the_old_frame)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    map_and_prime(a);
    set_pte(b, PTE_PRESENT | PTE_WRITABLE);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_A); /* stale, as above */
    tlb_flush_space(TLB_LOADED);         /* a CR3 load; selfmap has no global pages: all go */
    KEXPECT_EQ(peek(TLB_VA), PATTERN_B);
    unmap_and_put(a);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(tlb_read_only_pte_without_invlpg_still_allows_a_write)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A);
    KASSERT(page_table_map(TLB_VA, a, PTE_WRITABLE) == E_OK);
    poke(TLB_VA, 1); /* a write: the TLB entry now allows writes */
    set_pte(a, PTE_PRESENT);
    poke(TLB_VA, 2); /* no fault: the stale entry still allows it */
    KEXPECT_EQ(peek(TLB_VA), 2);
    KEXPECT(!(*pte_for(TLB_VA) & PTE_WRITABLE));
    page_table_free_page(current_page_table, PAGE_NO(TLB_VA));
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST_DEATH(tlb_read_only_pte_after_invlpg_faults_the_write, "protection violation")
{
    unsigned long a = filled_frame(PATTERN_A);
    KASSERT(page_table_map(TLB_VA, a, PTE_WRITABLE) == E_OK);
    poke(TLB_VA, 1);
    set_pte(a, PTE_PRESENT);
    tlb_flush_page(TLB_LOADED, TLB_VA);
    poke(TLB_VA, 2); /* the CPU walks again, sees read-only: exception 14 */
}

/* A page-fault handler for the tests below: it counts the fault and maps
 * fault_frame at the faulting address through the window, with no invlpg. */
static unsigned long fault_frame, faults;

static void map_without_invlpg(struct regs *r)
{
    (void)r;
    faults++;
    *pte_for(read_cr2()) = pte_create(fault_frame, PTE_PRESENT | PTE_WRITABLE);
}

/* peek(TLB_VA) with map_without_invlpg as the fault handler mapping `f`. */
static uint32_t peek_mapping_on_fault(unsigned long f)
{
    uint32_t v;
    fault_frame = f;
    faults = 0;
    exception_register_handler(EXC_PAGE_FAULT, map_without_invlpg);
    v = peek(TLB_VA);
    exception_register_handler(EXC_PAGE_FAULT, page_table_handle_fault);
    return v;
}

KTEST(tlb_not_present_to_present_needs_no_invlpg)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    map_and_prime(a); /* makes the page table; then TLB_VA goes not-present */
    set_pte(a, 0);
    tlb_flush_page(TLB_LOADED, TLB_VA);
    /* The read faults (the CPU finds the PTE not present), the handler makes
     * it present without invlpg, and the read, restarted, sees B at once. */
    KEXPECT_EQ(peek_mapping_on_fault(b), PATTERN_B);
    KEXPECT_EQ(faults, 1);
    unmap_and_put(a);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(tlb_cleared_pte_without_invlpg_still_reads_the_old_frame)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    map_and_prime(a);
    set_pte(a, 0);                       /* what free_page does, minus its invlpg */
    KEXPECT_EQ(peek(TLB_VA), PATTERN_A); /* stale: the unmapped frame is still read */
    tlb_flush_page(TLB_LOADED, TLB_VA);
    KEXPECT_EQ(peek_mapping_on_fault(b), PATTERN_B); /* now the access faults */
    KEXPECT_EQ(faults, 1);
    unmap_and_put(a);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(tlb_kmap_slot_retargeted_without_invlpg_shows_the_old_frame)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    unsigned long va = (unsigned long)(uintptr_t)kmap(a);
    KEXPECT_EQ(peek(va), PATTERN_A);
    *pte_for(va) = pte_create(b, PTE_PRESENT | PTE_WRITABLE); /* kmap's edit, minus its invlpg */
    KEXPECT_EQ(peek(va), PATTERN_A);
    tlb_flush_kernel_page(va); /* the scratch window: the kernel's own mapping */
    KEXPECT_EQ(peek(va), PATTERN_B);
    kunmap((void *)va);
    put_frame_back(a);
    put_frame_back(b);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(tlb_kmap_of_another_frame_in_a_reused_slot_shows_that_frame)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    void *pa = kmap(a), *pb;
    KEXPECT_EQ(peek((unsigned long)(uintptr_t)pa), PATTERN_A);
    kunmap(pa);
    pb = kmap(b);
    KASSERT(pb == pa); /* the same slot, so only kmap's invlpg tells A from B */
    KEXPECT_EQ(peek((unsigned long)(uintptr_t)pb), PATTERN_B);
    kunmap(pb);
    put_frame_back(a);
    put_frame_back(b);
    KEXPECT_EQ(page_table_free_frames(), before);
}

/* The page table window of TLB_VA's 4 MB: the directory entry seen as a
 * PTE.  Both patterns have the present bit clear, so a frame full of
 * either is a page table with nothing mapped. */
static unsigned long window_va(void)
{
    return (unsigned long)(uintptr_t)page_table_window(PDX(TLB_VA));
}

KTEST(tlb_new_page_table_shows_in_the_window_without_invlpg)
{
    unsigned long before = page_table_free_frames();
    unsigned long t = filled_frame(PATTERN_A);
    KASSERT(!pte_is_present(*pde_for(TLB_VA)));
    *pde_for(TLB_VA) = pde_create(t, PTE_PRESENT | PTE_WRITABLE); /* not present -> present */
    KEXPECT_EQ(peek(window_va()), PATTERN_A);
    *pde_for(TLB_VA) = 0;
    tlb_flush_table(TLB_LOADED, TLB_VA);
    put_frame_back(t);
    KEXPECT_EQ(page_table_free_frames(), before);
}

KTEST(tlb_window_keeps_a_replaced_page_table_until_invlpg)
{
    unsigned long before = page_table_free_frames();
    unsigned long t = filled_frame(PATTERN_A), u = filled_frame(PATTERN_B);
    KASSERT(!pte_is_present(*pde_for(TLB_VA)));
    *pde_for(TLB_VA) = pde_create(t, PTE_PRESENT | PTE_WRITABLE);
    KEXPECT_EQ(peek(window_va()), PATTERN_A);
    *pde_for(TLB_VA) = pde_create(u, PTE_PRESENT | PTE_WRITABLE); /* no invlpg */
    KEXPECT_EQ(peek(window_va()), PATTERN_A); /* stale: still the old table's frame */
    tlb_flush_table(TLB_LOADED, TLB_VA);
    KEXPECT_EQ(peek(window_va()), PATTERN_B);
    *pde_for(TLB_VA) = 0;
    tlb_flush_table(TLB_LOADED, TLB_VA);
    put_frame_back(t);
    put_frame_back(u);
    KEXPECT_EQ(page_table_free_frames(), before);
}

/* petmem's pet_invlpg, through the system-call table as ring 3 calls it:
 * the stale translation goes, as with the invlpg instruction above. */
KTEST(tlb_pet_invlpg_drops_the_old_translation)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    struct regs r = {0};
    map_and_prime(a);
    set_pte(b, PTE_PRESENT | PTE_WRITABLE);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_A); /* stale */
    r.eax = SYS_pet_invlpg, r.ebx = TLB_VA;
    syscall_dispatch(&r);
    KEXPECT_EQ(r.eax, 0);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_B);
    unmap_and_put(a);
    KEXPECT_EQ(page_table_free_frames(), before);
}

/* ---- tlb.h's contract ---------------------------------------------------- */

/* The loaded space named by its directory's physical address, as the
 * pager names the space of a page it evicts, is flushed like TLB_LOADED. */
KTEST(tlb_flush_page_of_the_loaded_space_by_its_directory_drops_the_old_frame)
{
    expect_page_flush_drops_stale(PAGE_ADDR(current_page_table->pd_frame));
}

/* A space that is not loaded has nothing in the TLB, so a flush of it,
 * page, range or whole, is nothing: the loaded space keeps its stale
 * translation (which only a flush of the loaded space drops). */
KTEST(tlb_flush_of_a_space_not_loaded_leaves_the_loaded_ones_translations)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    struct page_table other;
    tlb_space_t space;
    page_table_init(&other);
    space = PAGE_ADDR(other.pd_frame);
    KEXPECT(!tlb_space_is_loaded(space));
    map_and_prime(a);
    set_pte(b, PTE_PRESENT | PTE_WRITABLE);
    tlb_flush_page(space, TLB_VA);
    tlb_flush_range(space, TLB_VA, PAGE_SIZE);
    tlb_flush_table(space, TLB_VA);
    tlb_flush_space(space);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_A); /* still stale: the flushes were no-ops */
    tlb_flush_page(TLB_LOADED, TLB_VA);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_B);
    unmap_and_put(a);
    page_table_destroy(&other);
    KEXPECT_EQ(page_table_free_frames(), before);
}

/* Eight bytes across the boundary between TLB_VA's page and the next:
 * both pages' stale translations go. */
KTEST(tlb_flush_range_across_a_page_boundary_drops_both_pages)
{
    unsigned long before = page_table_free_frames();
    unsigned long va[2] = {TLB_VA, TLB_VA + PAGE_SIZE}, a[2], b[2];
    for (int i = 0; i < 2; i++) {
        a[i] = filled_frame(PATTERN_A), b[i] = filled_frame(PATTERN_B);
        KASSERT(page_table_map(va[i], a[i], PTE_WRITABLE) == E_OK);
        KEXPECT_EQ(peek(va[i]), PATTERN_A);
        *pte_for(va[i]) = pte_create(b[i], PTE_PRESENT | PTE_WRITABLE);
        KEXPECT_EQ(peek(va[i]), PATTERN_A); /* stale */
    }
    tlb_flush_range(TLB_LOADED, va[1] - 4, 8);
    for (int i = 0; i < 2; i++) {
        KEXPECT_EQ(peek(va[i]), PATTERN_B);
        page_table_free_page(current_page_table, PAGE_NO(va[i]));
        put_frame_back(a[i]);
    }
    KEXPECT_EQ(page_table_free_frames(), before);
}

/* A range of length 0 names no page: the stale translation stays. */
KTEST(tlb_flush_range_of_length_zero_flushes_nothing)
{
    unsigned long before = page_table_free_frames();
    unsigned long a = filled_frame(PATTERN_A), b = filled_frame(PATTERN_B);
    map_and_prime(a);
    set_pte(b, PTE_PRESENT | PTE_WRITABLE);
    tlb_flush_range(TLB_LOADED, TLB_VA, 0);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_A); /* stale */
    tlb_flush_range(TLB_LOADED, TLB_VA, 1);
    KEXPECT_EQ(peek(TLB_VA), PATTERN_B);
    unmap_and_put(a);
    KEXPECT_EQ(page_table_free_frames(), before);
}
