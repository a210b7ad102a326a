// kill.c - kill ends a process with status -1: one spinning in ring 3
// (preempted by the PIT), one blocked in sleep; bad pids get -1.
#include "utest.h"

static void kill_spinner(void)
{
    int status = 0, pid = fork();
    if (pid == 0)
        for (;;)
            ;
    sleep(2); /* runs again only because the spinner is preempted */
    CHECK(kill(pid) == 0);
    CHECK(wait(&status) == pid);
    CHECK(status == -1);
}

static void kill_sleeper(void)
{
    int status = 0, pid = fork();
    if (pid == 0) {
        sleep(100000);
        exit(0);
    }
    sleep(1);
    CHECK(kill(pid) == 0);
    CHECK(wait(&status) == pid);
    CHECK(status == -1);
}

int main(void)
{
    utest_name = "kill";
    kill_spinner();
    kill_sleeper();
    CHECK(kill(0) == -1);
    CHECK(kill(-1) == -1);
    CHECK(kill(12345) == -1);
    return utest_done();
}
