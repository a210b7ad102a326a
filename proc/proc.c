/*
 * proc.c - the lifecycle of a process: its slot and kernel stack, fork,
 * exit, wait, kill and the fault kill (proc.h says why it is built this
 * way).  It sits on the scheduler (sched.c), the files (file.c) and the
 * address spaces (uvm.c); the first process's runner (init.c) and the
 * user traps (trap.c) sit on it, and reach down into it, never the
 * other way: the `cowcheck` tally after fork and exit is init.c's,
 * registered here as a hook (proc_set_check).
 *
 * Frame accounting: a process owns (1) its kernel stack, frames of
 * kernel_mem_pool, freed when it is reaped, and (2) its address space,
 * frames of the paging frame source, freed when it exits: the petmem
 * pool is unregistered and page_table_destroy returns every data page,
 * page table and the directory, dropping its shm opens with them.  The
 * kernel (slot 0) reaps what has nobody else to reap it, so after the
 * first process and all its descendants are gone both counts are back
 * where they started; proc_run_init (init.c) checks exactly that.
 */
#include "proc.h"

#include "console.h"
#include "cont_frame_pool.h"
#include "file.h"
#include "pmaps.h"
#include "shm.h"
#include "utils.h"
#include "vm_pool_registry.h"

extern void isr_return(void); /* interrupts/isr.asm: restore struct regs, iret */

struct page_table *proc_kernel_space;
static int next_pid = 1;
static struct proc *init_proc;
static void (*check_hook)(void); /* `cowcheck` (init.c): NULL when off */

void proc_set_init(struct proc *p) { init_proc = p; }
void proc_set_check(void (*check)(void)) { check_hook = check; }

/* The context returns into isr_return, so the process starts by
 * "returning" to ring 3 with *tf. */
struct proc *proc_alloc(void)
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
    p->context->eip = (uint32_t)(uintptr_t)isr_return;
    return p;
}

void proc_free(struct proc *p)
{
    page_table_set_shared_guard(PAGE_ADDR(p->kstack_frame), false);
    if (cont_frame_pool_release_frames(p->kstack_frame) < 0)
        panic("proc_free: kernel stack of pid %d was not allocated", p->pid);
    p->state = P_UNUSED;
    p->pid = 0;
}

/* Drop the address space of `p` (not loaded): pools, then every frame. */
static void release_space(struct proc *p)
{
    uvm_destroy(&p->pt);
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

int proc_shm_fork(struct proc *parent, struct proc *child)
{
    if (shm_share(&parent->pt, &child->pt, uvm_map_in) < 0)
        return -1;
    memcpy(child->shm, parent->shm, sizeof(child->shm));
    return 0;
}

int proc_fork(void)
{
    struct proc *parent = proc_current(), *c = proc_alloc();
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
    if (check_hook)
        check_hook();
    return c->pid;
fail:
    proc_free(c);
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
    if (check_hook)
        check_hook();
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

/* Reap zombie child `c`: its slot and kernel stack; returns its pid. */
static int reap(struct proc *c)
{
    int pid = c->pid;
    proc_free(c);
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
