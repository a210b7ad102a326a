/*
 * host_shim.c - what the kernel sources expect from the kernel, for host
 * tests: panic (which a test may catch), error_name, fake physical
 * memory behind direct_map_ptr, and the test registry with main().
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htest.h"
#include "mmu.h"

struct htest {
    const char *name;
    void (*fn)(void);
};

static struct htest tests[256];
static int n_tests, failures;
jmp_buf *htest_panic_jump;
char htest_panic_message[256];
static unsigned char (*memory)[4096];

void *direct_map_ptr(unsigned long frame)
{
    if (!memory)
        memory = aligned_alloc(4096, HOST_FRAMES * 4096);
    if (frame >= HOST_FRAMES) {
        fprintf(stderr, "direct_map_ptr: frame %lu is past the fake memory\n", frame);
        abort();
    }
    return memory[frame];
}

/* The kernel's error_name (lib/errors.c): panic messages in host tests
 * only need a stand-in. */
const char *error_name(int code) { return code == 0 ? "E_OK" : "E_ERROR"; }

void panic_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(htest_panic_message, sizeof(htest_panic_message), fmt, ap);
    va_end(ap);
    if (htest_panic_jump)
        longjmp(*htest_panic_jump, 1);
    fprintf(stderr, "PANIC at %s:%d: %s\n", file, line, htest_panic_message);
    abort();
}

void htest_register(const char *name, void (*fn)(void))
{
    if (n_tests == (int)(sizeof(tests) / sizeof(tests[0])))
        abort();
    tests[n_tests].name = name;
    tests[n_tests++].fn = fn;
}

void htest_fail(const char *file, int line, const char *what, long long a, long long b)
{
    failures++;
    printf("CHECK FAILED at %s:%d: %s (%lld vs %lld)\n", file, line, what, a, b);
}

unsigned long long htest_rand(unsigned long long *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ull;
}

int main(int argc, char **argv)
{
    int failed_tests = 0;
    for (int i = 0; i < n_tests; i++) {
        int before = failures;
        if (argc > 1 && !strstr(tests[i].name, argv[1]))
            continue;
        tests[i].fn();
        printf("%s %s\n", failures == before ? "PASS" : "FAIL", tests[i].name);
        failed_tests += failures != before;
    }
    printf("%d of %d host tests failed\n", failed_tests, n_tests);
    return failed_tests ? 1 : 0;
}
