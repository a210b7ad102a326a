// wait_sees_only_own_children.c - a process whose child leaves an orphan
// behind sees only its own children in wait: the orphan goes to init
// (pid 1), not to this process, even though this process is the
// program named on the command line.  (xv6's cowtest and usertests'
// reparent2 rely on it.)
#include "utest.h"

#define ORPHAN_STATUS 7
#define CHILD_STATUS  3

/* The child forks a grandchild that outlives it and exits at once;
 * the grandchild tells us through the pipe once it is an orphan. */
static int child_leaves_orphan(const void *arg)
{
    const int *fds = arg;
    if (fork() == 0) {
        sleep(2);
        write(fds[1], "o", 1);
        exit(ORPHAN_STATUS);
    }
    return CHILD_STATUS;
}

int main(void)
{
    int fds[2], status = -5;
    char c = 0;
    utest_name = "wait_sees_only_own_children";
    CHECK(getpid() != 1); /* the program is not init */
    CHECK(pipe(fds) == 0);
    CHECK(run_child(child_leaves_orphan, fds) == CHILD_STATUS);
    close(fds[1]);
    CHECK(read(fds[0], &c, 1) == 1 && c == 'o'); /* the orphan lives on ... */
    close(fds[0]);
    sleep(5);                   /* ... and has exited by now */
    CHECK(wait(&status) == -1); /* it was never ours to reap */
    CHECK(status == -5);
    /* Many orphans in a row (usertests' reparent2): none reaches us. */
    for (int i = 0; i < 40; i++) {
        int pid = fork();
        if (pid == 0) {
            if (fork() == 0)
                exit(ORPHAN_STATUS);
            exit(CHILD_STATUS);
        }
        CHECK(pid > 0 && wait(&status) == pid && status == CHILD_STATUS);
    }
    CHECK(wait(0) == -1);
    return utest_done();
}
