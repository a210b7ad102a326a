/*
 * boot.c - reading the multiboot information and laying out the frame
 * pools from it.
 */
#include "boot.h"

#include "cont_frame_pool.h"
#include "console.h"
#include "mmu.h"
#include "multiboot.h"
#include "utils.h"

extern char __kernel_end[]; /* linker.ld: the end of the kernel image, bss included */

struct boot_info boot_info;

static void read_map(const struct multiboot_info *mbi)
{
    uint32_t off = 0;
    while (off < mbi->mmap_length && boot_info.n_ranges < BOOT_MAX_RANGES) {
        const struct multiboot_mmap_entry *e =
            (const struct multiboot_mmap_entry *)(uintptr_t)(mbi->mmap_addr + off);
        if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->len) {
            boot_info.ranges[boot_info.n_ranges].start = e->addr;
            boot_info.ranges[boot_info.n_ranges].end = e->addr + e->len;
            boot_info.n_ranges++;
        }
        off += e->size + sizeof(e->size);
    }
    boot_info.have_map = true;
}

/* The module's name: the last path component of its string's first word. */
static void module_name(const char *s, char *name)
{
    const char *base = s;
    unsigned n = 0;
    for (const char *c = s; *c && *c != ' '; c++)
        if (*c == '/')
            base = c + 1;
    while (base[n] && base[n] != ' ' && n < BOOT_MODULE_NAME - 1) {
        name[n] = base[n];
        n++;
    }
    name[n] = '\0';
}

static void read_modules(const struct multiboot_info *mbi)
{
    const struct multiboot_module *m = (const struct multiboot_module *)(uintptr_t)mbi->mods_addr;
    for (uint32_t i = 0; i < mbi->mods_count && boot_info.n_modules < BOOT_MAX_MODULES; i++) {
        struct boot_module *b = &boot_info.modules[boot_info.n_modules++];
        b->start = m[i].mod_start;
        b->end = m[i].mod_end;
        module_name(m[i].string ? (const char *)(uintptr_t)m[i].string : "", b->name);
    }
}

const struct boot_module *boot_module_find(const char *name)
{
    for (unsigned i = 0; i < boot_info.n_modules; i++)
        if (strcmp(boot_info.modules[i].name, name) == 0)
            return &boot_info.modules[i];
    return NULL;
}

/* Keep the modules' frames inside `pool` from ever being handed out. */
static void reserve_modules(struct cont_frame_pool *pool)
{
    unsigned long lo = pool->base_frame_no, hi = lo + pool->n_frames;
    for (unsigned i = 0; i < boot_info.n_modules; i++) {
        unsigned long first = PAGE_NO(boot_info.modules[i].start);
        unsigned long end = PAGE_NO(PAGE_ROUND_UP(boot_info.modules[i].end));
        first = MAX(first, lo), end = MIN(end, hi);
        if (first < end && first < pool->info_frame_no + pool->n_info_frames &&
            end > pool->info_frame_no)
            panic("boot_setup_frame_pools: module %s lies on the bitmaps of %s",
                  boot_info.modules[i].name, pool->name);
        if (first < end && cont_frame_pool_mark_inaccessible(pool, first, end - first) < 0)
            panic("boot_setup_frame_pools: module %s overlaps the bitmaps of %s",
                  boot_info.modules[i].name, pool->name);
    }
}

/* The first frame at or after `f` that no module covers.  QEMU and GRUB
 * load modules right after the kernel image, so with enough of them
 * they reach past 2 MB into kernel_mem_pool, whose bitmap would
 * otherwise go in its first frame, over a module's bytes. */
static unsigned long first_frame_past_modules(unsigned long f)
{
    for (bool moved = true; moved;) {
        moved = false;
        for (unsigned i = 0; i < boot_info.n_modules; i++) {
            unsigned long first = PAGE_NO(boot_info.modules[i].start);
            unsigned long end = PAGE_NO(PAGE_ROUND_UP(boot_info.modules[i].end));
            if (f >= first && f < end)
                f = end, moved = true;
        }
    }
    return f;
}

/* kernel_mem_pool, with its bitmap in its first frame no module covers. */
static void setup_kernel_pool(void)
{
    unsigned long kbase = PAGE_NO(KERNEL_POOL_START), n = PAGE_NO(KERNEL_POOL_END) - kbase;
    unsigned long info = first_frame_past_modules(kbase);
    unsigned long need = cont_frame_pool_needed_info_frames(n);
    if (info + need > kbase + n)
        panic("boot_setup_frame_pools: the boot modules fill kernel_mem_pool");
    cont_frame_pool_init(&kernel_mem_pool, kbase, n, info == kbase ? 0 : info);
    kernel_mem_pool.name = "kernel_mem_pool";
    if (info != kbase && cont_frame_pool_mark_inaccessible(&kernel_mem_pool, info, need) < 0)
        panic("boot_setup_frame_pools: cannot keep kernel_mem_pool's bitmap frames");
    reserve_modules(&kernel_mem_pool);
}

