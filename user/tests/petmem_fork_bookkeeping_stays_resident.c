// petmem_fork_bookkeeping_stays_resident.c - petmem's bookkeeping pages
// stay pinned after fork, under a budget of 8 pageable frames (fifo)
// with a 4 MB disk.  The parent leaves two live regions with a free gap
// between them, then forks; child and parent each (the child first, the
// parent after the child is gone) pet_malloc one page in the gap, which
// writes the bookkeeping fork had shared, touch 16 pages of the first
// region, which would push any admitted bookkeeping page out first, and
// then touch the second region: that fault makes the handler walk the
// free-extent tree, which must still be in memory.  Every byte must read
// back, every region must free.
// swap: 4M
// boot: user_frames=8 evict=fifo
#include "utest.h"

#define REGION  (512 * PAGE_SIZE)
#define TOUCHED 16

static char *low, *high;

/* Write the bookkeeping, push it out if it is pageable, then fault in
 * the other span; 0 when every check passed. */
static int exercise(const void *arg)
{
    char *one = pet_malloc(PAGE_SIZE); /* in the gap: writes the extent tree and the region map */
    int bad = 0;
    (void)arg;
    if (!one)
        return 2;
    for (int i = 0; i < TOUCHED; i++)
        low[i * PAGE_SIZE] = (char)(i + 1);
    high[0] = 'h'; /* the handler walks the tree: another live span */
    for (int i = 0; i < TOUCHED; i++)
        bad += low[i * PAGE_SIZE] != (char)(i + 1);
    bad += high[0] != 'h';
    pet_free(one);
    return bad ? 3 : 0;
}

int main(void)
{
    char *gap;
    utest_name = "petmem_fork_bookkeeping_stays_resident";
    CHECK(init_petmem() == 0);
    low = pet_malloc(REGION);
    gap = pet_malloc(2 * PAGE_SIZE);
    high = pet_malloc(REGION);
    CHECK(low && gap && high);
    pet_free(gap);
    CHECK(run_child(exercise, 0) == 0);
    CHECK(exercise(0) == 0);
    pet_free(low);
    pet_free(high);
    return utest_done();
}
