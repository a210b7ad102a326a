/*
 * user.h - what a selfmap user program may call: the system calls
 * (xv6-riscv's prototypes, so xv6-style test programs compile as they
 * are) and the user library (user/ulib.c).  Programs are ordinary ELF32
 * executables linked with user/user.ld at USER_BASE (mmu.h); crt0 calls
 * main(argc, argv) and exits with its return value.
 *
 * Every call checks its arguments in the kernel: a bad pointer, fd, pid
 * or size gets -1 (NULL for the pointer results), never a crash.
 *
 * read, write, pipe and wait follow one contract, whatever the fd or
 * its state (the console, an empty or full pipe), checked in this order:
 *   - a bad fd (not open, or the wrong end of a pipe) or n < 0: -1;
 *   - n == 0: 0 at once (never blocks; buf names no byte, so no
 *     pointer is bad);
 *   - a bad buffer, that is any of the n bytes at buf (pipe's 2 fds,
 *     wait's status) outside the process's memory, or read-only for
 *     the calls that write to it (read, pipe, wait):
 *     -1 at once, before the call blocks and before any byte moves.
 *     A buffer good for its first bytes that runs onto a bad page is
 *     bad: the call returns -1 and moves none of them.
 * A good buffer then moves bytes as xv6's pipes do (read: the count, 0
 * at end of file and always on the console, which has no input; write:
 * n).  Killed, or out of memory while bringing in a page of the buffer:
 * -1; a read then takes no byte from the pipe, a write leaves the bytes
 * it wrote before in it; and a write with no reader left is -1.
 */
#ifndef SELFMAP_USER_H
#define SELFMAP_USER_H

#include <stdarg.h>
#include <stddef.h>

/* The size of a page, for programs that touch memory page by page.
 * (Left alone when a program defines it first; xv6's programs use their
 * own PGSIZE.) */
#ifndef PAGE_SIZE
#define PAGE_SIZE 4096
#endif

/* ---- system calls (user/usys.c) ------------------------------------- */
int fork(void);
void exit(int status) __attribute__((noreturn));
int wait(int *status); /* reaped child's pid, or -1 with no children; status may be 0 */
int kill(int pid);
int getpid(void);
int sleep(int ticks); /* 100 ticks per second */
int uptime(void);
char *sbrk(int n);                       /* old break, or (char *)-1 */
int exec(const char *name, char **argv); /* a program loaded at boot, by name */
int pipe(int fds[2]);
int read(int fd, void *buf, int n);
int write(int fd, const void *buf, int n); /* fds 1 and 2 start as the console */
int close(int fd);
/* petmem's harness (user/harness.h there), declared as it declares them,
 * so its header compiles beside this one. */
int init_petmem(void);
void *pet_malloc(size_t size);
void pet_free(void *addr);
void pet_dump(void);
void pet_invlpg(void *addr); /* drop the TLB's translation of addr's page */
char *openshmem(int id);     /* xv6 seed: one shared page per id; NULL on failure */
int closeshmem(int id);
/* selfmap's own: give up the CPU; free frames in the kernel now. */
int yield(void);
int frames(void);
/* Test-only: the frame number behind addr, or -1 when no page is there
 * (shows copy-on-write sharing). */
int frameof(const void *addr);

/* Seeing memory from inside (the kernel's proc/pmaps.h).  maps() writes
 * the caller's maps, like Linux's /proc/self/maps, into buf: a header
 * line, then one line per region
 *   START-END KIND PAGES BACKED COW SHARED SWAPPED
 * (text/data, heap, petmem, stack, "shm ID"; END exclusive; counts in
 * pages).  pagewalk() writes the kernel's walk of addr (the PDE, the
 * PTE with its decoded flags, e.g. "copy-on-write", the physical
 * address and the region).  Both write at most n - 1 characters and a
 * NUL and return the whole text's length (more than n - 1: it was cut),
 * or -1 for a bad buffer or n < 1. */
int maps(char *buf, int n);
int pagewalk(const void *addr, char *buf, int n);
/* Page faults the kernel handled for this process since its exec or
 * fork (all resolved: an unresolved one ends it), by kind (like getrusage's minflt/majflt, split
 * finer). */
struct faultcount {
    unsigned demand_zero; /* heap and stack pages backed with zeroes */
    unsigned cow_copy;    /* writes to shared copy-on-write pages: copied */
    unsigned cow_reuse;   /* the same with no other mapping left: made writable */
    unsigned swap_in;     /* evicted pages read back (or zero-filled) */
    unsigned shm;         /* shared-memory pages mapped again */
    unsigned petmem;      /* pages of pet_malloc'd regions backed */
};
/* Fill *counts; 0, or -1 for a bad pointer. */
int faults(struct faultcount *counts);

/* ---- the user library (user/ulib.c) --------------------------------- */
void printf(const char *fmt, ...); /* to fd 1: %d %u %x %p %s %c %%, l, width, 0 */
void fprintf(int fd, const char *fmt, ...);
void vfprintf(int fd, const char *fmt, va_list ap);
void *malloc(unsigned long n); /* NULL when sbrk fails */
void free(void *p);            /* NULL is fine */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
char *strcpy(char *dst, const char *src);
int atoi(const char *s);

#endif
