/*
 * irq.c - 8259 PIC set-up and IRQ dispatch.  An IRQ with no handler is
 * acknowledged and ignored (spurious lines do happen on real hardware).
 */
#include "irq.h"

#include "idt.h"
#include "utils.h"
#include "x86.h"

#define PIC1_CMD        0x20
#define PIC1_DATA       0x21
#define PIC2_CMD        0xA0
#define PIC2_DATA       0xA1
#define PIC_EOI         0x20
#define ICW1_INIT_ICW4  0x11
#define ICW4_8086       0x01
#define PIC_CASCADE_IRQ 2
#define PIC_LINES       8

static irq_handler_t handlers[IDT_IRQS];
static uint16_t mask = 0xFFFF;

static void write_mask(void)
{
    outb(PIC1_DATA, (uint8_t)(mask & 0xFF));
    outb(PIC2_DATA, (uint8_t)(mask >> 8));
}

void irq_init(void)
{
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    outb(PIC1_DATA, IDT_IRQ_BASE);             /* ICW2: master vectors 32-39 */
    outb(PIC2_DATA, IDT_IRQ_BASE + PIC_LINES); /* ICW2: slave vectors 40-47 */
    outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);    /* ICW3: slave on line 2 */
    outb(PIC2_DATA, PIC_CASCADE_IRQ);          /* ICW3: slave identity */
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    mask = (uint16_t) ~(1u << PIC_CASCADE_IRQ); /* all masked but the cascade */
    write_mask();
    for (int irq = 0; irq < IDT_IRQS; irq++)
        interrupt_handlers[IDT_IRQ_BASE + irq] = irq_dispatch;
}

void irq_register_handler(int irq, irq_handler_t h)
{
    if (irq < 0 || irq >= IDT_IRQS)
        panic("irq_register_handler: IRQ %d out of range", irq);
    handlers[irq] = h;
    mask = (uint16_t)(mask & ~(1u << irq));
    write_mask();
}

void irq_dispatch(struct regs *r)
{
    unsigned irq = r->int_no - IDT_IRQ_BASE;
    if (irq >= PIC_LINES)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
    if (handlers[irq])
        handlers[irq](r);
}
