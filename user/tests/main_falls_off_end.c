// main_falls_off_end.c - a main that reaches its closing brace without a
// return exits with status 0, as C defines main (user programs are
// compiled hosted, Makefile).  The program runs itself again with an
// argument; that run loads 42 into EAX (where a return value travels)
// just before main's end, and its exit status must still be 0.
#include "utest.h"

#define EAX_GARBAGE 42

static int run_again_and_wait(void)
{
    int status = -5, pid = fork();
    if (pid == 0) {
        char *argv[] = {"main_falls_off_end", "fall", 0};
        exec(argv[0], argv);
        exit(-2);
    }
    CHECK(pid > 0 && wait(&status) == pid);
    return status;
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc < 2) {
        utest_name = "main_falls_off_end";
        CHECK(run_again_and_wait() == 0);
        return utest_done();
    }
    __asm__ volatile("movl %0, %%eax" ::"i"(EAX_GARBAGE) : "eax");
}
