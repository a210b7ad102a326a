/*
 * cpu.h - what ring 3 sees of the CPU beyond its general registers: its
 * own x87/SSE state (switched lazily with CR0.TS), and no descriptor-
 * table addresses (UMIP).  cpu.c says why it is built this way.
 */
#ifndef SELFMAP_CPU_H
#define SELFMAP_CPU_H

#include <stdbool.h>

#include "proc.h"

/* Read the CPU's features and set CR0/CR4 for user mode: CR0.MP, NE
 * and TS, and with FXSR CR4.OSFXSR and OSXMMEXCPT; CR4.UMIP when the
 * CPU has it.  Registers the #NM handler.  Prints a line only for what
 * the CPU lacks (no fxsave, no UMIP).  Call once, from sched_init, before any process runs. */
void cpu_init(void);

/* True when cpu_init turned UMIP on (tests). */
bool cpu_umip_on(void);

/* The process whose x87/SSE state is in the FPU registers, or NULL.
 * Invariant: CR0.TS is clear exactly when the running process is the
 * owner, so any other process's first FPU instruction raises #NM. */
extern struct proc *fpu_owner;

/* Set CR0.TS, or clear it when `next` is the owner (fpu_switch's slow
 * path). */
void fpu_switch_owner(const struct proc *next);

/* Keep the invariant across a switch from `prev` to `next`: one test
 * while no process owns the FPU (most never use it), three compares
 * when neither of the two is the owner. */
static inline void fpu_switch(const struct proc *prev, const struct proc *next)
{
    if (__builtin_expect(fpu_owner != NULL, 0) && (prev == fpu_owner || next == fpu_owner))
        fpu_switch_owner(next);
}

/* fork: `child` starts with a copy of `parent`'s FPU state (the
 * parent's registers are saved first when it owns the FPU).  `parent`
 * is the running process. */
void fpu_fork(struct proc *parent, struct proc *child);

/* exec and exit: `p`'s FPU state goes back to the initial one (fninit's
 * control word 0x037F, every x87 register empty, MXCSR 0x1F80, XMM
 * registers zero); if `p` owned the FPU, nobody does now. */
void fpu_forget(struct proc *p);

#endif
