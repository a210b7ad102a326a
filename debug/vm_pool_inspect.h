/*
 * vm_pool_inspect.h - looking inside a VM pool without changing it:
 * counts, describe, walk and check (vm_pool_inspect.c says why they are
 * in debug/).  Like the allocator's functions, each panics, naming both
 * pools, when called on a pool another pool replaced.
 */
#ifndef SELFMAP_VM_POOL_INSPECT_H
#define SELFMAP_VM_POOL_INSPECT_H

#include <stdbool.h>

#include "vm_pool.h"

/* Live regions in the pool. */
unsigned long vm_pool_region_count(const struct vm_pool *pool);
/* The largest allocation that could succeed now, in bytes (frames
 * permitting).  The pool's address space must be loaded. */
unsigned long vm_pool_largest_free(const struct vm_pool *pool);
/* Bytes of bookkeeping the pool uses now (extent slots in use). */
unsigned long vm_pool_bookkeeping_bytes(const struct vm_pool *pool);

/* Describe where `address` lies relative to the pool's regions, e.g.
 * "0x20003000 is 4 KB past the end of region 0x20000000+12 KB in heap". */
void vm_pool_describe(struct vm_pool *pool, unsigned long address, char *buf, unsigned long n);

/* Call fn(arg, start, pages, live) for every extent, lowest first. */
void vm_pool_walk(struct vm_pool *pool,
                  void (*fn)(void *arg, unsigned long start, unsigned long pages, bool live),
                  void *arg);

/* Panic unless the extents tile the pool, no two regions overlap, the
 * tree is balanced and every cached maximum is right. */
void vm_pool_check(struct vm_pool *pool);

#endif
