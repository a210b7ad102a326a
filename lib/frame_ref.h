/*
 * frame_ref.h - per-frame reference counts for frames behind user pages.
 *
 * Why this shape: after a copy-on-write fork (mm/cow.h), one frame can
 * sit behind the same user page of several address spaces, so "free
 * the page" must become "drop one reference".  Every frame of the
 * process pool has a one-byte count of its *extra* mappings (those
 * beyond the first), kept in kernel-pool frames beside the pool's own
 * bookkeeping and sized like it (frame_ref_needed_info_frames), so it
 * works for both frame sources: the contiguous pool and frames=buddy
 * hand out the same frame numbers.  A frame nobody shares has an extra
 * count of 0, so allocating a frame touches no count and freeing one
 * reads a byte.  Frames outside the range (and every frame before
 * frame_ref_init) have no extra references.  It lives in lib/ because
 * page_table.c's put_frame, the one place frames of pages go back,
 * consults it.
 *
 * Shm frames (PTE_SHARED) never get a count here: their segment keeps
 * its own, and page_table.c never frees them through a PTE.
 */
#ifndef SELFMAP_FRAME_REF_H
#define SELFMAP_FRAME_REF_H

#include <stdbool.h>
#include <stdint.h>

#include "panic.h"

/* The counts' storage; read by the inline helpers below only. */
extern uint8_t *frame_ref_extra;
extern unsigned long frame_ref_base, frame_ref_n;

#define FRAME_REF_MAX_EXTRA 255u /* a frame may have at most 256 mappings */

/* Frames of storage frame_ref_init needs for n_frames frames (the
 * counts and the debug check's tally, one byte each). */
unsigned long frame_ref_needed_info_frames(unsigned long n_frames);

/* Count frames [base, base + n) in `storage` (frame_ref_needed_info_frames(n)
 * zero-filled frames, mapped at that address for good).  Call once,
 * before the first frame_ref_share. */
void frame_ref_init(unsigned long base, unsigned long n, void *storage);

/* True once frame_ref_init ran. */
static inline bool frame_ref_ready(void) { return frame_ref_extra != 0; }

/* The cold half of frame_ref_share: panics.  Never called directly. */
NORETURN void frame_ref_share_failed(unsigned long frame);

/* One more mapping of `frame` (mapped somewhere already, and inside
 * the counted range).  Panics when the count would overflow or the
 * frame is outside the range (a bookkeeping bug).  Inline: fork calls
 * it once per shared page. */
static inline void frame_ref_share(unsigned long frame)
{
    unsigned long i = frame - frame_ref_base;
    if (__builtin_expect(i >= frame_ref_n || frame_ref_extra[i] == FRAME_REF_MAX_EXTRA, 0))
        frame_ref_share_failed(frame);
    frame_ref_extra[i]++;
}

/* Drop one mapping of `frame`.  Returns true when that was the last
 * one, and the caller gives the frame back to its source; false when
 * other mappings remain.  Never makes a count negative. */
static inline bool frame_ref_drop(unsigned long frame)
{
    unsigned long i = frame - frame_ref_base;
    if (i >= frame_ref_n || frame_ref_extra[i] == 0)
        return true;
    frame_ref_extra[i]--;
    return false;
}

/* How many mappings `frame` has, the first included: 1 for a frame no
 * one shares (or one outside the range). */
static inline unsigned frame_ref_count(unsigned long frame)
{
    unsigned long i = frame - frame_ref_base;
    return i < frame_ref_n ? 1u + frame_ref_extra[i] : 1u;
}

/* The debug check: tally_reset(), then tally(frame) once for every
 * present private user PTE of every live address space, then
 * tally_mismatches() compares each frame's tally with its count and
 * returns how many frames differ (0 when the counts are right), with
 * the first such frame in *first. */
void frame_ref_tally_reset(void);
void frame_ref_tally(unsigned long frame);
unsigned long frame_ref_tally_mismatches(unsigned long *first);
/* The tally of `frame` (after the walk), for reports. */
unsigned frame_ref_tallied(unsigned long frame);

#endif
