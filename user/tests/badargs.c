// badargs.c - every system call checks its arguments: kernel addresses,
// unmapped pages, text (for writes into user memory), misaligned and
// huge sizes, bad fds, pids and call numbers all give -1, and nothing
// leaks (xv6 copyin, copyout, copyinstr1-3, validatetest, badarg).
#include "utest.h"

static const unsigned long hostile[] = {0x0,        0x1000,     0x100000,   0x3FF000,  0xD0000000,
                                        0xF7400000, 0xFF800000, 0xFFFFF000, 0xFFFFFFFF};

static int raw_syscall(int n, unsigned a, unsigned b, unsigned c)
{
    int r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
    return r;
}

static void bad_pointers(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    for (unsigned i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        void *p = (void *)hostile[i];
        CHECK(write(1, p, 10) == -1);
        CHECK(write(fds[1], p, 4096) == -1);
        CHECK(pipe((int *)p) == -1);
        CHECK(exec((char *)p, 0) == -1);
        CHECK(wait((int *)p) == -1);
    }
    CHECK(write(fds[1], "abcd", 4) == 4);
    CHECK(read(fds[0], (void *)(unsigned long)bad_pointers, 4) == -1); /* text */
    CHECK(write(1, (char *)sbrk(0) - 2, 100) == -1);                   /* runs past the break */
    close(fds[0]);
    close(fds[1]);
}

static void bad_numbers(void)
{
    char buf[8];
    CHECK(write(1, "x", -1) == -1);
    CHECK(read(0, buf, -5) == -1);
    for (int fd = -3; fd < 40; fd++) {
        if (fd >= 0 && fd <= 2)
            continue;
        CHECK(write(fd, "x", 1) == -1);
        CHECK(read(fd, buf, 1) == -1);
        CHECK(close(fd) == -1);
    }
    CHECK(sleep(-1) == -1);
    CHECK(kill(-5) == -1);
    CHECK(sbrk(0x7fffffff) == (char *)-1);
    CHECK(sbrk(-0x7fffffff) == (char *)-1);
    CHECK(closeshmem(77) == -1);
    CHECK(raw_syscall(0, 0, 0, 0) == -1);
    CHECK(raw_syscall(999, 1, 2, 3) == -1);
    CHECK(raw_syscall(-1, 1, 2, 3) == -1);
}

/* A string that runs to the end of the heap without a NUL. */
static void unterminated_string(void)
{
    char *end = sbrk(0), *s;
    CHECK(sbrk(4096) == end);
    s = end + 4096 - 8;
    memset(s, 'a', 8);
    CHECK(exec(s, 0) == -1);
    CHECK(sbrk(-4096) != (char *)-1);
}

/* Lazy pages are backed during a copy: a fresh heap page as a write's
 * source and as a pipe read's destination (xv6 rwsbrk). */
static void lazy_pages(void)
{
    int fds[2];
    char *heap = sbrk(2 * 4096);
    CHECK(pipe(fds) == 0);
    CHECK(write(fds[1], heap + 4090, 12) == 12);
    CHECK(read(fds[0], heap + 4096 + 100, 12) == 12);
    CHECK(heap[4096 + 100] == 0);
    close(fds[0]);
    close(fds[1]);
    sbrk(-2 * 4096);
}

int main(void)
{
    int before = frames();
    utest_name = "badargs";
    bad_pointers();
    bad_numbers();
    unterminated_string();
    lazy_pages();
    CHECK(frames() == before);
    return utest_done();
}
