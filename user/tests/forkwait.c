// forkwait.c - fork makes children with their own copies of memory,
// exit statuses reach wait, wait without children fails, and xv6's
// forktest: fork until the table is full, then reap them all.
#include "utest.h"

#define CHILDREN 8

static volatile int global = 42;

static int child_changes_memory(const void *arg)
{
    (void)arg;
    global = 7;
    return global == 7 ? 0 : 1;
}

static void statuses_reach_wait(void)
{
    int seen = 0;
    for (int i = 0; i < CHILDREN; i++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            exit(100 + i);
    }
    for (int i = 0; i < CHILDREN; i++) {
        int status = 0;
        CHECK(wait(&status) > 0);
        CHECK(status >= 100 && status < 100 + CHILDREN);
        seen |= 1 << (status - 100);
    }
    CHECK(seen == (1 << CHILDREN) - 1);
    CHECK(wait(0) == -1);
}

static void fork_until_full(void)
{
    int n = 0, pid;
    while ((pid = fork()) > 0)
        n++;
    if (pid == 0) {
        sleep(5);
        exit(0);
    }
    CHECK(n >= 62); /* 64 processes: init (pid 1), this one and its children */
    for (int i = 0; i < n; i++)
        CHECK(wait(0) > 0);
    CHECK(wait(0) == -1);
    printf("forkwait: %d processes forked before the table was full\n", n);
}

int main(void)
{
    utest_name = "forkwait";
    CHECK(run_child(child_changes_memory, 0) == 0);
    CHECK(global == 42);
    CHECK(wait(0) == -1);
    statuses_reach_wait();
    fork_until_full();
    return utest_done();
}
