/*
 * foundation_test.c - the console formatter, panics, exception reports
 * and the timer.
 */
#include "boot.h"
#include "cmdline.h"
#include "interrupts/pit.h"
#include "ktest.h"
#include "mmu.h"
#include "x86.h"

/* Selector index 16: past the end of the GDT (selectors put the index
 * where selector error codes do). */
#define BAD_SELECTOR (16u << SEL_ERR_INDEX_SHIFT)

extern char __kernel_end[];

static char out[128];

KTEST(kexpect_eq_compares_pointers_as_addresses)
{
    static int object;
    const int *p = &object;
    KEXPECT_EQ(p, &object);
    KEXPECT_EQ(KTEST_AS_LL(p), (long long)(uintptr_t)&object);
    KEXPECT_EQ(KTEST_AS_LL((void *)0xFFFFF000), 0xFFFFF000ll); /* no sign extension */
    KEXPECT_EQ(KTEST_AS_LL(-1), -1ll);                         /* integers keep theirs */
}

KTEST(kprintf_formats_integers)
{
    ksnprintf(out, sizeof(out), "%d|%u|%x|%X|%i", -42, 42u, 0xbeefu, 0xbeefu, 7);
    KEXPECT(strcmp(out, "-42|42|beef|BEEF|7") == 0);
    ksnprintf(out, sizeof(out), "%lu|%lld|%llx", 4000000000ul, -5000000000ll, 0x123456789abull);
    KEXPECT(strcmp(out, "4000000000|-5000000000|123456789ab") == 0);
}

KTEST(kprintf_pads_to_field_width)
{
    ksnprintf(out, sizeof(out), "[%5d][%-5d][%05d][%08x][%05d]", 42, 42, 42, 0xab, -42);
    KEXPECT(strcmp(out, "[   42][42   ][00042][000000ab][-0042]") == 0);
}

KTEST(kprintf_formats_strings_chars_pointers)
{
    ksnprintf(out, sizeof(out), "%s|%c|%p|%3s|%-3s|%%", "hi", 'x', (void *)0x1234, "a", "b");
    KEXPECT(strcmp(out, "hi|x|0x00001234|  a|b  |%") == 0);
    const char *volatile nothing = NULL; /* volatile: the compiler must not see the NULL */
    ksnprintf(out, sizeof(out), "%s", nothing);
    KEXPECT(strcmp(out, "(null)") == 0);
}

KTEST(ksnprintf_truncates_and_reports_length)
{
    char small[6];
    int n = ksnprintf(small, sizeof(small), "%s", "abcdefghij");
    KEXPECT_EQ(n, 10);
    KEXPECT(strcmp(small, "abcde") == 0);
}

KTEST(timer_ticks_at_100_hz)
{
    unsigned long start = pit_ticks();
    while (pit_ticks() < start + 5)
        cpu_halt();
    KEXPECT(pit_ticks() >= start + 5);
}

KTEST(command_line_names_the_test)
{
    char buf[64];
    KEXPECT(cmdline_value("test", buf, sizeof(buf)) != NULL);
    KEXPECT(strcmp(buf, "command_line_names_the_test") == 0);
    KEXPECT(cmdline_value("no_such_word", buf, sizeof(buf)) == NULL);
}

/* Append " word" to the command line the kernel booted with. */
static void cmdline_append(const char *word)
{
    size_t n = strlen(boot_info.cmdline);
    ksnprintf(boot_info.cmdline + n, sizeof(boot_info.cmdline) - n, " %s", word);
}

KTEST(cmdline_value_of_bare_key_at_the_end_is_empty)
{
    char buf[16];
    memset(buf, 'X', sizeof(buf)); /* what an unwritten buffer would show */
    cmdline_append("tail_key=");
    KEXPECT(cmdline_value("tail_key", buf, sizeof(buf)) == buf);
    KEXPECT_EQ(buf[0], '\0');
}

KTEST(cmdline_value_is_cut_to_the_buffer)
{
    char buf[4];
    cmdline_append("long_key=abcdef");
    KEXPECT(cmdline_value("long_key", buf, sizeof(buf)) == buf);
    KEXPECT(strcmp(buf, "abc") == 0);
}

KTEST(kernel_image_ends_below_kernel_pool)
{
    KEXPECT((unsigned long)(uintptr_t)__kernel_end <= KERNEL_POOL_START);
    boot_check_kernel_end((unsigned long)(uintptr_t)__kernel_end); /* passes */
}

KTEST_DEATH(boot_check_of_kernel_past_kernel_pool_panics,
            "past the start of kernel_mem_pool at 0x200000 (KERNEL_POOL_START")
{
    boot_check_kernel_end(KERNEL_POOL_START + PAGE_SIZE);
}

KTEST_DEATH(panic_reports_file_and_line, "PANIC at tests/kernel/foundation_test.c:")
{
    panic("on purpose");
}

KTEST_DEATH(assert_reports_the_condition, "assertion failed: 1 == 2") { assert(1 == 2); }

static volatile int zero;

KTEST_DEATH(divide_error_gets_a_report, "EXCEPTION 0: Divide Error")
{
    volatile int x = 10 / zero;
    (void)x;
}

KTEST_DEATH(exception_report_shows_registers, "EAX 0x") { ud2(); }

KTEST_DEATH(general_protection_decodes_selector, "selector index")
{
    /* Load a selector past the end of the GDT: #GP with an error code. */
    load_ds(BAD_SELECTOR);
}
