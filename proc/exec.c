/*
 * exec.c - loading a user program (an ELF32 boot module) into a fresh
 * address space.
 *
 * Why build aside and swap: exec must leave the process unchanged when
 * anything is wrong, so the ELF is validated completely before any
 * frame is taken, the arguments are copied into a kernel staging area
 * while the old space is still loaded, and the new space is built
 * unloaded (uvm_map_in, through kmap) in a scratch struct page_table.
 * Only when every page is in place is the old space destroyed and the
 * new one moved into the process.  Module bytes are read through kmap
 * too, so modules may sit anywhere in physical memory.
 *
 * The stack starts as the argument block at USER_STACK_TOP:
 *
 *   USER_STACK_TOP -> +--------------------+
 *                     | argument strings   |
 *                     | argv[0..argc], NULL|
 *                     | (padding to 16)    |
 *                     | argv (pointer)     |
 *   initial esp ----> | argc               |
 *
 * crt0 (user/crt0.asm) calls main(argc, argv) and exit()s with its value.
 */
#include "exec.h"

#include "boot.h"
#include "cont_frame_pool.h"
#include "frame_source.h"
#include "interrupts/gdt.h"
#include "proc.h"
#include "utils.h"

#define EI_NIDENT   16
#define ELF_MAGIC   0x464C457Fu /* "\177ELF", little-endian */
#define ELFCLASS32  1
#define ELFDATA2LSB 1
#define ET_EXEC     2
#define EM_386      3
#define PT_LOAD     1
#define PF_X        1
#define PF_W        2
#define EXEC_MAXPH  16
#define STACK_ALIGN 16u
#define ARG_FRAMES  PAGE_NO(EXEC_ARG_MAX)
/* Room kept for argv[], argc, argv and the alignment padding. */
#define ARG_RESERVE ((EXEC_MAXARG + 8) * sizeof(uint32_t) + STACK_ALIGN)

struct elf_header {
    uint8_t ident[EI_NIDENT];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} __attribute__((packed));

struct elf_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
} __attribute__((packed));

struct elf_image {
    const struct boot_module *mod;
    struct elf_header eh;
    struct elf_phdr ph[EXEC_MAXPH];
    unsigned long start; /* page-rounded-down start of the lowest segment */
    unsigned long end;   /* page-rounded end of the highest segment */
};

static struct page_table scratch; /* the space being built (exec never blocks) */

/* HANDOUT user.part1 BEGIN: exec - find the program's boot module, validate the whole ELF32
 * (header, class, machine, every PT_LOAD segment inside the user image area, filesz <= memsz, no
 * overlap, entry in an executable segment) before taking any frame; build the new address space
 * aside with its segments and the argument block on the stack; only then swap it into the process.
 * -1 with the process unchanged on any failure */
/* Copy n bytes at offset off of module m into dst; -1 past its end. */
static int module_read(const struct boot_module *m, unsigned long off, void *dst, unsigned long n)
{
    unsigned long size = m->end - m->start;
    char *d = dst;
    if (off > size || n > size - off)
        return -1;
    while (n) {
        unsigned long pa = m->start + off, chunk = MIN(n, PAGE_SIZE - PGOFF(pa));
        char *page = kmap(PAGE_NO(pa));
        memcpy(d, page + PGOFF(pa), chunk);
        kunmap(page);
        d += chunk, off += chunk, n -= chunk;
    }
    return 0;
}

static bool header_ok(const struct elf_header *eh)
{
    uint32_t magic;
    memcpy(&magic, eh->ident, sizeof(magic));
    return magic == ELF_MAGIC && eh->ident[4] == ELFCLASS32 && eh->ident[5] == ELFDATA2LSB &&
           eh->type == ET_EXEC && eh->machine == EM_386 &&
           eh->phentsize == sizeof(struct elf_phdr) && eh->phnum >= 1 && eh->phnum <= EXEC_MAXPH;
}

/* A PT_LOAD segment that fits the file and the image area. */
static bool segment_ok(const struct elf_phdr *ph, unsigned long file_size)
{
    return ph->filesz <= ph->memsz && ph->memsz > 0 && ph->offset <= file_size &&
           ph->filesz <= file_size - ph->offset && ph->vaddr >= USER_BASE &&
           ph->vaddr < USER_IMAGE_END && ph->memsz <= USER_IMAGE_END - ph->vaddr;
}

static bool pages_overlap(const struct elf_phdr *a, const struct elf_phdr *b)
{
    return PAGE_ROUND_DOWN(a->vaddr) < PAGE_ROUND_UP(b->vaddr + b->memsz) &&
           PAGE_ROUND_DOWN(b->vaddr) < PAGE_ROUND_UP(a->vaddr + a->memsz);
}

