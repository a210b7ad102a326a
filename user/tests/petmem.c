// petmem.c - petmem's harness: pet_malloc reserves address space in the
// 1 GB petmem pool and the pages are backed on first touch; pet_free
// returns them (and empty page tables); a touch after pet_free kills the
// process.  Also the sizes students try, with pet_dump after each, and an
// allocate-and-touch loop that ends in a clean kill when memory runs out.
#include "utest.h"

static int harness(const void *arg)
{
    char *p;
    (void)arg;
    init_petmem();
    p = pet_malloc(8192);
    if (!p)
        return 2;
    strcpy(p + 50, "Hello World!");
    printf("petmem: %s\n", p + 50);
    pet_free(p);
    return p[50]; /* freed: the kernel kills us here */
}

static void student_sizes(void)
{
    static const unsigned long sizes[] = {4096, 8192, 2176353, 40960, 234};
    char *blocks[5];
    int before = frames();
    for (int i = 0; i < 5; i++) {
        blocks[i] = pet_malloc(sizes[i]);
        CHECK(blocks[i] != 0);
        blocks[i][0] = 'a';
        blocks[i][sizes[i] - 1] = 'z'; /* the 2 MB one crosses a page-table boundary */
        pet_dump();
    }
    for (int i = 0; i < 5; i++)
        CHECK(blocks[i][0] == 'a' && blocks[i][sizes[i] - 1] == 'z');
    for (int i = 4; i >= 0; i--) {
        pet_free(blocks[i]);
        pet_dump();
    }
    CHECK(pet_malloc(0) == 0);
    CHECK(pet_malloc(0x80000000ul) == 0);
    CHECK(frames() <= before); /* the pool's own bookkeeping pages stay */
}

static void over_commit(void)
{
    char *big = pet_malloc(900ul << 20); /* far more than the machine has */
    CHECK(big != 0);
    big[0] = 1, big[(900ul << 20) - 1] = 2;
    pet_free(big);
}

static int touch_until_killed(const void *arg)
{
    (void)arg;
    for (;;) {
        char *p = pet_malloc(1 << 20);
        if (!p)
            return 3; /* address space gone before memory: not expected */
        for (int off = 0; off < (1 << 20); off += 4096)
            p[off] = 1;
    }
}

int main(void)
{
    utest_name = "petmem";
    CHECK(init_petmem() == 0);
    CHECK(run_child(harness, 0) == -1);
    student_sizes();
    over_commit();
    CHECK(run_child(touch_until_killed, 0) == -1);
    return utest_done();
}
