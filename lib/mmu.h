/*
 * mmu.h - everything selfmap knows about x86 (32-bit, non-PAE) paging.
 *
 * Why one header: paging is a handful of bit fields and three fixed
 * windows.  Keeping every flag, shift and window address here means no
 * other file ever spells a raw mask or a magic address; it says
 * PTE_PRESENT | PTE_WRITABLE and pte_for(va) instead.  Read this file
 * first, then page_table.c.
 *
 * A virtual address splits into three parts:
 *
 *   31                 22 21                 12 11                  0
 *  +---------------------+---------------------+---------------------+
 *  |  directory index    |    table index      |   offset in page    |
 *  |      PDX(va)        |      PTX(va)        |     PGOFF(va)       |
 *  +---------------------+---------------------+---------------------+
 *
 * The virtual address space, as every selfmap address space lays it out:
 *
 *   0x00000000 +--------------------------------+
 *              | page 0: never mapped (NULL)    |
 *   0x00001000 | shared, identity-mapped 4 MB:  |  one page-table frame,
 *              | kernel image, stack, kernel    |  shared by every
 *              | frame pool, VGA                |  address space
 *   0x00400000 +--------------------------------+
 *              | VM pools (and the MP4 page     |  backed on demand by
 *              | table test's free-for-all)     |  the fault handler
 *   SHM_BASE   +--------------------------------+
 *              | shared-memory segments         |
 *   SCRATCH_   +--------------------------------+
 *    VADDR     | scratch window (PDE 1022):     |  short-lived kernel
 *              | frames mapped by kmap()        |  mappings, shared
 *   0xFFC00000 +--------------------------------+
 *              | recursive window (PDE 1023):   |
 *              |  page table X at               |
 *              |  PAGE_TABLES_VADDR + X*4096    |  1023 | X    | Y | 00
 *   0xFFFFF000 |  the directory itself          |  1023 | 1023 | X | 00
 *              +--------------------------------+
 *
 * A process's address space (proc/) uses the same frame, and its user
 * range [USER_BASE, USER_END) carries PTE_USER; the shared 4 MB and both
 * windows never do, so ring 3 cannot touch the kernel:
 *
 *   USER_BASE      +--------------------------------+ 0x00400000
 *   (0x00400000)   | ELF text (read-only), data,    |  mapped by exec
 *                  | bss                            |
 *                  +- - - - - - - - - - - - - - - - + image end (page-rounded)
 *                  | heap, grown by sbrk: up to     |  backed on touch
 *                  | 2 GB less the image, so xv6's  |
 *                  | sbrk(1 GB) fits lazily         |
 *   USER_HEAP_END  +--------------------------------+ 0x80000000
 *   PETMEM_BASE    | petmem: a 1 GB VM pool,        |  pet_malloc/pet_free;
 *                  | over-committed                 |  bookkeeping kernel-only
 *   PETMEM_END     +--------------------------------+ 0xC0000000
 *                  | free for future mappings       |  every access faults
 *                  | (about 880 MB)                 |  today
 *                  +--------------------------------+ USER_STACK_GUARD
 *                  | guard page                     |  overflow kills
 *   USER_STACK_MIN +--------------------------------+ top - 1 MB
 *                  | stack, grows down on demand    |
 *   USER_STACK_TOP +--------------------------------+ 0xF7400000
 *                  | (one unused page table's span) |
 *   SHM_BASE       +--------------------------------+ 0xF7800000
 *                  | shm segments (openshmem)       |  PTE_USER too
 *   USER_END       +--------------------------------+ SHM_END
 */
#ifndef SELFMAP_MMU_H
#define SELFMAP_MMU_H

#include <stdint.h>

#include "sizes.h"
#include "x86.h" /* the instructions paging needs: CR0, CR3 (flushes: tlb.h) */

/* ---- sizes and the address split ---------------------------------- */
#define PAGE_SHIFT 12u
#define PAGE_SIZE  (1ul << PAGE_SHIFT)
#define PGOFF_MASK (PAGE_SIZE - 1)

#define PTX_SHIFT         PAGE_SHIFT
#define PDX_SHIFT         22u
#define INDEX_BITS        10u
#define ENTRIES_PER_TABLE (1ul << INDEX_BITS)
#define INDEX_MASK        (ENTRIES_PER_TABLE - 1)
#define TABLE_SPAN        (1ul << PDX_SHIFT) /* bytes one page table maps: 4 MB */

