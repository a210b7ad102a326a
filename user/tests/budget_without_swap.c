// budget_without_swap.c - a frame budget with no swap disk: pages that
// were never written can still be evicted (dropped with no slot, read
// back as zeroes), but a written page has nowhere to go.  Under a budget
// of 16 pageable frames, this process reads 64 heap pages (each one
// zero, each evicted in turn with no disk), then a child writes 64
// pages and is killed ("out of memory and swap"), and this process
// goes on: it reads its 64 pages again and they are all still zero.
// boot: user_frames=16
#include "utest.h"

#define PAGES 64

static int write_pages(const void *arg)
{
    char *p = sbrk(PAGES * PAGE_SIZE);
    (void)arg;
    if (p == (char *)-1)
        return 1;
    for (int i = 0; i < PAGES; i++)
        p[i * PAGE_SIZE] = 1; /* the 17th write finds no clean page to drop */
    return 0;
}

/* Pages of [base, base + PAGES pages) whose first word is not zero. */
static int nonzero_pages(const volatile int *base)
{
    int bad = 0;
    for (int i = 0; i < PAGES; i++)
        bad += base[i * (PAGE_SIZE / (int)sizeof(int))] != 0;
    return bad;
}

int main(void)
{
    volatile int *base;
    utest_name = "budget_without_swap";
    base = (volatile int *)sbrk(PAGES * PAGE_SIZE);
    CHECK(base != (volatile int *)-1);
    CHECK(nonzero_pages(base) == 0);
    CHECK(run_child(write_pages, 0) == -1);
    CHECK(nonzero_pages(base) == 0);
    sbrk(-PAGES * PAGE_SIZE);
    return utest_done();
}
