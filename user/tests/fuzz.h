/*
 * fuzz.h - the system-call fuzzer's generator (fuzz.c, and the crowd
 * mode of crowd.h): random system calls with random and hostile
 * arguments (kernel and window addresses, unmapped pages, text,
 * misaligned and huge sizes, bad fds, pids and call numbers).
 *
 * What it avoids, because it would stop the fuzzer rather than test the
 * kernel: exit and fork with random arguments (a fork's child makes a
 * few calls and exits), exec of a good program, killing anything but its
 * own children, closing its console, and pipe calls that would block
 * forever (it tracks how full its pipe can be).  One process's state
 * (generator, pipe, call count) is file-static: each fuzzer is its own
 * process.
 */
#ifndef SELFMAP_FUZZ_H
#define SELFMAP_FUZZ_H

#include "sysnum.h"
#include "utest.h"

#define PIPE_SIZE   512
#define CHILD_CALLS 20
#define PET_KEPT    8    /* petmem regions a fuzzer keeps; older ones are freed */
#define TRIM_EVERY  4096 /* calls between trims of the heap and petmem */

static unsigned long long rng;
static char buf[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static int rfd = -1, wfd = -1, pipe_lo, pipe_hi;
static int calls_made;
static unsigned pets[PET_KEPT]; /* the last PET_KEPT regions pet_malloc gave */
static unsigned pets_made;

static unsigned rnd(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(rng >> 33);
}

static int raw(int n, unsigned a, unsigned b, unsigned c)
{
    int r;
    calls_made++;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
    return r;
}

/* A pointer-sized value a hostile program might pass. */
static unsigned hostile_ptr(void)
{
    switch (rnd() % 12) {
    case 0:
        return 0;
    case 1:
        return 0x100000 + rnd() % 0x300000; /* the kernel */
    case 2:
        return 0xFF800000u + rnd() % 0x800000; /* the windows */
    case 3:
        return 0xD0000000u + rnd() % 0x1000000; /* unmapped (free for future mappings) */
    case 4:
        return 0xF7400000u - 0x100000 - 1 - rnd() % 4096; /* the stack guard */
    case 5:
        return (unsigned)(unsigned long)rnd; /* text */
    case 6:
        return (unsigned)(unsigned long)buf + rnd() % PAGE_SIZE; /* fine, misaligned */
    case 7:
        return (unsigned)(unsigned long)sbrk(0) - rnd() % 64; /* runs past the break */
    case 8:
        return 0xFFFFFFFFu - rnd() % 16;
    case 9:
        return 0x80000000u + rnd() % 0x1000000; /* petmem */
    case 10:
        return 0xF7800000u + rnd() % 0x100000; /* the shm area */
    default:
        return rnd();
    }
}

/* A pointer no process may use (the console must not print garbage). */
static unsigned bad_ptr(void)
{
    static const unsigned bases[] = {0, 0x100000, 0xFF800000u, 0xD0000000u, 0xFFFFF000u};
    return bases[rnd() % 5] + rnd() % 4096;
}

static unsigned hostile_size(void)
{
    switch (rnd() % 6) {
    case 0:
        return 0;
    case 1:
        return rnd() % 64;
    case 2:
        return 0x80000000u | rnd();
    case 3:
        return (unsigned)-1 - rnd() % 8;
    case 4:
        return PAGE_SIZE + rnd() % PAGE_SIZE;
    default:
        return rnd();
    }
}

static int hostile_fd(void)
{
    static const int fds[] = {-1, -100, 3, 15, 16, 17, 1000, 0x7fffffff};
    int fd = fds[rnd() % (sizeof(fds) / sizeof(fds[0]))];
    return fd == rfd || fd == wfd ? -1 : fd;
}

static void reset_pipe(void)
{
    int fds[2];
    if (rfd >= 0)
        close(rfd), close(wfd);
    rfd = wfd = -1;
    pipe_lo = pipe_hi = 0;
    if (pipe(fds) == 0)
        rfd = fds[0], wfd = fds[1];
}

/* Pipe traffic that can never block: write only what surely fits, read
 * only when something is surely there. */
static void pipe_call(void)
{
    unsigned n = rnd() % 200, p = rnd() % 2 ? hostile_ptr() : (unsigned)(unsigned long)buf;
    int r;
    if (rfd < 0 || pipe_hi > PIPE_SIZE / 2)
        reset_pipe();
    if (rfd < 0)
        return;
    if (rnd() % 2 && pipe_hi + (int)n <= PIPE_SIZE) {
        r = raw(SYS_write, (unsigned)wfd, p, n);
        pipe_hi += (int)n;
        if (r == (int)n)
            pipe_lo += (int)n;
    } else if (pipe_lo > 0) {
        r = raw(SYS_read, (unsigned)rfd, p, n);
        if (r > 0)
            pipe_lo -= r < pipe_lo ? r : pipe_lo, pipe_hi -= r;
        else if (r < 0)
            pipe_lo = 0; /* an unknown amount may have been read */
    }
}

/* pipe() with a hostile pointer; a pipe it makes anyway is closed at
 * once (reading an untracked pipe could block forever). */
static void hostile_pipe(void)
{
    unsigned p = hostile_ptr();
    if (raw(SYS_pipe, p, 0, 0) == 0) {
        const int *fds = (const int *)(unsigned long)p;
        close(fds[0]);
        close(fds[1]);
    }
}

/* Keep petmem region `va` (0: none), freeing the oldest kept one when
 * PET_KEPT are kept: reads into hostile pointers back pages in them, and
 * a fuzzer must not end up holding all memory. */
static void keep_pet(unsigned va)
{
    unsigned *slot = &pets[pets_made % PET_KEPT];
    if (!va)
        return;
    if (*slot)
        raw(SYS_pet_free, *slot, 0, 0);
    *slot = va;
    pets_made++;
}

/* Give back what a fuzzer's calls backed: the heap down to `brk`, every
 * kept petmem region.  Frees may fail (a hostile pet_free got there
 * first); the calls count. */
static void trim(const char *brk)
{
    char *now = sbrk(0);
    if (now > brk)
        sbrk(-(int)(now - brk));
    for (int i = 0; i < PET_KEPT; i++)
        if (pets[i])
            raw(SYS_pet_free, pets[i], 0, 0), pets[i] = 0;
}

static void random_call(int child);

static void fork_call(void)
{
    int pid = fork();
    if (pid == 0) {
        for (int i = 0; i < CHILD_CALLS; i++)
            random_call(1);
        exit(0);
    }
    if (pid > 0 && rnd() % 4 == 0)
        kill(pid);
    if (pid > 0)
        wait(0);
}

/* Calls about files, programs and processes (k < 9). */
static void io_call(unsigned k)
{
    switch (k) {
    case 0:
        raw(SYS_write, (unsigned)(1 + rnd() % 2), bad_ptr(), hostile_size());
        break;
    case 1:
        raw(SYS_write, (unsigned)hostile_fd(), hostile_ptr(), hostile_size());
        break;
    case 2:
        raw(SYS_read, (unsigned)hostile_fd(), hostile_ptr(), hostile_size());
        break;
    case 3:
        raw(SYS_close, (unsigned)hostile_fd(), 0, 0);
        break;
    case 4:
        hostile_pipe();
        break;
    case 5:
        raw(SYS_exec, hostile_ptr(), hostile_ptr(), 0);
        break;
    case 6:
        raw(SYS_exec, (unsigned)(unsigned long)"bad_magic", hostile_ptr(), 0);
        break;
    case 7:
        raw(SYS_kill, rnd() % 2 ? 0u - rnd() % 100 : 100000 + rnd(), 0, 0);
        break;
    default:
        raw(SYS_wait, hostile_ptr(), 0, 0);
        break;
    }
}

/* Calls about memory, time, shm and unknown numbers (k >= 9). */
static void misc_call(unsigned k, int child)
{
    switch (k) {
    case 9:
        raw(SYS_sbrk, rnd() % 2 ? hostile_size() : rnd() % 8192 - 4096, 0, 0);
        break;
    case 10:
        raw(SYS_sleep, rnd() % 8 ? 0u - 1 - rnd() % 100 : rnd() % 2, 0, 0);
        break;
    case 11:
        keep_pet((unsigned)raw(SYS_pet_malloc, hostile_size(), 0, 0));
        break;
    case 12:
        raw(SYS_pet_free, hostile_ptr(), 0, 0);
        break;
    case 13:
        raw(SYS_openshmem, rnd() % 16, 0, 0);
        break;
    case 14:
        raw(SYS_closeshmem, rnd() % 16, 0, 0);
        break;
    case 15:
        raw(NSYSCALLS + rnd() % 1000, rnd(), rnd(), rnd());
        break;
    case 16:
        raw(rnd() % 2 ? SYS_getpid : SYS_uptime, rnd(), rnd(), rnd());
        break;
    case 17:
        if (!child)
            pipe_call();
        break;
    case 18:
        if (!child && rnd() % 64 == 0)
            fork_call();
        break;
    default:
        raw(0, rnd(), rnd(), rnd());
        break;
    }
}

static void random_call(int child)
{
    unsigned k = rnd() % 20;
    if (k < 9)
        io_call(k);
    else
        misc_call(k, child);
}

/* Make `calls` random calls as fuzzer number `index` (its own stream
 * of the seeded generator), trimming its memory every TRIM_EVERY calls
 * (so a long run does not end in memory running out), then close its
 * pipe.  Returns 0: anything
 * wrong shows as a kernel report or a frame count, not here. */
static int fuzz_calls(int index, int calls)
{
    char *brk = sbrk(0);
    rng ^= (unsigned long long)index * 0x9E3779B97F4A7C15ull;
    calls_made = 0;
    for (int next_trim = TRIM_EVERY; calls_made < calls;) {
        random_call(0);
        if (calls_made >= next_trim)
            trim(brk), next_trim = calls_made + TRIM_EVERY;
    }
    if (rfd >= 0)
        close(rfd), close(wfd);
    return 0;
}

/* `seed=N` among the arguments (the last one wins, so a word added
 * after a test's `// boot:` line replaces its seed), or one from the
 * clock and free frames. */
static unsigned long fuzz_seed(int argc, char **argv)
{
    for (int i = argc - 1; i > 0; i--)
        if (memcmp(argv[i], "seed=", 5) == 0)
            return (unsigned long)atoi(argv[i] + 5);
    return (unsigned long)uptime() * 2654435761u + (unsigned long)frames();
}

#endif
