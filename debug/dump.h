/*
 * dump.h - seeing inside: printable views of the memory structures.
 *
 *   dump_vm(pt)            the maps listing of an address space, one line
 *                          per region (compare Linux's /proc/PID/maps)
 *   dump_page_table(pt,va) the walk the MMU makes for one address
 *   dump_frame_pool()      a compact map of every frame pool
 *
 * Why a module of its own: the listings are for people (the `dump` and
 * `walk=ADDR` boot words, tests, the docs/ walkthrough), not for the
 * memory code, which stays free of printing.  The line formats are
 * fixed: tools/gdb/selfmap.py prints the same lines from outside the
 * kernel, and tests/scripts/gdb_commands.sh checks that they agree.
 */
#ifndef SELFMAP_DUMP_H
#define SELFMAP_DUMP_H

#include <stddef.h>

struct buddy_pool;
struct page_table;

/* Characters in dump_frame_pool's one-line map of a pool: each stands
 * for ceil(n_frames / DUMP_MAP_WIDTH) frames. */
#define DUMP_MAP_WIDTH 64ul

/* Print the maps listing of `pt`, which must be the loaded address space
 * (its tables are read through the recursive window): a header, then
 * one line per area, lowest address first,
 *   START-END SIZE BACKED/PAGES NAME
 * for the shared kernel region, each VM pool's bookkeeping pages and
 * live regions, pages mapped outside any pool ("[no pool]"), shared-
 * memory mappings, the scratch window and the recursive window, and a
 * closing "total:" line.  END is exclusive.  Reads only: never faults,
 * allocates or backs a page.  Not loaded: prints one line saying so. */
void dump_vm(struct page_table *pt);

/* Print the walk for virtual address `va` in `pt` (must be loaded): the
 * PDE and, when its page table exists, the PTE, each with the window
 * address it was read at, its raw value, frame and decoded flags; then
 * the physical address when the page is mapped, and where `va` lies
 * (which pool or window; not for a process's space, pt->user, whose
 * regions proc/pmaps.c names).  Reads only. */
void dump_page_table(struct page_table *pt, unsigned long va);

/* Print every contiguous frame pool, lowest first: a header with its
 * used / free / inaccessible counts and number of allocated sequences, a
 * one-line map (# used, . free, x inaccessible, + mixed), and its runs
 * of frames in one state; then process_buddy_pool when it is set up
 * (dump_buddy_pool).  A frame source that is neither gets a line with
 * its free count. */
void dump_frame_pool(void);

/* Print buddy pool `p` (set up) like a frame pool: its used / free /
 * inaccessible counts and largest free block, its free blocks of each
 * order, the map and the runs.  dump_frame_pool calls it for
 * process_buddy_pool when frames=buddy set that up. */
void dump_buddy_pool(const struct buddy_pool *p);

/* After a scenario: dump_page_table of the loaded address space for
 * `walk=ADDR` (or walk=ADDR,ADDR,... for several; not after a program,
 * init=NAME, whose processes walk their own spaces as they exit:
 * proc/pmaps.h), then dump_vm and
 * dump_frame_pool for `dump`, when the command line has them.  Then
 * calls dump_checkpoint(). */
void dump_on_request(void);

/* The dumps print on the console, except between dump_text_begin and
 * dump_text_end: then dump_page_table's lines (and whatever the caller
 * prints with dump_say) go into `buf` (size > 0 bytes, kept
 * NUL-terminated, cut at size - 1 characters).  dump_text_end returns
 * the whole text's length, even past the cut.  Not nested. */
void dump_text_begin(char *buf, size_t size);
size_t dump_text_end(void);
/* kprintf, or into the buffer between dump_text_begin and _end. */
void dump_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Does nothing; a place for debuggers to stop once the kernel has
 * printed its dumps (tests/scripts/gdb_commands.sh breaks here). */
void dump_checkpoint(void);

#endif
