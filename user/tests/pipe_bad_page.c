// pipe_bad_page.c - a pipe read or write whose buffer is good for its
// first bytes and then runs onto a bad page returns -1 and moves no
// byte (user.h): the whole buffer is checked before anything moves.
// Before, each contiguous piece of the pipe's ring was copied on its
// own, so a call whose bytes wrapped around the ring moved the first
// piece, met the bad page in the second and returned -1: a read lost
// the bytes it had taken, a write left bytes nobody knew were sent.
#include "utest.h"

#define PIPE_BYTES 512 /* the kernel's PIPE_SIZE */
#define AT         400 /* where the ring's next byte is: 112 bytes before it wraps */
/* The break, page-aligned, with a heap page below it: the bytes below
 * it are good, the ones from it on are not. */
static char *page_aligned_break(void)
{
    unsigned long end = (unsigned long)sbrk(0);
    sbrk((int)((PAGE_SIZE - end % PAGE_SIZE) % PAGE_SIZE + PAGE_SIZE));
    return sbrk(0);
}

/* A fresh pipe whose ring position is AT (AT bytes went through). */
static void pipe_at(int fds[2])
{
    static char junk[AT];
    CHECK(pipe(fds) == 0);
    CHECK(write(fds[1], junk, AT) == AT);
    CHECK(read(fds[0], junk, AT) == AT);
}

/* 200 bytes wrap the ring (112 + 88); the buffer's good part holds the
 * first piece exactly, the second piece would land past the break. */
static void read_keeps_every_byte(char *brk)
{
    int fds[2], ok = 1;
    char src[200], dst[200];
    pipe_at(fds);
    for (int i = 0; i < 200; i++)
        src[i] = (char)(i + 1);
    CHECK(write(fds[1], src, 200) == 200);
    CHECK(read(fds[0], brk - (PIPE_BYTES - AT), 200) == -1);
    CHECK(read(fds[0], dst, 200) == 200);
    for (int i = 0; i < 200; i++)
        ok &= dst[i] == src[i];
    CHECK(ok);
    close(fds[0]);
    close(fds[1]);
}

/* The same from the other side: nothing reaches the pipe. */
static void write_sends_no_byte(char *brk)
{
    int fds[2];
    char dst[200];
    pipe_at(fds);
    memset(brk - (PIPE_BYTES - AT), 'w', PIPE_BYTES - AT);
    CHECK(write(fds[1], brk - (PIPE_BYTES - AT), 200) == -1);
    close(fds[1]);
    CHECK(read(fds[0], dst, 200) == 0); /* end of file, nothing before it */
    close(fds[0]);
}

int main(void)
{
    char *brk = page_aligned_break();
    utest_name = "pipe_bad_page";
    read_keeps_every_byte(brk);
    write_sends_no_byte(brk);
    return utest_done();
}
