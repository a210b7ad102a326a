/*
 * syscall.h - the system calls' kernel side: one function per call
 * number, each checking its own arguments (syscall.c).  The numbers and
 * calling convention are in proc/sysnum.h; the user's prototypes in
 * user/user.h.  The gate that calls through this table is trap.c's
 * syscall_dispatch.
 */
#ifndef SELFMAP_SYSCALL_H
#define SELFMAP_SYSCALL_H

#include "interrupts/regs.h"
#include "sysnum.h"

/* One system call: its arguments in r's registers (sysnum.h), its
 * result the value for eax. */
typedef int (*syscall_fn)(struct regs *r);

/* The calls by number; NULL where a number has none.  A table, not a
 * function, so the gate indexes it directly: getpid stays a handful of
 * instructions. */
extern const syscall_fn syscall_table[NSYSCALLS];

#endif
