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
    SYS_maps,       /* the caller's maps, as text (proc/pmaps.h) */
    SYS_pagewalk,   /* the walk of one address in the caller's space, as text */
    SYS_faults,     /* the caller's page faults by kind */
    SYS_pet_invlpg, /* petmem's: flush one page's translation */
    NSYSCALLS
};

/* The kinds of page fault counted for each process (struct uvm's
 * faults[]; SYS_faults copies out the FAULT_KINDS - 1 counts from
 * FAULT_KIND_DEMAND_ZERO on, in this order, as unsigned 32-bit words:
 * user.h's struct faultcount).  Index 0 counts the faults of no kind. */
enum fault_kind {
    FAULT_KIND_NONE,
    FAULT_KIND_DEMAND_ZERO, /* a heap or stack page backed with zeroes */
    FAULT_KIND_COW_COPY,    /* a write to a shared copy-on-write page: copied */
    FAULT_KIND_COW_REUSE,   /* the same when no other space maps it: made writable again */
    FAULT_KIND_SWAP_IN,     /* an evicted page read back (or zero-filled) */
    FAULT_KIND_SHM,         /* a shared-memory page mapped again */
    FAULT_KIND_PETMEM,      /* a page of a pet_malloc'd region backed */
    FAULT_KINDS
};

#endif
