/*
 * shm.h - shared memory between address spaces, xv6 style: a segment is
 * named by an integer id, every address space that opens it maps the
 * same physical frames, and the frames go back to the frame source only
 * when the last address space closes it.
 *
 *   int *counter = shm_open(7, sizeof(int));   map segment 7 here
 *   (*counter)++;
 *   shm_close(7);                              unmap it here
 *
 * Segments live in the shared-memory area [SHM_BASE, SHM_END) that every
 * address space reserves (mmu.h).  Each address space places a segment
 * at the lowest free address there, so the same segment may sit at
 * different addresses in different address spaces.  See shm.c for the
 * design and for how interrupts are kept out of the tables.
 */
#ifndef SELFMAP_SHM_H
#define SELFMAP_SHM_H

#include <stdbool.h>

struct page_table;

#define SHM_MAX_SEGMENTS 64  /* segments that can exist at once */
#define SHM_MAX_MAPPINGS 512 /* (address space, segment) pairs open at once */
#define SHM_GUARD_PAGES  1   /* unmapped pages kept after each mapping */

/* Register shm_release_address_space as a page_table_destroy hook, so
 * destroying an address space drops the segments it has open.  Call
 * once at boot, before any shm_open. */
void shm_init(void);

/* Map segment `id` (any int) into the current address space and return its
 * address (page-aligned), or NULL on any failure (shm_try_open says
 * which).  The first open of an id creates the segment: `size` rounded
 * up to whole pages, zero-filled.  Later opens must ask for the same
 * size (compared in whole pages).  Undo with shm_close in the same
 * address space, or let page_table_destroy drop it. */
void *shm_open(int id, unsigned long size);

/* shm_open with a named result: 0 and the address in *addr, or
 *   E_INVAL         size is 0 or larger than the whole shm area
 *   E_EXISTS        the segment exists with another size
 *   E_ALREADY_OPEN  this address space has it open already
 *   E_FULL          creating it would need a 65th segment, or all
 *                   SHM_MAX_MAPPINGS (address space, segment) pairs are open
 *   E_NOMEM         no free range in this address space's shm area, or
 *                   no frames (for its pages, frame list or page tables)
 * On failure nothing has changed: no frame, segment or mapping is left
 * behind, and *addr is untouched. */
int shm_try_open(int id, unsigned long size, void **addr);

/* Unmap segment `id` from the current address space (invlpg on each of
 * its pages) and drop this address space's reference; the last close
 * frees the segment's frames and its table slot.  Returns 0, or
 * E_NOT_OPEN (nothing changes) when this address space has not opened
 * `id`, including a second close and an id that does not exist. */
int shm_close(int id);

/* Call fn(arg, id, va, pages, refs) for every segment mapped in `pt`,
 * lowest address first: va is where it is mapped in `pt`, refs the
 * number of address spaces that have it open.  fn runs with interrupts
 * as the caller had them and may print; each call sees a consistent
 * snapshot of one segment.  `pt` need not be loaded. */
void shm_walk(const struct page_table *pt,
              void (*fn)(void *arg, int id, unsigned long va, unsigned long pages, unsigned refs),
              void *arg);

/* True exactly when `va` lies in a segment mapped in `pt` (the guard
 * pages after a segment are not legitimate).  Never faults. */
bool shm_is_legitimate(const struct page_table *pt, unsigned long va);

/* The fault handler's part, for a not-present fault at `va` in the shm
 * area of the loaded address space `pt`: when a segment is mapped there
 * but the page's PTE was dropped (page_table_free_page), map the
 * segment's own frame again -- never a fresh zero page.  Returns 0,
 * E_NOT_OPEN when no segment is mapped at `va` (an illegitimate
 * access), or E_NOMEM when no frame is left for a page table.  Runs with
 * interrupts off (called from exception 14). */
int shm_handle_fault(struct page_table *pt, unsigned long va);

/* Drop every segment `pt` has open, as if each were closed, without
 * touching its page tables (`pt` is not loaded and is being torn down:
 * page_table_destroy calls this through the hook shm_init registers, and
 * then skips the PTE_SHARED frames).
 * Segments whose last reference this was are freed. */
void shm_release_address_space(const struct page_table *pt);

/* fork's part: give `to` (a new, unloaded address space) every segment
 * `from` has mapped, at the same addresses, with one more reference
 * each.  `map` maps one frame into the unloaded space (uvm_map_in).
 * Returns 0, or E_NOMEM or E_FULL (the mapping table is full); then
 * `to` has the segments shared so far and page_table_destroy(to) undoes
 * it all. */
int shm_share(const struct page_table *from, struct page_table *to,
              int (*map)(struct page_table *pt, unsigned long va, unsigned long frame,
                         unsigned long flags));

/* Segments that exist now (for tests and reports). */
unsigned shm_segment_count(void);

#endif
