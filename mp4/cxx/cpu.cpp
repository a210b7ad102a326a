/*
 * cpu.cpp - MP4's Machine, GDT, IDT, IRQ, exception and interrupt
 * dispatchers, SimpleTimer, SimpleKeyboard and assert over selfmap's
 * interrupts/ layer.
 *
 * Why so: selfmap's IDT stubs already call one C function per vector
 * with the saved registers (struct regs, which REGS mirrors field by
 * field).  MP4 registers objects instead, so each dispatcher keeps a
 * table of objects and routes its vectors to one trampoline that calls
 * the object's virtual method.  A page fault thus reaches selfmap's
 * handler only through the kernel's own ExceptionHandler for vector 14,
 * as in MP4.
 */
#include <stddef.h>

#include "../include/console.H"
#include "../include/exceptions.H"
#include "../include/gdt.H"
#include "../include/idt.H"
#include "../include/interrupts.H"
#include "../include/irq.H"
#include "../include/machine.H"
#include "../include/simple_keyboard.H"
#include "../include/simple_timer.H"

#undef assert /* MP4's; selfmap's C headers define their own */
extern "C" {
#include "interrupts/exceptions.h"
#include "interrupts/idt.h"
#include "interrupts/irq.h"
#include "interrupts/pit.h"
#include "console.h"
#include "utils.h"
#include "x86.h"
}

