// fork_exec_under_swap_pressure.c - fork and exec take their frames by
// eviction.  On a 5 MB machine with a 16 MB disk and no budget, a child
// fills memory with its own written heap pages (and goes on past the
// last free frame: each new page evicts one), then waits.  With no
// frame free, this process must be able to fork (its child exits 7)
// and a child of it must be able to exec `true` (it then exits 0).
// The runner compares free frames and free swap slots before and after.
// mem: 5M
// swap: 16M
#include "utest.h"

#define EXTRA 64

static int ready[2], go[2];

/* Write heap pages until no frame is free, then EXTRA more; wait. */
static int fill_memory_and_wait(const void *arg)
{
    char c = 'r';
    (void)arg;
    for (int extra = 0; extra < EXTRA;) {
        char *p = sbrk(PAGE_SIZE);
        if (p == (char *)-1)
            return 1;
        *p = 1;
        extra += frames() == 0;
    }
    write(ready[1], &c, 1);
    read(go[0], &c, 1);
    return 0;
}

static int exec_true(const void *arg)
{
    char *argv[] = {"true", 0};
    (void)arg;
    exec("true", argv);
    return 5; /* exec refused although eviction could make room */
}

int main(void)
{
    int filler, pid, status = -2;
    char c;
    utest_name = "fork_exec_under_swap_pressure";
    CHECK(pipe(ready) == 0 && pipe(go) == 0);
    filler = fork();
    if (filler == 0)
        exit(fill_memory_and_wait(0));
    CHECK(filler > 0);
    CHECK(read(ready[0], &c, 1) == 1);
    CHECK(frames() == 0);
    pid = fork();
    if (pid == 0)
        exit(7);
    CHECK(pid > 0);
    CHECK(pid > 0 && wait(&status) == pid && status == 7);
    CHECK(run_child(exec_true, 0) == 0);
    CHECK(write(go[1], &c, 1) == 1);
    CHECK(wait(&status) == filler && status == 0);
    return utest_done();
}
