/*
 * memory.cpp - MP4's ContFramePool, PageTable and VMPool over selfmap's
 * C memory managers.
 *
 * Why so: each MP4 object holds the C struct itself, in opaque storage
 * that its header sizes without naming selfmap's headers (so a kernel.C
 * compiles with mp4/include alone); this file sees both and checks with
 * static_assert that every struct fits.  Methods are one-line forwards;
 * a recoverable C error that MP4's void methods cannot return becomes a
 * panic that names the method and the error.
 */
#include "../include/cont_frame_pool.H"
#include "../include/page_table.H"
#include "../include/vm_pool.H"

/* mmu.h makes PAGE_SIZE a macro: take MP4's values before it. */
static constexpr unsigned int MP4_PAGE_SIZE = PageTable::PAGE_SIZE;
static constexpr unsigned int MP4_ENTRIES_PER_PAGE = PageTable::ENTRIES_PER_PAGE;

#undef assert /* MP4's; selfmap's C headers define their own */
extern "C" {
#include "cont_frame_pool.h"
#include "page_table.h"
#include "utils.h"
#include "vm_pool_registry.h"
#include "console.h"
}

#include "glue.h"

/* The one place that turns MP4 objects into the C structs they hold. */
struct Mp4Access {
    static struct cont_frame_pool *c(ContFramePool *p)
    {
        return reinterpret_cast<struct cont_frame_pool *>(p->impl);
    }
    static struct page_table *c(PageTable *p)
    {
        return reinterpret_cast<struct page_table *>(p->impl);
    }
    static struct vm_pool *c(VMPool *p) { return reinterpret_cast<struct vm_pool *>(p->impl); }

    /* Both ContFramePool constructors: the C pool, named by its base. */
    static void init(ContFramePool *pool, unsigned long base_frame_no, unsigned long n_frames,
                     unsigned long info_frame_no)
    {
        struct cont_frame_pool *p = c(pool);
        cont_frame_pool_init(p, base_frame_no, n_frames, info_frame_no);
        ksnprintf(pool->name, sizeof(pool->name), "ContFramePool@0x%lx", base_frame_no);
        p->name = pool->name;
    }

    static_assert(sizeof(struct cont_frame_pool) <= sizeof(ContFramePool::impl),
                  "ContFramePool::impl is too small for struct cont_frame_pool");
    static_assert(alignof(struct cont_frame_pool) <= 8, "ContFramePool::impl alignment");
    static_assert(sizeof(struct page_table) <= sizeof(PageTable::impl),
                  "PageTable::impl is too small for struct page_table");
    static_assert(alignof(struct page_table) <= 8, "PageTable::impl alignment");
    static_assert(sizeof(struct vm_pool) <= sizeof(VMPool::impl),
                  "VMPool::impl is too small for struct vm_pool");
    static_assert(alignof(struct vm_pool) <= 8, "VMPool::impl alignment");
};

static_assert(MP4_PAGE_SIZE == PAGE_SIZE, "MP4's PAGE_SIZE is selfmap's");
static_assert(MP4_ENTRIES_PER_PAGE == ENTRIES_PER_TABLE, "MP4's ENTRIES_PER_PAGE is selfmap's");

/* ---- ContFramePool ---------------------------------------------------- */

ContFramePool::ContFramePool(unsigned long base_frame_no, unsigned long n_frames,
                             unsigned long info_frame_no)
{
    Mp4Access::init(this, base_frame_no, n_frames, info_frame_no);
}

ContFramePool::ContFramePool(unsigned long base_frame_no, unsigned long n_frames,
                             unsigned long info_frame_no, unsigned long n_info_frames)
{
    unsigned long needed = cont_frame_pool_needed_info_frames(n_frames);
    if (info_frame_no && n_info_frames < needed) /* checked before anything is written */
        panic("ContFramePool: %lu info frames given at frame 0x%lx; %lu needed for %lu frames",
              n_info_frames, info_frame_no, needed, n_frames);
    Mp4Access::init(this, base_frame_no, n_frames, info_frame_no);
}

