/*
 * cont_frame_pool.h - contiguous physical frame pools (MP2/MP4).
 *
 * A pool hands out runs of contiguous 4 KB frames, named by frame number
 * (physical address / 4096).  Every frame is in one of four states, two
 * bits each: free, allocated, head of an allocated sequence, or
 * inaccessible.  The bits live in "info frames", either the pool's own
 * first frames (info_frame_no == 0) or frames the caller provides; they
 * must be direct-mapped (below 4 MB) because the pool is used with
 * paging on.
 *
 * Layout used by the kernel (MP4's): kernel_mem_pool covers 2-4 MB,
 * process_mem_pool covers 4 MB up to the end of memory (32 MB by
 * default) with its info frames taken from the kernel pool, and the
 * 15-16 MB hole is inaccessible.
 */
#ifndef SELFMAP_CONT_FRAME_POOL_H
#define SELFMAP_CONT_FRAME_POOL_H

#include <stdint.h>

#include "bitmap.h"

enum frame_state { FRAME_FREE, FRAME_ALLOCATED, FRAME_HEAD, FRAME_INACCESSIBLE };

struct cont_frame_pool {
    unsigned long base_frame_no; /* first frame the pool manages */
    unsigned long n_frames;      /* frames managed, info frames included */
    unsigned long info_frame_no; /* first frame of the state bitmaps */
    unsigned long n_info_frames;
    struct bitmap used;           /* 1: allocated or head */
    struct bitmap tag;            /* 1: head or inaccessible (padding too) */
    unsigned long n_free;         /* frames in state FRAME_FREE */
    unsigned long hint;           /* no free frame in bitmap words below this one */
    const char *name;             /* for reports and dumps */
    struct cont_frame_pool *next; /* every initialised pool, for release */
};

extern struct cont_frame_pool kernel_mem_pool, process_mem_pool;

/* Set up `pool` over frames [base_frame_no, base_frame_no + n_frames).
 * info_frame_no == 0: the bitmaps go in the pool's own first frames,
 * which become inaccessible; otherwise in the needed_info_frames(n)
 * frames starting there, which the caller must own.  Panics when
 * n_frames is 0, the info frames are not direct-mapped, or the range
 * overlaps an initialised pool. */
void cont_frame_pool_init(struct cont_frame_pool *pool, unsigned long base_frame_no,
                          unsigned long n_frames, unsigned long info_frame_no);

/* Allocate n_frames contiguous free frames, lowest address first.
 * Returns the first frame number, or 0 when n_frames is 0 or no such
 * run exists.  The caller frees the run with release_frames. */
unsigned long cont_frame_pool_get_frames(struct cont_frame_pool *pool, unsigned long n_frames);

/* get_frames(pool, 1), the case every demand fault needs, without the
 * run search: the lowest free frame, or 0 when the pool is empty. */
unsigned long cont_frame_pool_get_frame(struct cont_frame_pool *pool);

/* Make [base_frame_no, +n_frames) inaccessible (never handed out).
 * Returns 0; E_INVAL for n_frames == 0; E_RANGE when the range is not
 * inside the pool; E_BUSY when a frame in it is allocated.  On error the
 * pool is unchanged. */
int cont_frame_pool_mark_inaccessible(struct cont_frame_pool *pool, unsigned long base_frame_no,
                                      unsigned long n_frames);

/* Free the whole sequence that starts at first_frame_no, in whichever
 * pool owns it.  Returns 0; E_NOPOOL when no pool owns the frame;
 * E_NOT_HEAD when it is not the head of an allocated sequence (a middle,
 * free or inaccessible frame, or a double release).  On error nothing
 * changes. */
int cont_frame_pool_release_frames(unsigned long first_frame_no);

/* The exact number of info frames n_frames frames need (2 bits each). */
unsigned long cont_frame_pool_needed_info_frames(unsigned long n_frames);

/* Frames currently free in `pool`. */
unsigned long cont_frame_pool_free_count(const struct cont_frame_pool *pool);

/* The state of `frame_no`, which must lie inside `pool`. */
enum frame_state cont_frame_pool_state(const struct cont_frame_pool *pool, unsigned long frame_no);

/* Take `pool` off the list release_frames searches (host tests, and
 * kernel tests that build short-lived pools). */
void cont_frame_pool_forget(struct cont_frame_pool *pool);

/* The first initialised pool; follow ->next for the others. */
struct cont_frame_pool *cont_frame_pool_first(void);

/* Make `src` (the caller's) a frame source (frame_source.h) backed by
 * `pool`: single frames, cont_frame_pool_get_frame() and
 * cont_frame_pool_release_frames().  Paging's default source. */
struct frame_source;
void frame_source_from_cont_pool(struct frame_source *src, struct cont_frame_pool *pool);

#endif
