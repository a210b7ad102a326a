/*
 * frame_source.c - the two frame sources: the contiguous frame pool (the
 * default, as in MP4) and the buddy pool (frames=buddy).
 *
 * Each adapter is three one-line callbacks that ask its pool for exactly
 * one frame.  Keeping both here, next to each other, shows that the
 * interface (frame_source.h) is all paging sees, and keeps the pools
 * themselves free of any knowledge of paging.
 */
#include "frame_source.h"

#include "buddy_pool.h"
#include "cont_frame_pool.h"
#include "errors.h"

/* ---- the contiguous frame pool ---------------------------------------- */

static unsigned long cont_get(void *impl) { return cont_frame_pool_get_frame(impl); }

static int cont_put(void *impl, unsigned long frame_no)
{
    (void)impl; /* MP2's release_frames finds the owning pool itself */
    return cont_frame_pool_release_frames(frame_no);
}

static unsigned long cont_free_count(const void *impl) { return cont_frame_pool_free_count(impl); }

void frame_source_from_cont_pool(struct frame_source *src, struct cont_frame_pool *pool)
{
    src->name = pool->name;
    src->get = cont_get;
    src->put = cont_put;
    src->free_count = cont_free_count;
    src->impl = pool;
}

/* ---- the buddy pool ----------------------------------------------------- */

static unsigned long buddy_get(void *impl) { return buddy_pool_alloc_pages(impl, 1); }

static int buddy_put(void *impl, unsigned long frame_no)
{
    return buddy_pool_free_pages(impl, frame_no, 1);
}

static unsigned long buddy_free_count(const void *impl) { return buddy_pool_free_count(impl); }

void frame_source_from_buddy_pool(struct frame_source *src, struct buddy_pool *pool)
{
    src->name = pool->name;
    src->get = buddy_get;
    src->put = buddy_put;
    src->free_count = buddy_free_count;
    src->impl = pool;
}

/* ---- the cold halves of frame_source_must_get / must_put ---------------- */

void frame_source_get_failed(const struct frame_source *src, const char *who)
{
    panic("%s: no frame left in %s", who, src->name);
}

void frame_source_put_failed(unsigned long frame, int rc, const char *who)
{
    panic("%s: frame 0x%lx could not be returned (%s)", who, frame, error_name(rc));
}
