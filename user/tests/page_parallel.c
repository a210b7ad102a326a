// page_parallel.c - Pintos's page-parallel: 4 processes at once, each
// filling 1 MB of its own heap with its own pattern, giving up the CPU
// between pages so the four interleave, then checking every page.  The
// parent waits for all four and each must exit 0.  Under a frame budget
// smaller than the four together, their pages evict one another's.
// swap: 16M
// boot: user_frames=256 evict=aging
#include "utest.h"
#include "workload.h"

#define CHILDREN    4
#define SIZE        WL_MB
#define YIELD_EVERY (16 * WL_PAGE) /* interleave at this stride */

/* One child: its own 1 MB, seed = its index; exits 0 when every page
 * reads back, 1 when some do not, 2 when the heap cannot grow. */
static void child(unsigned seed)
{
    unsigned char *buf = wl_heap(SIZE);
    unsigned long bad;
    if (!buf)
        exit(2);
    for (unsigned long off = 0; off < SIZE; off++) {
        buf[off] = wl_byte(seed, off);
        if ((off + 1) % YIELD_EVERY == 0)
            yield(); /* let the others fill too */
    }
    bad = wl_bad_pages(buf, SIZE, seed);
    if (bad)
        printf("page_parallel: child %u: %lu bad pages\n", seed, bad);
    exit(bad ? 1 : 0);
}

int main(void)
{
    int start = uptime();
    utest_name = "page_parallel";
    for (unsigned i = 0; i < CHILDREN; i++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            child(i + 1);
    }
    for (int i = 0; i < CHILDREN; i++) {
        int status = -2;
        CHECK(wait(&status) > 0);
        CHECK(status == 0);
    }
    CHECK(wait(0) == -1); /* no more children */
    printf("page_parallel: %d x %lu KB in %d ticks\n", CHILDREN, SIZE / 1024, uptime() - start);
    return utest_done();
}
