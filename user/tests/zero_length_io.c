// zero_length_io.c - read and write of 0 bytes return 0 at once on every
// kind of fd, whatever the buffer: an empty pipe whose writer is open
// does not block, a full pipe does not block, a bad pointer names no
// byte, and nothing moves (user.h).
#include "utest.h"

#define PIPE_BYTES 512 /* the kernel's PIPE_SIZE */

static const unsigned long hostile[] = {0x0, 0x100000, 0x90000000, 0xFF800000, 0xFFFFFFFF};

static void console_and_bad_pointers(void)
{
    char buf[4];
    for (unsigned i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        CHECK(read(0, (void *)hostile[i], 0) == 0);
        CHECK(write(1, (void *)hostile[i], 0) == 0);
    }
    CHECK(read(0, buf, 0) == 0);
    CHECK(write(2, buf, 0) == 0);
}

/* A full pipe: a 0-byte write returns 0, and the bytes are unchanged. */
static void full_pipe(void)
{
    static char buf[PIPE_BYTES];
    int fds[2];
    CHECK(pipe(fds) == 0);
    for (int i = 0; i < PIPE_BYTES; i++)
        buf[i] = (char)i;
    CHECK(write(fds[1], buf, PIPE_BYTES) == PIPE_BYTES);
    CHECK(write(fds[1], buf, 0) == 0);
    CHECK(write(fds[1], (void *)hostile[0], 0) == 0);
    memset(buf, 0, sizeof(buf));
    CHECK(read(fds[0], buf, PIPE_BYTES) == PIPE_BYTES);
    CHECK(buf[PIPE_BYTES - 1] == (char)(PIPE_BYTES - 1));
    close(fds[0]);
    close(fds[1]);
}

/* An empty pipe whose writer is open: a 0-byte read returns 0 at once
 * (it used to block for ever) and takes nothing. */
static void empty_pipe(void)
{
    int fds[2];
    char c = 0;
    CHECK(pipe(fds) == 0);
    CHECK(read(fds[0], &c, 0) == 0);
    for (unsigned i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
        CHECK(read(fds[0], (void *)hostile[i], 0) == 0);
    CHECK(write(fds[1], "z", 1) == 1);
    CHECK(read(fds[0], &c, 0) == 0);
    CHECK(read(fds[0], &c, 1) == 1 && c == 'z');
    close(fds[0]);
    close(fds[1]);
}

int main(void)
{
    utest_name = "zero_length_io";
    console_and_bad_pointers();
    full_pipe();
    empty_pipe();
    return utest_done();
}
