/*
 * sched.c - the process table, the round-robin scheduler, blocking and
 * waking, and the kernel's idle loop.  The bottom of proc/: it calls the
 * CPU (cpu.c), the context switch (swtch.asm) and the layers below
 * proc/, nothing above it.
 *
 * Why a FIFO run queue: picking the next process is then O(1) however
 * many slots the table has, which keeps a yield between two processes
 * short (make bench).  Only P_RUNNABLE processes are in the queue; the
 * running one is not.  Slot 0 (the kernel) is never queued: it runs
 * only when the queue is empty, halts the CPU there, and is where an
 * interrupt from the idle loop lands.
 *
 * The PIT hook here (wake_sleepers) wakes the sleepers whose time has
 * come; preempting ring 3 on the tick is a policy of the user traps
 * (trap.c), whose hook runs after this one.  The kernel itself is never
 * preempted (see sched.h), so none of this needs a lock.
 */
#include "sched.h"

#include "console.h"
#include "interrupts/exceptions.h"
#include "interrupts/gdt.h"
#include "interrupts/pit.h"
#include "utils.h"

void swtch(struct context **old, struct context *new); /* swtch.asm */

struct proc proc_table[NPROC];
static struct proc *current = &proc_table[0];
static struct proc *rq_head, *rq_tail;
static unsigned sleepers; /* processes in sched_sleep: the tick scans only then */
static const char sleep_chan;
static bool initialised;

struct proc *proc_current(void) { return current; }
bool sched_current_killed(void) { return current->killed; }

unsigned long proc_kstack_top(const struct proc *p)
{
    return PAGE_ADDR(p->kstack_frame + 1 + PROC_KSTACK_PAGES);
}

static void enqueue(struct proc *p)
{
    p->state = P_RUNNABLE;
    p->rq_next = NULL;
    if (rq_tail)
        rq_tail->rq_next = p;
    else
        rq_head = p;
    rq_tail = p;
}

static struct proc *dequeue(void)
{
    struct proc *p = rq_head;
    if (p) {
        rq_head = p->rq_next;
        if (!rq_head)
            rq_tail = NULL;
    }
    return p;
}

void sched_make_runnable(struct proc *p) { enqueue(p); }

/* Run `next` now: CR0.TS for its FPU state (cpu.h), its kernel stack
 * for ring-3 interrupts, its address space (slot 0 keeps whichever is
 * loaded), then its saved context. */
static void switch_to(struct proc *next)
{
    struct proc *prev = current;
    if (prev == &proc_table[0])
        prev->state = P_RUNNABLE; /* the kernel idles again when nothing else runs */
    next->state = P_RUNNING;
    current = next;
    fpu_switch(&prev->fpu, &next->fpu);
    if (next != &proc_table[0]) {
        unsigned long top = proc_kstack_top(next);
        gdt_set_kernel_stack((uint32_t)top);
        exception_set_kernel_stack(PAGE_ADDR(next->kstack_frame), PAGE_ADDR(next->kstack_frame + 1),
                                   top);
        if (current_page_table != &next->pt)
            page_table_load(&next->pt);
    } else {
        exception_set_kernel_stack(0, 0, 0); /* the boot stack */
    }
    swtch(&prev->context, next->context);
}

/* Leave the CPU to the next runnable process, or to the kernel. */
static void reschedule(void)
{
    struct proc *next = dequeue();
    if (!next)
        next = &proc_table[0];
    if (next != current)
        switch_to(next);
    else
        current->state = P_RUNNING;
}

void sched_yield(void)
{
    if (!rq_head || current == &proc_table[0])
        return; /* nobody else wants the CPU */
    enqueue(current);
    reschedule();
}

void sched_block(const void *chan)
{
    if (current == &proc_table[0])
        panic("sched_block: the kernel cannot block");
    current->state = P_BLOCKED;
    current->chan = chan;
    reschedule();
    current->chan = NULL;
}

void sched_wakeup(const void *chan)
{
    for (int i = 1; i < NPROC; i++)
        if (proc_table[i].state == P_BLOCKED && proc_table[i].chan == chan)
            enqueue(&proc_table[i]);
}

void sched_unblock(struct proc *p)
{
    if (p->state == P_BLOCKED)
        enqueue(p);
}

int sched_sleep(unsigned long ticks)
{
    unsigned long until = pit_ticks() + ticks;
    sleepers++;
    current->wake_tick = until;
    while (pit_ticks() < until && !current->killed)
        sched_block(&sleep_chan);
    current->wake_tick = 0;
    sleepers--;
    return current->killed ? -1 : 0;
}

void sched_exit_current(void)
{
    current->state = P_ZOMBIE;
    reschedule();
    panic("sched_exit_current: a zombie ran again");
}

/* The PIT hook: wake the sleepers whose time has come. */
static void wake_sleepers(struct regs *r)
{
    (void)r;
    if (sleepers) {
        unsigned long now = pit_ticks();
        for (int i = 1; i < NPROC; i++) {
            struct proc *p = &proc_table[i];
            if (p->state == P_BLOCKED && p->wake_tick && now >= p->wake_tick)
                enqueue(p);
        }
    }
}

void sched_init(void)
{
    if (initialised)
        return;
    initialised = true;
    proc_table[0].state = P_RUNNING;
    proc_table[0].pid = 0;
    memcpy(proc_table[0].name, "kernel", sizeof("kernel"));
    pit_add_tick_hook(wake_sleepers);
    cpu_init();
}

void sched_idle_until(bool (*done)(void *arg), void *arg)
{
    if (current != &proc_table[0])
        panic("sched_idle_until: only the kernel idles");
    while (!done(arg)) {
        struct proc *next = dequeue();
        if (next)
            switch_to(next);
        else
            irq_wait();
    }
}
