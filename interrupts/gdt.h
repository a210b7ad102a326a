/*
 * gdt.h - a flat global descriptor table: ring-0 and ring-3 code and
 * data over the whole 4 GB, plus two task-state segments (the running
 * task's and the double-fault task's, see interrupts/exceptions.c).  The
 * main TSS's esp0 is the kernel stack the CPU switches to when an
 * interrupt arrives in ring 3; the scheduler (proc/) sets it per process.
 */
#ifndef SELFMAP_GDT_H
#define SELFMAP_GDT_H

#include <stdint.h>

#define GDT_KERNEL_CODE      0x08
#define GDT_KERNEL_DATA      0x10
#define GDT_MAIN_TSS         0x18
#define GDT_DOUBLE_FAULT_TSS 0x20
#define GDT_USER_CODE_DESC   0x28
#define GDT_USER_DATA_DESC   0x30
#define GDT_RPL_USER         3
#define GDT_USER_CODE        (GDT_USER_CODE_DESC | GDT_RPL_USER) /* 0x2B */
#define GDT_USER_DATA        (GDT_USER_DATA_DESC | GDT_RPL_USER) /* 0x33 */

/* The 32-bit task-state segment (Intel SDM vol. 3, 8.2.1). */
struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap;  /* bit 0: debug trap on a task switch */
    uint16_t iomap; /* I/O bitmap offset: past the limit means no port for ring 3 */
} __attribute__((packed));

/* Load the GDT and the segment registers, then the main TSS.
 * `df_tss` is the task a double fault switches to. */
void gdt_init(struct tss *df_tss);

/* The TSS of the running task; a task switch saves its state here. */
const struct tss *gdt_main_tss(void);

/* Make `esp0` the stack the CPU loads on an interrupt from ring 3. */
void gdt_set_kernel_stack(uint32_t esp0);

#endif
