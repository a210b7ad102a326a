// fuzz.c - the system-call fuzzer: WORKERS processes make CALLS random
// system calls in all, with random and hostile arguments (fuzz.h).  The
// kernel must survive, every worker must end with status 0 and frames
// must be exact at the end (the test runner checks).  It prints its
// seed; `seed=N` after init=fuzz (make run PROG="fuzz seed=N", or a
// `// boot:` line) replays a run.  fuzz_crowd and fuzz_crowd_paged run
// fuzzers among processes that fork, exec, kill and use memory.
// boot: seed=20261130
#include "fuzz.h"

#define WORKERS 4
#define CALLS   200000

int main(int argc, char **argv)
{
    unsigned long seed = fuzz_seed(argc, argv);
    int pids[WORKERS];
    utest_name = "fuzz";
    printf("fuzz: seed=%lu, %d calls from %d processes\n", seed, CALLS, WORKERS);
    rng = seed;
    for (int i = 0; i < WORKERS; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            exit(fuzz_calls(i + 1, CALLS / WORKERS));
        CHECK(pids[i] > 0);
    }
    for (int i = 0; i < WORKERS; i++) {
        int status = -5, pid = wait(&status);
        CHECK(pid > 0);
        if (status != 0)
            printf("fuzz: worker %d ended with status %d\n", pid, status);
        CHECK(status == 0);
    }
    return utest_done();
}
