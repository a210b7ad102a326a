/*
 * crowd.h - the fuzzer's crowd mode (fuzz_crowd, fuzz_crowd_paged):
 * FUZZERS processes make hostile random calls (fuzz.h) while three more
 * churn the kernel around them, each checking what it gets back:
 *
 *   spawner  forks children that exec a good or a broken program, fill
 *            heap pages and check them, block on a pipe, leave an orphan
 *            behind, or spin on sbrk; it kills about half of them
 *            wherever they are, then reaps each
 *   memory   grows and shrinks its heap (a page it gets again must read
 *            as zeroes), pet_mallocs and pet_frees, counts in shm pages
 *            from a child, forks children that check and overwrite its
 *            pages (copy-on-write), and checks every byte it owns
 *   piper    streams numbered bytes through pipes to a child in random
 *            pieces (some of 0 bytes); some streams end early, the
 *            reader closing or killing the writer
 *
 * The churners run until the fuzzers have made their calls, then stop
 * at main's word (a flag in shm segment CROWD_STOP_ID, which the
 * fuzzers never have).  Every process must exit 0 (killed ones -1, when
 * their killer expects it); the runner checks free frames and swap
 * slots at the end.  Replay: the seed is printed, and `seed=N` (and
 * `calls=N`) among the boot words set it; the processes interleave by
 * the timer, so a replay makes the same calls but not always in the
 * same order.  `without=spawner` (memory, piper) leaves that churner
 * out, to narrow a failure down.
 */
#ifndef SELFMAP_CROWD_H
#define SELFMAP_CROWD_H

#include "fuzz.h"
#include "workload.h"

#define FUZZERS       3
#define CROWD_STOP_ID 1000 /* the fuzzers' shm ids are below 16 */
#define CROWD_SHM_ID  1001 /* the memory churner's counter */
#define HEAP_MAX      48   /* pages of heap the memory churner keeps at most */
#define PET_SLOTS     6
#define STREAM_MAX    3000

static volatile int *crowd_stop;
static int crowd_fails;
static const char *crowd_role = "crowd";

/* A churner's check: counted and named, the churner exits 1 at the end. */
#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("%s: %s: FAILED at line %d: %s\n", utest_name, crowd_role, __LINE__, #cond);    \
            crowd_fails++;                                                                         \
        }                                                                                          \
    } while (0)

/* A number in [0, n). */
static unsigned pick(unsigned n) { return rnd() % n; }

/* ---- spawner ---------------------------------------------------------- */

/* What one of the spawner's children does; its exit status is 0 when
 * all went as expected (a kill makes it -1). */
static void spawned(unsigned kind, int hold_fd)
{
    static char *true_argv[] = {"true", 0};
    unsigned char *heap;
    char c;
    switch (kind) {
    case 0:
        exec("true", true_argv);
        exit(3);
    case 1:
        exit(exec("bad_magic", true_argv) == -1 ? 0 : 3);
    case 2:
        if (!(heap = wl_heap(8 * WL_PAGE)))
            exit(0); /* memory is short: not this child's fault */
        wl_fill(heap, 8 * WL_PAGE, 7);
        yield();
        exit(wl_bad_pages(heap, 8 * WL_PAGE, 7) ? 1 : 0);
    case 3:
        exit(read(hold_fd, &c, 1) == 0 ? 0 : 1); /* end of file, or killed */
    case 4:
        if (fork() == 0) { /* an orphan for pid 1 to reap */
            sleep(1);
            exit(0);
        }
        exit(0);
    default:
        for (;;) {
            sbrk(WL_PAGE);
            yield();
            sbrk(-(int)WL_PAGE);
        }
    }
}

/* One child of a random kind; killed (or let go) at a random moment. */
static void spawn_one(void)
{
    unsigned kind = pick(6);
    int fds[2], pid, status = -5, kill_it = kind == 5 || pick(2);
    if (pipe(fds) < 0)
        return;
    pid = fork();
    if (pid == 0) {
        close(fds[1]);
        spawned(kind, fds[0]);
    }
    close(fds[0]);
    for (unsigned i = pick(3); i; i--)
        yield();
    if (pid > 0 && kill_it)
        EXPECT(kill(pid) == 0 || kind != 5);
    close(fds[1]); /* a blocked reader sees end of file */
    if (pid > 0) {
        EXPECT(wait(&status) == pid);
        EXPECT(status == 0 || (kill_it && status == -1));
    }
}

/* ---- memory ----------------------------------------------------------- */

struct memory {
    unsigned char *heap; /* HEAP_MAX pages reserved; `pages` of them live */
    unsigned long pages;
    unsigned char *pet[PET_SLOTS];
    unsigned long pet_len[PET_SLOTS];
};

/* The heap grows by a few pages (each must come back as zeroes, even
 * one the heap had before and gave back) or shrinks. */
