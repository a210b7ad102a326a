/*
 * frame_source.c - the contiguous frame pool as a frame source.
 */
#include "frame_source.h"

#include "cont_frame_pool.h"

static unsigned long cont_get(void *impl) { return cont_frame_pool_get_frame(impl); }

static int cont_put(void *impl, unsigned long frame_no)
{
    (void)impl;
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