#define PDX(va)              (((unsigned long)(va) >> PDX_SHIFT) & INDEX_MASK)
#define PTX(va)              (((unsigned long)(va) >> PTX_SHIFT) & INDEX_MASK)
#define PGOFF(va)            ((unsigned long)(va)&PGOFF_MASK)
#define PAGE_NO(va)          ((unsigned long)(va) >> PAGE_SHIFT)
#define PAGE_ADDR(page_no)   ((unsigned long)(page_no) << PAGE_SHIFT)
#define PAGE_ROUND_DOWN(a)   ((unsigned long)(a) & ~PGOFF_MASK)
#define PAGE_ROUND_UP(a)     PAGE_ROUND_DOWN((unsigned long)(a) + PGOFF_MASK)
#define PAGES_FOR(bytes)     (PAGE_ROUND_UP(bytes) >> PAGE_SHIFT)
#define PAGES_TO_KB(pages)   (PAGE_ADDR(pages) / KB) /* a size in pages, in KB */
/* The first address the page table after va's maps: where a walk goes
 * on when va has no page table (0 once the space wraps at the top). */
#define NEXT_TABLE_START(va) (((unsigned long)(va) & ~(TABLE_SPAN - 1)) + TABLE_SPAN)

/* ---- entry bits (the same layout for PDEs and PTEs) ---------------- */
#define PTE_PRESENT_SHIFT  0u
#define PTE_WRITABLE_SHIFT 1u
#define PTE_USER_SHIFT     2u
#define PTE_ACCESSED_SHIFT 5u
#define PTE_DIRTY_SHIFT    6u
#define PTE_AVAIL_SHIFT    9u /* bits 9..11 are ours to use */

#define PTE_PRESENT    (1ul << PTE_PRESENT_SHIFT)
#define PTE_WRITABLE   (1ul << PTE_WRITABLE_SHIFT)
#define PTE_USER       (1ul << PTE_USER_SHIFT)
#define PTE_ACCESSED   (1ul << PTE_ACCESSED_SHIFT)
#define PTE_DIRTY      (1ul << PTE_DIRTY_SHIFT)
#define PTE_SHARED     (1ul << PTE_AVAIL_SHIFT) /* frame owned by a shm segment */
/* A present, read-only private page that fork shares with another
 * space: a write makes it private (mm/cow.h).  Never with PTE_SHARED. */
#define PTE_COW        (1ul << (PTE_AVAIL_SHIFT + 1))
#define PTE_FLAGS_MASK PGOFF_MASK
#define PTE_FRAME_MASK (~PTE_FLAGS_MASK)

typedef uint32_t pte_t; /* a PDE has the same shape */

/* Build an entry that maps frame number `frame` with `flags`. */
static inline pte_t pte_create(unsigned long frame, unsigned long flags)
{
    return (pte_t)((frame << PAGE_SHIFT) | (flags & PTE_FLAGS_MASK));
}
#define pde_create pte_create

/* The frame number an entry points at. */
static inline unsigned long pte_frame(pte_t e) { return (e & PTE_FRAME_MASK) >> PAGE_SHIFT; }
static inline int pte_is_present(pte_t e) { return (e & PTE_PRESENT) != 0; }
static inline unsigned long pte_flags(pte_t e) { return e & PTE_FLAGS_MASK; }

/* ---- the swapped-out entry ------------------------------------------
 * The MMU reads nothing of an entry whose present bit is clear, so a
 * not-present PTE can say where its page went.  A page evicted to swap
 * (mm/pager.h) leaves this behind:
 *
 *   31                               12  11  10        3   2   1   0
 *  +-----------------------------------+---+-------------+---+---+---+
 *  |  swap slot (PTE_SWAP_SLOT_BITS)   | W |      0      | U | 1 | 0 |
 *  +-----------------------------------+---+-------------+---+---+---+
 *                       PTE_SWAP_WRITABLE   PTE_USER  PTE_SWAPPED  present = 0
 *
 * The slot sits where a present entry keeps its frame, so the next
 * fault on the page finds its slot with one shift.  PTE_SWAPPED tells a
 * swapped entry from an empty one (0: never touched, back with zeroes);
 * slot 0 is a valid slot.  PTE_SWAPPED takes bit 1, where a present
 * entry keeps PTE_WRITABLE, so the page's permission moves to bit 11
 * (an available bit) and PTE_USER stays where it is: swap-in maps the
 * page back with exactly the rights it had.  The last slot number,
 * PTE_SWAP_ZERO_SLOT, names no slot: the page was dropped because it
 * was never written, and it comes back as zeroes without a disk read.
 * A PDE never takes this form. */