#define CHECK_REGS_FIELD(f)                                                                        \
    static_assert(offsetof(REGS, f) == offsetof(struct regs, f), "REGS." #f " is misplaced")
CHECK_REGS_FIELD(gs);
CHECK_REGS_FIELD(ds);
CHECK_REGS_FIELD(edi);
CHECK_REGS_FIELD(esp);
CHECK_REGS_FIELD(eax);
CHECK_REGS_FIELD(int_no);
CHECK_REGS_FIELD(err_code);
CHECK_REGS_FIELD(eip);
CHECK_REGS_FIELD(eflags);
CHECK_REGS_FIELD(ss);
static_assert(sizeof(REGS) == sizeof(struct regs), "REGS and struct regs differ in size");
static_assert(ExceptionHandler::EXCEPTION_TABLE_SIZE == IDT_EXCEPTIONS, "exception vectors");
static_assert(InterruptHandler::IRQ_TABLE_SIZE == IDT_IRQS, "IRQ lines");
static_assert(InterruptHandler::IRQ_BASE == IDT_IRQ_BASE, "IRQ 0's vector");

static REGS *mp4_regs(struct regs *r) { return reinterpret_cast<REGS *>(r); }

/* ---- Machine ------------------------------------------------------------ */

bool Machine::interrupts_enabled()
{
    bool on = irq_save();
    irq_restore(on);
    return on;
}
void Machine::enable_interrupts() { irq_enable(); }
void Machine::disable_interrupts() { irq_disable(); }
char Machine::inportb(unsigned short port) { return static_cast<char>(inb(port)); }
void Machine::outportb(unsigned short port, char data) { outb(port, static_cast<uint8_t>(data)); }
unsigned short Machine::inportw(unsigned short port) { return inw(port); }
void Machine::outportw(unsigned short port, unsigned short data) { outw(port, data); }

/* ---- descriptor tables and the PICs (loaded at boot: mp4/cxx/boot.cpp) */

void GDT::init() {}
void IDT::init() {}
void IRQ::init() { irq_init(); }

/* ---- exceptions --------------------------------------------------------- */

static ExceptionHandler *exception_objects[IDT_EXCEPTIONS];

static void exception_trampoline(struct regs *r)
{
    exception_objects[r->int_no]->handle_exception(mp4_regs(r));
}

void ExceptionHandler::init_dispatcher()
{
    for (unsigned v = 0; v < IDT_EXCEPTIONS; v++)
        deregister_handler(v);
}

void ExceptionHandler::register_handler(unsigned int isr_code, ExceptionHandler *handler)
{
    if (isr_code >= IDT_EXCEPTIONS || !handler)
        panic("ExceptionHandler::register_handler: vector %u or handler %p is invalid", isr_code,
              static_cast<void *>(handler));
    exception_objects[isr_code] = handler;
    exception_register_handler(static_cast<int>(isr_code), exception_trampoline);
}

void ExceptionHandler::deregister_handler(unsigned int isr_code)
{
    if (isr_code >= IDT_EXCEPTIONS)
        panic("ExceptionHandler::deregister_handler: vector %u out of range", isr_code);
    exception_register_handler(static_cast<int>(isr_code), NULL);
    exception_objects[isr_code] = NULL;
}

void ExceptionHandler::handle_exception(REGS *regs)
{
    exception_unhandled(reinterpret_cast<struct regs *>(regs));
}

/* ---- interrupts --------------------------------------------------------- */

static InterruptHandler *interrupt_objects[IDT_IRQS];

static void interrupt_trampoline(struct regs *r)
{
    InterruptHandler *h = interrupt_objects[r->int_no - IDT_IRQ_BASE];
    if (h)
        h->handle_interrupt(mp4_regs(r));
}

void InterruptHandler::init_dispatcher()
{
    for (unsigned irq = 0; irq < IDT_IRQS; irq++)
        interrupt_objects[irq] = NULL;
}

void InterruptHandler::register_handler(unsigned int irq_code, InterruptHandler *handler)
{
    if (irq_code >= IDT_IRQS || !handler)
        panic("InterruptHandler::register_handler: IRQ %u or handler %p is invalid", irq_code,
              static_cast<void *>(handler));
    interrupt_objects[irq_code] = handler;
    irq_register_handler(static_cast<int>(irq_code), interrupt_trampoline);
}

void InterruptHandler::deregister_handler(unsigned int irq_code)
{
    if (irq_code >= IDT_IRQS)
        panic("InterruptHandler::deregister_handler: IRQ %u out of range", irq_code);
    interrupt_objects[irq_code] = NULL;
}

bool InterruptHandler::generated_by_slave_PIC(unsigned int int_no)
{
    return int_no >= IDT_IRQ_BASE + IDT_IRQS / 2 && int_no < IDT_IRQ_BASE + IDT_IRQS;
}

void InterruptHandler::handle_interrupt(REGS *regs) { (void)regs; }

/* ---- SimpleTimer -------------------------------------------------------- */

SimpleTimer::SimpleTimer(int hz) : hz(hz), ticks(0), seconds(0) { set_frequency(hz); }

void SimpleTimer::set_frequency(int new_hz)
{
    if (new_hz <= 0)
        panic("SimpleTimer: %d Hz", new_hz);
    hz = new_hz;
    pit_set_frequency(static_cast<unsigned>(new_hz));
}

void SimpleTimer::handle_interrupt(REGS *regs)
{
    (void)regs;
    if (++ticks < hz)
        return;
    ticks = 0;
    seconds = seconds + 1;
    Console::puts("One second has passed\n");
}

void SimpleTimer::current(unsigned long *secs, int *tcks)
{
    bool on = irq_save();
    *secs = seconds;
    *tcks = ticks;
    irq_restore(on);
}

void SimpleTimer::wait(unsigned long secs)
{
    unsigned long end = seconds + secs;
    while (seconds < end)
        cpu_halt();
}

/* ---- SimpleKeyboard ----------------------------------------------------- */

#define KBD_DATA_PORT   0x60
#define KBD_RELEASE_BIT 0x80
#define IRQ_KEYBOARD    1

static SimpleKeyboard keyboard;
static volatile unsigned char last_key;
static volatile unsigned long key_presses;

void SimpleKeyboard::init() { InterruptHandler::register_handler(IRQ_KEYBOARD, &keyboard); }

void SimpleKeyboard::handle_interrupt(REGS *regs)
{
    unsigned char code = inb(KBD_DATA_PORT);
    (void)regs;
    if (code & KBD_RELEASE_BIT)
        return;
    last_key = code;
    key_presses = key_presses + 1;
}

void SimpleKeyboard::wait()
{
    unsigned long seen = key_presses;
    while (key_presses == seen)
        cpu_halt();
}

unsigned char SimpleKeyboard::last_scancode() { return last_key; }

/* ---- assert ------------------------------------------------------------- */

void _assert(const char *file, const int line, const char *message)
{
    panic_at(file, line, "assertion failed: %s", message);
}