static void heap_step(struct memory *m)
{
    unsigned long n = 1 + pick(8);
    if (pick(2) && m->pages + n <= HEAP_MAX && sbrk((int)(n * WL_PAGE)) != (char *)-1) {
        unsigned char *fresh = m->heap + m->pages * WL_PAGE;
        int zero = 1;
        for (unsigned long i = 0; i < n * WL_PAGE; i += 97)
            zero &= fresh[i] == 0;
        EXPECT(zero);
        for (unsigned long off = m->pages * WL_PAGE; off < (m->pages + n) * WL_PAGE; off++)
            m->heap[off] = wl_byte(1, off);
        m->pages += n;
    } else if (m->pages >= n) {
        EXPECT(sbrk(-(int)(n * WL_PAGE)) != (char *)-1);
        m->pages -= n;
    }
}

/* A petmem slot: freed after a check when full, else allocated and
 * filled with its own pattern. */
static void pet_step(struct memory *m)
{
    unsigned s = pick(PET_SLOTS);
    if (m->pet[s]) {
        EXPECT(wl_bad_pages(m->pet[s], m->pet_len[s], 10 + s) == 0);
        pet_free(m->pet[s]);
        m->pet[s] = 0;
        return;
    }
    m->pet_len[s] = (1 + pick(4)) * WL_PAGE - pick(100);
    if ((m->pet[s] = pet_malloc(m->pet_len[s])) != 0)
        wl_fill(m->pet[s], m->pet_len[s], 10 + s);
}

/* Every byte the memory churner owns has its pattern; 0 when so. */
static int memory_bad(const struct memory *m)
{
    int bad = wl_bad_pages(m->heap, m->pages * WL_PAGE, 1) != 0;
    for (unsigned s = 0; s < PET_SLOTS; s++)
        bad |= m->pet[s] && wl_bad_pages(m->pet[s], m->pet_len[s], 10 + s) != 0;
    return bad;
}

/* A child checks the parent's pages, overwrites them (its own copies)
 * and counts in a shm page; the parent's stay as they were. */
static void fork_step(struct memory *m)
{
    volatile int *count = (volatile int *)openshmem(CROWD_SHM_ID);
    int before = count ? *count : 0, pid, status = -5;
    pid = fork();
    if (pid == 0) {
        int bad = memory_bad(m);
        for (unsigned long off = 0; off < m->pages * WL_PAGE; off += 61)
            m->heap[off] ^= 0xff;
        if (count)
            for (int i = 0; i < 50; i++)
                (*count)++;
        exit(bad);
    }
    if (pid > 0) {
        EXPECT(wait(&status) == pid && status == 0);
        EXPECT(!count || *count == before + 50);
    }
    EXPECT(memory_bad(m) == 0);
    if (count)
        EXPECT(closeshmem(CROWD_SHM_ID) == 0);
}

/* One step of the memory churner. */
static void memory_step(void)
{
    static struct memory m;
    unsigned k = pick(8);
    if (!m.heap) { /* the first step: a page-aligned heap of its own */
        unsigned long end = (unsigned long)sbrk(0);
        sbrk((int)((WL_PAGE - end % WL_PAGE) % WL_PAGE));
        m.heap = (unsigned char *)sbrk(0);
    }
    if (k < 3)
        heap_step(&m);
    else if (k < 6)
        pet_step(&m);
    else if (k == 6)
        fork_step(&m);
    else
        EXPECT(memory_bad(&m) == 0);
    yield();
}

/* ---- piper ------------------------------------------------------------ */

static char stream_byte(unsigned round, unsigned i) { return (char)(i * 7u + round * 13u); }

/* The writer: `total` numbered bytes in random pieces; 0 when each
 * write moved its whole piece, or -1 once the reader had gone. */
static int stream_out(int fd, unsigned round, unsigned total)
{
    static char out[STREAM_MAX];
    unsigned sent = 0;
    for (unsigned i = 0; i < total; i++)
        out[i] = stream_byte(round, i);
    while (sent < total) {
        int n = (int)pick(total - sent + 1), r = write(fd, out + sent, n);
        if (r == -1)
            return 0; /* the reader closed its end */
        if (r != n)
            return 1;
        sent += (unsigned)n;
    }
    return 0;
}

/* One stream; the reader may stop early, closing or killing the writer. */
static void pipe_round(unsigned round)
{
    static char in[STREAM_MAX];
    unsigned total = pick(STREAM_MAX), got = 0, stop_at = pick(3) ? total : pick(total + 1);
    int fds[2], pid, status = -5, ok = 1, n = 1, killed = 0;
    if (pipe(fds) < 0)
        return;
    if ((pid = fork()) == 0) {
        close(fds[0]);
        exit(stream_out(fds[1], round, total));
    }
    close(fds[1]);
    while (got < stop_at && n > 0 && (n = read(fds[0], in, (int)pick(600))) >= 0) {
        for (int i = 0; i < n; i++)
            ok &= in[i] == stream_byte(round, got + (unsigned)i);
        got += (unsigned)n;
    }
    EXPECT(ok && n >= 0);
    if (pid > 0 && got < total && pick(2))
        killed = kill(pid) == 0;
    close(fds[0]);
    if (pid > 0)
        EXPECT(wait(&status) == pid && (status == 0 || (killed && status == -1)));
}

