/*
 * exec.h - loading a user program (an ELF32 boot module) into a process,
 * replacing its address space.  exec.c says how it stays all-or-nothing.
 */
#ifndef SELFMAP_EXEC_H
#define SELFMAP_EXEC_H

#include <stdbool.h>

#include "sched.h" /* struct proc */

#define EXEC_NAME_MAX 32 /* program names, NUL included */
#define EXEC_MAXARG   32
#define EXEC_ARG_MAX  (4 * PAGE_SIZE) /* bytes of argument strings and pointers */

/* Replace the address space of `p` with program `name` (a boot module)
 * and point its saved user state at the entry, with argc/argv on the
 * new stack.  `argv` is a NULL-terminated array: a user address when
 * `user_args` (checked and copied from the loaded space), else kernel
 * pointers.  Returns 0, or -1 with `p` unchanged when the name, the ELF
 * or the arguments are bad, or memory runs out. */
int exec_program(struct proc *p, const char *name, unsigned long argv, bool user_args);

#endif
