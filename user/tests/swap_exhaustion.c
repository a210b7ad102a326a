// swap_exhaustion.c - running out of frames and swap kills only the
// process that ran out.  Under a budget of 32 pageable frames and a
// 1 MB swap disk (256 slots), a child writes heap pages until neither
// a frame nor a slot is left and is killed ("out of memory and swap");
// this process goes on, and then writes and reads back three budgets'
// worth of its own pages, which needs slots the child held: so every
// one of them came back.  The runner checks that free frames and free
// swap slots end as they began.
// swap: 1M
// boot: user_frames=32
#include "utest.h"

#define BUDGET 32
#define MINE   (3 * BUDGET)

static int write_until_killed(const void *arg)
{
    (void)arg;
    for (int i = 0;; i++) {
        char *p = sbrk(PAGE_SIZE);
        if (p == (char *)-1)
            return 1; /* the heap limit came first: not what we test */
        *p = (char)i; /* dirty: each eviction needs a slot */
    }
}

int main(void)
{
    char *base;
    utest_name = "swap_exhaustion";
    CHECK(run_child(write_until_killed, 0) == -1);
    base = sbrk(MINE * PAGE_SIZE);
    CHECK(base != (char *)-1);
    for (int i = 0; i < MINE; i++)
        base[i * PAGE_SIZE] = (char)(i + 1);
    for (int i = 0; i < MINE; i++)
        if (base[i * PAGE_SIZE] != (char)(i + 1))
            CHECK(base[i * PAGE_SIZE] == (char)(i + 1));
    sbrk(-MINE * PAGE_SIZE);
    return utest_done();
}
