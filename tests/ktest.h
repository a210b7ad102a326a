/*
 * ktest.h - in-kernel tests.
 *
 *   #include "ktest.h"
 *   KTEST(frame_pool_exhaustion) { ...; KEXPECT_EQ(got, 0); }
 *   KTEST_DEATH(null_dereference, "NULL pointer") { *(volatile int *)0 = 1; }
 *
 * Each KTEST puts a descriptor into the .ktests section; the runner
 * (tools/run_tests.sh) finds every descriptor by its symbol name
 * (ktest_desc_NAME) and boots a fresh QEMU with `test=NAME` for each,
 * so dropping a new .c file into tests/kernel/ is all it takes.
 *
 * Environment: a test starts after the frame pools exist (MP4 layout)
 * and paging is on with the kernel page table loaded; no VM pool is
 * registered.  KTEST_ENV(name, KT_BEFORE_PAGING) runs with paging off.
 *
 * A test passes when it returns with no failed check.  A KTEST_DEATH
 * passes only when it ends in a panic or exception report whose text
 * contains the given string ("" accepts any report).
 */
#ifndef SELFMAP_KTEST_H
#define SELFMAP_KTEST_H

#include <stdint.h>

#include "console.h"
#include "utils.h"

#define KT_BEFORE_PAGING 1u

struct ktest {
    const char *name;
    void (*fn)(void);
    const char *death; /* NULL: an ordinary test */
    unsigned flags;
};

#define KTEST_DEFINE(n, death_text, fl)                                                            \
    static void ktest_fn_##n(void);                                                                \
    const struct ktest ktest_desc_##n __attribute__((used, section(".ktests"), aligned(4))) = {    \
        #n, ktest_fn_##n, death_text, fl};                                                         \
    static void ktest_fn_##n(void)

#define KTEST(n)             KTEST_DEFINE(n, NULL, 0)
#define KTEST_ENV(n, flags)  KTEST_DEFINE(n, NULL, flags)
#define KTEST_DEATH(n, text) KTEST_DEFINE(n, text, 0)

/* Markers the runner reads from the kernel's symbols (statements at
 * file scope, next to the test):
 *   KTEST_MEMORY(name, 512);          boot this test with 512 MB
 *   KTEST_TIME_LIMIT(name, 300);      allow it 300 s instead of 60
 *   KTEST_DEFAULT_FRAMES_ONLY(name);  do not repeat it with frames=buddy
 *   KTEST_SWAP(name, 16);             attach a fresh 16 MB swap disk (the ATA
 *                                     primary master); without it, no disk */
#define KTEST_MEMORY(n, mb)          const char ktest_mem_##mb##_##n __attribute__((used)) = 0
#define KTEST_TIME_LIMIT(n, s)       const char ktest_timeout_##s##_##n __attribute__((used)) = 0
#define KTEST_DEFAULT_FRAMES_ONLY(n) const char ktest_nomode_##n __attribute__((used)) = 0
#define KTEST_SWAP(n, mb)            KTEST_SWAP_(n, mb) /* mb may be a macro */
#define KTEST_SWAP_(n, mb)           const char ktest_swap_##mb##_##n __attribute__((used)) = 0

/* Record a failed check; the test goes on and fails at the end. */
void ktest_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define KEXPECT(c)                                                                                 \
    do {                                                                                           \
        if (!(c))                                                                                  \
            ktest_fail(__FILE__, __LINE__, "KEXPECT(%s)", #c);                                     \
    } while (0)

/* KTEST_AS_LL(x): x as a long long, whether x is an integer or a pointer
 * (a pointer goes through uintptr_t, so comparing two pointers, or a
 * pointer with an address, compiles warning-free on i386 too).  The
 * branch not chosen is given a harmless operand, so neither cast warns. */
#define KTEST_IS_POINTER_(x) (__builtin_classify_type(x) == 5 /* GCC's pointer_type_class */)
#define KTEST_AS_LL(x)                                                                             \
    __builtin_choose_expr(                                                                         \
        KTEST_IS_POINTER_(x),                                                                      \
        (long long)(uintptr_t) __builtin_choose_expr(KTEST_IS_POINTER_(x), (x), (void *)0),        \
        (long long)__builtin_choose_expr(KTEST_IS_POINTER_(x), 0, (x)))

/* Integers or pointers, both sides printed in decimal and hex. */
#define KEXPECT_EQ(a, b)                                                                           \
    do {                                                                                           \
        long long ka_ = KTEST_AS_LL(a), kb_ = KTEST_AS_LL(b);                                      \
        if (ka_ != kb_)                                                                            \
            ktest_fail(__FILE__, __LINE__, "KEXPECT_EQ(%s, %s): %lld (0x%llx) != %lld (0x%llx)",   \
                       #a, #b, ka_, (unsigned long long)ka_, kb_, (unsigned long long)kb_);        \
    } while (0)

/* Like KEXPECT, but a failure ends the test at once. */
#define KASSERT(c)                                                                                 \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            ktest_fail(__FILE__, __LINE__, "KASSERT(%s)", #c);                                     \
            ktest_finish();                                                                        \
        }                                                                                          \
    } while (0)

/* Find test `name`; NULL when there is none. */
const struct ktest *ktest_find(const char *name);
/* Print every test's name, one a line. */
void ktest_list(void);
/* Run `t` and leave QEMU with its result. */
NORETURN void ktest_run(const struct ktest *t);
/* End the running test now with its result so far. */
NORETURN void ktest_finish(void);
/* The fatal hook (panic.h) ktest_run sets: decides a death test. */
void ktest_on_fatal(const char *report);
/* The number of failed checks in the running test so far. */
int ktest_failures(void);

#endif
