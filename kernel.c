/*
 * kernel.c - selfmap's main: boot, set up memory as MP4 does, then run
 * what the command line asks for (see boot.h): MP4's default scenario,
 * MP4's page-table scenario, the shared-memory demo, or a user program
 * under init, the first process (init=NAME).  The test image
 * (build/kernel-test.bin) adds in-kernel tests and benchmarks, which run
 * from boot hooks (boot.h) before the scenario.
 *
 * As in MP4, defining _TEST_PAGE_TABLE_ makes the page-table scenario
 * the default.
 */
/* #define _TEST_PAGE_TABLE_ */

#include "boot.h"
#include "buddy_pool.h"
#include "cmdline.h"
#include "console.h"
#include "cont_frame_pool.h"
#include "dump.h"
#include "frame_source.h"
#include "interrupts/exceptions.h"
#include "interrupts/irq.h"
#include "interrupts/pit.h"
#include "mmu.h"
#include "page_fault.h"
#include "page_table.h"
#include "pager.h"
#include "init.h"
#include "scenarios.h"
#include "shm.h"
#include "shm_demo.h"
#include "swap.h"
#include "utils.h"
#include "vm_pool.h"

struct page_table kernel_page_table;

static void print_pool(const struct cont_frame_pool *p)
{
    kprintf(
        "  %-17s frames 0x%05lx-0x%05lx (%lu MB), %lu free, bitmaps in %lu frame(s) at 0x%05lx\n",
        p->name, p->base_frame_no, p->base_frame_no + p->n_frames - 1,
        (p->n_frames * PAGE_SIZE) / MB, cont_frame_pool_free_count(p), p->n_info_frames,
        p->info_frame_no);
}

/* frames=buddy: paging takes its frames from process_buddy_pool, which
 * takes over every free frame of process_mem_pool (buddy_pool.c says
 * why).  Without it (or with frames=cont or frames=default) paging uses
 * process_mem_pool, as in MP4.  Must run before page_table_init_paging. */
static void select_frame_source(void)
{
    static struct frame_source buddy_frames;
    struct buddy_pool *bp = &process_buddy_pool;
    unsigned long info;
    if (word_value(WORD_FRAMES) != FRAMES_BUDDY) /* a bad frames= word stopped the boot */
        return;
    info = cont_frame_pool_get_frames(
        &kernel_mem_pool,
        buddy_pool_needed_info_frames(process_mem_pool.base_frame_no, process_mem_pool.n_frames));
    if (!info)
        panic("select_frame_source: no kernel frames for the buddy pool's maps");
    bp->name = "process_buddy_pool";
    buddy_pool_init_from_cont_pool(bp, &process_mem_pool, info);
    frame_source_from_buddy_pool(&buddy_frames, bp);
    page_table_set_frame_source(&buddy_frames);
    kprintf("  %-17s took over its free frames: %lu free, maps in %lu frame(s) at 0x%05lx\n",
            bp->name, buddy_pool_free_count(bp), bp->n_info_frames, bp->info_frame_no);
}

static void setup_paging(void)
{
    page_table_init_paging(&kernel_mem_pool, &process_mem_pool, DIRECT_MAP_END);
    page_table_init(&kernel_page_table);
    page_table_load(&kernel_page_table);
    page_table_enable_paging();
}

NORETURN static void finish(bool passed)
{
    dump_on_request(); /* the dump and walk=ADDR words (dump.h) */
    kprintf(passed ? "Test Passed! Congratulations!\n" : "Test Failed!\n");
    machine_exit(passed ? EXIT_PASSED : EXIT_FAILED);
}

static bool want_page_table_scenario(void)
{
#ifdef _TEST_PAGE_TABLE_
    return !word_on(WORD_DEFAULT);
#else
    return word_on(WORD_PAGE_TABLE);
#endif
}

void kernel_main(uint32_t magic, uint32_t mbi_addr)
{
    static struct vm_pool code_pool, heap_pool;
    console_init();
    boot_info_read(magic, mbi_addr);
    kprintf("selfmap: a small x86 kernel that teaches virtual memory\n");
    kprintf("command line: %s\n", boot_info.cmdline);
    cmdline_boot(); /* each word, parsed once (cmdline.h) */
    if (word_on(WORD_HELP)) {
        cmdline_print_help();
        machine_exit(EXIT_PASSED);
    }
    exceptions_init();
    irq_init();
    pit_init(word_on(WORD_TICK));
    exception_register_handler(EXC_PAGE_FAULT, page_table_handle_fault);
    page_fault_trace_on = word_on(WORD_FAULTTRACE); /* a line per fault (page_fault.h) */
    shm_init();
    boot_setup_frame_pools();
    kprintf("frame pools:\n");
    print_pool(&kernel_mem_pool);
    print_pool(&process_mem_pool);
    select_frame_source();
    swap_boot();                            /* a swap disk, when one is attached (swap.h) */
    boot_run_hooks(BOOT_FRAME_POOLS_READY); /* the test image: test=NAME */
    setup_paging();
    pager_boot(); /* eviction, with a swap disk or user_frames= (pager.h) */
    irq_enable();
    kprintf("paging on: directory in frame 0x%lx, shared region 0-4 MB\n",
            kernel_page_table.pd_frame);
    boot_run_hooks(BOOT_PAGING_ON); /* the test image: test=NAME, bench */
    if (word_on(WORD_SHM))
        finish(shm_counter_demo());
    if (word_name(WORD_INIT))
        finish(proc_run_init(word_name(WORD_INIT))); /* user mode: proc/init.h */
    if (want_page_table_scenario()) {
        kprintf("MP4 page-table scenario: %lu ints from 0x%lx\n", MP4_NACCESS, MP4_FAULT_ADDR);
        finish(mp4_page_table_scenario());
    }
    kprintf("MP4 default scenario: code_pool at 512 MB, heap_pool at 1 GB\n");
    finish(mp4_default_scenario(&kernel_page_table, &code_pool, &heap_pool));
}
