/*
 * ktest.c - runs one in-kernel test and turns its outcome into a QEMU
 * exit status: EXIT_PASSED, EXIT_FAILED, or EXIT_PANICKED for an
 * unexpected fatal report.  The serial log says the same in words.
 */
#include "ktest.h"

#include "boot.h"
#include "cmdline.h"

extern const struct ktest __ktests_start[], __ktests_end[];

static const struct ktest *running;

/* The linker collects every descriptor between these two symbols. */
static size_t ktest_count(void)
{
    return ((uintptr_t)__ktests_end - (uintptr_t)__ktests_start) / sizeof(struct ktest);
}
static int failures;

const struct ktest *ktest_find(const char *name)
{
    for (size_t i = 0; i < ktest_count(); i++)
        if (strcmp(__ktests_start[i].name, name) == 0)
            return &__ktests_start[i];
    return NULL;
}

void ktest_list(void)
{
    for (size_t i = 0; i < ktest_count(); i++)
        kprintf("%s%s\n", __ktests_start[i].name, __ktests_start[i].death ? " (death)" : "");
}

int ktest_failures(void) { return failures; }

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    failures++;
    kprintf("CHECK FAILED at %s:%d: ", file, line);
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    console_puts("\n");
}

void ktest_finish(void)
{
    if (running->death) {
        kprintf("KTEST FAIL %s: returned, but should have died with \"%s\"\n", running->name,
                running->death);
        machine_exit(EXIT_FAILED);
    }
    if (failures) {
        kprintf("KTEST FAIL %s: %d check(s) failed\n", running->name, failures);
        machine_exit(EXIT_FAILED);
    }
    kprintf("KTEST PASS %s\n", running->name);
    machine_exit(EXIT_PASSED);
}

void ktest_run(const struct ktest *t)
{
    running = t;
    failures = 0;
    fatal_set_hook(ktest_on_fatal);
    kprintf("KTEST START %s\n", t->name);
    t->fn();
    ktest_finish();
}

void ktest_on_fatal(const char *report)
{
    if (!running)
        return;
    if (!running->death) {
        kprintf("KTEST FAIL %s: unexpected fatal report\n", running->name);
        return; /* exits as EXIT_PANICKED */
    }
    if (!strstr(report, running->death)) {
        kprintf("KTEST FAIL %s: report does not contain \"%s\"\n", running->name, running->death);
        machine_exit(EXIT_FAILED);
    }
    if (failures) {
        kprintf("KTEST FAIL %s: died as expected, but %d check(s) failed\n", running->name,
                failures);
        machine_exit(EXIT_FAILED);
    }
    kprintf("KTEST PASS %s (died as expected)\n", running->name);
    machine_exit(EXIT_PASSED);
}

/* test=NAME, at both boot stages: a test runs at the first stage its
 * flags allow (KT_BEFORE_PAGING: with paging still off). */
static void ktest_boot_hook(enum boot_stage stage)
{
    const char *name = word_name(WORD_TEST);
    const struct ktest *t;
    if (!name)
        return;
    if (strcmp(name, "list") == 0) {
        ktest_list();
        machine_exit(EXIT_PASSED);
    }
    t = ktest_find(name);
    if (!t) {
        kprintf("KTEST FAIL %s: no such test\n", name);
        machine_exit(EXIT_FAILED);
    }
    if (stage == BOOT_PAGING_ON || (t->flags & KT_BEFORE_PAGING))
        ktest_run(t);
}
BOOT_HOOK(ktest, ktest_boot_hook);
