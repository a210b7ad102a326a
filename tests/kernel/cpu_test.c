/*
 * cpu_test.c - the kernel never uses the FPU: once user mode is set up
 * (trap_init, which runs sched_init and so cpu_init, and routes #NM to
 * its handler), CR0.TS is set while no process owns
 * the FPU, and an x87 instruction in ring 0 ends in a report instead of
 * touching some process's registers.
 */
#include "ktest.h"
#include "proc.h"
#include "trap.h"
#include "x86.h"

KTEST(cpu_user_mode_setup_sets_ts_and_osfxsr)
{
    sched_init();
    KEXPECT(read_cr0() & CR0_TS);
    KEXPECT(read_cr4() & CR4_OSFXSR);
    KEXPECT(fpu_owner == NULL);
    KEXPECT_EQ((read_cr4() & CR4_UMIP) != 0, cpu_umip_on()); /* set exactly when reported */
}

KTEST_DEATH(cpu_fpu_instruction_in_the_kernel_is_reported, "the kernel used the FPU")
{
    trap_init();
    __asm__ volatile("fninit");
}