#define PTE_SWAPPED_SHIFT       1u
#define PTE_SWAPPED             (1ul << PTE_SWAPPED_SHIFT)
#define PTE_SWAP_WRITABLE_SHIFT (PTE_AVAIL_SHIFT + 2) /* bit 11 */
#define PTE_SWAP_WRITABLE       (1ul << PTE_SWAP_WRITABLE_SHIFT)
#define PTE_SWAP_SLOT_SHIFT     PAGE_SHIFT
#define PTE_SWAP_SLOT_BITS      (32u - PTE_SWAP_SLOT_SHIFT)
#define PTE_SWAP_SLOTS_LIMIT    (1ul << PTE_SWAP_SLOT_BITS) /* slot numbers an entry can hold */
#define PTE_SWAP_ZERO_SLOT      (PTE_SWAP_SLOTS_LIMIT - 1)  /* "never written: zeroes" */

/* The not-present entry for a page that lives in swap slot `slot`
 * (below PTE_SWAP_SLOTS_LIMIT; PTE_SWAP_ZERO_SLOT for a dropped page
 * that was never written), keeping PTE_USER and PTE_WRITABLE of the
 * present entry `was` (0: a kernel read-only page). */
static inline pte_t pte_swapped_from(unsigned long slot, pte_t was)
{
    return (pte_t)((slot << PTE_SWAP_SLOT_SHIFT) | (was & PTE_USER) |
                   ((was & PTE_WRITABLE) ? PTE_SWAP_WRITABLE : 0) | PTE_SWAPPED);
}
/* pte_swapped_from for a page with no rights recorded. */
static inline pte_t pte_swapped(unsigned long slot) { return pte_swapped_from(slot, 0); }
/* True when e is a swapped-out entry (not present, PTE_SWAPPED set). */
static inline int pte_is_swapped(pte_t e)
{
    return (e & (PTE_PRESENT | PTE_SWAPPED)) == PTE_SWAPPED;
}
/* The swap slot a swapped-out entry names (PTE_SWAP_ZERO_SLOT: none). */
static inline unsigned long pte_swap_slot(pte_t e)
{
    return (unsigned long)e >> PTE_SWAP_SLOT_SHIFT;
}
/* The flags a swapped-out entry's page gets back when it is present
 * again (without PTE_PRESENT): PTE_USER and PTE_WRITABLE as they were. */
static inline unsigned long pte_swap_rights(pte_t e)
{
    return (e & PTE_USER) | ((e & PTE_SWAP_WRITABLE) ? PTE_WRITABLE : 0);
}

/* ---- the fixed windows --------------------------------------------- */
#define SELF_MAP_PDX    (ENTRIES_PER_TABLE - 1) /* 1023 */
#define SCRATCH_PDX     (ENTRIES_PER_TABLE - 2) /* 1022 */
#define SHM_PAGE_TABLES 32ul                    /* 128 MB of shm area */
#define SHM_FIRST_PDX   (SCRATCH_PDX - SHM_PAGE_TABLES)

#define PAGE_TABLES_VADDR (SELF_MAP_PDX << PDX_SHIFT)                       /* 0xFFC00000 */
#define PAGE_DIR_VADDR    (PAGE_TABLES_VADDR | (SELF_MAP_PDX << PTX_SHIFT)) /* 0xFFFFF000 */
#define SCRATCH_VADDR     (SCRATCH_PDX << PDX_SHIFT)                        /* 0xFF800000 */
#define SHM_BASE          (SHM_FIRST_PDX << PDX_SHIFT)                      /* 0xF7800000 */
#define SHM_END           SCRATCH_VADDR
#define SCRATCH_SLOTS     ENTRIES_PER_TABLE

