// petmem_fork_release_finds_its_regions.c - pet_free after fork, under a
// budget of 8 pageable frames (fifo) with a 4 MB disk, finds every live
// region and loses no swap slot.  The parent makes three regions whose
// region-map entries share one page, frees the middle one and forks.
// The child writes that map page (a pet_malloc in the gap), moves the
// pool's "last map page" elsewhere (a 4 MB region further up), and
// touches 16 pages: a map page that had been admitted would be on disk
// by then.  Each pet_free must return 0, and a pet_malloc that lands
// on that map page again must not replace it (the runner compares the
// free swap slots before and after).
// swap: 4M
// boot: user_frames=8 evict=fifo
#include "sysnum.h"
#include "utest.h"

#define REGION  (512 * PAGE_SIZE)
#define TOUCHED 16

static char *low, *high;

/* pet_free with its result (the library's pet_free returns nothing). */
static int pet_free_rc(void *addr)
{
    int r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(SYS_pet_free), "b"(addr) : "memory");
    return r;
}

static int release_after_pressure(const void *arg)
{
    char *one = pet_malloc(PAGE_SIZE), *far = pet_malloc(4 << 20), *again;
    int bad = 0;
    (void)arg;
    if (!one || !far)
        return 2;
    for (int i = 0; i < TOUCHED; i++)
        low[i * PAGE_SIZE] = (char)(i + 1);
    bad += pet_free_rc(low) != 0;
    again = pet_malloc(PAGE_SIZE); /* lands where low was: the same map page */
    bad += again == 0;
    bad += pet_free_rc(one) != 0;
    bad += pet_free_rc(high) != 0;
    bad += pet_free_rc(far) != 0;
    bad += again && pet_free_rc(again) != 0;
    return bad ? 3 : 0;
}

int main(void)
{
    char *gap;
    utest_name = "petmem_fork_release_finds_its_regions";
    CHECK(init_petmem() == 0);
    low = pet_malloc(REGION);
    gap = pet_malloc(2 * PAGE_SIZE);
    high = pet_malloc(REGION);
    CHECK(low && gap && high);
    CHECK(pet_free_rc(gap) == 0);
    CHECK(run_child(release_after_pressure, 0) == 0);
    CHECK(pet_free_rc(low) == 0);
    CHECK(pet_free_rc(high) == 0);
    return utest_done();
}
