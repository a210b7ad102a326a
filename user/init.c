/*
 * init.c - the first process (pid 1), as xv6's init is: it starts the
 * program named on the command line (init=NAME) as its child and reaps
 * every process that ends up as its child, which is every orphan.  So
 * the program sees only its own children in wait, as it would under
 * any Unix, and never a grandchild whose parent died.
 *
 * The kernel runs it with argv = { "init", NAME, NAME's arguments... }.
 * When NAME ends, init exits with NAME's status: the kernel then ends
 * whatever is left and gives its verdict on that status (proc/init.c,
 * proc_run_init), so `make run PROG=X` and the test runner judge X as
 * before.  Linked at INIT_BASE (Makefile), away from every other
 * program's text, so a gdb breakpoint in NAME never stops in init.
 */
#include "user.h"

int main(int argc, char **argv)
{
    int pid, child, status = -1;
    if (argc < 2) {
        fprintf(2, "init: no program to run\n");
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        fprintf(2, "init: fork failed\n");
        return -1;
    }
    if (pid == 0) {
        exec(argv[1], argv + 1);
        fprintf(2, "init: cannot run program %s\n", argv[1]);
        exit(-1);
    }
    while ((child = wait(&status)) != pid)
        if (child < 0)
            return -1; /* cannot happen: the program is our child until reaped */
    return status;
}
