// petmem_harness.c - petmem's harness declarations (petmem_harness.h)
// compile beside user.h, and pet_invlpg works: after it a page of
// petmem keeps its contents and its frame, it accepts any address
// (a kernel address or NULL is ignored, nothing is killed), and every
// frame comes back.  (tlb_pet_invlpg_drops_the_old_translation shows
// the flush itself, from the kernel's side.)
#include "user.h"
#include "petmem_harness.h"
#include "utest.h"

/* The pool's first allocation backs its bookkeeping, which stays until
 * exit: one round first, so the frame count compares like with like. */
static void warm_up(void)
{
    char *q = pet_malloc(2 * PAGE_SIZE);
    CHECK(q != 0);
    if (q) {
        q[0] = q[PAGE_SIZE] = 1;
        pet_free(q);
    }
}

int main(void)
{
    int f0, frame;
    char *p;
    utest_name = "petmem_harness";
    CHECK(init_petmem() == 0);
    warm_up();
    f0 = frames();
    p = pet_malloc(2 * PAGE_SIZE);
    CHECK(p != 0);
    if (!p)
        return utest_done();
    p[0] = 'a', p[PAGE_SIZE] = 'b';
    frame = frameof(p);
    pet_invlpg(p);
    pet_invlpg(p + PAGE_SIZE);
    CHECK(p[0] == 'a' && p[PAGE_SIZE] == 'b');
    CHECK(frameof(p) == frame);
    pet_invlpg(0);                    /* not a user address: ignored */
    pet_invlpg((void *)0x100000);     /* the kernel image: ignored */
    pet_invlpg((void *)0xfffff000ul); /* the recursive window: ignored */
    pet_invlpg(p + 64 * PAGE_SIZE);   /* petmem, not allocated: harmless */
    pet_dump();
    pet_free(p);
    CHECK(frames() == f0);
    return utest_done();
}
