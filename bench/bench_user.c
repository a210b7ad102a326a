/*
 * bench_user.c - the kernel side of user mode's figures: copyin and
 * copyout of 4 KB against a bare `rep movsl` of 4 KB.
 *
 * Design.  A fresh address space is given a user heap (struct uvm, as a
 * process has) of a few pages, which the first copyout backs; then each
 * copy is timed on pages that are present, so the figure is the checks
 * plus the copy itself.  The buffers are page-aligned, so 4 KB is one
 * page: the common case of a pipe or console chunk.  The process-level
 * figures (getpid, yield, fork) come from user/ubench.c, which
 * tools/bench.sh runs as init=ubench in a second boot.
 */
#include "bench/bench.h"

#include "mmu.h"
#include "page_table.h"
#include "utils.h"
#include "uvm.h"

#define COPY_BYTES    PAGE_SIZE
#define COPY_SAMPLES  64
#define QUICK_SAMPLES 16
#define HEAP_PAGES    4
#define RATIO_DIGITS  3

static struct page_table pt;
static struct uvm heap_only;
static uint8_t kbuf[COPY_BYTES] __attribute__((aligned(PAGE_SIZE)));
static uint8_t kbuf2[COPY_BYTES] __attribute__((aligned(PAGE_SIZE)));
static struct bench_samples samples;

static void movsl(void *d, const void *s, unsigned long n)
{
    unsigned long words = n / sizeof(uint32_t);
    __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words)::"memory");
}

/* Time `op` (0 copyin, 1 copyout, 2 rep movsl) `n` times; the median. */
static uint32_t time_copies(int op, unsigned n)
{
    bench_samples_reset(&samples);
    for (unsigned i = 0; i < n; i++) {
        bool irq = bench_section_begin();
        uint32_t t0 = bench_now();
        int rc = op == 0   ? uvm_copyin(kbuf, USER_BASE, COPY_BYTES)
                 : op == 1 ? uvm_copyout(USER_BASE, kbuf, COPY_BYTES)
                           : (movsl(kbuf2, kbuf, COPY_BYTES), 0);
        uint32_t t1 = bench_now();
        bench_section_end(irq, "copyin/copyout");
        if (rc != 0)
            bench_fail("bench_user_copy: copy %d failed", op);
        bench_add(&samples, t0, t1);
    }
    return bench_median(&samples);
}

void bench_user_copy(bool quick)
{
    unsigned n = quick ? QUICK_SAMPLES : COPY_SAMPLES;
    uint32_t in, out, movs;
    bench_space_enter(&pt);
    heap_only.image_end = USER_BASE;
    heap_only.brk = USER_BASE + PAGE_ADDR(HEAP_PAGES);
    pt.user = &heap_only;
    if (uvm_copyout(USER_BASE, kbuf, COPY_BYTES) != 0) /* backs the page */
        bench_fail("bench_user_copy: the first copyout failed");
    in = time_copies(0, n);
    out = time_copies(1, n);
    movs = time_copies(2, n);
    bench_report("user.copyin.4k", in, "instr", "uvm_copyin of 4 KB from a present user page");
    bench_report("user.copyout.4k", out, "instr", "uvm_copyout of 4 KB to a present user page");
    bench_report("user.movsl.4k", movs, "instr", "a bare rep movsl of 4 KB (the baseline)");
    bench_report_ratio("user.copyin_ratio", in, movs, RATIO_DIGITS, "x",
                       "copyin against rep movsl (target <= 1.2)");
    bench_report_ratio("user.copyout_ratio", out, movs, RATIO_DIGITS, "x",
                       "copyout against rep movsl (target <= 1.2)");
    pt.user = NULL;
    bench_space_leave(&pt, NULL, 0);
}
