/*
 * buddy_pool.h - a buddy frame allocator (petmem-style), the alternative
 * to the contiguous pool behind paging (boot with frames=buddy).
 *
 * A buddy pool hands out blocks of 2^k contiguous 4 KB frames, k from 0
 * to BUDDY_MAX_ORDER (4 KB .. 4 MB), each aligned to its own size in
 * physical frame numbers.  alloc_pages(n) rounds n up to a power of two
 * and splits a larger free block when it has to; free_pages(frame, n)
 * gives the block back and merges it with its buddy (the other half of
 * the block twice its size) for as long as that buddy is free too, so a
 * pool whose blocks are all freed is back to its largest blocks.
 *
 * Why not the contiguous pool: a bitmap pool finds a run of n frames by
 * scanning, and freeing 1 frame in 1000 can leave no run of 8.  A buddy
 * pool finds a block in a few steps (the lowest free block of the
 * smallest order that fits) and its free frames stay grouped in aligned
 * blocks, at the price of rounding every request up to a power of two.
 *
 * Bookkeeping lives in "info frames", like the contiguous pool's: the
 * pool's own first frames (info_frame_no == 0) or
 * buddy_pool_needed_info_frames() frames the caller provides.  They must
 * be direct-mapped (below 4 MB), since the pool is used with paging on.
 * Only the frames in [base_frame_no, base_frame_no + n_frames) are ever
 * handed out; blocks are aligned to absolute frame numbers, so a pool
 * whose ends are not 4 MB-aligned has smaller blocks at its edges.
 */
#ifndef SELFMAP_BUDDY_POOL_H
#define SELFMAP_BUDDY_POOL_H

#include <stdint.h>

#include "bitmap.h"

#define BUDDY_MAX_ORDER  10u                      /* largest block: 2^10 frames = 4 MB */
#define BUDDY_ORDERS     (BUDDY_MAX_ORDER + 1)    /* orders 0 .. BUDDY_MAX_ORDER */
#define BUDDY_MAX_FRAMES (1ul << BUDDY_MAX_ORDER) /* frames in the largest block */

struct cont_frame_pool;

enum buddy_frame_state { BUDDY_FRAME_FREE, BUDDY_FRAME_ALLOCATED, BUDDY_FRAME_INACCESSIBLE };

struct buddy_pool {
    unsigned long base_frame_no; /* first frame the pool manages */
    unsigned long n_frames;      /* frames managed, info frames included; 0: not set up */
    unsigned long span_base;     /* base_frame_no rounded down to a largest block */
    unsigned long span_frames;   /* frames the maps cover: whole largest blocks */
    unsigned long info_frame_no; /* first frame of the maps */
    unsigned long n_info_frames;
    uint8_t *order_map;                      /* 4 bits a frame: see buddy_pool.c */
    struct bitmap free_map[BUDDY_ORDERS];    /* bit i: block i of that order is free */
    unsigned long free_blocks[BUDDY_ORDERS]; /* set bits in each free_map */
    unsigned long hint[BUDDY_ORDERS];        /* no set bit in free_map below this bit */
    const char *name;                        /* for reports; kept when already set */
};

/* The buddy pool frames=buddy sets up over the process pool's frames
 * (kernel.c); n_frames is 0 when the kernel booted without it. */
extern struct buddy_pool process_buddy_pool;

/* The exact number of info frames a pool over [base_frame_no,
 * +n_frames) needs: half a byte a frame for the order map plus one bit a
 * block of every order, over whole largest blocks. */
unsigned long buddy_pool_needed_info_frames(unsigned long base_frame_no, unsigned long n_frames);

/* Set up `pool` over frames [base_frame_no, base_frame_no + n_frames),
 * every frame free, in the largest aligned blocks that fit.
 * info_frame_no == 0: the maps go in the pool's own first frames, which
 * become inaccessible; otherwise in the needed_info_frames frames from
 * there, which the caller owns and keeps.  Panics when n_frames is 0,
 * base_frame_no is 0 (0 is the failure value of alloc_pages), the pool
 * reaches past 4 GB, its own frames cannot hold the maps, or the info
 * frames are not direct-mapped.  Nothing to free: the pool lives in
 * `pool` and its info frames. */
