/*
 * workload.h - what the Pintos-style page workloads (page_linear,
 * page_parallel, page_fork) share: a byte pattern that depends on a seed
 * and on the offset, so a page that comes back from the wrong place, or
 * from a neighbour's copy, or as zeroes, does not match; and a check that
 * counts the pages that differ from it.
 *
 * Why per page: under a frame budget the pager moves whole pages, so a
 * mismatch count in pages says how much was lost; and why a header of
 * static inline functions: each workload is one program linked with the
 * user library only.
 */
#ifndef SELFMAP_WORKLOAD_H
#define SELFMAP_WORKLOAD_H

#include "user.h"

#define WL_PAGE 4096ul
#define WL_MB   (1024ul * 1024ul)

/* The pattern's byte at offset off for seed seed.  Two seeds below 256
 * never give the same byte at one offset, and the same place in two pages
 * less than 256 pages (1 MB) apart never holds the same byte. */
static inline unsigned char wl_byte(unsigned seed, unsigned long off)
{
    return (unsigned char)(seed * 151u + off * 7u + (off / WL_PAGE) * 13u + 1u);
}

/* Fill buf[0..n) with seed's pattern.  buf must be writable. */
static inline void wl_fill(unsigned char *buf, unsigned long n, unsigned seed)
{
    for (unsigned long off = 0; off < n; off++)
        buf[off] = wl_byte(seed, off);
}

/* How many pages of buf[0..n) hold a byte that is not seed's pattern
 * (0 when all match); a partial last page counts as a page. */
static inline unsigned long wl_bad_pages(const unsigned char *buf, unsigned long n, unsigned seed)
{
    unsigned long bad = 0;
    for (unsigned long page = 0; page < n; page += WL_PAGE) {
        unsigned long end = page + WL_PAGE < n ? page + WL_PAGE : n;
        for (unsigned long off = page; off < end; off++)
            if (buf[off] != wl_byte(seed, off)) {
                bad++;
                break;
            }
    }
    return bad;
}

/* n bytes of fresh heap from sbrk (zeroed, backed on first touch), or
 * NULL when the heap cannot grow.  The process's exit frees them. */
static inline unsigned char *wl_heap(unsigned long n)
{
    char *p = sbrk((int)n);
    return p == (char *)-1 ? 0 : (unsigned char *)p;
}

#endif
