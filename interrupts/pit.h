/*
 * pit.h - the 8253/8254 programmable interval timer on IRQ 0.
 */
#ifndef SELFMAP_PIT_H
#define SELFMAP_PIT_H

#include <stdbool.h>

#include "regs.h"

#define PIT_HZ      100
#define PIT_BASE_HZ 1193182u /* the PIT's input clock */

/* Program channel 0 to interrupt PIT_HZ times a second.  With
 * `announce_seconds`, print MP4's "One second has passed" each second. */
void pit_init(bool announce_seconds);
/* Program channel 0 for hz interrupts a second, without touching the
 * IRQ 0 handler (MP4's SimpleTimer).  hz outside 19..PIT_BASE_HZ (the
 * 16-bit divisor's range) panics. */
void pit_set_frequency(unsigned hz);
/* Call `hook` with the interrupted state after each tick is counted,
 * after the hooks added before it: the pager's aging (mm/pager.c), the
 * scheduler's wake-ups (proc/sched.c) and the preemption of ring 3
 * (proc/trap.c).  At most PIT_TICK_HOOKS hooks, each added once, never
 * removed; one more panics. */
#define PIT_TICK_HOOKS 4
void pit_add_tick_hook(void (*hook)(struct regs *r));
/* Timer interrupts since pit_init. */
unsigned long pit_ticks(void);

#endif
