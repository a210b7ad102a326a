/*
 * entry_test.c - the entry invariant from ring 0: an exception or an
 * interrupt taken while the kernel itself runs with EFLAGS.DF set gets
 * DF clear in its handler (common_stub's cld) and gives DF back set.
 * The ring-3 side (system calls, faults, swap, exec) is in
 * user/tests/direction_flag*.c.
 */
#include "cont_frame_pool.h"
#include "fixtures.h"
#include "interrupts/pit.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "vm_pool_registry.h"

#define POOL_BASE  (512 * MB)
#define POOL_SIZE  (4 * MB)
#define WORDS      (PAGE_SIZE / sizeof(uint32_t))
#define BELOW_WORD 0x5A5A5A5Au
#define STORED     0x12345678u
#define STORE_AT   7 /* the word of the new page the store writes */

static struct vm_pool pool;

/* Store v at p with DF set; returns EFLAGS as the store left it. */
static unsigned long store_with_df(volatile uint32_t *p, uint32_t v)
{
    unsigned long flags;
    __asm__ volatile("std\n\tmovl %1, (%2)\n\tpushfl\n\tpopl %0\n\tcld"
                     : "=r"(flags)
                     : "r"(v), "r"(p)
                     : "memory", "cc");
    return flags;
}

/* Words of the page at w that differ from `expect` (but for word
 * `skip`, when it is below WORDS). */
static unsigned long words_not(const volatile uint32_t *w, uint32_t expect, unsigned long skip)
{
    unsigned long n = 0;
    for (unsigned long i = 0; i < WORDS; i++)
        n += i != skip && w[i] != expect;
    return n;
}

KTEST(entry_ring0_fault_with_df_set_zeroes_only_the_new_page)
{
    unsigned long before = page_table_free_frames();
    vm_pool_init(&pool, POOL_BASE, POOL_SIZE, &process_mem_pool, &kernel_page_table);
    unsigned long a = vm_pool_allocate(&pool, 2 * PAGE_SIZE);
    volatile uint32_t *below = (volatile uint32_t *)a, *fresh = below + WORDS;
    KEXPECT(a != 0);
    fill_words((void *)a, BELOW_WORD, WORDS);
    unsigned long flags = store_with_df(&fresh[STORE_AT], STORED);
    KEXPECT(flags & EFLAGS_DF); /* iret gave the interrupted code its DF back */
    KEXPECT_EQ(words_not(below, BELOW_WORD, WORDS), 0);
    KEXPECT_EQ(fresh[STORE_AT], STORED);
    KEXPECT_EQ(words_not(fresh, 0, STORE_AT), 0);
    KEXPECT_EQ(vm_pool_release(&pool, a), E_OK);
    fixture_pool_teardown(&pool);
    KEXPECT_EQ(page_table_free_frames(), before);
}

static volatile unsigned long hook_flags, hook_calls;

/* A tick hook: EFLAGS as the timer interrupt's C code sees it. */
static void record_flags(struct regs *r)
{
    unsigned long flags;
    (void)r;
    __asm__ volatile("pushfl\n\tpopl %0" : "=r"(flags));
    hook_flags = flags;
    hook_calls++;
}

KTEST(entry_irq_with_df_set_runs_its_handler_with_df_clear)
{
    unsigned long flags = 0;
    pit_add_tick_hook(record_flags);
    /* Wait for a timer interrupt with DF set (another IRQ may end hlt first). */
    while (!hook_calls)
        __asm__ volatile("std\n\tsti\n\thlt\n\tcli\n\tpushfl\n\tpopl %0\n\tcld"
                         : "=r"(flags)::"memory", "cc");
    KEXPECT_EQ(hook_flags & EFLAGS_DF, 0);
    KEXPECT(flags & EFLAGS_DF); /* and the interrupted code got its DF back */
}
