// sleep.c - sleep blocks for at least the ticks asked (100 a second),
// sleepers wake in order, and orphans go to the first process, whose
// wait reaps them.
#include "utest.h"

static void sleeps_long_enough(void)
{
    int t0 = uptime();
    CHECK(sleep(10) == 0);
    CHECK(uptime() - t0 >= 10);
    CHECK(sleep(0) == 0);
}

/* The child forks a grandchild and exits at once: the grandchild's
 * parent becomes pid 1 (this process), which reaps it. */
static void orphans_come_to_init(void)
{
    int status = -5, pid = fork(), reaped = 0;
    if (pid == 0) {
        if (fork() == 0) {
            sleep(5);
            exit(7);
        }
        exit(3);
    }
    CHECK(wait(&status) == pid && status == 3);
    CHECK(wait(&status) > 0 && status == 7);
    reaped = wait(0);
    CHECK(reaped == -1);
}

int main(void)
{
    utest_name = "sleep";
    CHECK(getpid() == 1);
    sleeps_long_enough();
    orphans_come_to_init();
    return utest_done();
}
