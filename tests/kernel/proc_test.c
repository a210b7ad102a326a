/*
 * proc_test.c - the machine under user mode, tested from the kernel:
 * a process-style kernel stack (kernel_mem_pool frames, the page below
 * unmapped with page_table_set_shared_guard) reports its overflow as a
 * double fault naming the kernel stack, exactly as the boot stack does;
 * the guard is mapped again afterwards; and the user copy routines
 * refuse an address space that has no user regions.
 *
 * The user-level behaviour (processes, system calls, faults, frame
 * accounting) is tested by the programs in user/tests (make test T=user_).
 */
#include "cont_frame_pool.h"
#include "interrupts/exceptions.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "proc.h"
#include "uvm.h"

static volatile unsigned depth, depth_limit = ~0u; /* never reached: the guard is */

static __attribute__((noinline)) void recurse(void)
{
    volatile char pad[256];
    pad[0] = (char)depth++;
    if (depth < depth_limit)
        recurse();
    pad[1] = pad[0];
}

/* Run recurse() on the stack whose top is `top`. */
static void run_on_stack(unsigned long top)
{
    __asm__ volatile("mov %0, %%esp\n\tcall *%1" ::"r"(top), "r"(recurse) : "memory");
}

KTEST_DEFAULT_FRAMES_ONLY(process_kernel_stack_overflow_is_reported);
KTEST_DEATH(process_kernel_stack_overflow_is_reported,
            "kernel stack overflow (ESP reached the guard page)")
{
    unsigned long f = cont_frame_pool_get_frames(&kernel_mem_pool, 1 + PROC_KSTACK_PAGES);
    unsigned long guard = PAGE_ADDR(f), top = PAGE_ADDR(f + 1 + PROC_KSTACK_PAGES);
    KASSERT(f != 0);
    page_table_set_shared_guard(guard, true);
    exception_set_kernel_stack(guard, guard + PAGE_SIZE, top);
    run_on_stack(top);
}

KTEST(shared_guard_page_is_unmapped_and_mapped_again)
{
    unsigned long f = cont_frame_pool_get_frames(&kernel_mem_pool, 1 + PROC_KSTACK_PAGES);
    unsigned long guard = PAGE_ADDR(f);
    KASSERT(f != 0);
    KEXPECT(pte_is_present(page_table_lookup(guard)));
    page_table_set_shared_guard(guard, true);
    KEXPECT(!pte_is_present(page_table_lookup(guard)));
    page_table_set_shared_guard(guard, false);
    KEXPECT(pte_is_present(page_table_lookup(guard)));
    KEXPECT(!(page_table_lookup(guard) & PTE_USER));
    KEXPECT_EQ(cont_frame_pool_release_frames(f), 0);
}

KTEST(copyin_refuses_a_space_without_user_regions)
{
    char buf[16];
    KEXPECT_EQ(uvm_copyin(buf, USER_BASE, sizeof(buf)), -1); /* kernel space: no pt->user */
    KEXPECT_EQ(uvm_copyin(buf, 0x100000, sizeof(buf)), -1);  /* the kernel image */
    KEXPECT_EQ(uvm_copyout(0x100000, buf, sizeof(buf)), -1);
    KEXPECT_EQ(uvm_copyinstr(buf, 0x100000, sizeof(buf)), -1);
}
