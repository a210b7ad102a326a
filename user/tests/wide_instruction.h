/*
 * wide_instruction.h - one movsd (a ds prefix and the opcode, then a
 * ret) run from the heap, where every page it touches is a heap page of
 * its own: its two bytes straddle two pages when `code_spans` (one page
 * otherwise), and its 4-byte source and destination each straddle two
 * pages.  So it needs 6 pages at once (5 without code_spans), the most
 * any instruction can (mm/pager.h's PAGER_MIN_FRAMES).  The heap is
 * writable and i686 paging has no execute bit, so the bytes run there.
 * The progress guard's tests share it (stuck_instruction_is_killed,
 * minimum_budget_runs_the_widest_instruction).
 */
#ifndef SELFMAP_WIDE_INSTRUCTION_H
#define SELFMAP_WIDE_INSTRUCTION_H

#include "user.h"

#define WIDE_PAGE  4096
#define WIDE_PAGES 8 /* code in pages 0-1, source in 2-3, destination in 5-6 */

/* Copy `value` with the wide movsd (every page written first, so each
 * eviction is a swap-out); returns what the destination then holds, or
 * ~value when the heap could not grow.  The heap is given back. */
static inline unsigned wide_movsd(int code_spans, unsigned value)
{
    char *heap = sbrk(WIDE_PAGES * WIDE_PAGE), *code, *src, *dst, *at;
    unsigned got = ~value;
    if (heap == (char *)-1)
        return got;
    for (int i = 0; i < WIDE_PAGES; i++)
        heap[i * WIDE_PAGE + WIDE_PAGE / 2] = (char)i; /* dirty: no page is dropped */
    code = heap + (code_spans ? WIDE_PAGE - 1 : WIDE_PAGE);
    code[0] = (char)0x3e; /* ds: (the prefix makes the instruction two bytes) */
    code[1] = (char)0xa5; /* movsd: [edi] <- [esi], 4 bytes */
    code[2] = (char)0xc3; /* ret */
    src = heap + 3 * WIDE_PAGE - 2;
    dst = at = heap + 6 * WIDE_PAGE - 2;
    memcpy(src, &value, sizeof(value));
    memset(dst, 0, sizeof(value));
    __asm__ volatile("call *%2" : "+S"(src), "+D"(at) : "r"(code) : "memory", "cc");
    memcpy(&got, dst, sizeof(got));
    sbrk(-WIDE_PAGES * WIDE_PAGE);
    return got;
}

#endif
