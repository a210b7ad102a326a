/*
 * fuzz_shim.c - the kernel services the fuzzed sources call, for the
 * libFuzzer targets: panic (which aborts unless fuzz_panics() expects
 * it), error_name (kprintf: tests/host/host_console.c), and a small fake physical memory
 * behind direct_map_ptr for the frame pools' bitmaps; and demand paging
 * for a VM pool at its fixed address (here, because <sys/mman.h> cannot
 * share a file with shm.h: both declare shm_open).
 *
 * Why not tests/host/host_shim.c: that file brings the unit-test
 * registry and its own main(), and libFuzzer supplies main().  What the
 * two share is a dozen lines, so each keeps its own.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_FIXED_NOREPLACE, madvise */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"
#include "mmu.h"

#define FAKE_FRAMES PAGE_NO(DIRECT_MAP_END) /* every direct-mapped frame */

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0 /* not Linux: the address is a hint, and checked */
#endif

static jmp_buf *panic_jump;
char fuzz_panic_message[256];

void *direct_map_ptr(unsigned long frame)
{
    static unsigned char(*memory)[PAGE_SIZE];
    if (!memory)
        memory = calloc(FAKE_FRAMES, PAGE_SIZE);
    if (!memory || frame >= FAKE_FRAMES) {
        fprintf(stderr, "direct_map_ptr: frame %lu is not in the fake memory\n", frame);
        abort();
    }
    return memory[frame];
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fuzz_panic_message, sizeof(fuzz_panic_message), fmt, ap);
    va_end(ap);
    if (panic_jump)
        longjmp(*panic_jump, 1);
    fprintf(stderr, "unexpected PANIC at %s:%d: %s\n", file, line, fuzz_panic_message);
    abort();
}

bool fuzz_panics(void (*fn)(void *arg), void *arg)
{
    jmp_buf jb;
    panic_jump = &jb;
    if (setjmp(jb) != 0) {
        panic_jump = NULL;
        return true;
    }
    fn(arg);
    panic_jump = NULL;
    return false;
}

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "FUZZ CHECK FAILED at %s:%d: %s\n", file, line, what);
    abort();
}

const char *error_name(int code) { return code == 0 ? "E_OK" : "E_ERROR"; }

/* ---- demand paging for one reserved range -------------------------- */

#define MAX_DEMAND_PAGES 65536ul

static unsigned long demand_lo, demand_hi;
static bool (*demand_legitimate)(unsigned long address);
static unsigned char demand_backed[MAX_DEMAND_PAGES / 8];

bool fuzz_page_backed(unsigned long address)
{
    unsigned long i = (address - demand_lo) >> PAGE_SHIFT;
    if (address < demand_lo || address >= demand_hi)
        return false;
    return (demand_backed[i / 8] >> (i % 8)) & 1u;
}

bool fuzz_back_page(unsigned long address)
{
    unsigned long page = address & ~(PAGE_SIZE - 1), i = (page - demand_lo) >> PAGE_SHIFT;
    if (address < demand_lo || address >= demand_hi ||
        mprotect((void *)page, PAGE_SIZE, PROT_READ | PROT_WRITE) != 0)
        return false;
    demand_backed[i / 8] |= (unsigned char)(1u << (i % 8));
    return true;
}

/* SIGSEGV: back a legitimate page of the range, as the kernel's fault
 * handler would, or report the access and abort (libFuzzer saves the
 * input).  Runs while the faulting code is halfway through an update,
 * exactly like the kernel's handler. */
static void on_segv(int sig, siginfo_t *info, void *context)
{
    unsigned long a = (unsigned long)info->si_addr, page = a & ~(PAGE_SIZE - 1);
    unsigned long i = (page - demand_lo) >> PAGE_SHIFT;
    (void)sig, (void)context;
    if (a >= demand_lo && a < demand_hi && !fuzz_page_backed(a) && demand_legitimate(a) &&
        mprotect((void *)page, PAGE_SIZE, PROT_READ | PROT_WRITE) == 0) {
        demand_backed[i / 8] |= (unsigned char)(1u << (i % 8));
        return;
    }
    fprintf(stderr, "fuzz: illegitimate access to 0x%lx (%s)\n", a,
            a >= demand_lo && a < demand_hi ? "inside the demand-paged range"
                                            : "outside the demand-paged range");
    abort();
}

bool fuzz_demand_paging(unsigned long lo, unsigned long hi, bool (*legitimate)(unsigned long))
{
    struct sigaction sa;
    if ((hi - lo) >> PAGE_SHIFT > MAX_DEMAND_PAGES)
        return false;
    if (!demand_hi) {
        void *p = mmap((void *)lo, hi - lo, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != (void *)lo)
            return false;
        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = on_segv;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER;
        if (sigaction(SIGSEGV, &sa, NULL) != 0 || sigaction(SIGBUS, &sa, NULL) != 0)
            return false; /* macOS raises SIGBUS for PROT_NONE pages */
    } else if (lo != demand_lo || hi != demand_hi) {
        return false;
    }
    demand_lo = lo, demand_hi = hi, demand_legitimate = legitimate;
    return true;
}

bool fuzz_demand_reset(void)
{
    memset(demand_backed, 0, sizeof(demand_backed));
    return madvise((void *)demand_lo, demand_hi - demand_lo, MADV_DONTNEED) == 0 &&
           mprotect((void *)demand_lo, demand_hi - demand_lo, PROT_NONE) == 0;
}
