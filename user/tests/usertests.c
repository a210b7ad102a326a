// usertests.c - xv6's usertests that apply to selfmap, in our own words
// and adapted to its layout (mmu.h) and its lazy heap: each runs in a
// child of its own and passes when that child exits 0.
// mem: 64M
#include "utest.h"

#define USER_BASE 0x400000ul
#define USER_END  0xFF800000ul
#define STACK_TOP 0xF7400000ul
#define BIG       (64ul << 20)

static char bss_zeroes[10000];

static int killed(int (*fn)(const void *), const void *arg) { return run_child(fn, arg) == -1; }

static int read_at(const void *a) { return *(const volatile char *)a; }
static int write_at(const void *a)
{
    *(volatile char *)(unsigned long)a = 1;
    return 0;
}

/* kernmem: ring 3 cannot read the kernel's 4 MB. */
static int kernmem(void)
{
    for (unsigned long a = 0; a < USER_BASE; a += 0x37000)
        if (!killed(read_at, (const void *)a))
            return 1;
    return 0;
}

/* MAXVAplus: nor anything past the user range (windows included). */
static int maxvaplus(void)
{
    for (unsigned long a = USER_END; a >= USER_END; a += 0x100000)
        if (!killed(read_at, (const void *)a) || !killed(write_at, (const void *)a))
            return 1;
    return 0;
}

/* stacktest: the page below the stack's 1 MB limit is a guard. */
static int stacktest(void)
{
    return killed(read_at, (const void *)(STACK_TOP - (1ul << 20) - 1)) ? 0 : 1;
}

/* textwrite / nowrite: text is read-only; NULL and kernel addresses too. */
static int textwrite(void)
{
    static const unsigned long targets[] = {0, USER_BASE, 0x100000, 0xFFFFF000};
    for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
        if (!killed(write_at, (const void *)targets[i]))
            return 1;
    return 0;
}

/* sbrkbasic: a huge request fails; many small ones are contiguous. */
static int sbrkbasic(void)
{
    char *a, *b;
    if (sbrk(0x7ffff000) != (char *)-1)
        return 1;
    a = sbrk(0);
    for (int i = 0; i < 5000; i++) {
        b = sbrk(1);
        if (b != a)
            return 2;
        *b = 1;
        a = b + 1;
    }
    return 0;
}

/* sbrkmuch: grow by 64 MB (lazily), touch the far end, shrink; the page
 * given back is gone and comes back zeroed. */
static int sbrkmuch(void)
{
    char *a = sbrk(0), *last;
    if (sbrk((int)BIG) != a)
        return 1;
    last = a + BIG - 1;
    *last = 99;
    if (sbrk(-(int)BIG) != a + BIG)
        return 2;
    if (!killed(read_at, last))
        return 3;
    if (sbrk((int)BIG) != a || *last != 0)
        return 4;
    sbrk(-(int)BIG);
    return 0;
}

static int eat_memory(const void *arg)
{
    (void)arg;
    for (char *p = sbrk(0);; p += PAGE_SIZE) {
        if (sbrk(PAGE_SIZE) == (char *)-1)
            return 2;
        *p = 1;
    }
}

/* sbrkfail: children that eat all memory die cleanly; malloc works after. */
static int sbrkfail(void)
{
    char *p;
    for (int i = 0; i < 3; i++)
        if (!killed(eat_memory, 0))
            return 1;
    p = malloc(100000);
    if (!p)
        return 2;
    p[99999] = 1;
    return 0;
}

/* sbrkarg: fresh heap pages as system-call buffers. */
static int sbrkarg(void)
{
    int fds[2];
    char *a = sbrk(PAGE_SIZE);
    if (pipe(fds) < 0 || write(fds[1], a, PAGE_SIZE / 8) != PAGE_SIZE / 8)
        return 1;
    if (read(fds[0], a, PAGE_SIZE / 8) != PAGE_SIZE / 8)
        return 2;
    close(fds[0]);
    close(fds[1]);
    return 0;
}

/* sbrkbugs: shrinking below the heap's start fails. */
static int sbrkbugs(void)
{
    char *top = sbrk(0);
    if (sbrk(-(int)(unsigned long)top) != (char *)-1)
        return 1;
    if (sbrk(-0x7fffffff) != (char *)-1)
        return 2;
    return sbrk(0) == top ? 0 : 3;
}

/* sbrklast: an unaligned break keeps its last page; after a shrink and
 * a regrow the page is zero again. */
static int sbrklast(void)
{
    char *top = sbrk(0), *p;
    if ((unsigned long)top % PAGE_SIZE != 0)
        sbrk(PAGE_SIZE - (int)((unsigned long)top % PAGE_SIZE));
    p = sbrk(PAGE_SIZE + 10);
    p[PAGE_SIZE + 9] = 7;
    sbrk(-(PAGE_SIZE + 10));
    p = sbrk(PAGE_SIZE + 10);
    return p[PAGE_SIZE + 9] == 0 ? 0 : 1;
}

/* sbrk8000: a break past the heap's end fails; the area stays illegal. */
static int sbrk8000(void)
{
    if (sbrk(0x7ffff000) != (char *)-1)
        return 1;
    return killed(write_at, (const void *)0x3ffff000) ? 0 : 2;
}

/* copyin / copyout: system calls refuse buffers outside the process. */
static int copyinout(void)
{
    static const unsigned long bad[] = {0, 0x100000, 0x80000000, 0xFFFFFFFF, USER_END};
    int fds[2];
    if (pipe(fds) < 0 || write(fds[1], "x", 1) != 1)
        return 1;
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (write(1, (void *)bad[i], 8192) != -1)
            return 2;
        if (read(fds[0], (void *)bad[i], 1) != -1)
            return 3;
    }
    close(fds[0]);
    close(fds[1]);
    return 0;
}

