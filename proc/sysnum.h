/*
 * sysnum.h - system-call numbers, shared by the kernel (proc/syscall.c)
 * and the user library (user/usys.c).  A call is `int 0x80` with the
 * number in EAX and up to three arguments in EBX, ECX and EDX; the
 * result comes back in EAX.  Registers, not the user stack, carry the
 * arguments, so the common calls need no copyin at all.
 */
#ifndef SELFMAP_SYSNUM_H
#define SELFMAP_SYSNUM_H

#define SYSCALL_VECTOR 0x80

enum sysnum {
    SYS_fork = 1,
    SYS_exit,
    SYS_wait,
    SYS_kill,
    SYS_getpid,
    SYS_sleep,
    SYS_uptime,
    SYS_sbrk,
    SYS_exec,
    SYS_pipe,
    SYS_read,
    SYS_write,
    SYS_close,
    SYS_init_petmem,
    SYS_pet_malloc,
    SYS_pet_free,
    SYS_pet_dump,
    SYS_openshmem,
    SYS_closeshmem,
    SYS_yield,
    SYS_frames,     /* free frames now: what tests compare */
    SYS_frameof,    /* test-only: the frame behind an address (copy-on-write tests) */
    SYS_pet_invlpg, /* petmem's: flush one page's translation */
    NSYSCALLS
};

#endif
