/*
 * frame_source.h - where paging gets its frames.
 *
 * The page-table code needs exactly three things from physical memory:
 * one frame, back one frame, and a free count.  Putting them behind this
 * small interface means the fault handler never knows whether a
 * contiguous bitmap pool (the default, as in MP4) or another allocator
 * stands behind it; the choice is made once, at boot.  Each pool
 * offers itself as a frame source (frame_source_from_cont_pool in
 * cont_frame_pool.c, frame_source_from_buddy_pool in mm/buddy_pool.c);
 * this interface, in lib/ below both, knows neither.
 *
 * Glossary: four verb pairs for frames.  Each pair keeps the name its
 * origin gives it, so a student can match the code to the handout:
 *
 *   get_frames / release_frames   MP2's contiguous frame pool
 *       (cont_frame_pool_get_frames, cont_frame_pool_release_frames):
 *       a run of n physical frames, released by its first frame alone.
 *   alloc_pages / free_pages      the buddy pool, named after petmem's
 *       (and Linux's) page allocator (buddy_pool_alloc_pages,
 *       buddy_pool_free_pages): 2^k frames, freed with their count.
 *   get / put                     this interface: exactly one frame, for
 *       paging; the adapters map it onto one of the two pairs above.
 *   allocate / release            MP4's VM pools (vm_pool_allocate,
 *       vm_pool_release): a region of *virtual* addresses; no frame is
 *       taken until a page of it faults (page_fault.c), and release gives
 *       back the frames of the pages that were touched.
 */
#ifndef SELFMAP_FRAME_SOURCE_H
#define SELFMAP_FRAME_SOURCE_H

#include "panic.h"

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

/* The cold halves of the two helpers below (frame_source.c): panic
 * with the message their contracts give.  Never called directly. */
NORETURN void frame_source_get_failed(const struct frame_source *src, const char *who);
NORETURN void frame_source_put_failed(unsigned long frame, int rc, const char *who);

/* One frame from src, for callers that can report running out (an
 * E_NOMEM up to their caller, a fault's "out of memory").  Returns the
 * frame, or 0 when src is empty (then nothing was taken).  The caller
 * owns the frame and gives it back with frame_source_must_put(). */
static inline unsigned long frame_source_get(struct frame_source *src)
{
    return src->get(src->impl);
}

/* One frame from src, for callers that have no way to report failure
 * (MP4's void interfaces, boot).  Panics "who: no frame left in NAME"
 * when src is empty; never returns 0.  The caller owns the frame and
 * gives it back with frame_source_must_put(). */
static inline unsigned long frame_source_must_get(struct frame_source *src, const char *who)
{
    unsigned long f = frame_source_get(src);
    if (__builtin_expect(f == 0, 0))
        frame_source_get_failed(src, who);
    return f;
}

/* Give back a frame src handed out.  A refusal means the caller's
 * bookkeeping is broken, so it panics "who: frame F could not be
 * returned (E_...)" instead of returning an error.  Inline, with
 * the panic out of line, so the release path stays as short as a
 * direct call of put(). */
static inline void frame_source_must_put(struct frame_source *src, unsigned long frame,
                                         const char *who)
{
    int rc = src->put(src->impl, frame);
    if (__builtin_expect(rc < 0, 0))
        frame_source_put_failed(frame, rc, who);
}

#endif
