/*
 * vm_pool_registry.h - making a VM pool and registering it with its
 * address space; the registry of each address space's pools (MP4 Part
 * II).  vm_pool_registry.c says why it is a file of its own.
 */
#ifndef SELFMAP_VM_POOL_REGISTRY_H
#define SELFMAP_VM_POOL_REGISTRY_H

#include "vm_pool.h"

struct cont_frame_pool;
struct page_table;

/* Set up a pool over [base_address, base_address + size) of page_table's
 * address space and register it there (vm_pool_register), named
 * "pool#N" (N counts the pools made since boot, so names are unique).
 * Both must be page-aligned and the pool at least 2 pages.  Nothing is
 * backed until the first allocate.  Panics on a misaligned or 1-page
 * range and where vm_pool_register panics.  A pool that overlaps pools
 * already registered in page_table replaces them (vm_pool_register). */
void vm_pool_init(struct vm_pool *pool, unsigned long base_address, unsigned long size,
                  struct cont_frame_pool *frame_pool, struct page_table *page_table);

/* vm_pool_init, with `name` (kept by pointer) from the start, so the
 * line that reports a replacement names it. */
void vm_pool_init_named(struct vm_pool *pool, const char *name, unsigned long base_address,
                        unsigned long size, struct cont_frame_pool *frame_pool,
                        struct page_table *page_table);

/* Give the pool a short name for reports and dumps (kept by pointer). */
void vm_pool_set_name(struct vm_pool *pool, const char *name);

/* ---- the registry: which pools an address space holds ---------------- */

/* Register `pool` with `pt`, which must be the address space it was
 * made for: faults in its range are then resolved against it.  Harmless
 * when the pool is already registered in pt (MP4's
 * PageTable::register_pool after the constructor did it).  Like mmap's
 * MAP_FIXED, a pool that overlaps pools already registered in pt
 * replaces them: their live regions and bookkeeping are freed (frames
 * and emptied page tables go back; pt must be loaded if they hold any),
 * they leave the registry, and one line names both pools, e.g.
 *   vm_pool: pool code_pool [0x20000000-0x30000000) replaces pool pool#1 [0x20000000-0x20002000)
 * Panics when the pool reaches into the shared region, the
 * shared-memory area or the windows, or was itself replaced. */
void vm_pool_register(struct page_table *pt, struct vm_pool *pool);

/* Take `pool` out of pt's registry (nothing is freed).  Panics when it
 * is not registered there. */
void vm_pool_unregister(struct page_table *pt, struct vm_pool *pool);

/* The pool registered in pt whose range holds `va`, or NULL.
 * O(log pools), O(1) when it is the pool found or registered last
 * (pt->last_pool). */
struct vm_pool *vm_pool_find(struct page_table *pt, unsigned long va);

/* Call fn(arg, pool) for every pool registered in pt, lowest first. */
void vm_pool_for_each(struct page_table *pt, void (*fn)(void *arg, struct vm_pool *pool),
                      void *arg);

#endif