#define SHARED_PDX     0ul /* the first 4 MB: one page table shared by all */
#define DIRECT_MAP_END TABLE_SPAN
#define VM_AREA_START  DIRECT_MAP_END
#define VM_AREA_END    SHM_BASE /* pools live in [VM_AREA_START, VM_AREA_END) */

/* ---- the physical layout (MP4's) ------------------------------------ */
#define KERNEL_POOL_START  (2 * MB) /* kernel_mem_pool: 2-4 MB, direct-mapped */
#define KERNEL_POOL_END    (4 * MB)
#define PROCESS_POOL_START (4 * MB) /* process_mem_pool: 4 MB to the end of RAM */
#define DEFAULT_MEMORY_END (32 * MB)
#define MEMORY_HOLE_START  (15 * MB) /* MP4's inaccessible 15-16 MB hole */
#define MEMORY_HOLE_SIZE   (1 * MB)
#define PHYS_LIMIT_FRAMES  (1ul << (32 - PAGE_SHIFT)) /* frames below 4 GB */

/* ---- the user address layout (proc/; the picture at the top) -------- */
#define USER_BASE        VM_AREA_START /* ELF images are linked here */
#define USER_IMAGE_END   0x10000000ul  /* ELF segments end below this */
#define USER_HEAP_END    0x80000000ul  /* sbrk never passes this */
#define PETMEM_BASE      USER_HEAP_END /* petmem's VM pool */
#define PETMEM_SIZE      0x40000000ul  /* 1 GB, over-committed */
#define PETMEM_END       (PETMEM_BASE + PETMEM_SIZE)
#define USER_STACK_TOP   (SHM_BASE - TABLE_SPAN) /* 0xF7400000 */
#define USER_STACK_LIMIT (1ul * MB)              /* the stack grows down to this size */
#define USER_STACK_MIN   (USER_STACK_TOP - USER_STACK_LIMIT)
#define USER_STACK_GUARD (USER_STACK_MIN - PAGE_SIZE) /* never mapped: overflow faults here */
#define USER_END         SHM_END

static inline int in_user_range(unsigned long va) { return va >= USER_BASE && va < USER_END; }

/* A pointer to frame `frame` through the direct map.  Only frames below
 * DIRECT_MAP_END (the kernel image and the kernel frame pool) have one;
 * host unit tests supply their own version backed by a plain array. */
#ifdef SELFMAP_HOST
void *direct_map_ptr(unsigned long frame);
#else
static inline void *direct_map_ptr(unsigned long frame) { return (void *)PAGE_ADDR(frame); }
#endif
static inline int frame_is_direct_mapped(unsigned long frame)
{
    return frame < PAGE_NO(DIRECT_MAP_END);
}

/* The directory of the loaded address space, through the self-map. */
static inline volatile pte_t *page_dir(void) { return (volatile pte_t *)PAGE_DIR_VADDR; }

/* The PDE that covers va, through the self-map. */
static inline volatile pte_t *pde_for(unsigned long va) { return page_dir() + PDX(va); }

/* The page table for directory slot pdx, as the self-map shows it. */
static inline volatile pte_t *page_table_window(unsigned long pdx)
{
    return (volatile pte_t *)(PAGE_TABLES_VADDR + (pdx << PAGE_SHIFT));
}

/* The PTE that maps va (only valid while its PDE is present). */
static inline volatile pte_t *pte_for(unsigned long va)
{
    return (volatile pte_t *)PAGE_TABLES_VADDR + PAGE_NO(va);
}

/* The next address worth probing after va in the loaded space: the next
 * page, or the next 4 MB boundary when va has no page table (so a walk
 * over a sparse range skips what is not there).  0 when the space wraps. */
static inline unsigned long next_probe(unsigned long va)
{
    if (pte_is_present(*pde_for(va)))
        return va + PAGE_SIZE;
    return NEXT_TABLE_START(va);
}

static inline int in_recursive_window(unsigned long va) { return va >= PAGE_TABLES_VADDR; }
static inline int in_scratch_window(unsigned long va)
{
    return va >= SCRATCH_VADDR && va < PAGE_TABLES_VADDR;
}
static inline int in_shm_area(unsigned long va) { return va >= SHM_BASE && va < SHM_END; }

#endif
