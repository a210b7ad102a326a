/*
 * x86.h - every x86 instruction selfmap issues from C, and the bits of
 * the registers and error codes those instructions read and write.
 *
 * Why one header: inline assembly is the one place the compiler cannot
 * check us, so it is written once, each instruction behind a small typed
 * function with its clobbers stated, and every other file calls
 * irq_save() or read_cr2() instead of spelling asm.  The register fields
 * get named shifts here (EFLAGS_IF, PF_ERR_WRITE, SEL_ERR_TI, ...) so no
 * other file tests a literal mask.  Paging structures (PDE/PTE bits, the
 * windows) are not instructions: they live in mmu.h, which includes this.
 * One instruction lives elsewhere: invlpg, in tlb.h, through which every
 * TLB flush goes.
 */
#ifndef SELFMAP_X86_H
#define SELFMAP_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- EFLAGS ---------------------------------------------------------- */
#define EFLAGS_RESERVED1_SHIFT 1u  /* reads as 1; a fresh EFLAGS must set it */
#define EFLAGS_IF_SHIFT        9u  /* interrupts enabled */
#define EFLAGS_DF_SHIFT        10u /* string instructions count down; clear in the kernel */
#define EFLAGS_RESERVED1       (1ul << EFLAGS_RESERVED1_SHIFT)
#define EFLAGS_IF              (1ul << EFLAGS_IF_SHIFT)
#define EFLAGS_DF              (1ul << EFLAGS_DF_SHIFT)

/* ---- CR0 ------------------------------------------------------------- */
#define CR0_MP_SHIFT 1u  /* WAIT/FWAIT also honour TS */
#define CR0_EM_SHIFT 2u  /* no FPU: x87 instructions raise #NM, SSE ones #UD */
#define CR0_TS_SHIFT 3u  /* the next x87/SSE instruction raises #NM (lazy FPU switch) */
#define CR0_NE_SHIFT 5u  /* x87 errors raise exception 16, not the legacy IRQ 13 */
#define CR0_WP_SHIFT 16u /* supervisor writes honour read-only PTEs */
#define CR0_PG_SHIFT 31u /* paging on */
#define CR0_MP       (1ul << CR0_MP_SHIFT)
#define CR0_EM       (1ul << CR0_EM_SHIFT)
#define CR0_TS       (1ul << CR0_TS_SHIFT)
#define CR0_NE       (1ul << CR0_NE_SHIFT)
#define CR0_WP       (1ul << CR0_WP_SHIFT)
#define CR0_PG       (1ul << CR0_PG_SHIFT)

/* ---- CR4 ------------------------------------------------------------- */
#define CR4_OSFXSR_SHIFT     9u  /* fxsave/fxrstor save SSE state; SSE instructions allowed */
#define CR4_OSXMMEXCPT_SHIFT 10u /* unmasked SSE errors raise exception 19 (#XM) */
#define CR4_UMIP_SHIFT       11u /* sgdt/sidt/sldt/str/smsw raise #GP outside ring 0 */
#define CR4_OSFXSR           (1ul << CR4_OSFXSR_SHIFT)
#define CR4_OSXMMEXCPT       (1ul << CR4_OSXMMEXCPT_SHIFT)
#define CR4_UMIP             (1ul << CR4_UMIP_SHIFT)

/* ---- CPUID feature bits ------------------------------------------------ */
#define CPUID_1_EDX_FPU      (1ul << 0)  /* leaf 1, EDX: an x87 FPU */
#define CPUID_1_EDX_FXSR     (1ul << 24) /* fxsave/fxrstor */
#define CPUID_1_EDX_SSE      (1ul << 25)
#define CPUID_7_ECX_UMIP     (1ul << 2) /* leaf 7 subleaf 0, ECX */
#define CPUID_LEAF_FEATURES  1u
#define CPUID_LEAF_EXTENDED7 7u

