/*
 * proc.h - processes: the process table, their lifecycle (create, fork,
 * exec, exit, kill, wait) and the scheduler that runs them.
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
 * process is preempted when the PIT interrupts it in ring 3; it gives
 * the CPU away in the kernel only by blocking (sleep, wait, a pipe) or
 * exiting.  So no locks are needed and a wakeup can never be lost.
 *
 * A process ends by exit() or by the kernel (a fault, kill()).  Its
 * address space, shm opens and pipe ends go at once; its slot and
 * kernel stack go when its parent reaps it with wait().  Orphans go to
 * the first process (pid 1, user/init.c), which reaps them; the program
 * named on the command line is its child.  When pid 1 ends, every other
 * process is killed and the kernel reaps what is left.
 */
#ifndef SELFMAP_PROC_H
#define SELFMAP_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h" /* struct fpu */
#include "interrupts/regs.h"
#include "page_table.h"
#include "uvm.h"
#include "wait.h" /* sched_block, sched_wakeup */

#define NPROC             65 /* slot 0 (the kernel) and 64 processes */
#define PROC_KSTACK_PAGES 2  /* plus one guard page below */
#define PROC_NAME_MAX     16
#define NOFILE            16 /* open files per process */
#define PROC_SHM_MAX      8  /* distinct shm ids one process may have open */

enum proc_state { P_UNUSED, P_RUNNABLE, P_RUNNING, P_BLOCKED, P_ZOMBIE };

/* Callee-saved registers, as proc/trap.asm's swtch pushes them. */
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
    struct fpu fpu;           /* last: alloc_proc clears what comes before it */
};

/* The running process (slot 0 while the kernel idles). */
struct proc *proc_current(void);

/* The first process's program (user/init.c): it runs the program
 * named by init=NAME as its child, reaps every orphan, and exits with
 * that program's status. */
#define INIT_PROGRAM "init"

/* Run program `name` (a boot module) as the child of the first process,
 * pid 1, INIT_PROGRAM, with the command-line words after init=NAME as
 * its arguments, and idle until pid 1 and everything left are reaped.
 * Prints the program's exit status (init's, which is the program's)
 * and the free-frame counts before and after
 * (page_table_free_frames() and kernel_mem_pool).  Returns true when
 * the status is 0, both counts are back where they started and no file
 * or pipe is left open (file_count, pipe_count).  Call
 * once, with paging on and the kernel page table loaded. */
bool proc_run_init(const char *name);

/* fork(): a copy of the current process (address space shared
 * copy-on-write, uvm_share_pages; open files and shm opens shared).  Returns the child's pid to the
 * parent (the child returns 0 from the system call), or -1 when the
 * table is full or memory runs out, leaving nothing behind. */
int proc_fork(void);

/* When true, fork copies every private page at once (uvm_copy_pages),
 * as before copy-on-write; false (the default) shares them.  Set by the
 * boot word `fork=eager`, for comparing the two. */
extern bool proc_fork_eager;

/* End the current process with `status`: release its address space,
 * files and shm opens, hand its children to pid 1, wake its parent.
 * Never returns. */
__attribute__((noreturn)) void proc_exit(int status);

/* wait(): reap one child that has ended; its status goes to user
 * address `ustatus` unless it is 0.  Blocks while children run.
 * Returns the child's pid, or -1 with no children, when killed, or when
 * ustatus is a bad pointer (checked first, so -1 at once, without
 * waiting; no child is reaped). */
int proc_wait(unsigned long ustatus);

/* kill(): mark process `pid` killed; it ends with status -1 the next
 * time it would return to ring 3 (a blocked one is woken first).
 * Returns 0, or -1 when no live process has that pid. */
int proc_kill(int pid);

/* End the current process for a fault in ring 3, with one report line:
 * pid, program, what happened (`cause`), the address and its region.
 * Never returns. */
__attribute__((noreturn)) void proc_kill_for_fault(const char *cause, unsigned long addr,
                                                   const char *region);

/* ---- the scheduler (proc/sched.c) ----------------------------------- */

/* Set up the system-call gate, user-mode exception handlers and the
 * PIT preemption hook; slot 0 becomes the running kernel.  Idempotent. */
void sched_init(void);
/* Give up the CPU; the current process stays runnable. */
void sched_yield(void);
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

/* ---- the process table, for sched.c, exec.c and dumps --------------- */
extern struct proc proc_table[NPROC];
/* The kernel's own address space (the one loaded when proc_run_init
 * started): what a process loads while it tears its own space down. */
extern struct page_table *proc_kernel_space;
/* The kernel stack's top (one past its last byte) of `p`. */
unsigned long proc_kstack_top(const struct proc *p);
/* Print the process list (pid, parent, state, name), one a line (the
 * gdb command `ps` prints the same).  A process's maps: pmaps.h. */
void proc_dump(void);

/* Destroy the address space of `p`, which is not loaded: unregister
 * its pools, free every frame, forget its shm opens; and reset its FPU
 * state, which belongs to the program that goes (exec). */
void proc_release_space(struct proc *p);

/* fork's part of shm: the child gets the parent's segments mapped at
 * the same addresses, and the same open counts.  0 or -1 (no memory). */
int proc_shm_fork(struct proc *parent, struct proc *child);

/* ---- exec (proc/exec.c) ---------------------------------------------- */

#define EXEC_MAXARG  32
#define EXEC_ARG_MAX (4 * PAGE_SIZE) /* bytes of argument strings and pointers */

/* Replace the address space of `p` with program `name` (a boot module)
 * and point its saved user state at the entry, with argc/argv on the
 * new stack.  `argv` is a NULL-terminated array: a user address when
 * `user_args` (checked and copied from the loaded space), else kernel
 * pointers.  Returns 0, or -1 with `p` unchanged when the name, the ELF
 * or the arguments are bad, or memory runs out. */
int exec_program(struct proc *p, const char *name, unsigned long argv, bool user_args);

/* ---- system calls (proc/syscall.c) ----------------------------------- */
/* The C half of the int 0x80 gate (proc/trap.asm). */
void syscall_dispatch(struct regs *r);

#endif
