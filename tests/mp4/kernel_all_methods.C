/*
    File: kernel_all_methods.C

    selfmap's own MP4-style client kernel: it uses only MP4's class
    interfaces (mp4/include), in the handout kernel.C's order, and calls
    every method of every class at least once, including a 2-page VM pool
    and pools that replace overlapping pools.

    Build and run:  make run-mp4 KERNEL_C=tests/mp4/kernel_all_methods.C
    It ends like an MP4 kernel: "Test Passed! Congratulations!" (or "Test
    Failed" with the failed checks listed), then the turn-off line.
*/

#define GB                       *(0x1 << 30)
#define MB                       *(0x1 << 20)
#define KB                       *(0x1 << 10)
#define KERNEL_POOL_START_FRAME  ((2 MB) / Machine::PAGE_SIZE)
#define KERNEL_POOL_SIZE         ((2 MB) / Machine::PAGE_SIZE)
#define PROCESS_POOL_START_FRAME ((4 MB) / Machine::PAGE_SIZE)
#define PROCESS_POOL_SIZE        ((28 MB) / Machine::PAGE_SIZE)
#define MEM_HOLE_START_FRAME     ((15 MB) / Machine::PAGE_SIZE)
#define MEM_HOLE_SIZE            ((1 MB) / Machine::PAGE_SIZE)
/* A pool past the end of the 32 MB machine: only its bookkeeping, in a
 * kernel frame, is ever touched. */
#define EXTRA_POOL_START_FRAME   ((32 MB) / Machine::PAGE_SIZE)
#define EXTRA_POOL_SIZE          ((1 MB) / Machine::PAGE_SIZE)

#define PIC_MASTER_DATA      0x21
#define VGA_CRTC_INDEX       0x3D4
#define VGA_CURSOR_LOW       0x0F
#define IRQ_TIMER            0
#define IRQ_KEYBOARD         1
#define BREAKPOINT_EXCEPTION 3
#define PAGE_FAULT_EXCEPTION 14
#define CR0_PG               (1ul << 31)
#define PAGE_MASK            (~(unsigned long)(Machine::PAGE_SIZE - 1))

#include "machine.H"
#include "console.H"
#include "gdt.H"
#include "idt.H"
#include "irq.H"
#include "exceptions.H"
#include "interrupts.H"
#include "simple_keyboard.H"
#include "simple_timer.H"
#include "page_table.H"
#include "paging_low.H"
#include "vm_pool.H"
#include "utils.H"
#include "assert.H"

/*--------------------------------------------------------------------------*/
/* MEMORY ALLOCATION, as in MP4: new and delete use current_pool */
/*--------------------------------------------------------------------------*/

VMPool *current_pool;

typedef unsigned int size_t;

void *operator new(size_t size) { return (void *)current_pool->allocate((unsigned long)size); }
void *operator new[](size_t size) { return (void *)current_pool->allocate((unsigned long)size); }
void operator delete(void *p) { current_pool->release((unsigned long)p); }
void operator delete[](void *p) { current_pool->release((unsigned long)p); }

/*--------------------------------------------------------------------------*/
/* CHECKS */
/*--------------------------------------------------------------------------*/

static int failures;

static void check(bool ok, const char *what)
{
    if (!ok) {
        Console::puts("FAILED: ");
        Console::puts(what);
        Console::puts("\n");
        failures++;
    }
}

static void section(const char *name)
{
    Console::puts("-- ");
    Console::puts(name);
    Console::puts("\n");
}

/* Write a pattern over [start, start + bytes) and read it back. */
static bool touch(unsigned long start, unsigned long bytes)
{
    volatile unsigned long *p = (volatile unsigned long *)start;
    unsigned long n = bytes / sizeof(unsigned long);
    for (unsigned long i = 0; i < n; i += 256)
        p[i] = start + i;
    for (unsigned long i = 0; i < n; i += 256)
        if (p[i] != start + i)
            return false;
    return true;
}

