// basics.c - the program init starts runs in ring 3, prints, knows its pid,
// and its stack and heap grow on demand.
#include "user.h"

static int fails;

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("basics: FAILED: %s\n", what);
        fails++;
    }
}

int main(int argc, char **argv)
{
    char big[8192];
    char *heap;
    unsigned short cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    check((cs & 3) == 3, "runs in ring 3");
    check(argc >= 1 && strcmp(argv[0], "basics") == 0 && argv[argc] == 0,
          "argv[0] is the program name");
    check(getpid() == 2, "the program is the first child of init (pid 1)");
    memset(big, 7, sizeof(big));
    check(big[0] == 7 && big[8191] == 7, "stack pages are backed on demand");
    heap = sbrk(3 * 4096);
    check(heap != (char *)-1, "sbrk grows the heap");
    heap[0] = 1, heap[3 * 4096 - 1] = 2;
    check(sbrk(0) == heap + 3 * 4096, "sbrk(0) is the new break");
    check(sbrk(-3 * 4096) == heap + 3 * 4096, "sbrk shrinks the heap");
    printf("basics: %s\n", fails ? "FAILED" : "passed");
    return fails;
}
