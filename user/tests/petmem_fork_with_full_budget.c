// petmem_fork_with_full_budget.c - petmem's bookkeeping is not part of
// the pageable budget, after fork too.  Under a budget of 16 frames
// with no disk (a written page has nowhere to go), children are forked
// one after another: child k writes k pages of a petmem region, then
// calls pet_malloc and pet_free, which write the bookkeeping fork gave
// it.  Some k fills the budget exactly with written pages; the petmem
// calls must still work there, since the bookkeeping needs no room in
// the budget (they used to stop the kernel).  Child k+1 is killed by
// its own writes, which ends the run.
// boot: user_frames=16
#include "utest.h"

#define PAGES 64

static char *region;

static int fill_then_use_petmem(const void *arg)
{
    int n = *(const int *)arg;
    char *p;
    for (int i = 0; i < n; i++)
        region[i * PAGE_SIZE] = 2;
    p = pet_malloc(PAGE_SIZE);
    if (!p)
        return 2;
    pet_free(p);
    return 0;
}

int main(void)
{
    int k, status = 0;
    utest_name = "petmem_fork_with_full_budget";
    CHECK(init_petmem() == 0);
    region = pet_malloc(PAGES * PAGE_SIZE);
    CHECK(region != 0);
    for (k = 0; k < PAGES; k++) {
        status = run_child(fill_then_use_petmem, &k);
        if (status != 0)
            break;
    }
    CHECK(status == -1); /* the writes ran out of budget, nothing else failed */
    CHECK(k > 0 && k < PAGES);
    pet_free(region);
    return utest_done();
}
