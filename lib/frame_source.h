/*
 * frame_source.h - where paging gets its frames.
 *
 * The page-table code needs exactly three things from physical memory:
 * one frame, back one frame, and a free count.  Putting them behind this
 * small interface means the fault handler never knows whether a
 * contiguous bitmap pool (the default, as in MP4) or another allocator
 * stands behind it; the choice is made once, at boot.
 */
#ifndef SELFMAP_FRAME_SOURCE_H
#define SELFMAP_FRAME_SOURCE_H

struct buddy_pool;
struct cont_frame_pool;

struct frame_source {
    const char *name;
    /* One frame, or 0 when none is left. */
    unsigned long (*get)(void *impl);
    /* Give back a frame get() returned; 0 or a negative error code. */
    int (*put)(void *impl, unsigned long frame_no);
    /* Frames still free. */
    unsigned long (*free_count)(const void *impl);
    void *impl;
};

/* A frame source backed by a contiguous frame pool. */
void frame_source_from_cont_pool(struct frame_source *src, struct cont_frame_pool *pool);

/* A frame source backed by a buddy pool (frames=buddy; buddy_pool.c):
 * single frames, alloc_pages(1) and free_pages(frame, 1). */
void frame_source_from_buddy_pool(struct frame_source *src, struct buddy_pool *pool);

#endif
