/*
 * exceptions.h - CPU exceptions (vectors 0-31).  A vector with a
 * registered handler goes to it; every other exception ends in a
 * readable report and a halt, never a silent hang or a triple fault.
 */
#ifndef SELFMAP_EXCEPTIONS_H
#define SELFMAP_EXCEPTIONS_H

#include "regs.h"
#include "utils.h"

#define EXC_DIVIDE             0
#define EXC_DEVICE_NOT_AVAIL   7 /* #NM: an x87/SSE instruction with CR0.TS or CR0.EM set */
#define EXC_DOUBLE_FAULT       8
#define EXC_GENERAL_PROTECTION 13
#define EXC_PAGE_FAULT         14

typedef void (*exception_handler_t)(struct regs *r);

/* Load the GDT and IDT, and set up the double-fault task with its own
 * stack, so even a kernel stack overflow gets a report. */
void exceptions_init(void);

/* Route `vector` (0-31) to `h`; NULL restores the default report. */
void exception_register_handler(int vector, exception_handler_t h);

/* The double-fault task switches to this page directory (physical
 * address); page_table_load keeps it equal to CR3. */
void exception_set_task_cr3(unsigned long cr3);
/* The page directory the double-fault task switches to (tests check it). */
unsigned long exception_task_cr3(void);

/* The kernel stack now in use, [bottom, top) with an unmapped guard page
 * below bottom, so a double fault can say "kernel stack overflow" for
 * a process's kernel stack too (the scheduler calls this per switch). */
void exception_set_kernel_stack(unsigned long guard, unsigned long bottom, unsigned long top);

/* The handler of every exception nobody registered: the report. */
NORETURN void exception_unhandled(struct regs *r);

/* Print the report for exception r->int_no: its name, the decoded error
 * code, CR2 for a page fault, the registers, and `cause` when not NULL.
 * Then stop (see fatal_end in utils.h). */
NORETURN void exception_report(const struct regs *r, const char *cause);

/* The name of exception vector v, e.g. "Page Fault". */
const char *exception_name(unsigned v);

#endif
