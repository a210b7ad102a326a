/*
 * sched.h - the process table and the scheduler: struct proc, which
 * process runs, the run queue, blocking and waking, sleep, and the
 * kernel's idle loop.  The bottom of the process layer: it calls nothing
 * in proc/ above it (the lifecycle is proc.h, the user traps trap.h).
 *
 * Design (after xv6): a fixed table of NPROC slots in kernel memory.
 * Slot 0 is the kernel itself: the boot thread, which after starting
 * the first program becomes the idle loop and the reaper of last
 * resort.  Every other slot is a user process with its own address
 * space (struct page_table, PTE_USER pages in the user range, see mmu.h
 * and uvm.h) and its own kernel stack: PROC_KSTACK_PAGES frames of
 * kernel_mem_pool with an unmapped guard page below them.
 *
 * The kernel is not preemptible: interrupt and system-call gates clear
 * IF, and only the idle loop (sti; hlt) runs with interrupts on.  A
 * process is preempted when the PIT interrupts it in ring 3 (trap.c); it
 * gives the CPU away in the kernel only by blocking (sleep, wait, a
 * pipe) or exiting.  So no locks are needed and a wakeup can never be
 * lost: a condition checked before sched_block cannot change before the
 * process is asleep.
 */
#ifndef SELFMAP_SCHED_H
#define SELFMAP_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h" /* struct fpu */
#include "interrupts/regs.h"
#include "page_table.h"
#include "uvm.h"

#define NPROC             65 /* slot 0 (the kernel) and 64 processes */
#define PROC_KSTACK_PAGES 2  /* plus one guard page below */
#define PROC_NAME_MAX     16
#define NOFILE            16 /* open files per process */
#define PROC_SHM_MAX      8  /* distinct shm ids one process may have open */

enum proc_state { P_UNUSED, P_RUNNABLE, P_RUNNING, P_BLOCKED, P_ZOMBIE };

/* Callee-saved registers, as proc/swtch.asm's swtch pushes them. */
struct context {
    uint32_t edi, esi, ebx, ebp, eip;
};

struct file; /* proc/file.c */

struct proc_shm {
    int id;
    unsigned opens; /* 0: slot unused */
    unsigned long va;
};

/* The fault handler's progress guard (page_fault.c): the user state
 * (EIP, ESP, EFLAGS and the general registers) of this process's last
 * ring-3 fault on a pageable page, and the distinct pages faulted at
 * exactly that state since; PROC_WATCH_PAGES is one more than the
 * pages any instruction can need (pager.h's PAGER_MIN_FRAMES). */
#define PROC_WATCH_REGS  10
#define PROC_WATCH_PAGES 7
struct fault_watch {
    uint32_t regs[PROC_WATCH_REGS];
    uint32_t pages[PROC_WATCH_PAGES];
    unsigned n_pages;
};

struct proc {
    int pid;
    enum proc_state state;
    struct proc *parent;
    int exit_status;
    bool killed;
    char name[PROC_NAME_MAX];
    struct page_table pt; /* pt.user points at uvm */
    struct uvm uvm;
    unsigned long kstack_frame; /* the guard page's frame; the stack follows */
    struct regs *tf;            /* the user state, at the top of the kernel stack */
    struct context *context;    /* where swtch left the kernel state */
    const void *chan;           /* what a P_BLOCKED process waits for */
    struct proc *rq_next;       /* the run queue (sched.c) */
    unsigned long wake_tick;    /* sleep(): when to wake, 0 when not sleeping */
    struct file *ofile[NOFILE];
    struct proc_shm shm[PROC_SHM_MAX];
    struct fault_watch watch; /* zeroed with the slot */
    struct fpu fpu;           /* last: proc_alloc clears what comes before it */
};

/* The process table; slot 0 is the kernel.  Slots are taken and given
 * back by proc.c (proc_alloc, proc_free); the dumps read it. */
extern struct proc proc_table[NPROC];
#define KERNEL_PROC (&proc_table[0])

/* The running process (slot 0 while the kernel idles). */
struct proc *proc_current(void);
/* The kernel stack's top (one past its last byte) of `p`. */
unsigned long proc_kstack_top(const struct proc *p);

/* Slot 0 becomes the running kernel; set up the CPU for user mode
 * (cpu_init) and the PIT hook that wakes sleepers.  Idempotent.  The
 * traps from ring 3 are trap.h's (trap_init). */
void sched_init(void);
/* Give up the CPU; the current process stays runnable. */
void sched_yield(void);
/* Block the current process on `chan` until sched_wakeup(chan) (or a
 * kill); the caller re-checks its condition.  Never the kernel's. */
void sched_block(const void *chan);
/* Make every process blocked on `chan` runnable. */
void sched_wakeup(const void *chan);
/* True when the current process has been killed: a blocking call should
 * give up (return -1) instead of waiting again. */
bool sched_current_killed(void);
/* Make `p` runnable if it is blocked (kill wakes its victim). */
void sched_unblock(struct proc *p);
/* Put a new process (built by proc.c) on the run queue. */
void sched_make_runnable(struct proc *p);
/* The current process has become a zombie: run something else.
 * Never returns. */
__attribute__((noreturn)) void sched_exit_current(void);
/* Block for `ticks` PIT ticks.  Returns 0, or -1 when killed first. */
int sched_sleep(unsigned long ticks);
/* The kernel's own loop: halt until something is runnable, run it,
 * and return when `done(arg)` holds (checked after every wakeup). */
void sched_idle_until(bool (*done)(void *arg), void *arg);

#endif
