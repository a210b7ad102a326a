/*
 * htest.h - unit tests that run on the host, under ASan and UBSan.
 *
 * A file in tests/host/ names the kernel sources it tests on a line
 *   host-sources: cont_frame_pool.c avl.c
 * and defines tests with HTEST(name) { ... }.  tools/host_test.sh builds
 * it with those sources and host_shim.c (which supplies panic, kprintf
 * and a fake physical memory), runs every test, and prints PASS/FAIL.
 */
#ifndef SELFMAP_HTEST_H
#define SELFMAP_HTEST_H

#include <setjmp.h>
#include <stdio.h>

void htest_register(const char *name, void (*fn)(void));
void htest_fail(const char *file, int line, const char *what, long long a, long long b);

#define HTEST(n)                                                                                   \
    static void htest_##n(void);                                                                   \
    __attribute__((constructor)) static void htest_reg_##n(void)                                   \
    {                                                                                              \
        htest_register(#n, htest_##n);                                                             \
    }                                                                                              \
    static void htest_##n(void)

#define HEXPECT(c)                                                                                 \
    do {                                                                                           \
        if (!(c))                                                                                  \
            htest_fail(__FILE__, __LINE__, #c, 0, 0);                                              \
    } while (0)

#define HEXPECT_EQ(a, b)                                                                           \
    do {                                                                                           \
        long long ha_ = (long long)(a), hb_ = (long long)(b);                                      \
        if (ha_ != hb_)                                                                            \
            htest_fail(__FILE__, __LINE__, #a " == " #b, ha_, hb_);                                \
    } while (0)

/* Run `stmt` and expect it to panic; the panic message goes to
 * htest_panic_message. */
extern jmp_buf *htest_panic_jump;
extern char htest_panic_message[256];
#define HEXPECT_PANIC(stmt)                                                                        \
    do {                                                                                           \
        jmp_buf jb_;                                                                               \
        htest_panic_jump = &jb_;                                                                   \
        if (setjmp(jb_) == 0) {                                                                    \
            stmt;                                                                                  \
            htest_fail(__FILE__, __LINE__, "expected a panic: " #stmt, 0, 0);                      \
        }                                                                                          \
        htest_panic_jump = NULL;                                                                   \
    } while (0)

/* Fake physical memory: frames 0 .. HOST_FRAMES-1 are backed by an array. */
#define HOST_FRAMES 1024ul

/* A small deterministic PRNG for randomized tests (xorshift64*). */
unsigned long long htest_rand(unsigned long long *state);

#endif
