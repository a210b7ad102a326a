/*
 * usys.c - the system-call stubs: `int 0x80` with the number in EAX and
 * the arguments in EBX, ECX, EDX (proc/sysnum.h).  Inline assembly, so
 * each stub is a few instructions and needs no hand-written .asm file.
 */
#include "sysnum.h"
#include "user.h"

static inline int sys0(int n)
{
    int r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n) : "memory");
    return r;
}

static inline int sys1(int n, unsigned a)
{
    int r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a) : "memory");
    return r;
}

static inline int sys3(int n, unsigned a, unsigned b, unsigned c)
{
    int r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
    return r;
}

#define U(x) ((unsigned)(x))

int fork(void) { return sys0(SYS_fork); }
void exit(int status)
{
    sys1(SYS_exit, U(status));
    for (;;)
        ;
}
int wait(int *status) { return sys1(SYS_wait, U(status)); }
int kill(int pid) { return sys1(SYS_kill, U(pid)); }
int getpid(void) { return sys0(SYS_getpid); }
int sleep(int ticks) { return sys1(SYS_sleep, U(ticks)); }
int uptime(void) { return sys0(SYS_uptime); }
char *sbrk(int n) { return (char *)sys1(SYS_sbrk, U(n)); }
int exec(const char *name, char **argv) { return sys3(SYS_exec, U(name), U(argv), 0); }
int pipe(int fds[2]) { return sys1(SYS_pipe, U(fds)); }
int read(int fd, void *buf, int n) { return sys3(SYS_read, U(fd), U(buf), U(n)); }
int write(int fd, const void *buf, int n) { return sys3(SYS_write, U(fd), U(buf), U(n)); }
int close(int fd) { return sys1(SYS_close, U(fd)); }
int init_petmem(void) { return sys0(SYS_init_petmem); }
void *pet_malloc(size_t size) { return (void *)sys1(SYS_pet_malloc, U(size)); }
void pet_free(void *addr) { sys1(SYS_pet_free, U(addr)); }
void pet_dump(void) { sys0(SYS_pet_dump); }
void pet_invlpg(void *addr) { sys1(SYS_pet_invlpg, U(addr)); }
char *openshmem(int id) { return (char *)sys1(SYS_openshmem, U(id)); }
int closeshmem(int id) { return sys1(SYS_closeshmem, U(id)); }
int yield(void) { return sys0(SYS_yield); }
int frames(void) { return sys0(SYS_frames); }
int frameof(const void *addr) { return sys1(SYS_frameof, U(addr)); }
int maps(char *buf, int n) { return sys3(SYS_maps, U(buf), U(n), 0); }
int pagewalk(const void *addr, char *buf, int n)
{
    return sys3(SYS_pagewalk, U(addr), U(buf), U(n));
}
int faults(struct faultcount *counts) { return sys1(SYS_faults, U(counts)); }

_Static_assert(sizeof(struct faultcount) == (FAULT_KINDS - 1) * sizeof(unsigned),
               "struct faultcount has one word per fault kind of sysnum.h");
