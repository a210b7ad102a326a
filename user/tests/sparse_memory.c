// sparse_memory.c - sbrk only reserves: the heap grows by far more than
// physical memory, every 64th page is touched (backed on first touch),
// the bytes read back, and shrinking gives every frame and page table
// back at once.
#include "utest.h"

#define GROW  (512 * 1024 * 1024) /* 512 MB: far more than the machine has */
#define EVERY (64 * PAGE_SIZE)

int main(void)
{
    int before = frames();
    char *base;
    utest_name = "sparse_memory";
    base = sbrk(GROW);
    CHECK(base != (char *)-1);
    CHECK(frames() == before); /* growing took no frame */
    for (unsigned long off = 0; off < GROW; off += EVERY)
        base[off] = (char)(off / EVERY);
    for (unsigned long off = 0; off < GROW; off += EVERY)
        if (base[off] != (char)(off / EVERY))
            CHECK(base[off] == (char)(off / EVERY));
    CHECK(frames() < before - GROW / EVERY); /* one frame per touched page, and tables */
    CHECK(sbrk(-GROW) == base + GROW);
    CHECK(frames() == before); /* pages and empty tables went back at once */
    return utest_done();
}
