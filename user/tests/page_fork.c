// page_fork.c - fork under memory pressure (our version of Pintos's
// page-merge tests): the parent fills 1 MB of heap with its pattern and
// forks 10 children that run at once.  Each child first sees the
// parent's pattern (copy-on-write shares it), then writes its own over
// the whole 1 MB (every page is copied), checks it and exits 0.  The
// parent checks every child's status and that its own 1 MB is untouched.
// swap: 16M
// boot: user_frames=256
#include "utest.h"
#include "workload.h"

#define CHILDREN    10
#define SIZE        WL_MB
#define PARENT_SEED 200u

/* Child `seed`: exit 0 when it saw the parent's bytes and then its own,
 * 1 when the parent's were wrong, 2 when its own did not read back. */
static void child(unsigned char *buf, unsigned seed)
{
    if (wl_bad_pages(buf, SIZE, PARENT_SEED) != 0)
        exit(1);
    wl_fill(buf, SIZE, seed);
    yield(); /* let the other children copy their pages too */
    exit(wl_bad_pages(buf, SIZE, seed) == 0 ? 0 : 2);
}

int main(void)
{
    unsigned char *buf = wl_heap(SIZE);
    int start = uptime(), ok = 0;
    utest_name = "page_fork";
    CHECK(buf != 0);
    if (!buf)
        return utest_done();
    wl_fill(buf, SIZE, PARENT_SEED);
    for (unsigned i = 0; i < CHILDREN; i++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            child(buf, i + 1);
    }
    for (int i = 0; i < CHILDREN; i++) {
        int status = -2;
        CHECK(wait(&status) > 0);
        if (status != 0)
            printf("page_fork: a child exited %d\n", status);
        ok += status == 0;
    }
    CHECK(ok == CHILDREN);
    CHECK(wl_bad_pages(buf, SIZE, PARENT_SEED) == 0);
    printf("page_fork: %d children x %lu KB in %d ticks\n", CHILDREN, SIZE / 1024,
           uptime() - start);
    return utest_done();
}
