/*
 * pmaps.h - a process seen from inside: its maps (like Linux's
 * /proc/self/maps), the walk of one of its addresses, and its page
 * faults by kind; as text for the console or a user buffer, and the
 * boot words that print them as each process exits.
 *
 * Why a module of its own: the views are for people (tests, the
 * walkthrough in docs/08), not for the memory code.  They read the
 * loaded space's page tables through the recursive window and the
 * counts the fault handler keeps (struct uvm's faults[]); they never
 * fault, back a page or allocate.  Text goes through debug/dump.h's
 * dump_say, so one routine fills a buffer or prints.
 */
#ifndef SELFMAP_PMAPS_H
#define SELFMAP_PMAPS_H

#include <stddef.h>

struct proc;

/* Bytes of text one view may take in the kernel (SYS_maps, SYS_pagewalk
 * copy out at most this much, NUL included). */
#define PMAPS_TEXT_MAX 4096

/* Print the maps of `p`, whose space must be loaded (else one line
 * saying it is not): a header, then one line per region, lowest first,
 *   START-END KIND PAGES BACKED COW SHARED SWAPPED
 * for text/data, the heap (when the break is above the image), petmem
 * (once the pool exists), the stack and each shm segment.  END is
 * exclusive; PAGES is the region's size in pages; BACKED counts present
 * pages, COW those with PTE_COW, SHARED present pages another space
 * maps too (a frame with more than one mapping, or a shm page), SWAPPED
 * entries the pager evicted (mmu.h's swapped-out entry).  Reads only. */
void pmaps_print(struct proc *p);

/* Print the fault counts of `p` on one line:
 *   faults of pid P (NAME): demand-zero A, cow-copy B, cow-reuse C,
 *   swap-in D, shm E, petmem F */
void pmaps_print_faults(struct proc *p);

/* The system calls' halves.  Each writes its text into user buffer
 * `ubuf` of `n` bytes in the loaded space (the current process's):
 * at most n - 1 characters and a NUL.  Returns the whole text's length
 * (more than n - 1 when it was cut, as snprintf), or -1 when n < 1 or
 * the buffer is not the process's writable memory. */
int pmaps_copyout_maps(unsigned long ubuf, int n);
/* The same for dump_page_table of user address `va` (any address; the
 * walk says where it lies). */
int pmaps_copyout_walk(unsigned long va, unsigned long ubuf, int n);
/* Copy the current process's FAULT_KINDS - 1 counts (sysnum.h) to user
 * address `ucounts`.  Returns 0, or -1 for a bad pointer. */
int pmaps_copyout_faults(unsigned long ucounts);

/* Read the boot words once (proc_run_init): `exitmaps` (or `dump`),
 * `exitfaults` and `walk=ADDR[,ADDR...]`. */
void pmaps_boot(void);

/* Called by proc_exit while `p`'s space is still loaded: with
 * `exitmaps` (or `dump`), a line "proc: pid P (NAME) exits with status
 * S" and its maps (and the process list when `p` is pid 1); with
 * `walk=`, the walk of each address in its space; with `exitfaults`,
 * its fault counts. */
void pmaps_at_exit(struct proc *p, int status);

#endif
