/*
 * selftest.c - tests that fail on purpose, so the runner's own test
 * (tests/scripts/runner_selftest.sh) can show that a failing, a
 * panicking, a hanging and a wrongly dying test each fail the run.  The
 * runner skips selftest_* unless KTEST_SELFTEST=1.
 */
#include "ktest.h"
#include "x86.h"

KTEST(selftest_fails) { KEXPECT_EQ(1 + 1, 3); }

KTEST(selftest_pointers_differ) { KEXPECT_EQ((void *)0x1000, (const char *)0x2000); }

KTEST(selftest_panics) { panic("selftest_panics: on purpose"); }

KTEST(selftest_hangs)
{
    for (;;)
        cpu_halt();
}

KTEST_DEATH(selftest_dies_with_wrong_text, "text that never appears") { panic("something else"); }

KTEST_DEATH(selftest_death_returns, "") {}
