/*
 * exceptions.c - exception dispatch, the exception report, and the
 * double-fault task.
 *
 * A double fault usually means the kernel stack ran into its guard page:
 * the CPU could not push the frame for the page fault.  Handling it on
 * that same stack would fault a third time and reset the machine, so
 * vector 8 is a task gate: the CPU switches to df_tss, with a stack of
 * its own, and double_fault_task() reports what the old task was doing
 * from the state the switch saved in the main TSS.
 */
#include "exceptions.h"

#include "console.h"
#include "gdt.h"
#include "idt.h"
#include "x86.h"

#define DF_STACK_SIZE        8192
#define STACK_OVERFLOW_SLACK 512 /* bytes above the guard that still count */

extern char kernel_stack_guard[], kernel_stack_bottom[], kernel_stack_top[];

static struct tss df_tss;
static uintptr_t stack_guard, stack_bottom, stack_top; /* 0: the boot stack */
static uint8_t df_stack[DF_STACK_SIZE] __attribute__((aligned(16)));

static const char *const names[IDT_EXCEPTIONS] = {
    "Divide Error",
    "Debug",
    "Non-Maskable Interrupt",
    "Breakpoint",
    "Overflow",
    "BOUND Range Exceeded",
    "Invalid Opcode",
    "Device Not Available",
    "Double Fault",
    "Coprocessor Segment Overrun",
    "Invalid TSS",
    "Segment Not Present",
    "Stack-Segment Fault",
    "General Protection",
    "Page Fault",
    "Reserved",
    "x87 Floating-Point Error",
    "Alignment Check",
    "Machine Check",
    "SIMD Floating-Point",
    "Virtualization",
    "Control Protection",
    "Reserved",
    "Reserved",
    "Reserved",
    "Reserved",
    "Reserved",
    "Reserved",
    "Hypervisor Injection",
    "VMM Communication",
    "Security",
    "Reserved",
};

const char *exception_name(unsigned v) { return v < IDT_EXCEPTIONS ? names[v] : "IRQ"; }

NORETURN static void double_fault_task(void);

void exceptions_init(void)
{
    df_tss.eip = (uint32_t)(uintptr_t)double_fault_task;
    df_tss.esp = (uint32_t)(uintptr_t)(df_stack + DF_STACK_SIZE);
    df_tss.eflags = EFLAGS_RESERVED1;
    df_tss.cs = GDT_KERNEL_CODE;
    df_tss.ds = df_tss.es = df_tss.fs = df_tss.gs = df_tss.ss = GDT_KERNEL_DATA;
    df_tss.cr3 = (uint32_t)read_cr3();
    df_tss.iomap = sizeof(df_tss);
    gdt_init(&df_tss);
    idt_init(exception_unhandled, EXC_DOUBLE_FAULT, GDT_DOUBLE_FAULT_TSS);
}

void exception_set_task_cr3(unsigned long cr3) { df_tss.cr3 = (uint32_t)cr3; }
unsigned long exception_task_cr3(void) { return df_tss.cr3; }

void exception_set_kernel_stack(unsigned long guard, unsigned long bottom, unsigned long top)
{
    stack_guard = guard, stack_bottom = bottom, stack_top = top;
}

void exception_register_handler(int vector, exception_handler_t h)
{
    if (vector < 0 || vector >= IDT_EXCEPTIONS)
        panic("exception_register_handler: vector %d out of range", vector);
    interrupt_handlers[vector] = h ? h : exception_unhandled;
}

void exception_unhandled(struct regs *r) { exception_report(r, NULL); }

/* The table a selector error code names: IDT if its IDT bit is set,
 * else the GDT or, with TI set, the LDT. */
static const char *selector_table(uint32_t e)
{
    if (e & SEL_ERR_IDT)
        return "IDT";
    return (e & SEL_ERR_TI) ? "LDT" : "GDT";
}

static void print_error_code(const struct regs *r)
{
    uint32_t e = r->err_code;
    kprintf("  error code 0x%08x", (unsigned)e);
    if (r->int_no == EXC_PAGE_FAULT) {
        kprintf(": %s, %s, %s mode%s%s\n",
                (e & PF_ERR_PRESENT) ? "protection violation" : "page not present",
                (e & PF_ERR_WRITE) ? "write" : "read", (e & PF_ERR_USER) ? "user" : "supervisor",
                (e & PF_ERR_RESERVED) ? ", reserved bit set" : "",
                (e & PF_ERR_FETCH) ? ", instruction fetch" : "");
    } else if (e) {
        kprintf(": selector index %u in the %s%s\n", (unsigned)SEL_ERR_INDEX(e), selector_table(e),
                (e & SEL_ERR_EXT) ? ", external event" : "");
    } else {
        kprintf("\n");
    }
}

void exception_report(const struct regs *r, const char *cause)
{
    fatal_begin();
    kprintf("*** EXCEPTION %u: %s ***\n", (unsigned)r->int_no, exception_name(r->int_no));
    if (cause)
        kprintf("  cause: %s\n", cause);
    print_error_code(r);
    if (r->int_no == EXC_PAGE_FAULT)
        kprintf("  CR2 (faulting address) 0x%08lx\n", read_cr2());
    kprintf("  EIP 0x%08x  CS 0x%04x  EFLAGS 0x%08x\n", (unsigned)r->eip, (unsigned)r->cs,
            (unsigned)r->eflags);
    kprintf("  EAX 0x%08x  EBX 0x%08x  ECX 0x%08x  EDX 0x%08x\n", (unsigned)r->eax,
            (unsigned)r->ebx, (unsigned)r->ecx, (unsigned)r->edx);
    kprintf("  ESI 0x%08x  EDI 0x%08x  EBP 0x%08x  ESP 0x%08x\n", (unsigned)r->esi,
            (unsigned)r->edi, (unsigned)r->ebp, (unsigned)r->esp);
    fatal_end();
}

/* The main TSS holds the state the double fault interrupted. */
static int was_stack_overflow(uint32_t esp)
{
    if (!stack_top) {
        stack_guard = (uintptr_t)kernel_stack_guard;
        stack_bottom = (uintptr_t)kernel_stack_bottom;
        stack_top = (uintptr_t)kernel_stack_top;
    }
    return esp >= stack_guard && esp < stack_bottom + STACK_OVERFLOW_SLACK;
}

NORETURN static void double_fault_task(void)
{
    const struct tss *prev = gdt_main_tss();
    fatal_begin();
    kprintf("*** EXCEPTION 8: Double Fault ***\n");
    kprintf("  cause: double fault: %s\n",
            was_stack_overflow(prev->esp) ? "kernel stack overflow (ESP reached the guard page)"
                                          : "a fault while delivering another exception");
    kprintf("  EIP 0x%08x  ESP 0x%08x  EBP 0x%08x  CR2 0x%08lx\n", (unsigned)prev->eip,
            (unsigned)prev->esp, (unsigned)prev->ebp, read_cr2());
    kprintf("  kernel stack 0x%08lx-0x%08lx, guard page at 0x%08lx\n", (unsigned long)stack_bottom,
            (unsigned long)stack_top, (unsigned long)stack_guard);
    fatal_end();
}