/* ---- the crowd -------------------------------------------------------- */

/* A churner: `role` until main says stop; exits 0 when every check held. */
static void churner(const char *role, unsigned long seed, void (*step)(void))
{
    unsigned rounds = 0;
    crowd_role = role;
    rng = seed;
    while (!*crowd_stop) {
        step();
        rounds++;
    }
    printf("%s: %s: %u rounds\n", utest_name, role, rounds);
    exit(crowd_fails ? 1 : 0);
}

static unsigned piper_round;
static void piper_step(void) { pipe_round(piper_round++); }

/* `calls=N` among the arguments (the last one wins), or `fallback`. */
static int crowd_calls(int argc, char **argv, int fallback)
{
    int calls = fallback;
    for (int i = 1; i < argc; i++)
        if (memcmp(argv[i], "calls=", 6) == 0)
            calls = atoi(argv[i] + 6);
    return calls;
}

/* True when `without=ROLE` is among the arguments: that churner stays
 * out (to narrow down a failure). */
static int crowd_without(int argc, char **argv, const char *role)
{
    for (int i = 1; i < argc; i++)
        if (memcmp(argv[i], "without=", 8) == 0 && strcmp(argv[i] + 8, role) == 0)
            return 1;
    return 0;
}

/* Start the fuzzers (before the stop flag exists, so they never have
 * it), then the churners; their pids go to pids[0..FUZZERS) and
 * pids[FUZZERS..FUZZERS+3) (-1: not started). */
static void crowd_start(int argc, char **argv, unsigned long seed, int calls, int *pids)
{
    static void (*const steps[])(void) = {spawn_one, memory_step, piper_step};
    static const char *const roles[] = {"spawner", "memory", "piper"};
    for (int i = 0; i < FUZZERS + 3; i++)
        pids[i] = -1;
    for (int i = 0; i < FUZZERS; i++) {
        if ((pids[i] = fork()) == 0)
            exit(fuzz_calls(i + 1, (calls + FUZZERS - 1) / FUZZERS));
        CHECK(pids[i] > 0);
    }
    crowd_stop = (volatile int *)openshmem(CROWD_STOP_ID);
    CHECK(crowd_stop != 0);
    for (int i = 0; i < 3 && crowd_stop; i++) {
        if (crowd_without(argc, argv, roles[i]))
            continue;
        if ((pids[FUZZERS + i] = fork()) == 0)
            churner(roles[i], seed ^ (0xC0FFEEull * (unsigned)(i + 1)), steps[i]);
        CHECK(pids[FUZZERS + i] > 0);
    }
}

/* Run the crowd; returns main's exit status (0 passes).  As pid 1 it
 * reaps orphans too: a pid it did not start counts for nothing.  The
 * churners are told to stop once the last fuzzer is done. */
static int crowd_main(int argc, char **argv, int default_calls)
{
    unsigned long seed = fuzz_seed(argc, argv);
    int calls = crowd_calls(argc, argv, default_calls), pids[FUZZERS + 3], left = 0, fuzzing = 0;
    printf("%s: seed=%lu, %d calls from %d fuzzers among a spawner, a memory user and a piper\n",
           utest_name, seed, (calls + FUZZERS - 1) / FUZZERS * FUZZERS, FUZZERS);
    rng = seed;
    crowd_start(argc, argv, seed, calls, pids);
    for (int i = 0; i < FUZZERS + 3; i++)
        left += pids[i] > 0, fuzzing += i < FUZZERS && pids[i] > 0;
    if (fuzzing == 0 && crowd_stop)
        *crowd_stop = 1;
    while (left > 0) {
        int status = -5, pid = wait(&status), i = 0;
        if (pid < 0)
            break;
        while (i < FUZZERS + 3 && pids[i] != pid)
            i++;
        if (i == FUZZERS + 3)
            continue; /* an orphan */
        if (status != 0)
            printf("%s: process %d ended with status %d\n", utest_name, pid, status);
        CHECK(status == 0);
        left--;
        if (i < FUZZERS && --fuzzing == 0 && crowd_stop)
            *crowd_stop = 1;
    }
    CHECK(left == 0);
    while (wait(0) > 0)
        ; /* the last orphans */
    if (crowd_stop)
        CHECK(closeshmem(CROWD_STOP_ID) == 0);
    return utest_done();
}

#endif
