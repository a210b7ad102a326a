/* ubench.c - make bench's process-level figures, in guest instructions
 * (tools/bench.sh boots init=ubench under QEMU's -icount shift=0, where
 * rdtsc counts instructions; ring 3 may read it).  Each figure is a
 * median, net of an empty rdtsc pair, printed as a BENCH line for
 * bench/report.py:
 *   user.getpid          one getpid() round trip from ring 3
 *   user.yield_switch    one switch between two processes that yield
 *                        to each other (half a round trip)
 *   user.fork_exit_wait  fork of a minimal process, its exit, the wait
 *   user.fork_per_page   what each touched heap page adds to fork (copy-on-write)
 */
#include "user.h"

#define SAMPLES      64
#define FORK_SAMPLES 15
#define TOUCH_PAGES  256
static unsigned pair;

static inline unsigned now(void)
{
    unsigned lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    (void)hi;
    return lo;
}

static unsigned median(unsigned *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            unsigned t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    return v[(n - 1) / 2];
}

static void calibrate(void)
{
    unsigned v[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
        unsigned t0 = now();
        v[i] = now() - t0;
    }
    pair = median(v, SAMPLES);
}

static unsigned bench_getpid(void)
{
    unsigned v[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
        unsigned t0 = now();
        getpid();
        v[i] = now() - t0 - pair;
    }
    return median(v, SAMPLES);
}

static unsigned bench_yield(void)
{
    unsigned v[SAMPLES];
    int pid = fork();
    if (pid == 0)
        for (;;)
            yield();
    yield(); /* let the child reach its loop */
    for (int i = 0; i < SAMPLES; i++) {
        unsigned t0 = now();
        yield();
        v[i] = (now() - t0 - pair) / 2;
    }
    kill(pid);
    wait(0);
    return median(v, SAMPLES);
}

/* fork+exit+wait of a minimal child, or (fork_only) the parent's fork. */
static unsigned bench_fork(int fork_only)
{
    unsigned v[FORK_SAMPLES];
    for (int i = 0; i < FORK_SAMPLES; i++) {
        unsigned t0 = now(), t1;
        int pid = fork();
        if (pid == 0)
            exit(0);
        t1 = now();
        wait(0);
        v[i] = (fork_only ? t1 : now()) - t0 - pair;
    }
    return median(v, FORK_SAMPLES);
}

static unsigned bench_fork_per_page(void)
{
    unsigned base = bench_fork(1), touched;
    char *heap = sbrk(TOUCH_PAGES * PAGE_SIZE);
    for (int i = 0; i < TOUCH_PAGES; i++)
        heap[i * PAGE_SIZE] = 1;
    touched = bench_fork(1);
    sbrk(-TOUCH_PAGES * PAGE_SIZE);
    return (touched - base) / TOUCH_PAGES;
}

int main(void)
{
    calibrate();
    printf("BENCH user.getpid %u instr getpid round trip from ring 3\n", bench_getpid());
    printf("BENCH user.yield_switch %u instr one switch between two processes that yield\n",
           bench_yield());
    printf("BENCH user.fork_exit_wait %u instr fork of a minimal process, its exit and wait\n",
           bench_fork(0));
    printf("BENCH user.fork_per_page %u instr fork (copy-on-write): cost per touched heap page\n",
           bench_fork_per_page());
    return 0;
}
