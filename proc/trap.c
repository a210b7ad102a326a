/*
 * trap.c - the user traps' policies (trap.h): what happens when ring 3
 * makes a system call, raises an exception, first uses the FPU, or is
 * interrupted by the timer.  trap.asm is the gate's assembly half; the
 * two are one module, the boundary between ring 3 and the kernel.
 *
 * Why a file of its own: these policies call the lifecycle (proc_exit,
 * proc_kill_for_fault) and the scheduler (sched_yield), while the
 * scheduler must call nothing above it.  Kept here, the traps sit on
 * top of proc/ and every call between its files goes down.
 */
#include "trap.h"

#include "interrupts/exceptions.h"
#include "interrupts/gdt.h"
#include "interrupts/idt.h"
#include "interrupts/pit.h"
#include "proc.h"
#include "syscall.h"

#define SEL_RPL_MASK 3u /* a selector's requested privilege level */

extern void syscall_entry(void); /* trap.asm */

static bool initialised;

/* The trap came from ring 3 (the CS it interrupted has the user's RPL). */
static bool from_user(const struct regs *r) { return (r->cs & SEL_RPL_MASK) == GDT_RPL_USER; }

void syscall_dispatch(struct regs *r)
{
    uint32_t n = r->eax;
    r->eax = (uint32_t)(n < NSYSCALLS && syscall_table[n] ? syscall_table[n](r) : -1);
    if (proc_current()->killed)
        proc_exit(-1);
}

/* The PIT hook, after the scheduler's (which woke due sleepers):
 * preempt ring 3; a killed process exits instead of returning to it. */
static void tick(struct regs *r)
{
    if (!from_user(r))
        return; /* the idle loop: it looks at the queue itself */
    if (!proc_current()->killed)
        sched_yield();
    if (proc_current()->killed)
        proc_exit(-1);
}

/* Exceptions other than page faults: ring 3 loses the process, the
 * kernel gets the report. */
static void user_exception(struct regs *r)
{
    if (!from_user(r))
        exception_report(r, NULL);
    proc_kill_for_fault(exception_name(r->int_no), r->eip,
                        uvm_region_name(uvm_region_of(&proc_current()->uvm, r->eip)));
}

/* #NM: a process's first FPU instruction since it last ran without
 * owning the FPU (cpu.h).  The kernel never uses the FPU. */
static void device_not_available(struct regs *r)
{
    struct proc *p = proc_current();
    if (!from_user(r))
        exception_report(r, "the kernel used the FPU (it is built without x87/SSE code)");
    if (!fpu_take(&p->fpu))
        proc_kill_for_fault("FPU instruction (this CPU has no fxsave: processes may not use it)",
                            r->eip, uvm_region_name(uvm_region_of(&p->uvm, r->eip)));
}

void trap_init(void)
{
    if (initialised)
        return;
    initialised = true;
    sched_init();
    idt_set_user_gate(SYSCALL_VECTOR, syscall_entry);
    for (int v = 0; v < IDT_EXCEPTIONS; v++)
        if (v != EXC_DOUBLE_FAULT && v != EXC_PAGE_FAULT)
            exception_register_handler(v, user_exception);
    exception_register_handler(EXC_DEVICE_NOT_AVAIL, device_not_available);
    pit_add_tick_hook(tick);
}
