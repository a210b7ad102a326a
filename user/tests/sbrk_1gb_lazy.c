// sbrk_1gb_lazy.c - the heap grows past 1 GB, lazily: sbrk(1 GB) (how
// xv6's lazy-allocation tests begin) succeeds without taking a frame,
// each page touched afterwards costs exactly its frame (and its page
// table's, in a 4 MB span nothing else uses), shrinking gives every
// frame back, and 1.5 GB fits too (mmu.h draws the layout).
#include "utest.h"

#define MB_         (1u << 20)
#define GB_         (1u << 30)
#define TABLE_SPAN_ (4 * MB_)

/* Back the stack this test will ever use, so that only the heap moves
 * the free-frame count between the checks. */
static void __attribute__((noinline)) touch_stack(void)
{
    volatile char pad[16384];
    for (unsigned i = 0; i < sizeof(pad); i += 1024)
        pad[i] = (char)i;
}

static int touch(const void *arg)
{
    *(volatile char *)arg = 1;
    return 0; /* not reached: the page is past the break */
}

/* Write one byte in each of `n` spans of 4 MB, 256 MB apart from
 * base + 128 MB, and the last byte below base + size; frames left. */
static int write_sparse(char *base, unsigned size, int n)
{
    for (int i = 0; i < n; i++)
        base[128 * MB_ + (unsigned)i * 256 * MB_] = (char)(i + 1);
    base[size - 1] = 9;
    return frames();
}

int main(void)
{
    int f0;
    char *p;
    utest_name = "sbrk_1gb_lazy";
    touch_stack();
    f0 = frames();
    p = sbrk((int)GB_);
    CHECK(p != (char *)-1);
    if (p == (char *)-1)
        return utest_done();
    CHECK(sbrk(0) == p + GB_);
    CHECK(frames() == f0); /* nothing backed yet */
    /* 4 bytes in 4 fresh spans and the last byte: a page and a table each */
    CHECK(write_sparse(p, GB_, 4) == f0 - 5 * 2);
    CHECK(p[128 * MB_ + 3 * 256 * MB_] == 4 && p[GB_ - 1] == 9);
    CHECK(p[GB_ / 2 + TABLE_SPAN_ / 2] == 0); /* untouched: reads back zero */
    CHECK(sbrk(-(int)GB_) == p + GB_);
    CHECK(frames() == f0);
    CHECK(run_child(touch, p + 128 * MB_) == -1); /* past the break again */

    p = sbrk((int)(GB_ + GB_ / 2)); /* 1.5 GB */
    CHECK(p != (char *)-1);
    if (p != (char *)-1) {
        CHECK(frames() == f0);
        CHECK(write_sparse(p, GB_ + GB_ / 2, 1) == f0 - 2 * 2);
        CHECK(sbrk(-(int)(GB_ + GB_ / 2)) == p + GB_ + GB_ / 2);
        CHECK(frames() == f0);
    }
    CHECK(sbrk(0x7fffffff) == (char *)-1); /* past USER_HEAP_END */
    return utest_done();
}
