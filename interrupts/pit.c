/*
 * pit.c - a 100 Hz tick.  The tick only counts; MP4's once-a-second
 * message is printed only when asked for (kernel command line `tick`).
 */
#include "pit.h"

#include "console.h"
#include "irq.h"
#include "utils.h"
#include "x86.h"

#define PIT_CHANNEL0       0x40
#define PIT_COMMAND        0x43
#define PIT_CH0_LOHI_MODE3 0x36 /* channel 0, lo/hi byte, square wave */
/* The divisor is 16 bits. */
#define PIT_MIN_HZ         (PIT_BASE_HZ / 65536 + 1)

static volatile unsigned long ticks;
static bool announce;
static void (*tick_hooks[PIT_TICK_HOOKS])(struct regs *r);
static unsigned n_tick_hooks;

static void pit_tick(struct regs *r)
{
    ticks++;
    if (announce && ticks % PIT_HZ == 0)
        console_puts("One second has passed\n");
    for (unsigned i = 0; i < n_tick_hooks; i++)
        tick_hooks[i](r);
}

void pit_add_tick_hook(void (*hook)(struct regs *r))
{
    if (n_tick_hooks == PIT_TICK_HOOKS)
        panic("pit_add_tick_hook: more than %d hooks", PIT_TICK_HOOKS);
    tick_hooks[n_tick_hooks++] = hook;
}

void pit_set_frequency(unsigned hz)
{
    unsigned divisor;
    if (hz < PIT_MIN_HZ || hz > PIT_BASE_HZ)
        panic("pit_set_frequency: %u Hz is outside %u..%u", hz, PIT_MIN_HZ, PIT_BASE_HZ);
    divisor = PIT_BASE_HZ / hz;
    outb(PIT_COMMAND, PIT_CH0_LOHI_MODE3);
    outb(PIT_CHANNEL0, (uint8_t)(divisor & 0xFF));
    outb(PIT_CHANNEL0, (uint8_t)(divisor >> 8));
}

void pit_init(bool announce_seconds)
{
    announce = announce_seconds;
    pit_set_frequency(PIT_HZ);
    irq_register_handler(IRQ_TIMER, pit_tick);
}

unsigned long pit_ticks(void) { return ticks; }
