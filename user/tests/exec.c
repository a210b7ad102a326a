// exec.c - exec runs a boot module by name with its arguments; every
// broken ELF (bad magic, class, machine, a segment outside the user
// image area or over the kernel, file size above memory size, a
// truncated file), an unknown name and bad arguments make it return -1
// with the process unchanged (xv6 execout, bigargtest, badarg).
#include "utest.h"

#define MAXARG 32

static int marker = 1234;
static char *const bad[] = {"bad_magic",  "bad_class",  "bad_machine",   "bad_segment",
                            "bad_kernel", "bad_filesz", "bad_truncated", "no_such_program"};

static int exec_argcheck(const void *arg)
{
    char *argv[] = {"argcheck", "hello", "world", 0};
    (void)arg;
    exec("argcheck", argv);
    return 99; /* exec failed */
}

static int exec_big_args(const void *arg)
{
    static char *argv[MAXARG];
    static char long_arg[400];
    (void)arg;
    memset(long_arg, 'x', sizeof(long_arg) - 1);
    for (int i = 0; i < MAXARG - 1; i++)
        argv[i] = long_arg;
    argv[0] = "true";
    exec("true", argv);
    return 99;
}

int main(void)
{
    char *argv[] = {"x", 0};
    static char *too_many[MAXARG + 2];
    utest_name = "exec";
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = exec(bad[i], argv);
        if (rc != -1)
            printf("exec: %s returned %d\n", bad[i], rc);
        CHECK(rc == -1);
    }
    CHECK(marker == 1234);
    CHECK(exec((char *)0xC0000000, argv) == -1);
    CHECK(exec("true", (char **)0xC0000000) == -1);
    CHECK(exec("true", (char **)0) == -1);
    CHECK(exec((char *)0x100000, argv) == -1);
    for (int i = 0; i < MAXARG + 1; i++)
        too_many[i] = "a";
    CHECK(exec("true", too_many) == -1);
    CHECK(run_child(exec_argcheck, 0) == 0);
    CHECK(run_child(exec_big_args, 0) == 0);
    for (int i = 0; i < 10; i++)
        CHECK(run_child(exec_argcheck, 0) == 0);
    CHECK(marker == 1234);
    return utest_done();
}