void buddy_pool_init(struct buddy_pool *pool, unsigned long base_frame_no, unsigned long n_frames,
                     unsigned long info_frame_no);

/* Allocate one block of n_frames rounded up to a power of two: the
 * lowest-addressed free block of the smallest order that fits, split
 * down as needed.  Returns its first frame number (aligned to the block
 * size), or 0 when n_frames is 0, larger than BUDDY_MAX_FRAMES, or no
 * block that large is free.  The caller frees it with free_pages and the
 * same n_frames (or any n that rounds up to the same power of two). */
unsigned long buddy_pool_alloc_pages(struct buddy_pool *pool, unsigned long n_frames);

/* Free the block alloc_pages(n_frames) returned at frame_no and merge it
 * with free buddies.  Returns 0, or, with the pool unchanged:
 *   E_NOPOOL        frame_no is outside the pool;
 *   E_INVAL         n_frames is 0;
 *   E_WRONG_SIZE    n_frames is larger than BUDDY_MAX_FRAMES, or an
 *                   allocated block starts at frame_no with another size;
 *   E_MISALIGNED    no allocated block starts at frame_no, which is not
 *                   aligned to the size either (a pointer into a block);
 *   E_NOT_ALLOCATED no allocated block starts at frame_no: it is free
 *                   (a double free), inside a block, or inaccessible. */
int buddy_pool_free_pages(struct buddy_pool *pool, unsigned long frame_no, unsigned long n_frames);

/* Make [base_frame_no, +n_frames) inaccessible (never handed out), e.g.
 * the 15-16 MB hole; free blocks around it are split.  Returns 0;
 * E_INVAL for n_frames == 0; E_RANGE when the range is not inside the
 * pool; E_BUSY when a frame in it is allocated.  On error the pool is
 * unchanged.  Frames already inaccessible may be marked again. */
int buddy_pool_mark_inaccessible(struct buddy_pool *pool, unsigned long base_frame_no,
                                 unsigned long n_frames);

/* Frames currently free (in free blocks of every order). */
unsigned long buddy_pool_free_count(const struct buddy_pool *pool);

/* The state of `frame_no`, which must lie inside `pool` (panics if not). */
enum buddy_frame_state buddy_pool_state(const struct buddy_pool *pool, unsigned long frame_no);

/* ---- for benchmarks and reports (no side effects, O(orders)) -------- */

/* Free blocks of `order` (0 .. BUDDY_MAX_ORDER; 0 for larger orders). */
unsigned long buddy_pool_free_blocks(const struct buddy_pool *pool, unsigned order);

/* Frames in the largest free block: the largest n for which
 * alloc_pages(n) succeeds now.  0 when nothing is free. */
unsigned long buddy_pool_largest_free_block(const struct buddy_pool *pool);

/* Free frames that cannot serve an alloc_pages(n_frames) request now:
 * those in free blocks smaller than n_frames rounded up to a power of
 * two (fragmentation, e.g. n_frames = 8).  All free frames when
 * n_frames > BUDDY_MAX_FRAMES; 0 when n_frames <= 1. */
unsigned long buddy_pool_unusable_free_frames(const struct buddy_pool *pool,
                                              unsigned long n_frames);

/* ---- taking over a contiguous pool ------------------------------------ */

/* Set `pool` up over the same frames as `from`, with its maps in the
 * caller's info frames at info_frame_no (not 0), and move every free
 * frame of `from` into it: `from` allocates all its free runs (so its
 * free count becomes 0 and no frame has two owners) and every frame
 * that was not free in `from` is inaccessible in `pool`.  The frames
 * stay allocated in `from` for good.  Panics like buddy_pool_init, and
 * when info_frame_no is 0. */
void buddy_pool_init_from_cont_pool(struct buddy_pool *pool, struct cont_frame_pool *from,
                                    unsigned long info_frame_no);

/* ---- as a frame source ------------------------------------------------ */

/* Make `src` (the caller's) a frame source (frame_source.h) backed by
 * `pool` (frames=buddy): single frames, buddy_pool_alloc_pages(1) and
 * buddy_pool_free_pages(frame, 1). */
struct frame_source;
void frame_source_from_buddy_pool(struct frame_source *src, struct buddy_pool *pool);

#endif
