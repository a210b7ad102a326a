/*
 * boot.h - what the boot loader told us, copied out of the multiboot
 * information before paging is on, and the kernel command line.
 *
 * The command line is copied into boot_info.cmdline here; its words are
 * declared, parsed and listed (ARGS=help) in cmdline.h.
 *
 * Boot modules (QEMU's -initrd list, GRUB's module lines) are the user
 * programs; each is known by the last path component of the first word
 * of its module string.  Their frames are kept out of both frame pools.
 */
#ifndef SELFMAP_BOOT_H
#define SELFMAP_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#define BOOT_MAX_RANGES  32
#define BOOT_CMDLINE_MAX 256
#define BOOT_MAX_MODULES 128
#define BOOT_MODULE_NAME 32

struct mem_range {
    uint64_t start, end; /* [start, end) bytes, available RAM */
};

struct boot_module {
    unsigned long start, end; /* [start, end) physical bytes */
    char name[BOOT_MODULE_NAME];
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];
    unsigned n_modules;
    struct boot_module modules[BOOT_MAX_MODULES];
    bool have_map;
    unsigned n_ranges;
    struct mem_range ranges[BOOT_MAX_RANGES];
};

extern struct boot_info boot_info;

/* Copy the command line and memory map out of the multiboot info;
 * panics when `magic` is not the multiboot boot-loader magic. */
void boot_info_read(uint32_t magic, uint32_t mbi_addr);

/* The boot module called `name`, or NULL. */
const struct boot_module *boot_module_find(const char *name);

/* Panic unless the kernel image, which ends at kernel_end (linker.ld's
 * __kernel_end), lies below kernel_mem_pool (KERNEL_POOL_START, 2 MB).
 * linker.ld asserts the same at link time. */
void boot_check_kernel_end(unsigned long kernel_end);

/* Check the kernel's end (boot_check_kernel_end), then set up kernel_mem_pool (2-4 MB) and
 * process_mem_pool (4 MB to the end of memory the map reports, at least 32 MB, below 4 GB), marking
 * the 15-16 MB hole, the boot modules and every range the map does not report inaccessible. */
void boot_setup_frame_pools(void);

/* ---- boot hooks ------------------------------------------------------
 * Code linked into an image can ask to run at fixed points of kernel_main
 * without kernel.c naming it: the test harness (test=NAME) and the
 * benchmarks (bench) hook in this way, so build/kernel.bin, which links
 * neither, holds no trace of them.  A hook sees the command line and
 * either returns (nothing for it to do) or ends the run itself. */
enum boot_stage {
    BOOT_FRAME_POOLS_READY, /* frame pools exist, paging is still off */
    BOOT_PAGING_ON,         /* the kernel address space is loaded, interrupts on */
};

struct boot_hook {
    const char *name;
    void (*run)(enum boot_stage stage);
};

/* Define a hook: BOOT_HOOK(ktest, ktest_boot_hook); at file scope. */
#define BOOT_HOOK(n, fn)                                                                           \
    const struct boot_hook boot_hook_##n                                                           \
        __attribute__((used, section(".boot_hooks"), aligned(4))) = {#n, fn}

/* Run every linked hook for `stage`, in link order. */
void boot_run_hooks(enum boot_stage stage);

#endif