/* ---- the page-fault error code (exception 14) ------------------------- */
#define PF_ERR_PRESENT_SHIFT  0u /* 1: protection fault, 0: not present */
#define PF_ERR_WRITE_SHIFT    1u /* 1: the access was a write */
#define PF_ERR_USER_SHIFT     2u /* 1: the access came from ring 3 */
#define PF_ERR_RESERVED_SHIFT 3u /* 1: a reserved bit was set in an entry */
#define PF_ERR_FETCH_SHIFT    4u /* 1: an instruction fetch */
#define PF_ERR_PRESENT        (1ul << PF_ERR_PRESENT_SHIFT)
#define PF_ERR_WRITE          (1ul << PF_ERR_WRITE_SHIFT)
#define PF_ERR_USER           (1ul << PF_ERR_USER_SHIFT)
#define PF_ERR_RESERVED       (1ul << PF_ERR_RESERVED_SHIFT)
#define PF_ERR_FETCH          (1ul << PF_ERR_FETCH_SHIFT)

/* ---- the selector error code (#TS, #NP, #SS, #GP) ----------------------
 *   31            3   2    1    0
 *  +---------------+----+-----+-----+
 *  | selector index| TI | IDT | EXT |
 *  +---------------+----+-----+-----+
 * EXT: an event outside the program caused it; IDT: the index is an IDT
 * vector; otherwise TI picks the table, 0 GDT, 1 LDT. */
#define SEL_ERR_EXT_SHIFT   0u
#define SEL_ERR_IDT_SHIFT   1u
#define SEL_ERR_TI_SHIFT    2u
#define SEL_ERR_INDEX_SHIFT 3u
#define SEL_ERR_EXT         (1ul << SEL_ERR_EXT_SHIFT)
#define SEL_ERR_IDT         (1ul << SEL_ERR_IDT_SHIFT)
#define SEL_ERR_TI          (1ul << SEL_ERR_TI_SHIFT)
#define SEL_ERR_INDEX(e)    ((unsigned long)(e) >> SEL_ERR_INDEX_SHIFT)

/* ---- port I/O ---------------------------------------------------------- */
static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
/* 16-bit port I/O (MP4's Machine::outportw / inportw, mp4/cxx/). */
static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
/* Read n 16-bit words from `port` into dst with `rep insw` (the ATA
 * data port, drivers/ata.c). */
static inline void port_read_words(uint16_t port, void *dst, size_t n)
{
    __asm__ volatile("rep insw" : "+D"(dst), "+c"(n) : "d"(port) : "memory");
}
/* Write n 16-bit words from src to `port` with `rep outsw`. */
static inline void port_write_words(uint16_t port, const void *src, size_t n)
{
    __asm__ volatile("rep outsw" : "+S"(src), "+c"(n) : "d"(port) : "memory");
}

/* ---- time, halting, ordering -------------------------------------------- */
/* The time-stamp counter; the memory clobber keeps the compiler from
 * moving loads and stores across the read (benchmarks rely on it). */
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}
/* The low half of the time-stamp counter, for benchmarks that time
 * short spans (under -icount it counts instructions); same clobber. */
static inline uint32_t rdtsc_low(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    (void)hi;
    return lo;
}
/* Keep the compiler from moving memory accesses across this point: for
 * state the page-fault handler reads while a store faults. */
static inline void compiler_barrier(void) { __asm__ volatile("" ::: "memory"); }
static inline void cpu_halt(void) { __asm__ volatile("hlt"); }
/* The defined invalid opcode: raises exception 6 (#UD). */
static inline void ud2(void) { __asm__ volatile("ud2"); }

/* Fill n 32-bit words at dst with v using `rep stosl`. */
static inline void fill_words(void *dst, uint32_t v, size_t n)
{
    __asm__ volatile("rep stosl" : "+D"(dst), "+c"(n) : "a"(v) : "memory");
}

/* Copy n bytes from src to dst (not overlapping) with `rep movsl` for the
 * whole words and `rep movsb` for the rest: the copy make bench measures
 * page copies and copyin/copyout against. */
static inline void copy_bytes(void *dst, const void *src, size_t n)
{
    size_t words = n / sizeof(uint32_t), rest = n % sizeof(uint32_t);
    __asm__ volatile("rep movsl" : "+D"(dst), "+S"(src), "+c"(words)::"memory");
    __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(rest)::"memory");
}