/* Read and check everything exec relies on; false for any bad ELF. */
static bool validate(struct elf_image *img)
{
    unsigned long size = img->mod->end - img->mod->start;
    bool entry_ok = false;
    if (module_read(img->mod, 0, &img->eh, sizeof(img->eh)) < 0 || !header_ok(&img->eh) ||
        module_read(img->mod, img->eh.phoff, img->ph, img->eh.phnum * sizeof(struct elf_phdr)) < 0)
        return false;
    img->start = USER_IMAGE_END, img->end = 0;
    for (unsigned i = 0; i < img->eh.phnum; i++) {
        const struct elf_phdr *ph = &img->ph[i];
        if (ph->type != PT_LOAD)
            continue;
        if (!segment_ok(ph, size))
            return false;
        for (unsigned j = 0; j < i; j++)
            if (img->ph[j].type == PT_LOAD && pages_overlap(ph, &img->ph[j]))
                return false;
        if ((ph->flags & PF_X) && img->eh.entry - ph->vaddr < ph->memsz)
            entry_ok = true;
        img->start = MIN(img->start, PAGE_ROUND_DOWN(ph->vaddr));
        img->end = MAX(img->end, PAGE_ROUND_UP(ph->vaddr + ph->memsz));
    }
    return entry_ok;
}

/* Map fresh frames at [va, va + n pages) of the scratch space, each
 * filled by fill(arg, page_va, kernel pointer to the zeroed page). */
static int map_pages(unsigned long va, unsigned long n, unsigned long flags,
                     void (*fill)(const void *arg, unsigned long va, char *page), const void *arg)
{
    for (unsigned long i = 0; i < n; i++, va += PAGE_SIZE) {
        struct frame_source *src = page_table_frames();
        unsigned long frame = frame_source_get(src);
        char *page;
        if (!frame)
            return E_NOMEM;
        page = kmap(frame);
        fill_words(page, 0, PAGE_SIZE / sizeof(uint32_t));
        fill(arg, va, page);
        kunmap(page);
        if (uvm_map_in_pageable(&scratch, va, frame, flags) < 0) {
            frame_source_must_put(page_table_frames(), frame, "exec");
            return E_NOMEM;
        }
    }
    return E_OK;
}

struct seg_fill {
    const struct boot_module *mod;
    const struct elf_phdr *ph;
};

/* The file bytes of a segment that land on page va. */
static void fill_segment(const void *arg, unsigned long va, char *page)
{
    const struct seg_fill *s = arg;
    unsigned long lo = MAX(va, s->ph->vaddr),
                  hi = MIN(va + PAGE_SIZE, s->ph->vaddr + s->ph->filesz);
    if (lo < hi)
        module_read(s->mod, s->ph->offset + (lo - s->ph->vaddr), page + (lo - va), hi - lo);
}

static int load_elf_segments(const struct elf_image *img)
{
    for (unsigned i = 0; i < img->eh.phnum; i++) {
        const struct elf_phdr *ph = &img->ph[i];
        struct seg_fill s = {img->mod, ph};
        unsigned long first = PAGE_ROUND_DOWN(ph->vaddr);
        unsigned long flags = PTE_USER | ((ph->flags & PF_W) ? PTE_WRITABLE : 0);
        if (ph->type != PT_LOAD)
            continue;
        if (map_pages(first, PAGE_NO(PAGE_ROUND_UP(ph->vaddr + ph->memsz) - first), flags,
                      fill_segment, &s) < 0)
            return E_NOMEM;
    }
    return E_OK;
}

/* The argument block, built in kernel frames: buf holds the image of
 * [USER_STACK_TOP - EXEC_ARG_MAX, USER_STACK_TOP). */
struct args {
    char *buf;
    unsigned long used; /* bytes of strings, from the bottom of buf */
    unsigned long off[EXEC_MAXARG];
    int argc;
    unsigned long size; /* the finished block's size, from the top */
};

static int add_arg(struct args *a, unsigned long src, bool user)
{
    unsigned long room = EXEC_ARG_MAX - a->used - ARG_RESERVE;
    int n;
    if (a->argc == EXEC_MAXARG)
        return -1;
    if (user) {
        n = uvm_copyinstr(a->buf + a->used, src, room);
    } else {
        n = (int)strlen((const char *)src);
        if ((unsigned long)n >= room)
            return -1;
        memcpy(a->buf + a->used, (const char *)src, (size_t)n + 1);
    }
    if (n < 0)
        return -1;
    a->off[a->argc++] = a->used;
    a->used += (unsigned long)n + 1;
    return 0;
}

