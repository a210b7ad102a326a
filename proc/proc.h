/*
 * proc.h - a process's lifecycle: its slot and kernel stack, fork, exit,
 * wait, kill and the fault kill.  The process table itself and the
 * scheduler that runs it are sched.h's; the first process (the program
 * the kernel runs) is init.h's; the traps from ring 3 are trap.h's.
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

#include "sched.h" /* struct proc, the process table */

/* A free slot of the process table with a kernel stack whose context
 * returns into ring 3 with its struct regs (*tf; interrupts/isr.asm's
 * isr_return); the caller fills the rest and hands it to
 * sched_make_runnable, or gives it back with proc_free.  NULL when the
 * table is full or the kernel pool is out of frames. */
struct proc *proc_alloc(void);

/* Give back the slot and kernel stack of `p`, whose address space is
 * gone (reaping a zombie, or a proc_alloc that was not used). */
void proc_free(struct proc *p);

/* `p` becomes the first process: orphans go to it, and when it exits,
 * every other process is killed (init.c, once). */
void proc_set_init(struct proc *p);

/* Call `check` after every fork and exit (NULL: nothing): the
 * `cowcheck` tally of init.c.  A hook, so this file calls nothing of
 * the file above it. */
void proc_set_check(void (*check)(void));

/* fork(): a copy of the current process (address space shared
 * copy-on-write, uvm_share_pages; open files and shm opens shared).  Returns the child's pid to the
 * parent (the child returns 0 from the system call), or -1 when the
 * table is full or memory runs out, leaving nothing behind. */
int proc_fork(void);

/* When true, fork copies every private page at once (uvm_copy_pages),
 * as before copy-on-write; false (the default) shares them.  Set by the
 * boot word `fork=eager`, for comparing the two. */
extern bool proc_fork_eager;

/* fork's part of shm: the child gets the parent's segments mapped at
 * the same addresses, and the same open counts.  0 or -1 (no memory). */
int proc_shm_fork(struct proc *parent, struct proc *child);

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

/* The kernel's own address space (the one loaded when proc_run_init
 * started): what a process loads while it tears its own space down. */
extern struct page_table *proc_kernel_space;

/* Print the process list (pid, parent, state, name), one a line (the
 * gdb command `ps` prints the same).  A process's maps: pmaps.h. */
void proc_dump(void);

/* Destroy the address space of `p`, which is not loaded (uvm_destroy),
 * forget its shm opens, and reset its FPU state, which belongs to the
 * program that goes (exec). */
void proc_release_space(struct proc *p);

#endif
