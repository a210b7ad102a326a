/*
 * gdt.c - builds and loads the flat GDT.  Segmentation is switched off
 * in effect: every segment has base 0 and limit 4 GB.
 */
#include "gdt.h"

#include "utils.h"
#include "x86.h"

#define DESC_PRESENT   0x80
#define DESC_CODE_DATA 0x10 /* S bit: code or data, not system */
#define DESC_EXEC      0x08
#define DESC_RW        0x02
#define DESC_TSS32     0x09 /* available 32-bit TSS */
#define GRAN_4K        0x80
#define GRAN_32BIT     0x40
#define LIMIT_4G       0xFFFFF

struct gdt_entry {
    uint16_t limit_low, base_low;
    uint8_t base_mid, access, granularity, base_high;
} __attribute__((packed));

static struct gdt_entry gdt[5];
static struct tss main_tss;

static void set_entry(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t gran)
{
    gdt[i].base_low = (uint16_t)(base & 0xFFFF);
    gdt[i].base_mid = (uint8_t)((base >> 16) & 0xFF);
    gdt[i].base_high = (uint8_t)(base >> 24);
    gdt[i].limit_low = (uint16_t)(limit & 0xFFFF);
    gdt[i].granularity = (uint8_t)(((limit >> 16) & 0x0F) | gran);
    gdt[i].access = access;
}

void gdt_init(struct tss *df_tss)
{
    struct x86_table_ptr ptr = {sizeof(gdt) - 1, (uint32_t)(uintptr_t)gdt};
    set_entry(0, 0, 0, 0, 0);
    set_entry(1, 0, LIMIT_4G, DESC_PRESENT | DESC_CODE_DATA | DESC_EXEC | DESC_RW,
              GRAN_4K | GRAN_32BIT);
    set_entry(2, 0, LIMIT_4G, DESC_PRESENT | DESC_CODE_DATA | DESC_RW, GRAN_4K | GRAN_32BIT);
    set_entry(3, (uint32_t)(uintptr_t)&main_tss, sizeof(main_tss) - 1, DESC_PRESENT | DESC_TSS32,
              0);
    set_entry(4, (uint32_t)(uintptr_t)df_tss, sizeof(*df_tss) - 1, DESC_PRESENT | DESC_TSS32, 0);
    main_tss.ss0 = GDT_KERNEL_DATA;
    main_tss.iomap = sizeof(main_tss);
    lgdt(&ptr);
    load_segments(GDT_KERNEL_CODE, GDT_KERNEL_DATA);
    ltr(GDT_MAIN_TSS);
}

const struct tss *gdt_main_tss(void) { return &main_tss; }
