// sparse_memory_unmap.c - shrinking the heap unmaps for good: a child
// that touches pages, shrinks the heap below them and touches them again
// is killed, and every frame comes back.
#include "utest.h"

#define GROW  (64 * 1024 * 1024)
#define EVERY (64 * PAGE_SIZE)

static int touch_after_shrink(const void *arg)
{
    char *base = sbrk(GROW);
    (void)arg;
    if (base == (char *)-1)
        return 1;
    for (unsigned long off = 0; off < GROW; off += EVERY)
        base[off] = 1;
    if (sbrk(-GROW) == (char *)-1)
        return 2;
    for (unsigned long off = 0; off < GROW; off += EVERY)
        base[off] = 2; /* the first of these kills the process */
    return 3;
}

int main(void)
{
    int before = frames();
    utest_name = "sparse_memory_unmap";
    for (int i = 0; i < 4; i++)
        CHECK(run_child(touch_after_shrink, 0) == -1);
    CHECK(frames() == before);
    return utest_done();
}
