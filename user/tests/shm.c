// shm.c - openshmem/closeshmem: a second open in one process returns
// the same page and counts one more open; the page stays mapped until
// the opens reach zero; fork gives the child the mappings and opens;
// exit closes them; and the seed's counter program ends at 20.
#include "utest.h"

static int touch_after_close(const void *arg)
{
    char *p = openshmem(5);
    (void)arg;
    closeshmem(5);
    return *p; /* unmapped: the kernel kills us */
}

static int child_uses_inherited(const void *arg)
{
    char *p = (char *)(unsigned long)arg; /* the shared page: writable */
    p[1] = 'c';
    return closeshmem(9) == 0 && closeshmem(9) == 0 && closeshmem(9) == -1 ? 0 : 1;
}

static int run_counter(const void *arg)
{
    char *argv[] = {"shmcounter", 0};
    (void)arg;
    exec("shmcounter", argv);
    return 99;
}

int main(void)
{
    int before = frames();
    char *p, *q;
    utest_name = "shm";
    p = openshmem(9);
    CHECK(p != 0);
    q = openshmem(9);
    CHECK(q == p);
    p[0] = 'p';
    CHECK(run_child(child_uses_inherited, p) == 0);
    CHECK(p[1] == 'c');
    CHECK(closeshmem(9) == 0);
    CHECK(p[0] == 'p'); /* still one open */
    CHECK(closeshmem(9) == 0);
    CHECK(closeshmem(9) == -1);
    CHECK(run_child(touch_after_close, 0) == -1);
    CHECK(run_child(run_counter, 0) == 0);
    CHECK(frames() == before);
    return utest_done();
}
