// umip.c - ring 3 cannot read the descriptor-table registers: with UMIP
// on (proc/cpu.c; tools/qemu.sh gives QEMU's CPU the feature) sgdt,
// sidt, sldt, str and smsw raise a general-protection fault and the
// process is killed with one report line, status -1.
#include "utest.h"

static unsigned char table_reg[6]; /* sgdt/sidt's limit and base */

static int do_sgdt(const void *a)
{
    __asm__ volatile("sgdt %0" : "=m"(table_reg));
    return a != 0;
}
static int do_sidt(const void *a)
{
    __asm__ volatile("sidt %0" : "=m"(table_reg));
    return a != 0;
}
static int do_sldt(const void *a)
{
    unsigned short sel;
    __asm__ volatile("sldt %0" : "=m"(sel));
    return (a != 0) + (sel & 0);
}
static int do_str(const void *a)
{
    unsigned short sel;
    __asm__ volatile("str %0" : "=m"(sel));
    return (a != 0) + (sel & 0);
}
static int do_smsw(const void *a)
{
    unsigned short msw;
    __asm__ volatile("smsw %0" : "=m"(msw));
    return (a != 0) + (msw & 0);
}

int main(void)
{
    static const char *const names[] = {"sgdt", "sidt", "sldt", "str", "smsw"};
    int (*const readers[])(const void *) = {do_sgdt, do_sidt, do_sldt, do_str, do_smsw};
    utest_name = "umip";
    for (unsigned i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
        int status = run_child(readers[i], 0);
        if (status != -1)
            printf("umip: %s in ring 3 ended with status %d, not killed\n", names[i], status);
        CHECK(status == -1);
    }
    return utest_done();
}