ContFramePool::~ContFramePool() { cont_frame_pool_forget(Mp4Access::c(this)); }

unsigned long ContFramePool::get_frames(unsigned int n_frames)
{
    return cont_frame_pool_get_frames(Mp4Access::c(this), n_frames);
}

void ContFramePool::mark_inaccessible(unsigned long base_frame_no, unsigned long n_frames)
{
    int rc = cont_frame_pool_mark_inaccessible(Mp4Access::c(this), base_frame_no, n_frames);
    if (rc < 0)
        panic("ContFramePool::mark_inaccessible(0x%lx, %lu) in %s: %s", base_frame_no, n_frames,
              name, error_name(rc));
}

void ContFramePool::release_frames(unsigned long first_frame_no)
{
    int rc = cont_frame_pool_release_frames(first_frame_no);
    if (rc < 0)
        panic("ContFramePool::release_frames(0x%lx): %s", first_frame_no, error_name(rc));
}

unsigned long ContFramePool::needed_info_frames(unsigned long n_frames)
{
    return cont_frame_pool_needed_info_frames(n_frames);
}

/* ---- PageTable -------------------------------------------------------- */

void PageTable::init_paging(ContFramePool *kernel_mem_pool, ContFramePool *process_mem_pool,
                            const unsigned long shared_size)
{
    page_table_init_paging(Mp4Access::c(kernel_mem_pool), Mp4Access::c(process_mem_pool),
                           shared_size);
}

PageTable::PageTable() { page_table_init(Mp4Access::c(this)); }

PageTable::~PageTable()
{
    struct page_table *pt = Mp4Access::c(this);
    if (pt == current_page_table)
        panic("~PageTable: the loaded address space goes out of scope");
    page_table_destroy(pt);
}

void PageTable::load() { page_table_load(Mp4Access::c(this)); }

void PageTable::enable_paging() { page_table_enable_paging(); }

static void (*fault_handler)(struct regs *r); /* page_fault.c's, from boot.cpp */

void mp4_set_fault_handler(void (*handler)(struct regs *r)) { fault_handler = handler; }

void PageTable::handle_fault(REGS *regs)
{
    if (!fault_handler)
        panic("PageTable::handle_fault: no page-fault handler was handed over");
    fault_handler(reinterpret_cast<struct regs *>(regs));
}

void PageTable::register_pool(VMPool *vm_pool)
{
    vm_pool_register(Mp4Access::c(this), Mp4Access::c(vm_pool));
}

void PageTable::free_page(unsigned long page_no)
{
    page_table_free_page(Mp4Access::c(this), page_no);
}

/* ---- VMPool ----------------------------------------------------------- */

VMPool::VMPool(unsigned long base_address, unsigned long size, ContFramePool *frame_pool,
               PageTable *page_table)
{
    vm_pool_init(Mp4Access::c(this), base_address, size, Mp4Access::c(frame_pool),
                 Mp4Access::c(page_table));
}

VMPool::~VMPool()
{
    struct vm_pool *pool = Mp4Access::c(this);
    struct page_table *pt = pool->page_table;
    if (!pool->registered)
        return;                                 /* replaced: already freed */
    if (pool->slots_backed_end != pool->base) { /* it allocated: pages may be backed */
        if (pt != current_page_table)
            panic("~VMPool: pool %s goes out of scope while its address space is not loaded",
                  pool->name);
        page_table_free_range(pt, pool->base, pool->base + pool->size);
    }
    vm_pool_unregister(pt, pool);
}

unsigned long VMPool::allocate(unsigned long size)
{
    return vm_pool_allocate(Mp4Access::c(this), size);
}

void VMPool::release(unsigned long start_address)
{
    struct vm_pool *pool = Mp4Access::c(this);
    if (start_address == 0)
        return;
    if (vm_pool_release(pool, start_address) < 0)
        panic("VMPool::release: 0x%lx is not the start of a region in pool %s", start_address,
              pool->name);
}

bool VMPool::is_legitimate(unsigned long address)
{
    return vm_pool_is_legitimate(Mp4Access::c(this), address);
}
