/*
 * pit.h - the 8253/8254 programmable interval timer on IRQ 0.
 */
#ifndef SELFMAP_PIT_H
#define SELFMAP_PIT_H

#include <stdbool.h>

#define PIT_HZ 100

/* Program channel 0 to interrupt PIT_HZ times a second.  With
 * `announce_seconds`, print MP4's "One second has passed" each second. */
void pit_init(bool announce_seconds);
/* Timer interrupts since pit_init. */
unsigned long pit_ticks(void);

#endif
