// any_fd_bad_buffer.c - a bad buffer is -1 whatever the fd and whatever
// the fd's state (user.h): a console read (which has no input and used
// to return 0), a read of an empty pipe whose writer is open (which
// used to block first), pipe() with an fds array whose second half is
// bad (which used to write the first), and wait with a bad status
// pointer while a child still runs (which used to wait for the child
// first) all return -1 at once, and nothing moves.
#include "utest.h"

static const unsigned long hostile[] = {0x0,        0x1000,     0x100000,   0x3FF000,  0x90000000,
                                        0xF7400000, 0xFF800000, 0xFFFFF000, 0xFFFFFFFF};

/* A page-aligned break with a heap page below it (made once): the
 * bytes below it are good, the ones from it on are not. */
static char *aligned_break(void)
{
    static char *brk;
    if (!brk) {
        unsigned long end = (unsigned long)sbrk(0);
        sbrk((int)((4096 - end % 4096) % 4096 + 4096));
        brk = sbrk(0);
    }
    return brk;
}

/* Two bytes before the break: a buffer from here runs past it. */
static char *past_break(void) { return aligned_break() - 2; }

static void console_read(void)
{
    char buf[8];
    for (unsigned i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
        CHECK(read(0, (void *)hostile[i], 8) == -1);
    CHECK(read(0, (void *)(unsigned long)console_read, 8) == -1); /* text */
    CHECK(read(0, past_break(), 100) == -1);
    CHECK(read(0, buf, sizeof(buf)) == 0); /* a good buffer: no input */
}

static void empty_pipe_read(void)
{
    int fds[2];
    char c = 0;
    CHECK(pipe(fds) == 0);
    for (unsigned i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
        CHECK(read(fds[0], (void *)hostile[i], 1) == -1);
    CHECK(read(fds[0], past_break(), 100) == -1);
    CHECK(write(fds[1], "q", 1) == 1); /* nothing was taken or added */
    CHECK(read(fds[0], &c, 1) == 1 && c == 'q');
    close(fds[0]);
    close(fds[1]);
}

/* fds[0] is good, fds[1] past the break: nothing is written. */
static void pipe_half_bad(void)
{
    int *fds = (int *)(aligned_break() - sizeof(int));
    *fds = 12345;
    CHECK(pipe(fds) == -1);
    CHECK(*fds == 12345);
}

/* The child waits for the parent's byte: wait(bad) must not wait for it. */
static void wait_bad_status(void)
{
    int fds[2], pid, status = -5;
    char c;
    CHECK(pipe(fds) == 0);
    pid = fork();
    if (pid == 0) {
        close(fds[1]);
        exit(read(fds[0], &c, 1) == 1 ? 7 : 1);
    }
    close(fds[0]);
    for (unsigned i = 1; i < sizeof(hostile) / sizeof(hostile[0]); i++)
        CHECK(wait((int *)hostile[i]) == -1);
    CHECK(write(fds[1], "go", 1) == 1);
    CHECK(wait(&status) == pid && status == 7);
    close(fds[1]);
}

int main(void)
{
    utest_name = "any_fd_bad_buffer";
    console_read();
    empty_pipe_read();
    pipe_half_bad();
    wait_bad_status();
    return utest_done();
}