void boot_info_read(uint32_t magic, uint32_t mbi_addr)
{
    const struct multiboot_info *mbi = (const struct multiboot_info *)(uintptr_t)mbi_addr;
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("boot_info_read: not started by a multiboot loader (magic 0x%x)", (unsigned)magic);
    if (mbi->flags & MULTIBOOT_INFO_CMDLINE) {
        const char *s = (const char *)(uintptr_t)mbi->cmdline;
        unsigned i = 0;
        while (i < BOOT_CMDLINE_MAX - 1 && s[i]) {
            boot_info.cmdline[i] = s[i];
            i++;
        }
        boot_info.cmdline[i] = '\0';
    }
    if (mbi->flags & MULTIBOOT_INFO_MEM_MAP)
        read_map(mbi);
    if (mbi->flags & MULTIBOOT_INFO_MODS)
        read_modules(mbi);
}

/* The end of the process pool, in frames: the top of RAM below 4 GB,
 * but never less than MP4's 32 MB. */
static unsigned long memory_end_frame(void)
{
    uint64_t top = DEFAULT_MEMORY_END;
    for (unsigned i = 0; i < boot_info.n_ranges; i++)
        if (boot_info.ranges[i].end > top)
            top = boot_info.ranges[i].end;
    if (top > (uint64_t)PHYS_LIMIT_FRAMES << PAGE_SHIFT)
        top = (uint64_t)PHYS_LIMIT_FRAMES << PAGE_SHIFT;
    return (unsigned long)(top >> PAGE_SHIFT);
}

/* Is frame f inside a range the memory map reports as available? */
static bool frame_available(unsigned long f)
{
    uint64_t a = (uint64_t)f << PAGE_SHIFT;
    if (!boot_info.have_map)
        return true;
    for (unsigned i = 0; i < boot_info.n_ranges; i++)
        if (a >= boot_info.ranges[i].start && a + PAGE_SIZE <= boot_info.ranges[i].end)
            return true;
    return false;
}

/* Mark every frame of the process pool the map does not report. */
static void mark_unreported(struct cont_frame_pool *pool)
{
    unsigned long end = pool->base_frame_no + pool->n_frames;
    for (unsigned long f = pool->base_frame_no; f < end;) {
        unsigned long g = f;
        if (frame_available(f)) {
            f++;
            continue;
        }
        while (g < end && !frame_available(g))
            g++;
        if (cont_frame_pool_mark_inaccessible(pool, f, g - f) < 0)
            panic("boot_setup_frame_pools: cannot mark frames 0x%lx-0x%lx", f, g);
        f = g;
    }
}

void boot_check_kernel_end(unsigned long kernel_end)
{
    if (kernel_end > KERNEL_POOL_START)
        panic("boot_check_kernel_end: the kernel image ends at 0x%lx (__kernel_end), past the "
              "start of kernel_mem_pool at 0x%lx (KERNEL_POOL_START, mmu.h), which would "
              "hand out frames of the kernel itself",
              kernel_end, (unsigned long)KERNEL_POOL_START);
}

void boot_setup_frame_pools(void)
{
    unsigned long pbase = PAGE_NO(PROCESS_POOL_START);
    unsigned long pframes = memory_end_frame() - pbase, info;
    boot_check_kernel_end((unsigned long)(uintptr_t)__kernel_end);
    setup_kernel_pool();
    info =
        cont_frame_pool_get_frames(&kernel_mem_pool, cont_frame_pool_needed_info_frames(pframes));
    if (!info)
        panic("boot_setup_frame_pools: no kernel frames for the process pool's bitmaps");
    cont_frame_pool_init(&process_mem_pool, pbase, pframes, info);
    process_mem_pool.name = "process_mem_pool";
    reserve_modules(&process_mem_pool);
    if (cont_frame_pool_mark_inaccessible(&process_mem_pool, PAGE_NO(MEMORY_HOLE_START),
                                          PAGE_NO(MEMORY_HOLE_SIZE)) < 0)
        panic("boot_setup_frame_pools: cannot mark the 15-16 MB hole");
    mark_unreported(&process_mem_pool);
}

extern const struct boot_hook __boot_hooks_start[], __boot_hooks_end[];

void boot_run_hooks(enum boot_stage stage)
{
    /* The linker collects every hook between the two symbols. */
    size_t n =
        ((uintptr_t)__boot_hooks_end - (uintptr_t)__boot_hooks_start) / sizeof(struct boot_hook);
    for (size_t i = 0; i < n; i++)
        __boot_hooks_start[i].run(stage);
}
