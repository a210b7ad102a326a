/*
 * page_fault.h - the page-fault handler (exception 14), its fault count
 * and its trace.
 *
 * Why a header of its own: the handler is the top of the kernel's
 * layers (it hands each fault to the layer that owns the address:
 * the page table, the pager, shm, a process), so nothing below may name
 * it.  kernel_main registers it with interrupts/ for exception 14, and
 * the MP4 C++ image's kernel_main hands it to MP4's
 * PageTable::handle_fault (mp4/cxx/glue.h), both from above.
 */
#ifndef SELFMAP_PAGE_FAULT_H
#define SELFMAP_PAGE_FAULT_H

#include <stdbool.h>

#include "interrupts/regs.h"

/* Exception 14 (for exception_register_handler), with interrupts off.
 * Classifies the fault at CR2 in current_page_table and does the case's
 * work (a zeroed frame, the shm segment's frame, a copy-on-write copy, a
 * swap-in) and returns; when the fault cannot be resolved it kills the
 * faulting process (from ring 3) or prints the exception report with
 * the cause named and stops (from ring 0), and does not return.  Never
 * prints on success. */
void page_table_handle_fault(struct regs *r);

/* Page faults taken since boot, resolved or not: what
 * tests compare with a reference model's fault count. */
unsigned long page_table_fault_count(void);

/* The `faulttrace` word (set by kernel_main; off by default): when
 * true, every page fault prints one line after it is handled,
 *   fault: pid P (NAME) 0xADDRESS KIND: RESULT
 * (pid 0 for the kernel; NAME is the program the process runs now, so
 * a forked child's faults before its exec name its parent's program;
 * RESULT is "resolved" or the report's cause).  When false the handler
 * pays one test of this flag. */
extern bool page_fault_trace_on;

#endif