/* Free frames of a pool: take single frames until none is left, then
 * give them all back.  Nothing may fault meanwhile. */
static unsigned long grabbed[PROCESS_POOL_SIZE];

static unsigned long free_frames(ContFramePool *pool)
{
    unsigned long n = 0, f;
    while (n < PROCESS_POOL_SIZE && (f = pool->get_frames(1)) != 0)
        grabbed[n++] = f;
    for (unsigned long i = 0; i < n; i++)
        ContFramePool::release_frames(grabbed[i]);
    return n;
}

/*--------------------------------------------------------------------------*/
/* A GLOBAL OBJECT: its constructor must run before main() (.init_array),
   and its destructor needs __cxa_atexit and __dso_handle to link. */
/*--------------------------------------------------------------------------*/

static int constructors_run;

static int count_constructor() { return ++constructors_run; }

class GlobalProbe
{
  public:
    int order;
    GlobalProbe() : order(count_constructor()) {}
    ~GlobalProbe() { order = 0; }
};

GlobalProbe global_probe;

/*--------------------------------------------------------------------------*/
/* HANDLERS */
/*--------------------------------------------------------------------------*/

class Breakpoint_Handler : public ExceptionHandler
{
  public:
    int calls;
    unsigned int vector;
    Breakpoint_Handler() : calls(0), vector(0) {}
    virtual void handle_exception(REGS *regs)
    {
        calls++;
        vector = regs->int_no; /* int3 is a trap: returning resumes after it */
    }
};

class PageFault_Handler : public ExceptionHandler
{
  public:
    unsigned long faults;
    PageFault_Handler() : faults(0) {}
    virtual void handle_exception(REGS *regs)
    {
        faults++;
        PageTable::handle_fault(regs);
    }
};

/*--------------------------------------------------------------------------*/
/* THE TESTS, one group per class */
/*--------------------------------------------------------------------------*/

static void test_utils()
{
    char a[16], b[16];
    unsigned short w[4];
    section("utils.H, assert.H, Console, the C++ runtime");
    check(constructors_run == 1 && global_probe.order == 1,
          "the global object was constructed once, before main()");
    memset(a, 'x', sizeof(a));
    memcpy(b, a, sizeof(b));
    check(b[0] == 'x' && b[15] == 'x', "memset and memcpy");
    memsetw(w, 0xBEEF, 4);
    check(w[0] == 0xBEEF && w[3] == 0xBEEF, "memsetw");
    int2str(-1234, a);
    check(a[0] == '-' && a[1] == '1' && a[4] == '4' && a[5] == 0, "int2str(-1234)");
    uint2str(4000000000u, a);
    check(a[0] == '4' && a[9] == '0' && a[10] == 0, "uint2str(4000000000)");
    assert(failures == 0);
    debug_out_E9("debug_out_E9: a line on port 0xE9\n");
    debug_out_E9_msg_value("debug_out_E9_msg_value:", 42);
    Console::set_TextColor(YELLOW, BLUE);
    Console::scroll_screen();
    Console::putch('p');
    Console::putch('\n');
    Console::puti(-7);
    Console::putch(' ');
    Console::putui(4000000000u);
    Console::putch('\n');
}

