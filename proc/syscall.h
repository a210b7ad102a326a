/*
 * syscall.h - the system calls' kernel side.  The numbers and calling
 * convention are in proc/sysnum.h; the user's prototypes in
 * user/user.h.  proc.h declares syscall_dispatch, the gate's C half.
 */
#ifndef SELFMAP_SYSCALL_H
#define SELFMAP_SYSCALL_H

#include "interrupts/regs.h"

#define EXEC_NAME_MAX 32 /* program names, NUL included */

#endif
