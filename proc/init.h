/*
 * init.h - the first process and the verdict on a run: what the kernel
 * calls to run a user program (kernel.c), and what a test's pass line
 * rests on (init.c says how).
 */
#ifndef SELFMAP_INIT_H
#define SELFMAP_INIT_H

#include <stdbool.h>

/* The first process's program (user/init.c): it runs the program
 * named by init=NAME as its child, reaps every orphan, and exits with
 * that program's status. */
#define INIT_PROGRAM "init"

/* Run program `name` (a boot module) as the child of the first process,
 * pid 1, INIT_PROGRAM, with the command-line words after init=NAME as
 * its arguments, and idle until pid 1 and everything left are reaped.
 * Prints the program's exit status (init's, which is the program's)
 * and the free-frame counts before and after
 * (page_table_free_frames() and kernel_mem_pool).  Returns true when
 * the status is 0, both counts are back where they started and no file
 * or pipe is left open (file_count, pipe_count).  Call
 * once, with paging on and the kernel page table loaded. */
bool proc_run_init(const char *name);

#endif
