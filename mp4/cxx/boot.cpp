/*
 * boot.cpp - the start of an MP4 image: selfmap's boot, the C++ runtime
 * a freestanding g++ program needs, then the kernel.C's main().
 *
 * Why so: start.asm calls kernel_main() as in selfmap's own image, but
 * here kernel.c is not linked; this kernel_main sets up only what must
 * exist before main() (console, GDT and IDT with exception reports,
 * remapped and masked PICs, and the page-fault handler that MP4's
 * PageTable::handle_fault runs, which this wiring names as kernel.c
 * does, since the glue below it may not) and leaves frame pools, paging and
 * handlers to the kernel.C, which builds them with explicit frame
 * numbers in MP4's order.  Global constructors run before main().
 */
extern "C" {
#include "boot.h"
#include "console.h"
#include "interrupts/exceptions.h"
#include "interrupts/irq.h"
#include "page_fault.h"
#include "utils.h"
}

#include "glue.h"

int main(); /* the kernel.C's */

typedef void (*constructor_t)();
/* linker.ld: the C++ constructors (.init_array and .ctors). */
extern "C" constructor_t __init_array_start[], __init_array_end[];

/* ---- what g++'s generated code expects from the runtime ---------------- */

extern "C" {
void *__dso_handle;

/* Destructors of global objects would run at exit; a kernel never
 * exits, so they are not recorded. */
int __cxa_atexit(void (*destructor)(void *), void *object, void *dso)
{
    (void)destructor, (void)object, (void)dso;
    return 0;
}

/* A call through a pure virtual function: a broken object. */
void __cxa_pure_virtual() { panic("a pure virtual function was called"); }
}

static void run_constructors()
{
    for (constructor_t *c = __init_array_start; c < __init_array_end; c++)
        (*c)();
}

extern "C" void kernel_main(uint32_t magic, uint32_t mbi_addr)
{
    console_init();
    boot_info_read(magic, mbi_addr);
    kprintf("selfmap: running an MP4 kernel.C (make run-mp4)\n");
    exceptions_init();
    irq_init();
    mp4_set_fault_handler(page_table_handle_fault); /* PageTable::handle_fault runs it */
    run_constructors();
    main();
    kprintf("selfmap: main() returned without printing the turn-off line\n");
    mp4_output_done();
    machine_exit(EXIT_FAILED);
}
