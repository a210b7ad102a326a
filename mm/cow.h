/*
 * cow.h - the copy-on-write fault, and the reference counts' setup.
 *
 * Why this shape: fork (proc/uvm.c, uvm_share_pages) shares every
 * private page of the parent with the child and marks the writable ones
 * read-only with PTE_COW (mmu.h); the frame's reference count
 * (frame_ref.h) says how many spaces map it.  The first write to such a
 * page faults, and cow_resolve makes the page private: a copy when
 * others still map the frame, or just the write bit back when this is
 * the last mapping.  The same routine serves the fault handler and
 * copyout, which must copy before it writes.
 */
#ifndef SELFMAP_COW_H
#define SELFMAP_COW_H

#include "frame_ref.h"

/* Set up the reference counts for the process pool, in kernel-pool
 * frames (frame_ref_needed_info_frames of them, never given back: they
 * live as long as the pool).  Idempotent: later calls do nothing.
 * Panics when the kernel pool has no room. */
void cow_init(void);

/* Make the PTE_COW page at va of the loaded address space privately
 * writable: with a count above one, copy it into a fresh frame (the old
 * frame loses one reference); with a count of one, set PTE_WRITABLE
 * again.  Clears PTE_COW, flushes the TLB entry.  Returns E_OK, or
 * E_NOMEM (nothing changed) when no frame is left for the copy.
 * Panics when va is not a present PTE_COW page. */
int cow_resolve(unsigned long va);

#endif
