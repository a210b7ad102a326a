// swap_fork.c - fork under memory pressure: pages the parent has out on
// swap are copied to the child with slots of their own, and the pages
// fork shares come back into the budget when a write makes them
// private.  Under a budget of 16 pageable frames, the parent writes 64
// heap pages (most of them go to swap) and forks; the child reads all
// 64 (its copies of the swapped ones come from its own slots), writes
// its own values and checks them; the parent, after the child is gone,
// finds its 64 values intact and overwrites them (each write makes a
// shared page private again), then checks again.
// swap: 4M
// boot: user_frames=16
#include "utest.h"

#define PAGES 64

static char *heap;

/* Pages whose first byte is not base + i. */
static int wrong_pages(int base)
{
    int bad = 0;
    for (int i = 0; i < PAGES; i++)
        bad += heap[i * PAGE_SIZE] != (char)(base + i);
    return bad;
}

static void write_pages(int base)
{
    for (int i = 0; i < PAGES; i++)
        heap[i * PAGE_SIZE] = (char)(base + i);
}

static int child(const void *arg)
{
    (void)arg;
    if (wrong_pages(1))
        return 1; /* the parent's values, through swap and the copies */
    write_pages(100);
    return wrong_pages(100) ? 2 : 0;
}

int main(void)
{
    utest_name = "swap_fork";
    heap = sbrk(PAGES * PAGE_SIZE);
    CHECK(heap != (char *)-1);
    write_pages(1);
    CHECK(run_child(child, 0) == 0);
    CHECK(wrong_pages(1) == 0);
    write_pages(50);
    CHECK(wrong_pages(50) == 0);
    sbrk(-PAGES * PAGE_SIZE);
    return utest_done();
}
