/*
 * irq.h - hardware interrupts from the two 8259 PICs, remapped to
 * vectors 32-47 so they no longer collide with CPU exceptions.
 */
#ifndef SELFMAP_IRQ_H
#define SELFMAP_IRQ_H

#include "regs.h"

#define IRQ_TIMER 0

typedef void (*irq_handler_t)(struct regs *r);

/* Remap the PICs, mask every line and route vectors 32-47 to
 * irq_dispatch; irq_register_handler unmasks a line. */
void irq_init(void);
/* Route IRQ line `irq` (0-15) to `h` and unmask it. */
void irq_register_handler(int irq, irq_handler_t h);
/* The handler of vectors 32-47 (see interrupt_handlers in idt.h). */
void irq_dispatch(struct regs *r);

#endif
