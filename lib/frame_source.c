/*
 * frame_source.c - the cold halves of frame_source_must_get and
 * frame_source_must_put (frame_source.h): the panics with the messages
 * their contracts give.
 *
 * Why a file of its own: the two helpers are inline so the hot paths
 * pay no call, and their panics are out of line so the paths stay
 * short.  The panics belong to the interface, in lib/ with it; each
 * pool's adapter lives with its pool (cont_frame_pool.c,
 * mm/buddy_pool.c).
 */
#include "frame_source.h"

#include "errors.h"

void frame_source_get_failed(const struct frame_source *src, const char *who)
{
    panic("%s: no frame left in %s", who, src->name);
}

void frame_source_put_failed(unsigned long frame, int rc, const char *who)
{
    panic("%s: frame 0x%lx could not be returned (%s)", who, frame, error_name(rc));
}
