// forkfork.c - many short-lived copy-on-write spaces at once: 100 rounds
// of three children that each fork(); fork(); over a 1 MB region and
// write into it; the parent's bytes stay intact and every frame comes
// back (the runner checks the counts; cowcheck checks the references
// after every fork and exit).
#include "utest.h"

#define REGION  (1 << 20)
#define ROUNDS  100
#define STRIDE  PAGE_SIZE /* each process writes every page */
#define PARENTS 3

static unsigned char region[REGION];

/* One of the three children: fork twice, write, wait for the forks. */
static void child(int id)
{
    int a = fork(), b = fork(), bad = 0;
    for (int off = 0; off < REGION; off += STRIDE)
        region[off] = (unsigned char)(id + 1);
    for (int off = 0; off < REGION; off += STRIDE)
        bad |= region[off] != (unsigned char)(id + 1);
    for (int status = -2; wait(&status) > 0; status = -2) /* its own children, 0 to 2 */
        bad |= status != 0;
    exit(bad || a < 0 || b < 0);
}

int main(void)
{
    int before;
    utest_name = "forkfork";
    for (int off = 0; off < REGION; off += PAGE_SIZE)
        region[off] = 0xAB;
    before = frames();
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < PARENTS; i++) {
            int pid = fork();
            CHECK(pid >= 0);
            if (pid == 0)
                child(i);
        }
        for (int i = 0; i < PARENTS; i++) {
            int status = -2;
            CHECK(wait(&status) > 0 && status == 0);
        }
    }
    for (int off = 0; off < REGION; off += PAGE_SIZE)
        if (region[off] != 0xAB)
            CHECK(region[off] == 0xAB);
    CHECK(frames() == before);
    return utest_done();
}
