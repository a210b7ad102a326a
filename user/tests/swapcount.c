// swapcount.c - what the pager does shows from inside: under a budget of
// 16 pageable frames, 48 written heap pages cannot all stay, so the
// maps count some as swapped (each page is backed or swapped, none
// lost), and reading them all back adds at least one swap-in fault for
// each page that was swapped, and no demand-zero fault.
// swap: 4M
// boot: user_frames=16
#include "pmaps.h"
#include "utest.h"

#define PAGES 48
#define TEXT  2048

static char buf[TEXT];

int main(void)
{
    struct region heap;
    struct faultcount before, after;
    volatile unsigned *base = (volatile unsigned *)sbrk(PAGES * PAGE_SIZE);
    int bad = 0;
    utest_name = "swapcount";
    CHECK(base != (volatile unsigned *)-1);
    for (int i = 0; i < PAGES; i++)
        base[i * (PAGE_SIZE / 4)] = 0x5000u + (unsigned)i;
    CHECK(region_now(buf, TEXT, "heap", &heap));
    CHECK(heap.pages == PAGES && heap.swapped > 0);
    CHECK(heap.backed + heap.swapped == heap.pages);
    CHECK(faults(&before) == 0);
    for (int i = 0; i < PAGES; i++)
        bad += base[i * (PAGE_SIZE / 4)] != 0x5000u + (unsigned)i;
    CHECK(faults(&after) == 0);
    CHECK(bad == 0);
    CHECK(after.swap_in >= before.swap_in + heap.swapped);
    CHECK(after.demand_zero == before.demand_zero);
    return utest_done();
}
