// petmem_fork_with_full_budget.c - petmem's bookkeeping is not part of
// the pageable budget, after fork too.  Under a budget of 16 frames
// with no disk (a written page has nowhere to go), a probe child
// writes pages of a petmem region until it is killed and reports, one
// pipe byte per page, how many it wrote; a second child writes exactly
// that many, so the budget is full of written pages, and then calls
// pet_malloc and pet_free, which write the bookkeeping fork shared.
// Both calls must work: the bookkeeping needs no room in the budget.
// boot: user_frames=16
#include "utest.h"

#define PAGE  4096
#define PAGES 64

static char *region;
static int fds[2];

static int write_until_killed(const void *arg)
{
    (void)arg;
    close(fds[0]);
    for (int i = 0; i < PAGES; i++) {
        region[i * PAGE] = 1;
        write(fds[1], "x", 1);
    }
    return 1; /* the budget held every page: not what we test */
}

static int fill_then_use_petmem(const void *arg)
{
    int n = *(const int *)arg;
    char *p;
    for (int i = 0; i < n; i++)
        region[i * PAGE] = 2;
    p = pet_malloc(PAGE);
    if (!p)
        return 2;
    pet_free(p);
    return 0;
}

int main(void)
{
    char c;
    int written = 0;
    utest_name = "petmem_fork_with_full_budget";
    CHECK(init_petmem() == 0);
    region = pet_malloc(PAGES * PAGE);
    CHECK(region != 0);
    CHECK(pipe(fds) == 0);
    CHECK(run_child(write_until_killed, 0) == -1);
    close(fds[1]);
    while (read(fds[0], &c, 1) == 1)
        written++;
    close(fds[0]);
    CHECK(written > 0 && written < PAGES);
    CHECK(run_child(fill_then_use_petmem, &written) == 0);
    pet_free(region);
    return utest_done();
}
