// sleep.c - sleep blocks for at least the ticks asked (100 a second),
// and an orphan still asleep when its parent exits goes on sleeping.
#include "utest.h"

static void sleeps_long_enough(void)
{
    int t0 = uptime();
    CHECK(sleep(10) == 0);
    CHECK(uptime() - t0 >= 10);
    CHECK(sleep(0) == 0);
}

/* The child forks a grandchild and exits at once: the grandchild,
 * asleep, becomes init's; it still wakes and tells this process so
 * through a pipe, and init reaps it (user_wait_sees_only_own_children
 * checks that this process never sees it in wait). */
static void orphan_wakes_after_its_parent_exits(void)
{
    int status = -5, fds[2], pid;
    char c = 0;
    CHECK(pipe(fds) == 0);
    pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            sleep(5);
            write(fds[1], "w", 1);
            exit(7);
        }
        exit(3);
    }
    close(fds[1]);
    CHECK(wait(&status) == pid && status == 3);
    CHECK(read(fds[0], &c, 1) == 1 && c == 'w');
    close(fds[0]);
}

int main(void)
{
    utest_name = "sleep";
    sleeps_long_enough();
    orphan_wakes_after_its_parent_exits();
    return utest_done();
}
