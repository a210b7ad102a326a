/*
 * proc.c - the process table and the lifecycle: the first process,
 * fork, exit, wait, kill and the fault kill (proc.h says why it is
 * built this way).
 *
 * Frame accounting: a process owns (1) its kernel stack, frames of
 * kernel_mem_pool, freed when it is reaped, and (2) its address space,
 * frames of the paging frame source, freed when it exits: the petmem
 * pool is unregistered and page_table_destroy returns every data page,
 * page table and the directory, dropping its shm opens with them.  The
 * kernel (slot 0) reaps what has nobody else to reap it, so after the
 * first process and all its descendants are gone both counts are back
 * where they started; proc_run_init checks exactly that.
 */
#include "proc.h"

#include "boot.h"
#include "console.h"
#include "cont_frame_pool.h"
#include "cow.h"
#include "file.h"
#include "pager.h"
#include "pmaps.h"
#include "shm.h"
#include "swap.h"
#include "utils.h"
#include "vm_pool_registry.h"

extern void trapret(void);

struct proc proc_table[NPROC];
struct page_table *proc_kernel_space;
static int next_pid = 1;
static struct proc *init_proc;
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

#define KERNEL_PROC (&proc_table[0])

unsigned long proc_kstack_top(const struct proc *p)
{
    return PAGE_ADDR(p->kstack_frame + 1 + PROC_KSTACK_PAGES);
}

/* A free slot with a kernel stack whose context returns into trapret
 * (so the process starts by "returning" to ring 3 with *tf); NULL when
 * the table is full or the kernel pool is out of frames. */
static struct proc *alloc_proc(void)
{
    struct proc *p = NULL;
    unsigned long frame;
    for (int i = 1; i < NPROC && !p; i++)
        if (proc_table[i].state == P_UNUSED)
            p = &proc_table[i];
    if (!p || !(frame = cont_frame_pool_get_frames(&kernel_mem_pool, 1 + PROC_KSTACK_PAGES)))
        return NULL;
    memset(p, 0, offsetof(struct proc, fpu)); /* fpu_forget left fpu at the initial state */
    page_table_set_shared_guard(PAGE_ADDR(frame), true);
    p->kstack_frame = frame;
    p->pid = next_pid++;
    p->state = P_BLOCKED; /* reserved; not on the run queue yet */
    p->tf = (struct regs *)(proc_kstack_top(p) - sizeof(struct regs));
    p->context = (struct context *)((uintptr_t)p->tf - sizeof(struct context));
    memset(p->context, 0, sizeof(*p->context));
    p->context->eip = (uint32_t)(uintptr_t)trapret;
    return p;
}

/* Give back the slot and the kernel stack (the address space is gone). */
static void free_proc(struct proc *p)
{
    page_table_set_shared_guard(PAGE_ADDR(p->kstack_frame), false);
    if (cont_frame_pool_release_frames(p->kstack_frame) < 0)
        panic("free_proc: kernel stack of pid %d was not allocated", p->pid);
    p->state = P_UNUSED;
    p->pid = 0;
}

/* Drop the address space of `p` (not loaded): pools, then every frame. */
static void release_space(struct proc *p)
{
    if (!p->pt.pd_frame)
        return;
    if (p->uvm.petmem_on)
        vm_pool_unregister(&p->pt, &p->uvm.petmem);
    p->uvm.petmem_on = false;
    page_table_destroy(&p->pt);
    memset(p->shm, 0, sizeof(p->shm));
}

void proc_release_space(struct proc *p)
{
    release_space(p);
    fpu_forget(&p->fpu);
}

static bool has_live_children(const struct proc *p)
{
    for (int i = 1; i < NPROC; i++)
        if (proc_table[i].state != P_UNUSED && proc_table[i].parent == p)
            return true;
    return false;
}

bool proc_fork_eager;

int proc_fork(void)
{
    struct proc *parent = proc_current(), *c = alloc_proc();
    if (!c)
        return -1;
    if (page_table_try_init(&c->pt) != E_OK) /* a frame by eviction if need be */
        goto fail;
    c->pt.user = &c->uvm;
    c->uvm = parent->uvm;
    memset(c->uvm.faults, 0, sizeof(c->uvm.faults)); /* the child's own, from zero */
    c->uvm.petmem.page_table = &c->pt;               /* the copy belongs to the child's space */
    c->uvm.petmem.registered = false;
    if (c->uvm.petmem_on) /* before the copy: its bookkeeping is pinned in the child too */
        vm_pool_register(&c->pt, &c->uvm.petmem);
    if ((proc_fork_eager ? uvm_copy_pages(&c->pt) : uvm_share_pages(&c->pt)) < 0 ||
        proc_shm_fork(parent, c) < 0) {
        release_space(c);
        goto fail;
    }
    for (int fd = 0; fd < NOFILE; fd++)
        if (parent->ofile[fd])
            c->ofile[fd] = file_dup(parent->ofile[fd]);
    *c->tf = *parent->tf;
    c->tf->eax = 0; /* fork returns 0 in the child */
    fpu_fork(&parent->fpu, &c->fpu);
    memcpy(c->name, parent->name, sizeof(c->name));
    c->parent = parent;
    sched_make_runnable(c);
    if (cow_check_on)
        check_frame_refs();
    return c->pid;
fail:
    free_proc(c);
    return -1;
}

/* Children of `p` go to the first process, or to the kernel once that
 * one is gone; a zombie among them wakes its new parent. */
