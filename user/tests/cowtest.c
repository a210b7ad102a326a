// cowtest.c - xv6's copy-on-write lab checks in our words: fork succeeds
// with two thirds of memory touched (twice, so the first run must have
// freed everything), parent, child and grandchild each keep their own
// copies, and a read from a pipe into a shared buffer (copyout) copies
// the page first, so the parent's byte stays.
#include "utest.h"

/* Grow the heap by `pages` pages and write a word into each. */
static char *grow_and_touch(int pages, unsigned tag)
{
    char *base = sbrk(pages * PAGE_SIZE);
    if (base == (char *)-1)
        return 0;
    for (int i = 0; i < pages; i++)
        *(volatile unsigned *)(base + i * PAGE_SIZE) = tag + (unsigned)i;
    return base;
}

static void fork_with_two_thirds_touched(void)
{
    int before = frames(), pages = before * 2 / 3, status = -2;
    char *base = grow_and_touch(pages, 1);
    CHECK(base != 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(*(volatile unsigned *)(base + PAGE_SIZE) == 2 ? 0 : 1);
    CHECK(wait(&status) == pid && status == 0);
    CHECK(sbrk(-pages * PAGE_SIZE) != (char *)-1);
    CHECK(frames() == before);
}

/* Write `tag` over every page, then check every page still holds it. */
static int write_and_check(char *base, int pages, unsigned tag)
{
    for (int i = 0; i < pages; i++)
        *(volatile unsigned *)(base + i * PAGE_SIZE) = tag + (unsigned)i;
    yield();
    for (int i = 0; i < pages; i++)
        if (*(volatile unsigned *)(base + i * PAGE_SIZE) != tag + (unsigned)i)
            return 1;
    return 0;
}

static void three_generations_keep_their_copies(void)
{
    int before = frames(), pages = before / 5, status = -2;
    char *base = grow_and_touch(pages, 0);
    int pid = fork();
    CHECK(base != 0 && pid >= 0);
    if (pid == 0) {
        int grandchild = fork(), rc = 0;
        if (grandchild == 0)
            exit(write_and_check(base, pages, 0x30000));
        rc = write_and_check(base, pages, 0x20000);
        if (grandchild < 0 || wait(&status) != grandchild || status != 0)
            rc = 1;
        exit(rc);
    }
    CHECK(write_and_check(base, pages, 0x10000) == 0);
    CHECK(wait(&status) == pid && status == 0);
    CHECK(write_and_check(base, pages, 0x10000) == 0);
    CHECK(sbrk(-pages * PAGE_SIZE) != (char *)-1);
    CHECK(frames() == before);
}

static char buf[PAGE_SIZE]; /* data: shared copy-on-write after fork */

static void pipe_read_into_shared_buffer(void)
{
    buf[0] = 99;
    for (int i = 0; i < 4; i++) {
        int fds[2], pid, status = -2;
        CHECK(pipe(fds) == 0);
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            sleep(1);
            if (read(fds[0], buf, sizeof(i)) != sizeof(i))
                exit(1);
            exit(*(int *)buf == i ? 0 : 2);
        }
        CHECK(write(fds[1], &i, sizeof(i)) == sizeof(i));
        CHECK(wait(&status) == pid && status == 0);
        close(fds[0]);
        close(fds[1]);
    }
    CHECK(buf[0] == 99);
}

int main(void)
{
    utest_name = "cowtest";
    fork_with_two_thirds_touched();
    fork_with_two_thirds_touched();
    three_generations_keep_their_copies();
    pipe_read_into_shared_buffer();
    return utest_done();
}
