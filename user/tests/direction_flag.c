// direction_flag.c - a process that enters the kernel with EFLAGS.DF set
// (`std` right before `int 0x80` or a faulting store) gets exactly what
// it gets with DF clear: a console write, a pipe write and read, a
// demand-zero page (and the page below it untouched), a copy-on-write
// copy, exec with arguments, pet_malloc and openshmem.  Each case runs
// in a child and checks its results word for word, and that DF is set
// again when the call returns (the kernel restores the user's EFLAGS).
// The runner checks that every frame comes back.  With an argument N
// (init=direction_flag N) only case N runs, to see each case fail
// alone on a kernel without the entry's cld.
#include "direction_flag.h"
#include "utest.h"

#define WORDS (PAGE_SIZE / 4)

/* Page-aligned heap pages from sbrk. */
static unsigned *heap_pages(int n)
{
    unsigned long brk = (unsigned long)sbrk(0);
    sbrk((int)((PAGE_SIZE - brk % PAGE_SIZE) % PAGE_SIZE));
    return (unsigned *)sbrk(n * PAGE_SIZE);
}

static int console_write(const void *arg)
{
    static char buf[128];
    unsigned df;
    (void)arg;
    memset(buf, '.', sizeof(buf));
    memcpy(buf, "direction_flag: a console write with DF set ", 44);
    buf[sizeof(buf) - 1] = '\n';
    int n = syscall_with_df(SYS_write, 1, (unsigned)buf, sizeof(buf), &df);
    return n == (int)sizeof(buf) && df && buf[0] == 'd' && buf[127] == '\n' ? 0 : 1;
}

static int pipe_write_and_read(const void *arg)
{
    static const char msg[8] = "ABCDEFGH";
    char got[8] = {0};
    int fds[2];
    unsigned df1, df2;
    (void)arg;
    if (pipe(fds) < 0)
        return 2;
    int w = syscall_with_df(SYS_write, (unsigned)fds[1], (unsigned)msg, 8, &df1);
    int r = read(fds[0], got, 8);
    int ok = w == 8 && r == 8 && memcmp(got, msg, 8) == 0 && df1;
    memset(got, 0, sizeof(got));
    w = write(fds[1], msg, 8);
    r = syscall_with_df(SYS_read, (unsigned)fds[0], (unsigned)got, 8, &df2);
    ok = ok && w == 8 && r == 8 && memcmp(got, msg, 8) == 0 && df2;
    close(fds[0]);
    close(fds[1]);
    return ok ? 0 : 1;
}

/* Pages other processes wrote and gave back: the frames the next
 * demand-zero faults are likely to get. */
static int dirty_frames(const void *arg)
{
    unsigned char *p = (unsigned char *)sbrk(32 * PAGE_SIZE);
    (void)arg;
    if (p == (unsigned char *)-1)
        return 2;
    memset(p, 0xA5, 32 * PAGE_SIZE);
    return 0;
}

/* A store with DF set to a fresh heap page: the new page reads zero but
 * for the stored word, and the page below it keeps its bytes. */
static int demand_zero(const void *arg)
{
    unsigned *p = heap_pages(2), bad = 0;
    (void)arg;
    if (p == (unsigned *)-1)
        return 2;
    for (int i = 0; i < WORDS; i++)
        p[i] = 0x5A5A0000u + (unsigned)i;
    store_with_df(&p[WORDS + 7], 0x12345678u);
    for (int i = 0; i < WORDS; i++) {
        bad += p[i] != 0x5A5A0000u + (unsigned)i;
        bad += p[WORDS + i] != (i == 7 ? 0x12345678u : 0u);
    }
    if (bad)
        printf("direction_flag: demand zero: %u words wrong\n", bad);
    return bad ? 1 : 0;
}

static unsigned *cow_page;

/* The child's store with DF set copies the shared page: the copy holds
 * the parent's words but for the stored one. */
static int cow_child(const void *arg)
{
    unsigned bad = 0;
    (void)arg;
    store_with_df(&cow_page[100], 0xC0FFEEu);
    for (int i = 0; i < WORDS; i++)
        bad += cow_page[i] != (i == 100 ? 0xC0FFEEu : 0x0C0C0000u + (unsigned)i);
    return bad ? 1 : 0;
}

static int copy_on_write(const void *arg)
{
    unsigned bad = 0;
    (void)arg;
    cow_page = heap_pages(1);
    if (cow_page == (unsigned *)-1)
        return 2;
    for (int i = 0; i < WORDS; i++)
        cow_page[i] = 0x0C0C0000u + (unsigned)i;
    int child = run_child(cow_child, 0);
    for (int i = 0; i < WORDS; i++)
        bad += cow_page[i] != 0x0C0C0000u + (unsigned)i;
    return child == 0 && bad == 0 ? 0 : 1;
}

static int exec_with_args(const void *arg)
{
    static char *argv[] = {"argcheck", "hello", "world", 0};
    unsigned df;
    (void)arg;
    syscall_with_df(SYS_exec, (unsigned)"argcheck", (unsigned)argv, 0, &df);
    return 3; /* exec failed */
}

/* pet_malloc with DF set, then a store with DF set on each of its pages. */
static int petmem_alloc(const void *arg)
{
    unsigned df, bad = 0;
    (void)arg;
    if (init_petmem() != 0)
        return 2;
    unsigned *p = (unsigned *)syscall_with_df(SYS_pet_malloc, 3 * PAGE_SIZE, 0, 0, &df);
    if (!p || !df)
        return 1;
    for (int pg = 0; pg < 3; pg++)
        store_with_df(&p[pg * WORDS + 1], 0xBEEF0000u + (unsigned)pg);
    for (int i = 0; i < 3 * WORDS; i++)
        bad += p[i] != (i % WORDS == 1 ? 0xBEEF0000u + (unsigned)(i / WORDS) : 0u);
    pet_free(p);
    return bad ? 1 : 0;
}

static int shm_open(const void *arg)
{
    unsigned df, bad = 0;
    (void)arg;
    unsigned *p = (unsigned *)syscall_with_df(SYS_openshmem, 12, 0, 0, &df);
    if (!p || !df)
        return 1;
    store_with_df(&p[3], 0x5111u);
    for (int i = 0; i < WORDS; i++)
        bad += p[i] != (i == 3 ? 0x5111u : 0u);
    return closeshmem(12) == 0 && bad == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"console write", "pipe write and read", "demand zero",
                                        "copy-on-write", "exec with arguments", "pet_malloc",
                                        "openshmem"};
    int (*const cases[])(const void *) = {console_write, pipe_write_and_read, demand_zero,
                                          copy_on_write, exec_with_args,      petmem_alloc,
                                          shm_open};
    utest_name = "direction_flag";
    CHECK(run_child(dirty_frames, 0) == 0);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (argc > 1 && (unsigned)atoi(argv[1]) != i)
            continue;
        int status = run_child(cases[i], 0);
        if (status != 0)
            printf("direction_flag: %s with DF set ended with status %d\n", names[i], status);
        CHECK(status == 0);
    }
    return utest_done();
}