static void reparent_children(const struct proc *p)
{
    struct proc *heir = (init_proc && p != init_proc) ? init_proc : KERNEL_PROC;
    for (int i = 1; i < NPROC; i++) {
        struct proc *c = &proc_table[i];
        if (c->state == P_UNUSED || c->parent != p)
            continue;
        c->parent = heir;
        if (c->state == P_ZOMBIE)
            sched_wakeup(heir);
    }
}

void proc_exit(int status)
{
    struct proc *p = proc_current();
    struct pmaps_who who = {p->pid, p->name, &p->pt};
    if (p == KERNEL_PROC)
        panic("proc_exit: the kernel cannot exit");
    for (int fd = 0; fd < NOFILE; fd++)
        if (p->ofile[fd]) {
            file_close(p->ofile[fd]);
            p->ofile[fd] = NULL;
        }
    reparent_children(p);
    if (pmaps_at_exit(&who, status) && p == init_proc) /* exitmaps, walk=, exitfaults */
        proc_dump();
    page_table_load(proc_kernel_space);
    release_space(p);
    fpu_forget(&p->fpu);
    if (cow_check_on)
        check_frame_refs();
    p->exit_status = status;
    if (p == init_proc) {
        init_proc = NULL;
        for (int i = 1; i < NPROC; i++)
            if (proc_table[i].state != P_UNUSED && proc_table[i].state != P_ZOMBIE)
                proc_kill(proc_table[i].pid);
    }
    sched_wakeup(p->parent);
    sched_exit_current();
}

/* Reap zombie child `c`: its status, then its slot and kernel stack. */
static int reap(struct proc *c)
{
    int pid = c->pid;
    free_proc(c);
    return pid;
}

int proc_wait(unsigned long ustatus)
{
    struct proc *p = proc_current();
    if (ustatus && !uvm_buffer_ok(ustatus, sizeof(int), true))
        return -1; /* at once, before waiting for a child */
    for (;;) {
        for (int i = 1; i < NPROC; i++) {
            struct proc *c = &proc_table[i];
            if (c->state != P_ZOMBIE || c->parent != p)
                continue;
            if (ustatus && uvm_copyout(ustatus, &c->exit_status, sizeof(int)) < 0)
                return -1;
            return reap(c);
        }
        if (!has_live_children(p) || p->killed)
            return -1;
        sched_block(p);
    }
}

int proc_kill(int pid)
{
    for (int i = 1; i < NPROC; i++) {
        struct proc *p = &proc_table[i];
        if (pid > 0 && p->pid == pid && p->state != P_UNUSED && p->state != P_ZOMBIE) {
            p->killed = true;
            sched_unblock(p);
            return 0;
        }
    }
    return -1;
}

void proc_kill_for_fault(const char *cause, unsigned long addr, const char *region)
{
    struct proc *p = proc_current();
    kprintf("proc: pid %d (%s) killed: %s at 0x%08lx (%s)\n", p->pid, p->name, cause, addr, region);
    proc_exit(-1);
}

/* ---- the first process ------------------------------------------------ */

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
            reap(c);
        } else if (c->state != P_UNUSED) {
            live = true;
        }
    }
    return w->reaped && !live;
}

/* argv for the first process, init (user/init.c): "init", the program
 * it runs, then every command-line word after init=NAME (e.g.
 * `init=fuzz seed=42`), at most EXEC_MAXARG in all. */
static void init_args(const char *name, char **argv)
{
    static char words[BOOT_CMDLINE_MAX];
    char *s = words;
    int argc = 2;
    bool after_init = false;
    memcpy(words, boot_info.cmdline, sizeof(words));
    argv[0] = INIT_PROGRAM;
    argv[1] = (char *)(uintptr_t)name;
    while (*s && argc < EXEC_MAXARG) {
        char *word;
        while (*s == ' ')
            s++;
        for (word = s; *s && *s != ' '; s++)
            ;
        if (*s)
            *s++ = '\0';
        if (after_init && *word)
            argv[argc++] = word;
        if (strncmp(word, "init=", 5) == 0)
            after_init = true;
    }
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

bool proc_run_init(const char *name)
{
    struct init_watch w = {-1, false};
    unsigned long before, kbefore, after, kafter, sbefore;
    char *argv[EXEC_MAXARG + 1];
    struct proc *p;
    init_args(name, argv);
    sched_init();
    proc_kernel_space = current_page_table;
    pmaps_boot();
    cow_check_on = cmdline_has("cowcheck");
    proc_fork_eager = cmdline_has("fork=eager");
    cow_init(); /* fork's reference counts: kernel frames, taken once */
    before = page_table_free_frames();
    kbefore = cont_frame_pool_free_count(&kernel_mem_pool);
    sbefore = swap_free_slots();
    p = alloc_proc();
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
        free_proc(p);
        return false;
    }
    init_proc = p;
    sched_make_runnable(p);
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

static const char *const state_names[] = {
    [P_UNUSED] = "unused",   [P_RUNNABLE] = "runnable", [P_RUNNING] = "running",
    [P_BLOCKED] = "blocked", [P_ZOMBIE] = "zombie",
};

void proc_dump(void)
{
    kprintf("  PID  PPID  STATE     NAME\n");
    for (int i = 0; i < NPROC; i++) {
        const struct proc *p = &proc_table[i];
        if (i && p->state == P_UNUSED)
            continue;
        kprintf("  %3d  %4d  %-8s  %s%s\n", p->pid, p->parent ? p->parent->pid : 0,
                state_names[p->state], p->name, p->killed ? " (killed)" : "");
    }
}