/* copyinstr1-3: names at kernel addresses, too long, or running into an
 * unmapped page. */
static int copyinstr(void)
{
    static char longname[200];
    char *top, *s;
    if (exec((char *)0x100000, 0) != -1 || exec((char *)0xFFFFFFFF, 0) != -1)
        return 1;
    memset(longname, 'x', sizeof(longname) - 1);
    if (exec(longname, 0) != -1)
        return 2;
    top = sbrk(0);
    top += (PAGE_SIZE - (unsigned long)top % PAGE_SIZE) % PAGE_SIZE;
    sbrk((int)(top - (char *)sbrk(0)));
    s = top - 4;
    memcpy(s, "true", 4); /* no NUL before the break */
    return exec(s, 0) == -1 ? 0 : 3;
}

/* rwsbrk: a buffer given back with sbrk is no longer usable. */
static int rwsbrk(void)
{
    char *a = sbrk(2 * PAGE_SIZE);
    sbrk(-2 * PAGE_SIZE);
    return write(1, a + PAGE_SIZE, 10) == -1 ? 0 : 1;
}

/* validatetest: a sweep of addresses through exec's name check. */
static int validatetest(void)
{
    for (unsigned long a = 0; a < 0x1000000; a += PAGE_SIZE)
        if (a >= 0x400000 && a < 0x402000)
            continue; /* our own text could spell a program name */
        else if (exec((char *)a, 0) != -1)
            return 1;
    return 0;
}

/* bsstest: bss starts zeroed. */
static int bsstest(void)
{
    for (unsigned i = 0; i < sizeof(bss_zeroes); i++)
        if (bss_zeroes[i])
            return 1;
    return 0;
}

/* argptest: a read past the break with a negative size fails. */
static int argptest(void)
{
    int fds[2];
    if (pipe(fds) < 0)
        return 1;
    return read(fds[0], (char *)sbrk(0) - 1, -1) == -1 ? 0 : 2;
}

/* badarg / pgbug: argv pointers that are not the process's. */
static int badarg(void)
{
    char *argv[] = {"true", (char *)0xFFFFFFFF, 0};
    if (exec("true", argv) != -1)
        return 1;
    return exec("true", (char **)0xeaeb0b5b) == -1 ? 0 : 2;
}

static int exec_after_eating(const void *arg)
{
    char *argv[] = {"true", 0};
    (void)arg;
    while (sbrk(PAGE_SIZE) != (char *)-1 && frames() > 8)
        *((char *)sbrk(0) - 1) = 1;
    exec("true", argv); /* may fail for memory: then exit 0 anyway */
    return 0;
}

/* execout: exec when memory is nearly gone either works or fails cleanly. */
static int execout(void)
{
    for (int i = 0; i < 3; i++)
        if (run_child(exec_after_eating, 0) != 0)
            return 1;
    return 0;
}

static int fork_when_full(const void *arg)
{
    int n = 0, pid;
    (void)arg;
    while (frames() > 40 && sbrk(PAGE_SIZE) != (char *)-1)
        *((char *)sbrk(0) - 1) = 1;
    while ((pid = fork()) > 0)
        n++;
    if (pid == 0) {
        sleep(2);
        exit(0);
    }
    while (n-- > 0)
        if (wait(0) < 0)
            return 1;
    return 0;
}

/* forkfail: fork with memory nearly gone fails with -1 and leaks
 * nothing (the runner's frame count checks that). */
static int forkfail(void) { return run_child(fork_when_full, 0) == 0 ? 0 : 1; }

/* mem: malloc until it fails, free it all, malloc works again. */
static int mem(void)
{
    void *head = 0, *m;
    int n = 0;
    while ((m = malloc(10001)) != 0 && frames() > 64) {
        *(void **)m = head;
        head = m;
        n++;
    }
    while (head) {
        m = *(void **)head;
        free(head);
        head = m;
    }
    m = malloc(1024 * 20);
    return n > 0 && m ? 0 : 1;
}

struct test {
    const char *name;
    int (*fn)(void);
};

static int run_test(const void *arg)
{
    const struct test *t = arg;
    return t->fn();
}

int main(void)
{
    static const struct test tests[] = {
        {"kernmem", kernmem},           {"MAXVAplus", maxvaplus},
        {"stacktest", stacktest},       {"textwrite", textwrite},
        {"sbrkbasic", sbrkbasic},       {"sbrkmuch", sbrkmuch},
        {"sbrkfail", sbrkfail},         {"sbrkarg", sbrkarg},
        {"sbrkbugs", sbrkbugs},         {"sbrklast", sbrklast},
        {"sbrk8000", sbrk8000},         {"copyinout", copyinout},
        {"copyinstr", copyinstr},       {"rwsbrk", rwsbrk},
        {"validatetest", validatetest}, {"bsstest", bsstest},
        {"argptest", argptest},         {"badarg", badarg},
        {"execout", execout},           {"mem", mem},
        {"forkfail", forkfail},
    };
    utest_name = "usertests";
    for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        int status = run_child(run_test, &tests[i]);
        printf("usertests: %s %s\n", tests[i].name, status == 0 ? "OK" : "FAILED");
        if (status != 0)
            printf("usertests: %s ended with status %d\n", tests[i].name, status);
        CHECK(status == 0);
    }
    return utest_done();
}
