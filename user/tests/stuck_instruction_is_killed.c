// stuck_instruction_is_killed.c - an instruction that can never run under
// the frame budget kills its process instead of looping.  With 4
// pageable frames (kept below the boot minimum of 6 by
// user_frames_unsafe), a child runs one movsd whose code page, 2-page
// source and 2-page destination are 5 pages it needs at once: each
// fault evicts a page the next retry needs.  The fault handler sees the
// retries bring in more distinct pages than the budget and kills the
// child with "cannot make progress with 4 frames"
// (tests/scripts/progress_guard_report.sh checks the line); this
// process goes on and writes and reads back three budgets' worth of
// its own pages.  4 frames, not 2: an ordinary instruction may need 4
// (its bytes straddling two pages, a memory operand, the stack), and
// this process must be able to go on.  The runner checks that free
// frames and free swap slots end as they began.
// swap: 1M
// boot: user_frames=4 user_frames_unsafe
#include "utest.h"
#include "wide_instruction.h"

#define MINE 12

static int copy_with_five_pages(const void *arg)
{
    (void)arg;
    return wide_movsd(0, 0x5eed1234u) == 0x5eed1234u ? 0 : 1; /* never returns: killed */
}

int main(void)
{
    char *base;
    utest_name = "stuck_instruction_is_killed";
    CHECK(run_child(copy_with_five_pages, 0) == -1);
    base = sbrk(MINE * WIDE_PAGE);
    CHECK(base != (char *)-1);
    for (int i = 0; i < MINE; i++)
        base[i * WIDE_PAGE] = (char)(i + 1);
    for (int i = 0; i < MINE; i++)
        CHECK(base[i * WIDE_PAGE] == (char)(i + 1));
    sbrk(-MINE * WIDE_PAGE);
    return utest_done();
}
