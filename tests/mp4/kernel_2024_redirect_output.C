/*
    File: kernel_2024_redirect_output.C

    An MP4 client kernel in the shape of the course's 2024 handout: the
    same start-up order as the older handouts, plus the call to
    Console::redirect_output(true) right after the interrupt dispatcher
    is set up.  Like the handout it has two modes: with
    _TEST_PAGE_TABLE_ defined (at the top of main) it runs a page-table
    test, demand paging over 1 MB above the shared 4 MB; with that line
    commented out, as students do for the second part, a VM-pool test:
    new and delete through two pools.  It ends the way the handout does.

    Build and run:  make run-mp4 KERNEL_C=tests/mp4/kernel_2024_redirect_output.C
    (tests/scripts/mp4_cpp_kernels.sh runs both modes)
*/

#define MB                       *(0x1 << 20)
#define KB                       *(0x1 << 10)
#define KERNEL_POOL_START_FRAME  ((2 MB) / Machine::PAGE_SIZE)
#define KERNEL_POOL_SIZE         ((2 MB) / Machine::PAGE_SIZE)
#define PROCESS_POOL_START_FRAME ((4 MB) / Machine::PAGE_SIZE)
#define PROCESS_POOL_SIZE        ((28 MB) / Machine::PAGE_SIZE)
#define MEM_HOLE_START_FRAME     ((15 MB) / Machine::PAGE_SIZE)
#define MEM_HOLE_SIZE            ((1 MB) / Machine::PAGE_SIZE)
#define PAGING_TEST_START        (4 MB)
#define PAGING_TEST_WORDS        ((1 MB) / sizeof(unsigned long))
#define IRQ_TIMER                0
#define DIVIDE_ERROR_EXCEPTION   0
#define PAGE_FAULT_EXCEPTION     14

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

/* new and delete go to whichever pool is current, as in the handout. */
VMPool *current_pool;

typedef unsigned int size_t;

void *operator new(size_t size) { return (void *)current_pool->allocate((unsigned long)size); }
void *operator new[](size_t size) { return (void *)current_pool->allocate((unsigned long)size); }
void operator delete(void *p) { current_pool->release((unsigned long)p); }
void operator delete[](void *p) { current_pool->release((unsigned long)p); }

static bool passed = true;

/* Demand paging: every word of 1 MB above the shared region is written
 * (each first touch of a page faults) and read back. */
static void test_page_table()
{
    volatile unsigned long *words = (volatile unsigned long *)PAGING_TEST_START;
    for (unsigned long i = 0; i < PAGING_TEST_WORDS; i++)
        words[i] = i ^ 0x5a5a5a5a;
    for (unsigned long i = 0; i < PAGING_TEST_WORDS; i++)
        if (words[i] != (i ^ 0x5a5a5a5a)) {
            Console::puts("page table test: a word lost its value\n");
            passed = false;
            return;
        }
    Console::puts("page table test: 1 MB written and read back\n");
}

/* Arrays of growing size from one pool, each checked and deleted. */
static void use_pool(VMPool *pool, int rounds, int step)
{
    current_pool = pool;
    for (int r = 1; r <= rounds; r++) {
        int n = step * r;
        int *a = new int[n];
        if (a == 0 || !pool->is_legitimate((unsigned long)a)) {
            Console::puts("VM pool test: new int[] did not come from the pool\n");
            passed = false;
            return;
        }
        for (int i = 0; i < n; i++)
            a[i] = n - i;
        for (int i = 0; i < n; i++)
            if (a[i] != n - i)
                passed = false;
        delete[] a;
    }
}

int main()
{
#define _TEST_PAGE_TABLE_

    GDT::init();
    Console::init();
    IDT::init();
    ExceptionHandler::init_dispatcher();
    IRQ::init();
    InterruptHandler::init_dispatcher();

    Console::redirect_output(true); /* what the 2024 handout adds */

    class Divide_Handler : public ExceptionHandler
    {
      public:
        virtual void handle_exception(REGS *regs)
        {
            (void)regs;
            Console::puts("DIVISION BY ZERO\nTest Failed\n");
            for (;;)
                ;
        }
    } divide_handler;
    ExceptionHandler::register_handler(DIVIDE_ERROR_EXCEPTION, &divide_handler);

    SimpleTimer timer(100);
    InterruptHandler::register_handler(IRQ_TIMER, &timer);
    SimpleKeyboard::init();
    Machine::enable_interrupts();

    ContFramePool kernel_mem_pool(KERNEL_POOL_START_FRAME, KERNEL_POOL_SIZE, 0);
    unsigned long n_info_frames = ContFramePool::needed_info_frames(PROCESS_POOL_SIZE);
    unsigned long info_frame = kernel_mem_pool.get_frames(n_info_frames);
    ContFramePool process_mem_pool(PROCESS_POOL_START_FRAME, PROCESS_POOL_SIZE, info_frame);
    process_mem_pool.mark_inaccessible(MEM_HOLE_START_FRAME, MEM_HOLE_SIZE);

    class Fault_Handler : public ExceptionHandler
    {
      public:
        virtual void handle_exception(REGS *regs) { PageTable::handle_fault(regs); }
    } fault_handler;
    ExceptionHandler::register_handler(PAGE_FAULT_EXCEPTION, &fault_handler);

    PageTable::init_paging(&kernel_mem_pool, &process_mem_pool, 4 MB);
    PageTable pt;
    pt.load();
    PageTable::enable_paging();
    Console::puts("paging is on, output redirected to the terminal\n");

#ifdef _TEST_PAGE_TABLE_
    test_page_table();
#else
    VMPool code_pool(512 MB, 256 MB, &process_mem_pool, &pt);
    VMPool heap_pool(1024 MB, 256 MB, &process_mem_pool, &pt);
    use_pool(&code_pool, 20, 100);
    use_pool(&heap_pool, 20, 1000);
    Console::puts("VM pool test: both pools served new and delete\n");
#endif

    if (passed) {
        Console::puts("Test Passed! Congratulations!\n");
        Console::puts("YOU CAN SAFELY TURN OFF THE MACHINE NOW.\n");
    } else {
        Console::puts("Test Failed\n");
        Console::puts("YOU CAN TURN OFF THE MACHINE NOW.\n");
    }
    for (;;)
        ;
}