static void test_interrupts(Breakpoint_Handler *bp, SimpleTimer *timer)
{
    unsigned long s0, s1;
    int t0, t1;
    unsigned char mask = (unsigned char)Machine::inportb(PIC_MASTER_DATA);
    section("Machine, ExceptionHandler, InterruptHandler, SimpleTimer, SimpleKeyboard");
    check(Machine::interrupts_enabled(), "interrupts are on");
    check((mask & (1 << IRQ_TIMER)) == 0 && (mask & (1 << IRQ_KEYBOARD)) == 0,
          "the timer and keyboard lines are unmasked");
    Machine::outportb(PIC_MASTER_DATA, (char)mask);
    check((unsigned char)inportb(PIC_MASTER_DATA) == mask, "outportb/inportb round trip");
    /* A word write to the VGA CRTC sets index (low byte) and register
     * (high byte) at once; a word read returns both. */
    Machine::outportw(VGA_CRTC_INDEX, (0x42 << 8) | VGA_CURSOR_LOW);
    check(Machine::inportw(VGA_CRTC_INDEX) == ((0x42 << 8) | VGA_CURSOR_LOW),
          "outportw/inportw round trip");
    __asm__ volatile("int3");
    check(bp->calls == 1 && bp->vector == BREAKPOINT_EXCEPTION,
          "int3 reached the registered ExceptionHandler with int_no 3");
    ExceptionHandler::deregister_handler(BREAKPOINT_EXCEPTION);
    ExceptionHandler::register_handler(BREAKPOINT_EXCEPTION, bp);
    __asm__ volatile("int3");
    check(bp->calls == 2, "deregister and register again");
    check(InterruptHandler::generated_by_slave_PIC(InterruptHandler::IRQ_BASE + 8) &&
              !InterruptHandler::generated_by_slave_PIC(InterruptHandler::IRQ_BASE + 7),
          "generated_by_slave_PIC");
    timer->current(&s0, &t0);
    timer->wait(1); /* prints "One second has passed" */
    timer->current(&s1, &t1);
    check(s1 == s0 + 1, "SimpleTimer::wait(1) waits one second of ticks");
    Machine::disable_interrupts();
    check(!Machine::interrupts_enabled(), "disable_interrupts");
    Machine::enable_interrupts();
    check(SimpleKeyboard::last_scancode() == 0, "no key pressed yet");
}

static void test_frame_pools(ContFramePool *kernel_pool, ContFramePool *extra)
{
    unsigned long f, g;
    section("ContFramePool");
    f = kernel_pool->get_frames(3);
    check(f >= KERNEL_POOL_START_FRAME && f + 3 <= KERNEL_POOL_START_FRAME + KERNEL_POOL_SIZE,
          "get_frames(3) lies in the kernel pool");
    ContFramePool::release_frames(f);
    check(kernel_pool->get_frames(3) == f, "release_frames gives the same run back");
    ContFramePool::release_frames(f);
    check(kernel_pool->get_frames(KERNEL_POOL_SIZE) == 0, "get_frames of too many returns 0");
    extra->mark_inaccessible(EXTRA_POOL_START_FRAME, 16);
    g = extra->get_frames(1);
    check(g == EXTRA_POOL_START_FRAME + 16, "get_frames skips inaccessible frames");
    ContFramePool::release_frames(g);
    check(ContFramePool::needed_info_frames(PROCESS_POOL_SIZE) * Machine::PAGE_SIZE * 8 / 2 >=
              PROCESS_POOL_SIZE,
          "needed_info_frames covers 2 bits a frame");
}

static void test_page_tables(PageTable *pt1, ContFramePool *process_pool, PageFault_Handler *pf)
{
    unsigned long before = pf->faults, addr = 300 MB, free0;
    volatile unsigned long *p = (volatile unsigned long *)addr;
    section("PageTable");
    check((read_cr0() & CR0_PG) != 0, "paging is on (CR0.PG)");
    write_cr0(read_cr0());
    write_cr3(read_cr3()); /* a TLB flush */
    free0 = free_frames(process_pool);
    *p = 0x1234; /* no pool registered yet: every address is legitimate */
    check(pf->faults == before + 1 && read_cr2() == addr,
          "a fault at 300 MB reached handle_fault through exception 14");
    check(*p == 0x1234, "the page keeps its value");
    pt1->free_page(addr / PageTable::PAGE_SIZE);
    check(free_frames(process_pool) == free0, "free_page returned the page and its page table");
    check(*p == 0, "after free_page the next touch gets a fresh zeroed page");
    pt1->free_page(addr / PageTable::PAGE_SIZE);
    free0 = free_frames(process_pool);
    {
        PageTable pt2;
        unsigned long cr3 = read_cr3();
        pt2.load();
        check(read_cr3() != cr3, "a second PageTable loads its own directory");
        *p = 7;
        check(*p == 7, "the second address space pages on demand");
        pt2.free_page(addr / PageTable::PAGE_SIZE);
        pt1->load();
        check(read_cr3() == cr3, "back in the first address space");
    }
    check(free_frames(process_pool) == free0, "~PageTable freed the second address space");
}

