/*
 * init.c - running the first process and judging the run: the kernel
 * starts INIT_PROGRAM (user/init.c) as pid 1 with the program named on
 * the command line as its argument, idles and reaps until every process
 * is gone, then gives its verdict: the exit status, and every frame,
 * kernel frame, swap slot, file and pipe back where it started.  The
 * `cowcheck` tally lives here too: with that boot word, every live
 * address space's mappings are compared with the frames' reference
 * counts after each fork and exit (a hook the lifecycle calls,
 * proc_set_check), and once more when nothing is left.
 *
 * Why a file of its own: it is the top of proc/, the one place that
 * starts everything below (the traps, the scheduler, exec) and reads
 * the whole machine's accounts; the lifecycle (proc.c) stays a
 * lifecycle, with nothing of a test run's judging in it.
 */
#include "init.h"

#include "boot.h"
#include "cmdline.h"
#include "console.h"
#include "cont_frame_pool.h"
#include "cow.h"
#include "exec.h"
#include "file.h"
#include "pager.h"
#include "pmaps.h"
#include "proc.h"
#include "shm.h"
#include "swap.h"
#include "trap.h"
#include "utils.h"

static bool cow_check_on; /* `cowcheck`: compare reference counts with mappings (tests) */

/* Tally the private user mappings of one (kmapped) directory. */
static void tally_space(const pte_t *dir)
{
    for (unsigned long pdx = PDX(USER_BASE); pdx < SHM_FIRST_PDX; pdx++) {
        pte_t *table;
        if (!pte_is_present(dir[pdx]))
            continue;
        table = kmap(pte_frame(dir[pdx]));
        for (unsigned long i = 0; i < ENTRIES_PER_TABLE; i++)
            if (pte_is_present(table[i]) && !(table[i] & PTE_SHARED))
                frame_ref_tally(pte_frame(table[i]));
        kunmap(table);
    }
}

/* The debug check (mm/cow.h): every live address space's mappings
 * against the frames' reference counts.  Panics on a difference. */
static void check_frame_refs(void)
{
    unsigned long first = 0;
    frame_ref_tally_reset();
    for (int i = 1; i < NPROC; i++) {
        pte_t *dir;
        if (proc_table[i].state == P_UNUSED || !proc_table[i].pt.pd_frame)
            continue;
        dir = kmap(proc_table[i].pt.pd_frame);
        tally_space(dir);
        kunmap(dir);
    }
    unsigned long bad = frame_ref_tally_mismatches(&first);
    if (bad)
        panic("check_frame_refs: %lu frame(s) disagree, first 0x%lx: %u mapping(s), count %u", bad,
              first, frame_ref_tallied(first), frame_ref_count(first));
}

struct init_watch {
    int status;
    bool reaped;
};

/* The kernel's reaping, between idle halts: true once nothing is left. */
static bool all_reaped(void *arg)
{
    struct init_watch *w = arg;
    bool live = false;
    for (int i = 1; i < NPROC; i++) {
        struct proc *c = &proc_table[i];
        if (c->state == P_ZOMBIE && c->parent == KERNEL_PROC) {
            if (c->pid == 1)
                w->status = c->exit_status, w->reaped = true;
            proc_free(c);
        } else if (c->state != P_UNUSED) {
            live = true;
        }
    }
    return w->reaped && !live;
}

/* argv for the first process, init (user/init.c): "init", the program
 * it runs, then every command-line word after init=NAME as written
 * (e.g. `init=fuzz seed=42`; cmdline.h's word_args), at most
 * EXEC_MAXARG in all. */
static void init_args(const char *name, char **argv)
{
    const char *const *args;
    unsigned n = word_args(&args), argc = 2;
    argv[0] = INIT_PROGRAM;
    argv[1] = (char *)(uintptr_t)name;
    for (unsigned i = 0; i < n && argc < EXEC_MAXARG; i++)
        argv[argc++] = (char *)(uintptr_t)args[i];
    argv[argc] = NULL;
}

/* After every process is reaped: each open file and pipe came back.
 * Prints the counts left over; true when both are zero. */
static bool files_all_closed(void)
{
    unsigned files = file_count(), pipes = pipe_count();
    if (files || pipes)
        kprintf("init: %u file(s) and %u pipe(s) still open after every process ended\n", files,
                pipes);
    return files == 0 && pipes == 0;
}

/* With the pager on: print what it did, and whether every swap slot
 * came back (free slots now as before the first process: sbefore). */
static bool swap_verdict(unsigned long sbefore)
{
    const struct pager_stats *st = pager_get_stats();
    unsigned long safter = swap_free_slots();
    if (!pager_on())
        return true;
    kprintf("init: pager: %lu evictions (%lu written, %lu clean, %lu never written), "
            "%lu read back, %lu zero-filled; disk %lu writes, %lu reads\n",
            st->evictions, st->swap_outs, st->clean_drops, st->zero_drops, st->swap_ins,
            st->zero_fills, swap_get_stats()->page_writes, swap_get_stats()->page_reads);
    kprintf("init: free swap slots before %lu, after %lu\n", sbefore, safter);
    return sbefore == safter;
}

/* Before the first process: the traps and the scheduler, the boot
 * words every process obeys, and fork's reference counts. */
static void setup(void)
{
    trap_init();
    proc_kernel_space = current_page_table;
    pmaps_boot();
    cow_check_on = word_on(WORD_COWCHECK);
    proc_fork_eager = word_value(WORD_FORK) == FORK_EAGER;
    proc_set_check(cow_check_on ? check_frame_refs : NULL);
    cow_init(); /* fork's reference counts: kernel frames, taken once */
}

/* Make the first process run INIT_PROGRAM with `argv`, on the console,
 * and queue it.  False, with nothing left behind, when `name` is not a
 * boot module or the exec fails. */
static bool start_init(const char *name, char **argv)
{
    struct proc *p = proc_alloc();
    if (!p)
        panic("proc_run_init: no slot or kernel stack for the first process");
    p->parent = KERNEL_PROC;
    for (int fd = 0; fd < 3; fd++)
        p->ofile[fd] = file_console();
    if (!boot_module_find(name) ||
        exec_program(p, INIT_PROGRAM, (unsigned long)(uintptr_t)argv, false) < 0) {
        kprintf("init: cannot run program %s under %s (not a boot module, or a bad ELF)\n", name,
                INIT_PROGRAM);
        for (int fd = 0; fd < 3; fd++)
            file_close(p->ofile[fd]);
        proc_free(p);
        return false;
    }
    proc_set_init(p);
    sched_make_runnable(p);
    return true;
}

bool proc_run_init(const char *name)
{
    struct init_watch w = {-1, false};
    unsigned long before, kbefore, after, kafter, sbefore;
    char *argv[EXEC_MAXARG + 1];
    init_args(name, argv);
    setup();
    before = page_table_free_frames();
    kbefore = cont_frame_pool_free_count(&kernel_mem_pool);
    sbefore = swap_free_slots();
    if (!start_init(name, argv))
        return false;
    sched_idle_until(all_reaped, &w);
    check_frame_refs(); /* nothing is mapped now: every count must be back at zero */
    if (!swap_verdict(sbefore))
        w.status = w.status ? w.status : -1;
    after = page_table_free_frames();
    kafter = cont_frame_pool_free_count(&kernel_mem_pool);
    kprintf("init: %s exited with status %d\n", name, w.status);
    kprintf("init: free frames before %lu, after %lu; kernel frames before %lu, after %lu\n",
            before, after, kbefore, kafter);
    return files_all_closed() && w.status == 0 && before == after && kbefore == kafter;
}
