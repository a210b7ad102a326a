/*
 * swap.h - swap slots on the ATA disk: where evicted pages go.
 *
 *   unsigned long slot;
 *   if (swap_slot_alloc(&slot) == E_OK &&
 *       swap_out_frame(slot, frame) == E_OK)      the page is on disk
 *       *pte = pte_swapped(slot);                 (mmu.h) and the frame is free
 *   ...
 *   swap_in_frame(pte_swap_slot(*pte), frame);    the next fault reads it back
 *   swap_slot_free(slot);
 *
 * The disk is cut into slots of one page (SWAP_SECTORS_PER_SLOT
 * sectors); slot s is sectors [8s, 8s + 8).  A bitmap with one bit per
 * slot, in frames of kernel_mem_pool taken once at boot, says which are
 * in use.  This module moves pages and keeps the books; choosing which
 * page to evict is evict_policy.h's job, and the pager (pager.h) ties
 * the two together in the fault path (docs/09-swap.md).
 *
 * Every function returns a named error when there is no swap device
 * (E_NODEV), so without a disk the kernel behaves as it always has.
 */
#ifndef SELFMAP_SWAP_H
#define SELFMAP_SWAP_H

#include <stdbool.h>

#include "ata.h"
#include "mmu.h"

#define SWAP_SECTORS_PER_SLOT  (PAGE_SIZE / ATA_SECTOR_SIZE) /* 8 */
#define SWAP_BITMAP_MAX_FRAMES 8ul /* at most 8 frames of bitmap: 256 K slots, 1 GB */
#define SWAP_SLOTS_PER_FRAME   (PAGE_SIZE * 8ul)
#define SWAP_MAX_SLOTS         (SWAP_BITMAP_MAX_FRAMES * SWAP_SLOTS_PER_FRAME)

/* What swap has done since boot: exact counts for the statistics. */
struct swap_stats {
    unsigned long page_writes; /* pages written to disk (swap-outs) */
    unsigned long page_reads;  /* pages read from disk (swap-ins) */
    unsigned long slots_total; /* slots on the device */
    unsigned long slots_used;  /* slots allocated now */
};

/* At boot: unless the command line says `noswap`, probe the ATA primary
 * master; when a disk is there, swap_init over it and print one line
 * (model, size, slots).  Without a disk, print nothing.  A disk that
 * fails its probe with E_TIMEOUT, or no kernel frames for the bitmap,
 * is reported and swap stays off.  Call once, after the frame pools
 * exist. */
void swap_boot(void);

/* Use the probed ATA disk (ata_probe succeeded) as the swap device:
 * slots = its sectors / SWAP_SECTORS_PER_SLOT, at most SWAP_MAX_SLOTS
 * and PTE_SWAP_ZERO_SLOT, a number no slot takes (the rest of a larger disk stays unused);
 * the bitmap comes from kernel_mem_pool, all slots free.  Returns E_OK;
 * E_NODEV without a disk or with one too small for one slot; E_NOMEM
 * when kernel_mem_pool has no frames for the bitmap; E_BUSY when swap
 * is already set up. */
int swap_init(void);

/* True when swap_init succeeded. */
bool swap_enabled(void);

/* Slots on the device, and slots free now (0 and 0 without swap). */
unsigned long swap_total_slots(void);
unsigned long swap_free_slots(void);

/* Take a free slot into *slot: the lowest free one at or after the
 * last slot taken, wrapping (next-fit).  Returns E_OK; E_NODEV without swap;
 * E_FULL when every slot is in use (*slot untouched).  The caller frees it. */
int swap_slot_alloc(unsigned long *slot);

/* Give back `slot`.  Returns E_OK; E_NODEV without swap; E_RANGE past
 * the last slot; E_NOT_ALLOCATED when it is free already (nothing
 * changes). */
int swap_slot_free(unsigned long slot);

/* True when `slot` exists and is allocated. */
bool swap_slot_in_use(unsigned long slot);

/* Write the page at kernel-visible address `page` (page-aligned, mapped:
 * direct-mapped or kmapped) to allocated slot `slot`.  Returns E_OK
 * (counted in page_writes); E_NODEV without swap; E_INVAL for a
 * misaligned or NULL page; E_RANGE or E_NOT_ALLOCATED for a slot that
 * is not an allocated one; E_IO or E_TIMEOUT when the disk fails (the
 * driver reports it; the slot's content is then undefined). */
int swap_out_page(unsigned long slot, const void *page);

/* Read allocated slot `slot` into the page at `page`, with
 * swap_out_page's checks and errors (counted in page_reads).  The slot
 * stays allocated: a clean page can be dropped later without a write. */
int swap_in_page(unsigned long slot, void *page);

/* swap_out_page / swap_in_page of physical frame `frame`, through a
 * short kmap (needs paging on; any frame). */
int swap_out_frame(unsigned long slot, unsigned long frame);
int swap_in_frame(unsigned long slot, unsigned long frame);

/* The counters so far (static storage). */
const struct swap_stats *swap_get_stats(void);

#endif
