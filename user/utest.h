/*
 * utest.h - the little harness the programs in user/tests share: CHECK counts a
 * failed condition and names it, run_child runs a function in a forked
 * child and returns its exit status, and utest_done prints the verdict
 * and gives main its return value (0 passes).
 */
#ifndef SELFMAP_UTEST_H
#define SELFMAP_UTEST_H

#include "user.h"

static int utest_fails;
static const char *utest_name = "test";

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("%s: FAILED at line %d: %s\n", utest_name, __LINE__, #cond);                    \
            utest_fails++;                                                                         \
        }                                                                                          \
    } while (0)

/* Run fn(arg) in a child; its exit status (fn's return value, or -1
 * when the kernel killed it), or -2 when fork or wait failed. */
static inline int run_child(int (*fn)(const void *arg), const void *arg)
{
    int pid = fork(), status = -2;
    if (pid < 0)
        return -2;
    if (pid == 0)
        exit(fn(arg));
    if (wait(&status) != pid)
        return -2;
    return status;
}

static inline int utest_done(void)
{
    printf("%s: %s\n", utest_name, utest_fails ? "FAILED" : "passed");
    return utest_fails ? 1 : 0;
}

#endif
