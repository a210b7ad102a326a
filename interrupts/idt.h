/*
 * idt.h - the interrupt descriptor table and the single C entry point
 * every vector reaches.  Vectors 0-31 are CPU exceptions
 * (interrupts/exceptions.c), 32-47 the remapped PIC IRQs
 * (interrupts/irq.c).
 */
#ifndef SELFMAP_IDT_H
#define SELFMAP_IDT_H

#include <stdint.h>

#include "regs.h"

#define IDT_EXCEPTIONS 32
#define IDT_IRQ_BASE   32
#define IDT_IRQS       16

typedef void (*interrupt_handler_t)(struct regs *r);

/* Fill the IDT with the stubs from isr.asm and load it, routing every
 * vector to `unhandled` until its owner (exceptions.c, irq.c) claims it.
 * Vector `task_gate_vector` becomes a task gate to TSS selector `tss_sel`. */
void idt_init(interrupt_handler_t unhandled, int task_gate_vector, uint16_t tss_sel);

/* The handler the common stub calls for each vector, with the saved
 * registers.  exceptions_init points exceptions at exception_unhandled,
 * irq_init points IRQs at irq_dispatch, and exception_register_handler
 * replaces entries. */
extern interrupt_handler_t interrupt_handlers[IDT_EXCEPTIONS + IDT_IRQS];

#endif
