// petmem_fork_with_no_frame_left.c - after fork, petmem calls need no
// frame for the bookkeeping fork shared.  A child fills its heap until
// no frame is free, then frees the petmem region it inherited and
// allocates one page: pet_free writes the pool's bookkeeping from the
// kernel, which must not take a copy-on-write fault that finds no
// frame (that used to stop the kernel).  The child must exit 0, and
// every frame must come back.
#include "sysnum.h"
#include "utest.h"

static char *region;

static int pet_free_rc(void *addr)
{
    int r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(SYS_pet_free), "b"(addr) : "memory");
    return r;
}

static int use_petmem_with_no_frame(const void *arg)
{
    char *base = sbrk(0), *p;
    int pages = 0, bad;
    (void)arg;
    while (frames() > 0) {
        p = sbrk(PAGE_SIZE);
        *p = 1;
        pages++;
    }
    bad = pet_free_rc(region) != 0;
    p = pet_malloc(PAGE_SIZE); /* a frame or none: either answer is clean */
    if (p)
        bad += pet_free_rc(p) != 0;
    sbrk(-pages * PAGE_SIZE);
    (void)base;
    return bad ? 3 : 0;
}

int main(void)
{
    int before = frames();
    utest_name = "petmem_fork_with_no_frame_left";
    CHECK(init_petmem() == 0);
    region = pet_malloc(16 * PAGE_SIZE);
    CHECK(region != 0);
    region[0] = 1;
    CHECK(run_child(use_petmem_with_no_frame, 0) == 0);
    CHECK(pet_free_rc(region) == 0);
    CHECK(frames() <= before); /* the pool's bookkeeping pages stay */
    return utest_done();
}
