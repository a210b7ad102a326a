/*
 * scenarios.h - MP4's two test programs, shared by `make run`, the
 * in-kernel tests and the benchmarks, and MP4's glue between them and
 * the VM pools (current_pool, vm_alloc, vm_free).
 *
 * The glue lives here, not in vm_pool.c, because an MP4 kernel.C
 * defines current_pool itself: vm_pool.o must not, so that a C++ MP4
 * kernel links against selfmap without this file.
 */
#ifndef SELFMAP_SCENARIOS_H
#define SELFMAP_SCENARIOS_H

#include <stdbool.h>

#include "sizes.h"

struct page_table;
struct vm_pool;

#define MP4_FAULT_ADDR     (4 * MB)   /* MP4: FAULT_ADDR = 4 MB */
#define MP4_NACCESS        (MB / 4)   /* MP4: NACCESS = 1 MB / 4 */
#define MP4_CODE_POOL_BASE (512 * MB) /* MP4: code_pool(512 MB, 256 MB) */
#define MP4_HEAP_POOL_BASE (1 * GB)   /* MP4: heap_pool(1 GB, 256 MB) */
#define MP4_POOL_SIZE      (256 * MB)

/* MP4's page-table test: write and read back NACCESS ints from
 * FAULT_ADDR.  Needs an address space with no pool registered. */
bool mp4_page_table_scenario(void);

/* MP4's generate-VM-pool-references loop on one pool: for i = 1..size1-1
 * allocate size2*i ints from it (as current_pool), check legitimacy,
 * write, read back in reverse, release. */
bool mp4_pool_references(struct vm_pool *pool, int size1, int size2);

/* MP4's default test: code_pool at 512 MB and heap_pool at 1 GB, 256 MB
 * each, in `pt` (loaded), each exercised by mp4_pool_references(50, 100).
 * The pools are left registered in *code and *heap. */
bool mp4_default_scenario(struct page_table *pt, struct vm_pool *code, struct vm_pool *heap);

/* The pool MP4's operator new and delete use (kernel.C's global). */
extern struct vm_pool *current_pool;

/* MP4's operator new / delete: allocate from and release to current_pool.
 * vm_alloc returns NULL when the pool cannot allocate (vm_pool_allocate's
 * 0) and panics when current_pool is NULL.  vm_free(NULL) does nothing;
 * freeing anything else that is not a live region's start panics. */
void *vm_alloc(unsigned long size);
void vm_free(void *p);

#endif
