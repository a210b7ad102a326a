// minimum_budget_runs_the_widest_instruction.c - the boot minimum is
// enough for any instruction, and the progress guard leaves a process
// that can run alone.  `user_frames=2` is raised to 6 at boot
// (PAGER_MIN_FRAMES); this process then runs the widest instruction
// there is, a movsd whose two bytes, 4-byte source and 4-byte
// destination each straddle two pages (6 pages at once, every one
// evicted before it runs), several times, and each copy must arrive.
// The runner checks that free frames and free swap slots end as they
// began.
// swap: 1M
// boot: user_frames=2
#include "utest.h"
#include "wide_instruction.h"

#define RUNS 8

int main(void)
{
    utest_name = "minimum_budget_runs_the_widest_instruction";
    for (unsigned i = 0; i < RUNS; i++)
        CHECK(wide_movsd(1, 0xc0de0000u + i) == 0xc0de0000u + i);
    return utest_done();
}
