/*
 * pmaps.h - a process seen from inside: its maps (like Linux's
 * /proc/self/maps), the walk of one of its addresses, and its page
 * faults by kind; as text for the console or a user buffer, and the
 * boot words that print them as each process exits.
 *
 * Why a module of its own: the views are for people (tests, the
 * walkthrough in docs/08), not for the memory code.  They read the
 * loaded space's page tables through the recursive window and the
 * counts the fault handler keeps (struct uvm's faults[]); making a
 * view never faults, backs a page or allocates (copying it out to a
 * user buffer backs that buffer, as any copyout does).  Text goes
 * through debug/dump.h's dump_say, so one routine fills a buffer or
 * prints.  It knows a process only as a pid, a name and an address
 * space (struct pmaps_who), so proc.c can call it without a cycle.
 */
#ifndef SELFMAP_PMAPS_H
#define SELFMAP_PMAPS_H

#include <stdbool.h>
#include <stddef.h>

struct page_table;

/* Whose view: a process's pid and name (for the headers) and its
 * address space (pt->user, its struct uvm, is set). */
struct pmaps_who {
    int pid;
    const char *name;
    struct page_table *pt;
};

/* Bytes of text one view may take in the kernel (SYS_maps, SYS_pagewalk
 * copy out at most this much, NUL included). */
#define PMAPS_TEXT_MAX 4096

/* Print the maps of `w`, whose space must be loaded (else one line
 * saying it is not): a header, then one line per region, lowest first,
 *   START-END KIND PAGES BACKED COW SHARED SWAPPED
 * for text/data, the heap (when the break is above the image), petmem
 * (once the pool exists), the stack and each shm segment.  END is
 * exclusive; PAGES is the region's size in pages; BACKED counts present
 * pages, COW those with PTE_COW, SHARED present pages another space
 * maps too (a frame with more than one mapping, or a shm page), SWAPPED
 * entries the pager evicted (mmu.h's swapped-out entry).  Reads only. */
void pmaps_print(const struct pmaps_who *w);

/* Print the fault counts of `w` on one line:
 *   faults of pid P (NAME): demand-zero A, cow-copy B, cow-reuse C,
 *   swap-in D, shm E, petmem F */
void pmaps_print_faults(const struct pmaps_who *w);

/* The system calls' halves, for the calling process `w` (loaded).
 * Each writes its text into user buffer `ubuf` of `n` bytes in `w`:
 * at most n - 1 characters and a NUL.  Returns the whole text's length
 * (more than n - 1 when it was cut, as snprintf), or -1 when n < 1 or
 * the buffer is not the process's writable memory. */
int pmaps_copyout_maps(const struct pmaps_who *w, unsigned long ubuf, int n);
/* The same for dump_page_table of user address `va` (any address; the
 * walk says where it lies). */
int pmaps_copyout_walk(const struct pmaps_who *w, unsigned long va, unsigned long ubuf, int n);
/* Copy the FAULT_KINDS - 1 counts (sysnum.h) of `w` to its user address
 * `ucounts`.  Returns 0, or -1 for a bad pointer. */
int pmaps_copyout_faults(const struct pmaps_who *w, unsigned long ucounts);

/* Read the boot words once (proc_run_init): `exitmaps` (or `dump`),
 * `exitfaults` and `walk=ADDR[,ADDR...]`. */
void pmaps_boot(void);

/* Called by proc_exit while the space of `w` is still loaded: with
 * `exitmaps` (or `dump`), a line "proc: pid P (NAME) exits with status
 * S" and its maps; with `walk=`, the walk of each address in its space;
 * with `exitfaults`, its fault counts.  Returns true when it printed
 * the maps (proc_exit then adds the process list for pid 1). */
bool pmaps_at_exit(const struct pmaps_who *w, int status);

#endif