/* MP4's GenerateVMPoolMemoryReferences, reporting instead of stopping. */
static void pool_references(VMPool *pool, int size1, int size2)
{
    current_pool = pool;
    for (int i = 1; i < size1; i++) {
        int *arr = new int[size2 * i];
        check(arr != 0 && pool->is_legitimate((unsigned long)arr), "new int[] is legitimate");
        for (int j = 0; j < size2 * i; j++)
            arr[j] = j;
        for (int j = size2 * i - 1; j >= 0; j--)
            if (arr[j] != j)
                check(false, "an int[] kept its values");
        delete[] arr;
    }
}

static void test_small_pool(PageTable *pt1, ContFramePool *process_pool)
{
    VMPool small(512 MB, 8 KB, process_pool, pt1);
    unsigned long a, b;
    section("VMPool: a 2-page pool");
    pt1->register_pool(&small); /* the constructor registered it: a no-op */
    current_pool = &small;
    check(!small.is_legitimate(300 MB) && !small.is_legitimate((512 MB) + (4 KB)),
          "nothing is legitimate before allocate");
    a = small.allocate(4 KB);
    check(a != 0 && small.is_legitimate(a) && small.is_legitimate(a + 4 KB - 1),
          "one 1-page region fits");
    check(!small.is_legitimate(a + 8 KB), "past the pool is not legitimate");
    check(touch(a, 4 KB), "the region is usable");
    check(small.allocate(8 KB) == 0, "a 2-page request returns 0");
    small.release(a);
    check(!small.is_legitimate(a), "released memory is not legitimate");
    b = small.allocate(4 KB);
    check(b == a, "after release the same 1-page request succeeds");
    small.release(0); /* delete of a null pointer: nothing */
    int *x = new int[1024];
    check(x == 0, "operator new through current_pool finds the pool full");
}

static void test_space_efficiency(PageTable *pt1, ContFramePool *process_pool)
{
    const unsigned long base = 800 MB;
    VMPool v(base, 64 KB, process_pool, pt1);
    unsigned long a1, a2, a3, a4, left;
    section("VMPool: a 64 KB pool, first fit");
    a1 = v.allocate(32 KB);
    check(a1 != 0 && a1 - base <= 16 KB, "allocate(32 KB) lands at most 16 KB above the base");
    left = 64 KB - 32 KB - (a1 - base);
    a2 = v.allocate(12 KB);
    a3 = v.allocate(left - 12 KB);
    check(a2 != 0 && a3 != 0, "12 KB and then everything left can be allocated");
    check(v.allocate(4 KB) == 0, "the pool is then full");
    v.release(a2);
    a4 = v.allocate(10 KB);
    check(a4 == a2, "allocate(10 KB) lands in the released 12 KB gap");
    check(touch(a1, 32 KB) && touch(a4, 10 KB & PAGE_MASK) && touch(a3, left - 12 KB),
          "every region is usable");
}

