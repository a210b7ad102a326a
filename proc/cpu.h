/*
 * cpu.h - what ring 3 sees of the CPU beyond its general registers: its
 * own x87/SSE state (switched lazily with CR0.TS), and no descriptor-
 * table addresses (UMIP).  cpu.c says why it is built this way.  This
 * file knows nothing of processes: each process has a struct fpu
 * (proc.h), and the scheduler and the process code hand it in.
 */
#ifndef SELFMAP_CPU_H
#define SELFMAP_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FPU_AREA_SIZE  512 /* what fxsave writes */
#define FPU_AREA_ALIGN 16  /* what fxsave and fxrstor need */

/* One process's x87/SSE state while its registers are not loaded. */
struct fpu {
    uint8_t area[FPU_AREA_SIZE]; /* fxsave's image, valid when `saved` */
    bool saved;                  /* false: the initial state (see fpu_forget) */
} __attribute__((aligned(FPU_AREA_ALIGN)));

/* Read the CPU's features and set CR0/CR4 for user mode: CR0.MP, NE
 * and TS, and with FXSR CR4.OSFXSR and OSXMMEXCPT; CR4.UMIP when the
 * CPU has it.  Prints a line only for what the CPU lacks (no fxsave, no
 * UMIP).  Call once, before any process runs (sched_init); trap_init
 * routes #NM (EXC_DEVICE_NOT_AVAIL) to a handler that calls fpu_take. */
void cpu_init(void);

/* True when cpu_init turned UMIP on. */
bool cpu_umip_on(void);

/* The state whose registers are loaded in the FPU, or NULL.
 * Invariant: CR0.TS is clear exactly when the running process's state is
 * the owner, so any other process's first FPU instruction raises #NM. */
extern struct fpu *fpu_owner;

/* Set CR0.TS, or clear it when `next` is the owner (fpu_switch's slow
 * path). */
void fpu_switch_owner(const struct fpu *next);

/* Keep the invariant across a switch from the process with state `prev`
 * to the one with `next`: one test while nobody owns the FPU (most
 * processes never use it), three compares when neither is the owner. */
static inline void fpu_switch(const struct fpu *prev, const struct fpu *next)
{
    if (__builtin_expect(fpu_owner != NULL, 0) && (prev == fpu_owner || next == fpu_owner))
        fpu_switch_owner(next);
}

/* #NM in ring 3: save the owner's registers, load `cur`'s (the running
 * process's) state and make it the owner.  Returns false, changing
 * nothing, when the CPU has no fxsave: the caller kills the process. */
bool fpu_take(struct fpu *cur);

/* fork: `child` starts with a copy of `parent`'s state (the parent's
 * registers are saved first when it owns the FPU; the parent is the
 * running process). */
void fpu_fork(struct fpu *parent, struct fpu *child);

/* exec and exit: `f` goes back to the initial state (fninit's control
 * word 0x037F, every x87 register empty, MXCSR 0x1F80, XMM registers
 * zero); if `f` owned the FPU, nobody does now. */
void fpu_forget(struct fpu *f);

#endif
