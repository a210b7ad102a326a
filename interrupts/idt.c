/*
 * idt.c - builds the IDT from isr.asm's stub table and routes each
 * vector, through interrupt_handlers[], to its handler.
 */
#include "idt.h"

#include "gdt.h"
#include "x86.h"

#define GATE_PRESENT     0x80
#define GATE_INTERRUPT32 0x0E /* clears IF on entry */
#define GATE_TASK        0x05

struct idt_entry {
    uint16_t offset_low, selector;
    uint8_t zero, type;
    uint16_t offset_high;
} __attribute__((packed));

extern const uint32_t isr_stub_table[IDT_EXCEPTIONS + IDT_IRQS];
static struct idt_entry idt[256];
interrupt_handler_t interrupt_handlers[IDT_EXCEPTIONS + IDT_IRQS];

static void set_gate(int v, uint32_t offset, uint16_t sel, uint8_t type)
{
    idt[v].offset_low = (uint16_t)(offset & 0xFFFF);
    idt[v].offset_high = (uint16_t)(offset >> 16);
    idt[v].selector = sel;
    idt[v].zero = 0;
    idt[v].type = (uint8_t)(GATE_PRESENT | type);
}

void idt_init(interrupt_handler_t unhandled, int task_gate_vector, uint16_t tss_sel)
{
    struct x86_table_ptr ptr = {sizeof(idt) - 1, (uint32_t)(uintptr_t)idt};
    for (int v = 0; v < IDT_EXCEPTIONS + IDT_IRQS; v++) {
        set_gate(v, isr_stub_table[v], GDT_KERNEL_CODE, GATE_INTERRUPT32);
        interrupt_handlers[v] = unhandled;
    }
    if (task_gate_vector >= 0)
        set_gate(task_gate_vector, 0, tss_sel, GATE_TASK);
    lidt(&ptr);
}
