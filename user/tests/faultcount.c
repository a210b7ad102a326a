// faultcount.c - the kernel counts each process's resolved faults by
// kind: N fresh heap pages touched add exactly N demand-zero faults; a
// forked child's writes to shared pages add cow copies; the parent's
// writes after the child is gone add cow re-enables, not copies;
// pet_malloc'd pages add petmem faults; a child starts from zero.
#include "utest.h"

#define PAGES 5

static struct faultcount now(void)
{
    struct faultcount c;
    memset(&c, 0, sizeof(c));
    CHECK(faults(&c) == 0);
    return c;
}

static void touch(char *base, int pages, char v)
{
    for (int i = 0; i < pages; i++)
        base[i * PAGE_SIZE] = v;
}

static void fresh_heap_pages_add_demand_zero(void)
{
    char *base = sbrk(PAGES * PAGE_SIZE);
    struct faultcount before = now(), after;
    CHECK(base != (char *)-1);
    touch(base, PAGES, 1);
    after = now();
    CHECK(after.demand_zero == before.demand_zero + PAGES);
    CHECK(after.cow_copy == before.cow_copy && after.petmem == before.petmem);
    touch(base, PAGES, 2); // backed now: no fault
    CHECK(now().demand_zero == after.demand_zero);
    CHECK(sbrk(-PAGES * PAGE_SIZE) == base + PAGES * PAGE_SIZE);
}

/* In the child, while the parent waits: its writes copy. */
static int child_writes_copy(const void *arg)
{
    char *base = (char *)arg;
    struct faultcount before = now(), after;
    touch(base, PAGES, 3);
    after = now();
    return after.cow_copy == before.cow_copy + PAGES && after.cow_reuse == before.cow_reuse ? 0 : 1;
}

static int child_starts_from_zero(const void *arg)
{
    struct faultcount c = now();
    (void)arg;
    return c.demand_zero + c.petmem + c.swap_in + c.shm == 0 ? 0 : 1;
}

static void fork_then_write_adds_cow_faults(void)
{
    char *base = sbrk(PAGES * PAGE_SIZE);
    struct faultcount before, after;
    CHECK(base != (char *)-1);
    touch(base, PAGES, 1);
    CHECK(run_child(child_writes_copy, base) == 0);
    before = now();
    touch(base, PAGES, 4); // the child is gone: each page is only made writable again
    after = now();
    CHECK(after.cow_reuse == before.cow_reuse + PAGES);
    CHECK(after.cow_copy == before.cow_copy);
    CHECK(run_child(child_starts_from_zero, 0) == 0);
    CHECK(sbrk(-PAGES * PAGE_SIZE) == base + PAGES * PAGE_SIZE);
}

static void petmem_pages_add_petmem_faults(void)
{
    char *p;
    struct faultcount before, after;
    CHECK(init_petmem() == 0);
    p = pet_malloc(PAGES * PAGE_SIZE);
    CHECK(p != 0);
    before = now();
    touch(p, PAGES, 5);
    after = now();
    CHECK(after.petmem == before.petmem + PAGES);
    CHECK(after.demand_zero == before.demand_zero);
    pet_free(p);
}

int main(void)
{
    utest_name = "faultcount";
    fresh_heap_pages_add_demand_zero();
    fork_then_write_adds_cow_faults();
    petmem_pages_add_petmem_faults();
    return utest_done();
}
