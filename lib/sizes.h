/*
 * sizes.h - KB, MB and GB, defined once.
 *
 * Why a header of its own: mmu.h (the physical layout), the dumps, the
 * VM pools' reports and the tests all speak in these units, and the
 * host fuzzers include it too; it depends on nothing.
 */
#ifndef SELFMAP_SIZES_H
#define SELFMAP_SIZES_H

#define KB_SHIFT 10u
#define MB_SHIFT 20u
#define GB_SHIFT 30u
#define KB       (1ul << KB_SHIFT)
#define MB       (1ul << MB_SHIFT)
#define GB       (1ul << GB_SHIFT)

#endif