/* Collect argv (NULL-terminated) into a->buf's bottom. */
static int collect_args(struct args *a, unsigned long argv, bool user)
{
    for (int i = 0;; i++) {
        uint32_t p;
        if (user) {
            if (uvm_copyin(&p, argv + (unsigned long)i * sizeof(uint32_t), sizeof(p)) < 0)
                return -1;
        } else {
            p = ((const uint32_t *)argv)[i];
        }
        if (!p)
            return 0;
        if (add_arg(a, p, user) < 0)
            return -1;
    }
}

/* Move the strings to the top of buf and lay out argv, argc below. */
static void finish_args(struct args *a)
{
    unsigned long strings = (a->used + 3) & ~3ul;
    unsigned long ptrs = (unsigned long)(a->argc + 1) * sizeof(uint32_t);
    uint32_t *argv, *top;
    memmove(a->buf + EXEC_ARG_MAX - strings, a->buf, a->used);
    argv = (uint32_t *)(a->buf + EXEC_ARG_MAX - strings - ptrs);
    for (int i = 0; i < a->argc; i++)
        argv[i] = (uint32_t)(USER_STACK_TOP - strings + a->off[i]);
    argv[a->argc] = 0;
    a->size = (strings + ptrs + 2 * sizeof(uint32_t) + STACK_ALIGN - 1) & ~(STACK_ALIGN - 1ul);
    top = (uint32_t *)(a->buf + EXEC_ARG_MAX - a->size);
    top[0] = (uint32_t)a->argc;
    top[1] = (uint32_t)(USER_STACK_TOP - strings - ptrs);
}

static void fill_stack(const void *arg, unsigned long va, char *page)
{
    const struct args *a = arg;
    unsigned long lo = MAX(va, USER_STACK_TOP - a->size);
    unsigned long from = EXEC_ARG_MAX - (USER_STACK_TOP - lo);
    memcpy(page + (lo - va), a->buf + from, va + PAGE_SIZE - lo);
}

static void set_user_state(struct regs *tf, unsigned long entry, unsigned long sp)
{
    memset(tf, 0, sizeof(*tf));
    tf->cs = GDT_USER_CODE;
    tf->ds = tf->es = tf->fs = tf->gs = tf->ss = GDT_USER_DATA;
    tf->eflags = (uint32_t)(EFLAGS_IF | EFLAGS_RESERVED1);
    tf->eip = (uint32_t)entry;
    tf->useresp = (uint32_t)sp;
}

/* Replace p's space with the finished scratch space. */
static void commit(struct proc *p, const struct elf_image *img, const struct args *a,
                   const char *name)
{
    bool running = p == proc_current();
    if (running)
        page_table_load(proc_kernel_space);
    proc_release_space(p);
    p->pt = scratch;
    p->pt.user = &p->uvm;
    memset(&p->uvm, 0, sizeof(p->uvm));
    p->uvm.image_start = img->start;
    p->uvm.image_end = img->end;
    p->uvm.brk = img->end;
    if (running)
        page_table_load(&p->pt);
    set_user_state(p->tf, img->eh.entry, USER_STACK_TOP - a->size);
    memset(p->name, 0, sizeof(p->name));
    memcpy(p->name, name, MIN(strlen(name), (size_t)PROC_NAME_MAX - 1));
}

/* Build the new space from a validated image and collected args. */
static int build(const struct elf_image *img, const struct args *a)
{
    if (page_table_try_init(&scratch) != E_OK) /* a frame by eviction if need be */
        return E_NOMEM;
    if (load_elf_segments(img) < 0 ||
        map_pages(PAGE_ROUND_DOWN(USER_STACK_TOP - a->size),
                  PAGES_FOR(a->size + PGOFF(USER_STACK_TOP - a->size)), PTE_USER | PTE_WRITABLE,
                  fill_stack, a) < 0) {
        page_table_destroy(&scratch);
        return E_NOMEM;
    }
    return E_OK;
}

int exec_program(struct proc *p, const char *name, unsigned long argv, bool user_args)
{
    static struct elf_image img; /* exec never blocks: one at a time */
    struct args a = {0};
    unsigned long stage;
    int rc = -1;
    img.mod = boot_module_find(name);
    if (!img.mod || !validate(&img))
        return -1;
    stage = cont_frame_pool_get_frames(&kernel_mem_pool, ARG_FRAMES);
    if (!stage)
        return -1;
    a.buf = direct_map_ptr(stage);
    if (collect_args(&a, argv, user_args) == 0) {
        finish_args(&a);
        if (build(&img, &a) == E_OK) {
            commit(p, &img, &a, name);
            rc = 0;
        }
    }
    cont_frame_pool_release_frames(stage);
    return rc;
}
/* HANDOUT END */
