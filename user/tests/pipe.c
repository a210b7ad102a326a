// pipe.c - pipes block like xv6's: a child writes more than the pipe
// holds, the parent reads it all in order; end of file once every
// writer is closed; writing with no reader left fails.
#include "utest.h"

#define TOTAL 20000

static int writer(const void *arg)
{
    const int *fds = arg;
    char buf[97];
    int sent = 0;
    close(fds[0]);
    while (sent < TOTAL) {
        int n = TOTAL - sent < (int)sizeof(buf) ? TOTAL - sent : (int)sizeof(buf);
        for (int i = 0; i < n; i++)
            buf[i] = (char)(sent + i);
        if (write(fds[1], buf, n) != n)
            return 1;
        sent += n;
    }
    return 0;
}

static void transfer(void)
{
    int fds[2], pid, got = 0, ok = 1, n, status = -5;
    char buf[113];
    CHECK(pipe(fds) == 0);
    pid = fork();
    if (pid == 0)
        exit(writer(fds));
    close(fds[1]);
    while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
        for (int i = 0; i < n; i++)
            ok &= buf[i] == (char)(got + i);
        got += n;
    }
    CHECK(n == 0);
    CHECK(got == TOTAL);
    CHECK(ok);
    CHECK(wait(&status) == pid && status == 0);
    close(fds[0]);
}

static void no_reader(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    close(fds[0]);
    CHECK(write(fds[1], "x", 1) == -1);
    close(fds[1]);
}

int main(void)
{
    utest_name = "pipe";
    transfer();
    no_reader();
    return utest_done();
}
