/*
 * uvm.h - a process's user address space: where its regions are, how the
 * kernel copies to and from it safely, and how one is built or copied
 * without being loaded.
 *
 * Why this shape: the page tables themselves stay page_table.c's; a
 * process adds only the few numbers that say which user addresses are
 * legitimate (the picture in mmu.h): its ELF image, its heap up to the
 * break, its stack down to USER_STACK_MIN, its petmem VM pool and its
 * shm segments.  The fault handler (page_fault.c) asks uvm_region_of()
 * which region an address is in and backs it, and the copy routines
 * check every page of a user buffer against the same regions before
 * touching it, so the kernel never takes a fault on a user pointer.
 * A space ends here too (uvm_destroy), beside the code that builds it.
 */
#ifndef SELFMAP_UVM_H
#define SELFMAP_UVM_H

#include <stdbool.h>
#include <stddef.h>

#include "mmu.h"
#include "sysnum.h"
#include "vm_pool.h"

struct page_table;

struct uvm {
    unsigned long image_start; /* start of the ELF image, page-rounded down (init's is high) */
    unsigned long image_end;   /* end of the ELF image, page-rounded: the heap starts here */
    unsigned long brk;         /* the program break: heap is [image_end, brk) */
    bool petmem_on;            /* init_petmem (or the first pet_malloc) ran */
    struct vm_pool petmem;     /* registered in the process's page table */
    /* Faults by kind (sysnum.h) since exec or fork: the fault handler
     * adds one as it handles each (page_fault.c), SYS_faults reads them. */
    unsigned long faults[FAULT_KINDS];
};

enum uvm_region {
    UREGION_NONE, /* in the user range, but in no region */
    UREGION_KERNEL,
    UREGION_IMAGE,
    UREGION_HEAP,
    UREGION_PETMEM,
    UREGION_STACK,
    UREGION_STACK_GUARD,
    UREGION_SHM,
};

/* Which region of `u` holds `va`.  Never faults. */
enum uvm_region uvm_region_of(const struct uvm *u, unsigned long va);
/* A short name for reports: "text/data", "heap", "stack guard", ... */
const char *uvm_region_name(enum uvm_region r);

/* Copy n bytes from user address `usrc` of the loaded space to `dst`.
 * Each page is checked just before its bytes are copied: present user
 * pages pass at once, lazily backed ones (heap, stack, petmem) are
 * backed now, swapped-out ones are read back.  Returns 0, or -1 when a
 * byte lies outside the process's regions or memory runs out; the
 * pages before the failing one are copied by then (nothing is when the
 * range leaves the user range or wraps).  n may be 0. */
int uvm_copyin(void *dst, unsigned long usrc, unsigned long n);
/* The same towards user memory; read-only pages (text) fail too. */
int uvm_copyout(unsigned long udst, const void *src, unsigned long n);
/* Could the current process's n bytes at user address u be copied
 * (towards the user when to_user: read-only pages fail too)?  Every
 * page is looked at but none is backed, read back or made private: a
 * page passes when it is present or on swap with the rights, or when
 * its region backs it on a touch (heap, stack, live petmem, an open
 * shm segment).  True for n == 0.  A later copy of a buffer that
 * passed can still fail, only when memory runs out on the way. */
bool uvm_buffer_ok(unsigned long u, unsigned long n, bool to_user);
/* Copy a NUL-terminated string of at most max bytes (NUL included)
 * from user memory.  Returns its length, or -1 when the string leaves
 * the regions or has no NUL within max bytes. */
int uvm_copyinstr(char *dst, unsigned long usrc, unsigned long max);

/* Map `frame` at `va` in `pt`, which need not be loaded (its tables are
 * reached through kmap).  Returns 0, or E_NOMEM when no frame is left
 * for a page table.  `va` must be in the user range and unmapped. */
int uvm_map_in(struct page_table *pt, unsigned long va, unsigned long frame, unsigned long flags);

/* uvm_map_in for a page with content (filled by the caller): mapped
 * with PTE_DIRTY, since no swap slot holds its content, and admitted to
 * the pager's budget (mm/pager.h), room made first.  Returns 0, or
 * E_NOMEM when no room could be made or no table frame was left; the
 * caller still owns `frame` then. */
int uvm_map_in_pageable(struct page_table *pt, unsigned long va, unsigned long frame,
                        unsigned long flags);

/* Copy every private page of the loaded space's user range into `child`
 * (unloaded, built by page_table_init; child->user as below): fresh frames,
 * same contents, same flags; each copy is admitted to the pager except
 * petmem's bookkeeping, which stays pinned.  shm pages (PTE_SHARED) are
 * skipped.  Returns 0, or E_NOMEM, after which the caller destroys
 * `child`. */
int uvm_copy_pages(struct page_table *child);

/* Copy-on-write fork: give `child` (unloaded, built by page_table_init)
 * its own page tables that map the same frames as the loaded space's
 * private pages, one more reference on each frame (mm/cow.h).  Every
 * writable private page becomes read-only with PTE_COW in both spaces;
 * read-only pages (text) are shared as they are; shm pages (PTE_SHARED)
 * are skipped (proc_shm_fork maps them); petmem's bookkeeping (pinned:
 * the kernel writes it) is not shared but copied into fresh frames the
 * pager never admits, and stays writable in the parent (child->user
 * says where: the parent's petmem; NULL for none).  Flushes the
 * parent's TLB.
 * Returns 0, or E_NOMEM when no frame is left for a page table or a
 * pinned copy, after which the caller destroys `child` (that drops the
 * references it took; the parent keeps its PTE_COW pages, made
 * writable on their next write, which needs no frame: a pinned one is
 * never admitted by it, mm/pager.h). */
int uvm_share_pages(struct page_table *child);

/* Change the break of the loaded process space by n bytes (sbrk):
 * pages above a lowered break are freed.  Returns the old break, or
 * (unsigned long)-1 when the new break would leave [image_end,
 * USER_HEAP_END). */
unsigned long uvm_sbrk(struct page_table *pt, long n);

/* Destroy user address space `pt`, which is not loaded (pt->user its
 * struct uvm): unregister its petmem pool, then free every data page,
 * page table and the directory (page_table_destroy, which drops its shm
 * mappings too).  Nothing to do when pt has no directory. */
void uvm_destroy(struct page_table *pt);

#endif
