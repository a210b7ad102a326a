/*
 * trap.h - the traps from ring 3 and what the kernel does about them:
 * the system-call gate (trap.asm's syscall_entry, then syscall_dispatch),
 * exceptions from ring 3 (the process is killed with a report), the
 * FPU's first use (#NM), and the timer tick (preemption).  On each way
 * back to ring 3 a killed process exits instead.  As xv6 keeps trap.c
 * apart from proc.c: these are policies on top of the process code, so
 * the scheduler and the lifecycle below never call up into them.
 */
#ifndef SELFMAP_TRAP_H
#define SELFMAP_TRAP_H

#include "interrupts/regs.h"

/* Set up the scheduler (sched_init), then the system-call gate, the
 * user-mode exception handlers and the PIT hook that preempts ring 3
 * (after the scheduler's own).  Idempotent.  Call before the first
 * process runs. */
void trap_init(void);

/* The C half of the int 0x80 gate (trap.asm): run call r->eax (the
 * table of syscall.h) with its result in r->eax, -1 for a number
 * without a call; then a process killed meanwhile exits (status -1). */
void syscall_dispatch(struct regs *r);

#endif
