// oom.c - running out of memory kills only the process that ran out:
// a child that touches heap pages until none is left is killed and the
// kernel and this process go on; a fork that cannot get its page tables
// fails with -1 and leaks nothing; and a child whose copy-on-write fault
// finds no frame is killed while its parent's pages stay intact.
#include "utest.h"

static int touch_until_killed(const void *arg)
{
    (void)arg;
    for (;;) {
        char *p = sbrk(PAGE_SIZE);
        if (p == (char *)-1)
            return 1; /* the heap limit came first: not what we test */
        *p = 1;
    }
}

/* Touch heap pages until at most `left` frames are free; the pages. */
static int fill_until(int left, char **base)
{
    int pages = 0;
    *base = sbrk(0);
    while (frames() > left) {
        char *p = sbrk(PAGE_SIZE);
        *p = (char)pages;
        pages++;
    }
    return pages;
}

static void fork_without_page_tables_fails_cleanly(void)
{
    char *base;
    for (int left = 0; left <= 2; left++) {
        int pages = fill_until(left, &base), now = frames(), pid = fork();
        if (pid == 0)
            exit(0);
        CHECK(pid == -1);
        CHECK(frames() == now);
        sbrk(-pages * PAGE_SIZE);
    }
}

static void cow_fault_without_frame_kills_the_child(void)
{
    char *base;
    int pages = fill_until(64, &base), pid = fork(), status = -2;
    CHECK(pid >= 0);
    if (pid == 0) {
        for (int i = 0; i < pages; i++)
            base[i * PAGE_SIZE] = 0x55; /* copies until the frames run out */
        exit(0);
    }
    CHECK(wait(&status) == pid && status == -1);
    for (int i = 0; i < pages; i++)
        if (base[i * PAGE_SIZE] != (char)i)
            CHECK(base[i * PAGE_SIZE] == (char)i);
    sbrk(-pages * PAGE_SIZE);
}

int main(void)
{
    int before = frames();
    utest_name = "oom";
    CHECK(run_child(touch_until_killed, 0) == -1);
    CHECK(frames() == before);
    fork_without_page_tables_fails_cleanly();
    CHECK(frames() == before);
    cow_fault_without_frame_kills_the_child();
    CHECK(frames() == before);
    return utest_done();
}
