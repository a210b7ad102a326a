/*
 * fixtures.h - the setup several kernel test files share: a VM pool in
 * the loaded address space and its teardown, a fresh address space
 * entered and left, every frame of the frame source held and given back, and word-level reads and
 * writes of a page.
 *
 * Why one file: the tests that build a pool, drain the frame source or
 * fill a page each wrote the same lines, and a fixture that changes
 * (the pool's frame pool, how a pool is torn down) now changes once.
 * A fixture checks nothing itself but its preconditions (KASSERT); the
 * test says what must hold.  Not a test file: it defines no KTEST.
 */
#ifndef SELFMAP_FIXTURES_H
#define SELFMAP_FIXTURES_H

#include <stdbool.h>
#include <stdint.h>

struct page_table;
struct vm_pool;

#define FIXTURE_FILL_WORD 0xA5A5A5A5u /* what fixture_touch writes */
#define FIXTURE_MAX_HELD  16384ul     /* frames fixture_hold_every_frame can hold: 64 MB */

/* Register `p` as a VM pool of `size` bytes at `base`, named `name` (kept
 * by pointer), in the loaded address space, backed by the paging frame
 * source (its frame pool argument is process_mem_pool, as MP4's).
 * Returns p.  Undo with fixture_pool_teardown once its regions are
 * released. */
struct vm_pool *fixture_pool_init(struct vm_pool *p, unsigned long base, unsigned long size,
                                  const char *name);

/* Undo fixture_pool_init: unregister `p` (it must live in the loaded
 * address space, its regions released) and free its bookkeeping pages
 * and the page tables of its range. */
void fixture_pool_teardown(struct vm_pool *p);

/* Make `pt` a fresh address space (page_table_init) and load it.  Undo
 * with fixture_space_leave. */
void fixture_space_enter(struct page_table *pt);

/* Load the boot address space (kernel_page_table) again and destroy
 * `pt`, which gives back every frame it holds. */
void fixture_space_leave(struct page_table *pt);

/* Take every frame the paging frame source has (at most
 * FIXTURE_MAX_HELD); asserts none is left.  Returns how many; give them
 * back with fixture_give_back(n) before the test ends. */
unsigned long fixture_hold_every_frame(void);

/* Frame i (below what fixture_hold_every_frame returned) of those held. */
unsigned long fixture_held_frame(unsigned long i);

/* Put back the last `n` frames fixture_hold_every_frame took. */
void fixture_give_back(unsigned long n);

/* Set every word of the page at va to v. */
void fixture_fill_page(unsigned long va, uint32_t v);

/* The number of words of the page at va that are not zero. */
unsigned long fixture_nonzero_words(unsigned long va);

/* Every word of the page at va equals v. */
bool fixture_page_holds(unsigned long va, uint32_t v);

/* Write FIXTURE_FILL_WORD to the word at va (backs its page on demand). */
void fixture_touch(unsigned long va);

/* The word at va. */
uint32_t fixture_peek(unsigned long va);

#endif