static void test_replacement(PageTable *pt1, ContFramePool *process_pool)
{
    unsigned long free0 = free_frames(process_pool), a;
    section("VMPool: pools replacing overlapping pools");
    VMPool old_pool(1 GB, 8 KB, process_pool, pt1);
    a = old_pool.allocate(4 KB);
    check(a != 0 && touch(a, 4 KB), "the old pool works");
    VMPool code_pool(1 GB, 256 MB, process_pool, pt1); /* replaces old_pool */
    check(free_frames(process_pool) == free0, "replacing the old pool returned every frame");
    pool_references(&code_pool, 50, 100);
    VMPool partial((1 GB) + (128 MB), 256 MB, process_pool, pt1); /* replaces code_pool */
    a = partial.allocate(1 MB);
    check(a != 0 && partial.is_legitimate(a) && touch(a, 1 MB),
          "a partially overlapping pool works");
    VMPool left_pool(1536 MB, 1 MB, process_pool, pt1);
    VMPool right_pool((1536 MB) + (1 MB), 1 MB, process_pool, pt1);
    check(touch(left_pool.allocate(8 KB), 8 KB) && touch(right_pool.allocate(8 KB), 8 KB),
          "two neighbouring pools work");
    VMPool both(1536 MB, 2 MB, process_pool, pt1); /* replaces left_pool and right_pool */
    pool_references(&both, 10, 100);
    partial.release(a);
    check(!partial.is_legitimate(a), "partial.release");
}

/*--------------------------------------------------------------------------*/
/* MAIN ENTRY INTO THE OS, in the handout's order */
/*--------------------------------------------------------------------------*/

int main()
{
    GDT::init();
    Console::init();
    IDT::init();
    ExceptionHandler::init_dispatcher();
    IRQ::init();
    InterruptHandler::init_dispatcher();

    Breakpoint_Handler bp_handler;
    ExceptionHandler::register_handler(BREAKPOINT_EXCEPTION, &bp_handler);

    SimpleTimer timer(100);
    InterruptHandler::register_handler(IRQ_TIMER, &timer);
    SimpleKeyboard::init();
    Machine::enable_interrupts();

    ContFramePool kernel_mem_pool(KERNEL_POOL_START_FRAME, KERNEL_POOL_SIZE, 0, 0);
    unsigned long n_info_frames = ContFramePool::needed_info_frames(PROCESS_POOL_SIZE);
    unsigned long process_mem_pool_info_frame = kernel_mem_pool.get_frames(n_info_frames);
    ContFramePool process_mem_pool(PROCESS_POOL_START_FRAME, PROCESS_POOL_SIZE,
                                   process_mem_pool_info_frame);
    process_mem_pool.mark_inaccessible(MEM_HOLE_START_FRAME, MEM_HOLE_SIZE);
    unsigned long extra_info = ContFramePool::needed_info_frames(EXTRA_POOL_SIZE);
    ContFramePool extra_pool(EXTRA_POOL_START_FRAME, EXTRA_POOL_SIZE,
                             kernel_mem_pool.get_frames(extra_info), extra_info);

    PageFault_Handler pagefault_handler;
    ExceptionHandler::register_handler(PAGE_FAULT_EXCEPTION, &pagefault_handler);

    PageTable::init_paging(&kernel_mem_pool, &process_mem_pool, 4 MB);
    PageTable pt1;
    pt1.load();
    PageTable::enable_paging();

    Console::puts("Hello World!\n");
    test_utils();
    test_interrupts(&bp_handler, &timer);
    test_frame_pools(&kernel_mem_pool, &extra_pool);
    test_page_tables(&pt1, &process_mem_pool, &pagefault_handler);
    test_small_pool(&pt1, &process_mem_pool);
    test_space_efficiency(&pt1, &process_mem_pool);
    unsigned long free0 = free_frames(&process_mem_pool);
    test_replacement(&pt1, &process_mem_pool);
    check(free_frames(&process_mem_pool) == free0, "~VMPool freed the pools of a scope");

    if (failures == 0) {
        Console::puts("Test Passed! Congratulations!\n");
        Console::puts("YOU CAN SAFELY TURN OFF THE MACHINE NOW.\n");
    } else {
        Console::puti(failures);
        Console::puts(" checks failed\nTest Failed\n");
        Console::puts("YOU CAN TURN OFF THE MACHINE NOW.\n");
    }
    for (;;)
        ;
}
