/*
 * shm_demo.h - the `make run ARGS=shm` demo of shared memory (shm_demo.c).
 */
#ifndef SELFMAP_SHM_DEMO_H
#define SELFMAP_SHM_DEMO_H

#include <stdbool.h>

/* The `make run ARGS=shm` demo: xv6's shm test with address spaces in
 * place of processes.  Prints each step; true when the counter ends at
 * its start value plus one per address space.  Needs paging on and the
 * kernel page table loaded; leaves it loaded and frees all it made. */
bool shm_counter_demo(void);

#endif
