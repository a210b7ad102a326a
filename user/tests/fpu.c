// fpu.c - each process has its own FPU state: two processes that set
// different x87 control words, x87 registers, MXCSR and XMM0 values and
// yield back and forth each read back their own; a fork child starts
// with its parent's values (whether or not the parent's registers are
// loaded when it forks); exec starts the program with the initial state
// (fpucheck).  The runner checks that every frame comes back.
#include "fpu_state.h"
#include "utest.h"

#define ROUNDS 50

static const struct fpu_values parent_values = {0x027F, 1234, 0x9F80, 0x11112222u};
static const struct fpu_values child_values = {0x007F, -5678, 0x1F80 | 0x40, 0x33334444u};

/* Yield ROUNDS times, reading back `own` after each; the failures. */
static int yield_and_check(const struct fpu_values *own)
{
    int bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        yield();
        struct fpu_values now = fpu_read();
        bad += !fpu_same(&now, own);
    }
    return bad;
}

static void two_processes_keep_their_own(void)
{
    fpu_load(&parent_values);
    int pid = fork(), status = -2;
    if (pid == 0) {
        fpu_load(&child_values);
        exit(yield_and_check(&child_values));
    }
    int bad = yield_and_check(&parent_values);
    CHECK(pid > 0 && wait(&status) == pid);
    if (bad || status)
        printf("fpu: %d wrong reads in the parent, %d in the child\n", bad, status);
    CHECK(bad == 0 && status == 0);
}

static int child_sees_parent_values(const void *arg)
{
    struct fpu_values now = fpu_read();
    (void)arg;
    return fpu_same(&now, &parent_values) ? 0 : 1;
}

static int child_uses_its_own(const void *arg)
{
    (void)arg;
    fpu_load(&child_values);
    yield();
    struct fpu_values now = fpu_read();
    return fpu_same(&now, &child_values) ? 0 : 1;
}

static void fork_inherits(void)
{
    fpu_load(&parent_values);
    CHECK(run_child(child_sees_parent_values, 0) == 0); /* the parent's registers are loaded */
    CHECK(run_child(child_uses_its_own, 0) == 0);       /* now the parent's state is saved */
    CHECK(run_child(child_sees_parent_values, 0) == 0);
    struct fpu_values now = fpu_read();
    CHECK(fpu_same(&now, &parent_values));
}

static int exec_fpucheck(const void *arg)
{
    static char *argv[] = {"fpucheck", 0};
    (void)arg;
    exec("fpucheck", argv);
    return 3;
}

static void exec_resets(void)
{
    fpu_load(&child_values);
    CHECK(run_child(exec_fpucheck, 0) == 0);
}

int main(void)
{
    utest_name = "fpu";
    two_processes_keep_their_own();
    fork_inherits();
    exec_resets();
    return utest_done();
}
