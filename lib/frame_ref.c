/*
 * frame_ref.c - the reference counts and the debug check's tally
 * (frame_ref.h says why the counts are "extra mappings").  Both arrays
 * sit in the storage frame_ref_init is given: the counts first, then the
 * tally, each one byte per frame.
 */
#include "frame_ref.h"

#include "mmu.h"
#include "panic.h"
#include "utils.h"

uint8_t *frame_ref_extra;
unsigned long frame_ref_base, frame_ref_n;
static uint8_t *tally_counts; /* the debug check's mappings per frame */

unsigned long frame_ref_needed_info_frames(unsigned long n_frames)
{
    return 2 * PAGES_FOR(n_frames);
}

void frame_ref_init(unsigned long base, unsigned long n, void *storage)
{
    if (frame_ref_extra)
        panic("frame_ref_init: called twice");
    frame_ref_extra = storage;
    tally_counts = frame_ref_extra + PAGE_ADDR(PAGES_FOR(n));
    frame_ref_base = base;
    frame_ref_n = n;
}

void frame_ref_share_failed(unsigned long frame)
{
    if (frame - frame_ref_base >= frame_ref_n)
        panic("frame_ref_share: frame 0x%lx is not a counted frame", frame);
    panic("frame_ref_share: frame 0x%lx has too many mappings", frame);
}

void frame_ref_tally_reset(void)
{
    if (tally_counts)
        memset(tally_counts, 0, frame_ref_n);
}

unsigned frame_ref_tallied(unsigned long frame)
{
    unsigned long i = frame - frame_ref_base;
    return i < frame_ref_n ? tally_counts[i] : 0u;
}

void frame_ref_tally(unsigned long frame)
{
    unsigned long i = frame - frame_ref_base;
    if (i < frame_ref_n && tally_counts[i] < FRAME_REF_MAX_EXTRA)
        tally_counts[i]++;
}

unsigned long frame_ref_tally_mismatches(unsigned long *first)
{
    unsigned long bad = 0;
    for (unsigned long i = 0; i < frame_ref_n; i++) {
        unsigned want = tally_counts[i] ? tally_counts[i] - 1u : 0u;
        if (frame_ref_extra[i] != want && bad++ == 0)
            *first = frame_ref_base + i;
    }
    return bad;
}
