// faults.c - a process that faults is killed (status -1, one report
// line) and everything else goes on: NULL, kernel memory (xv6 kernmem),
// past the user range (MAXVAplus), writes to text (textwrite), divide
// by zero, privileged instructions, an unmapped address, past the
// break, and a stack overflow past the 1 MB limit (stacktest).
#include "utest.h"

static volatile int zero;

static int null_read(const void *a) { return *(volatile int *)a; }
static int kernel_read(const void *a) { return *(volatile char *)0x100000 + (a != 0); }
static int kernel_write(const void *a)
{
    *(volatile char *)0x200000 = 1;
    return a != 0;
}
static int beyond_user_range(const void *a) { return *(volatile char *)0xFFFFF000 + (a != 0); }
static int text_write(const void *a)
{
    *(volatile char *)(unsigned long)null_read = 0;
    return a != 0;
}
static int divide(const void *a) { return 10 / zero + (a != 0); }
static int privileged_cli(const void *a)
{
    __asm__ volatile("cli");
    return a != 0;
}
static int privileged_io(const void *a)
{
    __asm__ volatile("outb %%al, $0xf4" ::"a"(0));
    return a != 0;
}
static int unmapped(const void *a) { return *(volatile int *)0xD0000000 + (a != 0); }
static int past_break(const void *a) { return *(volatile int *)(sbrk(0) + 8192) + (a != 0); }

static volatile int depth_limit = 1 << 30; /* never reached: the stack runs out first */

static int recurse(int n)
{
    volatile char pad[1024];
    pad[0] = (char)n;
    if (n >= depth_limit)
        return 0;
    return recurse(n + 1) + pad[0];
}
static int stack_overflow(const void *a) { return recurse(a != 0); }

int main(void)
{
    int (*const killers[])(const void *) = {
        null_read,      kernel_read,   kernel_write, beyond_user_range, text_write,    divide,
        privileged_cli, privileged_io, unmapped,     past_break,        stack_overflow};
    utest_name = "faults";
    for (unsigned i = 0; i < sizeof(killers) / sizeof(killers[0]); i++) {
        int status = run_child(killers[i], 0);
        if (status != -1)
            printf("faults: case %u ended with status %d\n", i, status);
        CHECK(status == -1);
    }
    return utest_done();
}
