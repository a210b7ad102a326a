// fork_exec_out_of_memory_and_swap_fail_cleanly.c - when memory and
// swap are both full, fork and exec return -1 and leave nothing behind.
// On a 5 MB machine with a 1 MB disk (256 slots), a probe child writes
// heap pages until it is killed ("out of memory and swap") and reports,
// one pipe byte per page, how many it wrote; a second child writes two
// pages fewer and waits, so at most a frame or two is free and no written
// page can go: far less than a fork needs.
// Then fork must return -1 keeping no frame, and exec
// must return -1 too; once the waiting child is gone, the runner
// compares free frames and free swap slots with their first values.
// mem: 5M
// swap: 1M
#include "utest.h"

static int count[2], ready[2], go[2];

static int write_until_killed(const void *arg)
{
    (void)arg;
    for (;;) {
        char *p = sbrk(PAGE_SIZE);
        if (p == (char *)-1)
            return 1; /* the heap limit came first: not what we test */
        *p = 1;
        write(count[1], "x", 1);
    }
}

static int write_and_wait(const void *arg)
{
    int n = *(const int *)arg;
    char c = 'r';
    for (int i = 0; i < n; i++) {
        char *p = sbrk(PAGE_SIZE);
        if (p == (char *)-1)
            return 1;
        *p = 1;
    }
    write(ready[1], &c, 1);
    read(go[0], &c, 1);
    return 0;
}

int main(void)
{
    char *argv[] = {"true", 0};
    int written = 0, filler, pid, status = -2, now;
    char c;
    utest_name = "fork_exec_out_of_memory_and_swap_fail_cleanly";
    CHECK(pipe(count) == 0 && pipe(ready) == 0 && pipe(go) == 0);
    CHECK(run_child(write_until_killed, 0) == -1);
    close(count[1]);
    while (read(count[0], &c, 1) == 1)
        written++;
    written -= 2; /* this process's own copies since then took a frame or so */
    filler = fork();
    if (filler == 0)
        exit(write_and_wait(&written));
    CHECK(read(ready[0], &c, 1) == 1);
    now = frames();
    pid = fork();
    if (pid == 0)
        exit(0);
    CHECK(pid == -1);
    CHECK(frames() >= now);          /* nothing kept (the evictions it made may have freed some) */
    CHECK(exec("true", argv) == -1); /* (reading argv may swap a page of ours back in) */
    CHECK(write(go[1], &c, 1) == 1);
    CHECK(wait(&status) == filler && status == 0);
    return utest_done();
}