/* ---- interrupts ---------------------------------------------------------- */
static inline void irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
/* Enable interrupts, halt until one arrives, and disable them again: the
 * idle loop.  sti's one-instruction shadow covers hlt, so an interrupt
 * that is already pending cannot slip in between and be missed. */
static inline void irq_wait(void) { __asm__ volatile("sti; hlt; cli" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
/* Disable interrupts and return whether they were on, for irq_restore. */
static inline bool irq_save(void)
{
    unsigned long flags;
    __asm__ volatile("pushf; pop %0; cli" : "=r"(flags)::"memory");
    return (flags & EFLAGS_IF) != 0;
}
/* Turn interrupts back on if irq_save() found them on. */
static inline void irq_restore(bool was_on)
{
    if (was_on)
        irq_enable();
}

/* ---- the CPU's features and the FPU -------------------------------------- */
struct cpuid_regs {
    uint32_t eax, ebx, ecx, edx;
};
/* CPUID leaf `leaf`, subleaf `sub` (leaf 0's EAX is the highest leaf). */
static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r;
    __asm__ volatile("cpuid"
                     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(sub));
    return r;
}
/* Clear CR0.TS: x87/SSE instructions run without #NM. */
static inline void clts(void) { __asm__ volatile("clts" ::: "memory"); }
/* Save the x87/SSE state to the 512-byte, 16-byte-aligned area at `area`
 * (needs CR0.TS clear); the registers keep their values. */
static inline void fxsave(void *area) { __asm__ volatile("fxsave (%0)" ::"r"(area) : "memory"); }
/* Load the x87/SSE state from an area fxsave wrote (same alignment). */
static inline void fxrstor(const void *area)
{
    __asm__ volatile("fxrstor (%0)" ::"r"(area) : "memory");
}

/* ---- control registers and the TLB --------------------------------------- */
static inline unsigned long read_cr0(void)
{
    unsigned long v;
    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}
static inline void write_cr0(unsigned long v)
{
    __asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}
static inline unsigned long read_cr4(void)
{
    unsigned long v;
    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}
static inline void write_cr4(unsigned long v)
{
    __asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}
/* The address the last page fault tried to reach. */
static inline unsigned long read_cr2(void)
{
    unsigned long v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
static inline unsigned long read_cr3(void)
{
    unsigned long v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
/* Load a page directory (physical address); flushes the non-global TLB.
 * A reload that is there to flush is tlb_flush_space (tlb.h). */
static inline void write_cr3(unsigned long v)
{
    __asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

/* ---- descriptor tables and segments -------------------------------------- */
/* The 6-byte operand of lgdt and lidt: the table's limit and base. */
struct x86_table_ptr {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

static inline void lgdt(const struct x86_table_ptr *p)
{
    __asm__ volatile("lgdt %0" ::"m"(*p) : "memory");
}
static inline void lidt(const struct x86_table_ptr *p)
{
    __asm__ volatile("lidt %0" ::"m"(*p) : "memory");
}
/* Load the task register with the TSS descriptor at selector sel. */
static inline void ltr(uint16_t sel) { __asm__ volatile("ltr %0" ::"r"(sel) : "memory"); }

/* Load DS alone with selector sel (a bad one raises #GP). */
static inline void load_ds(uint16_t sel)
{
    __asm__ volatile("mov %0, %%ds" ::"r"((uint32_t)sel) : "memory");
}

/* Reload DS, ES, FS, GS and SS with data selector `data` and CS with code
 * selector `code` (a far return to the next instruction), so a new GDT
 * takes effect. */
static inline void load_segments(uint16_t code, uint16_t data)
{
    __asm__ volatile("mov %0, %%ds\n\tmov %0, %%es\n\tmov %0, %%fs\n\t"
                     "mov %0, %%gs\n\tmov %0, %%ss\n\t"
                     "pushl %1\n\tpushl $1f\n\tlret\n1:"
                     :
                     : "r"((uint32_t)data), "r"((uint32_t)code)
                     : "memory");
}

#endif
