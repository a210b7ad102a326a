/*
 * buddy_pool.c - a buddy frame allocator whose bookkeeping is all bits.
 *
 * Design.  The textbook buddy allocator threads a linked free list per
 * order through the free blocks themselves.  Here the free blocks are
 * process frames above 4 MB, which the kernel does not map: following a
 * list would mean a kmap() per step on the fault path, and the host
 * tests could not touch them at all.  So every piece of state lives in
 * the (direct-mapped) info frames instead:
 *
 *   free_map[k]  one bit per aligned block of 2^k frames (a lib/bitmap
 *                bitmap): set when that block is a free block of order
 *                k.  This is the "free list" of order k, kept sorted by
 *                address for free: taking the lowest set bit (searching
 *                from hint[k], below which no bit is set) hands out the
 *                lowest-addressed block, which keeps allocations packed
 *                low and makes every result predictable in tests.
 *                Together the maps cost 2 bits a frame.
 *   order_map    4 bits a frame: MAP_HEAD(k) on the first frame of an
 *                allocated block of order k, MAP_INACCESSIBLE on frames
 *                never handed out (holes, own info frames, and the
 *                padding that rounds the maps out to whole 4 MB blocks),
 *                MAP_NONE elsewhere.  free_pages checks its arguments
 *                against it, so a bad free is refused before anything
 *                changes.
 *
 * That is 0.75 bytes a frame, one info frame per ~21 MB.  Blocks are
 * aligned to absolute frame numbers (the maps start at base_frame_no
 * rounded down to a 4 MB block), so the buddy of the block at frame f of
 * order k is simply f ^ 2^k.  Free counts are derived from free_blocks[],
 * never kept twice.
 *
 * How frames=buddy gets the process memory (buddy_pool_init_from_cont_pool):
 * boot sets process_mem_pool up exactly as in MP4, holes and unreported
 * ranges included, then the buddy pool is built over the same range and
 * the contiguous pool lends it every free run, which stays allocated in
 * process_mem_pool for good.  Every frame has one owner, the buddy pool
 * inherits every inaccessible range without a second copy of the boot
 * logic, and code that still takes frames straight from process_mem_pool
 * finds it empty instead of silently sharing frames with paging.
 */
#include "buddy_pool.h"

#include "cont_frame_pool.h"
#include "frame_source.h"
#include "mmu.h"
#include "utils.h"

#define ULONG_BITS           (sizeof(unsigned long) * 8)
#define FRAMES_PER_MAP_BYTE  2ul /* order_map: a nibble a frame */
#define NIBBLE_BITS          4u
#define NIBBLE_MASK          0xFu
#define MAP_NONE             0x0u /* not the head of an allocated block */
#define MAP_HEAD(order)      ((unsigned)(order) + 1u)
#define MAP_INACCESSIBLE     0xFu
#define MAP_ALL_INACCESSIBLE 0xFF /* a byte of two inaccessible frames */

_Static_assert(MAP_HEAD(BUDDY_MAX_ORDER) < MAP_INACCESSIBLE, "every order fits in a nibble");

struct buddy_pool process_buddy_pool;

static inline unsigned long block_size(unsigned order) { return 1ul << order; }

/* The smallest order whose blocks hold n frames (n <= BUDDY_MAX_FRAMES). */
static inline unsigned order_for(unsigned long n)
{
    return n <= 1 ? 0 : (unsigned)(ULONG_BITS - (unsigned long)__builtin_clzl(n - 1));
}

/* Frame f's index in the maps. */
static inline unsigned long rel(const struct buddy_pool *p, unsigned long f)
{
    return f - p->span_base;
}

static inline int in_pool(const struct buddy_pool *p, unsigned long f)
{
    return f >= p->base_frame_no && f - p->base_frame_no < p->n_frames;
}

static inline unsigned map_get(const struct buddy_pool *p, unsigned long f)
{
    unsigned long i = rel(p, f);
    return (p->order_map[i / FRAMES_PER_MAP_BYTE] >> ((i % FRAMES_PER_MAP_BYTE) * NIBBLE_BITS)) &
           NIBBLE_MASK;
}

static inline void map_set(struct buddy_pool *p, unsigned long f, unsigned v)
{
    unsigned long i = rel(p, f);
    unsigned shift = (unsigned)(i % FRAMES_PER_MAP_BYTE) * NIBBLE_BITS;
    uint8_t *byte = &p->order_map[i / FRAMES_PER_MAP_BYTE];
    *byte = (uint8_t)((*byte & ~(NIBBLE_MASK << shift)) | (v << shift));
}

/* Set the order-map entry of every frame in [first, end) to v. */
static void fill_map(struct buddy_pool *p, unsigned long first, unsigned long end, unsigned v)
{
    for (unsigned long f = first; f < end; f++)
        map_set(p, f, v);
}

/* Is the block of `order` at frame f (aligned) a free block? */
static inline int is_free_block(const struct buddy_pool *p, unsigned long f, unsigned order)
{
    return bitmap_test(&p->free_map[order], rel(p, f) >> order);
}

static inline void push_block(struct buddy_pool *p, unsigned long f, unsigned order)
{
    unsigned long b = rel(p, f) >> order;
    bitmap_set(&p->free_map[order], b);
    p->free_blocks[order]++;
    p->hint[order] = MIN(p->hint[order], b);
}

static void pop_block(struct buddy_pool *p, unsigned long f, unsigned order)
{
    bitmap_clear(&p->free_map[order], rel(p, f) >> order);
    p->free_blocks[order]--;
}

/* The first frame of the lowest free block of `order`, which must have
 * one; moves hint[order] up to it. */
static unsigned long lowest_free_block(struct buddy_pool *p, unsigned order)
{
    const struct bitmap *map = &p->free_map[order];
    unsigned long b = bitmap_find_set(map, p->hint[order]);
    if (b < bitmap_size(map)) {
        p->hint[order] = b;
        return p->span_base + (b << order);
    }
    panic("buddy_pool_alloc_pages: %s counts %lu free blocks of order %u but has none", p->name,
          p->free_blocks[order], order);
}

/* Add the free frames [first, end) as the largest aligned blocks that
 * fit.  The caller makes sure no block made here has a free buddy. */
static void add_range(struct buddy_pool *p, unsigned long first, unsigned long end)
{
    while (first < end) {
        unsigned order = BUDDY_MAX_ORDER;
        while ((rel(p, first) & (block_size(order) - 1)) || first + block_size(order) > end)
            order--;
        push_block(p, first, order);
        first += block_size(order);
    }
}

/* The free block that holds frame f: its first frame, with its order in
 * *order; 0 when f is in no free block (no block starts at frame 0,
 * since base_frame_no > 0). */
static unsigned long free_block_holding(const struct buddy_pool *p, unsigned long f,
                                        unsigned *order)
{
    for (unsigned k = 0; k < BUDDY_ORDERS; k++) {
        unsigned long start = f & ~(block_size(k) - 1);
        if (is_free_block(p, start, k)) {
            *order = k;
            return start;
        }
    }
    return 0;
}

/* ---- set-up ----------------------------------------------------------- */

static unsigned long span_base_of(unsigned long base) { return base & ~(BUDDY_MAX_FRAMES - 1); }

static unsigned long span_frames_of(unsigned long base, unsigned long n)
{
    unsigned long end = (base + n + BUDDY_MAX_FRAMES - 1) & ~(BUDDY_MAX_FRAMES - 1);
    return end - span_base_of(base);
}

/* Bytes of maps for a span of `span` frames (a multiple of a largest
 * block, so the order map ends on a word boundary). */
static unsigned long info_bytes(unsigned long span)
{
    unsigned long bytes = span / FRAMES_PER_MAP_BYTE;
    for (unsigned k = 0; k < BUDDY_ORDERS; k++)
        bytes += BITMAP_WORDS(span >> k) * sizeof(bitmap_word_t);
    return bytes;
}

unsigned long buddy_pool_needed_info_frames(unsigned long base_frame_no, unsigned long n_frames)
{
    return PAGES_FOR(info_bytes(span_frames_of(base_frame_no, n_frames)));
}

static void check_init(unsigned long base, unsigned long n, unsigned long info_frame_no,
                       unsigned long info)
{
    unsigned long first_info = info_frame_no ? info_frame_no : base;
    if (n == 0 || base == 0 || base > PHYS_LIMIT_FRAMES || n > PHYS_LIMIT_FRAMES - base)
        panic("buddy_pool_init: frames 0x%lx+%lu: empty, at frame 0, or past 4 GB", base, n);
    if (info_frame_no == 0 && info >= n)
        panic("buddy_pool_init: %lu frames is too small a pool", n);
    if (!frame_is_direct_mapped(first_info + info - 1))
        panic("buddy_pool_init: info frames 0x%lx+%lu are not direct-mapped", first_info, info);
}

/* Point the maps into the info frames and clear them: every frame
 * inaccessible, no block free. */
static void lay_out_maps(struct buddy_pool *p, unsigned long first_info)
{
    bitmap_word_t *words;
    p->order_map = direct_map_ptr(first_info);
    memset(p->order_map, MAP_ALL_INACCESSIBLE, p->span_frames / FRAMES_PER_MAP_BYTE);
    words = (bitmap_word_t *)(void *)(p->order_map + p->span_frames / FRAMES_PER_MAP_BYTE);
    for (unsigned k = 0; k < BUDDY_ORDERS; k++) {
        bitmap_init(&p->free_map[k], words, p->span_frames >> k);
        words += bitmap_word_count(&p->free_map[k]);
        p->free_blocks[k] = 0;
        p->hint[k] = 0;
    }
}

void buddy_pool_init(struct buddy_pool *pool, unsigned long base_frame_no, unsigned long n_frames,
                     unsigned long info_frame_no)
{
    unsigned long info = buddy_pool_needed_info_frames(base_frame_no, n_frames);
    unsigned long first_usable = base_frame_no + (info_frame_no ? 0 : info);
    check_init(base_frame_no, n_frames, info_frame_no, info);
    pool->base_frame_no = base_frame_no;
    pool->n_frames = n_frames;
    pool->span_base = span_base_of(base_frame_no);
    pool->span_frames = span_frames_of(base_frame_no, n_frames);
    pool->info_frame_no = info_frame_no ? info_frame_no : base_frame_no;
    pool->n_info_frames = info;
    pool->name = pool->name ? pool->name : "buddy pool";
    lay_out_maps(pool, pool->info_frame_no);
    fill_map(pool, first_usable, base_frame_no + n_frames, MAP_NONE);
    add_range(pool, first_usable, base_frame_no + n_frames);
}

/* ---- allocating and freeing ------------------------------------------- */

unsigned long buddy_pool_alloc_pages(struct buddy_pool *pool, unsigned long n_frames)
{
    unsigned order, k;
    unsigned long f;
    if (n_frames == 0 || n_frames > BUDDY_MAX_FRAMES)
        return 0;
    order = order_for(n_frames);
    for (k = order; k < BUDDY_ORDERS && pool->free_blocks[k] == 0; k++)
        ;
    if (k == BUDDY_ORDERS)
        return 0;
    f = lowest_free_block(pool, k);
    pop_block(pool, f, k);
    while (k > order) { /* keep the lower half, free the upper one */
        k--;
        push_block(pool, f + block_size(k), k);
    }
    map_set(pool, f, MAP_HEAD(order));
    return f;
}

/* E_OK when free_pages(f, n) may go ahead, else its error code. */
static int check_free(const struct buddy_pool *p, unsigned long f, unsigned long n)
{
    unsigned v;
    if (!in_pool(p, f))
        return E_NOPOOL;
    if (n == 0)
        return E_INVAL;
    if (n > BUDDY_MAX_FRAMES)
        return E_WRONG_SIZE;
    v = map_get(p, f);
    if (v != MAP_NONE && v != MAP_INACCESSIBLE)
        return v == MAP_HEAD(order_for(n)) ? E_OK : E_WRONG_SIZE;
    return (rel(p, f) & (block_size(order_for(n)) - 1)) ? E_MISALIGNED : E_NOT_ALLOCATED;
}

int buddy_pool_free_pages(struct buddy_pool *pool, unsigned long frame_no, unsigned long n_frames)
{
    int rc = check_free(pool, frame_no, n_frames);
    unsigned order;
    if (rc < 0)
        return rc;
    order = order_for(n_frames);
    map_set(pool, frame_no, MAP_NONE);
    while (order < BUDDY_MAX_ORDER) {
        unsigned long buddy = frame_no ^ block_size(order);
        if (!is_free_block(pool, buddy, order))
            break;
        pop_block(pool, buddy, order);
        frame_no = MIN(frame_no, buddy);
        order++;
    }
    push_block(pool, frame_no, order);
    return E_OK;
}

/* ---- inaccessible ranges ---------------------------------------------- */

/* Does [first, end) hold a frame that is neither free nor inaccessible? */
static int range_has_allocated(const struct buddy_pool *p, unsigned long first, unsigned long end)
{
    for (unsigned long f = first; f < end;) {
        unsigned order;
        unsigned long start;
        if (map_get(p, f) == MAP_INACCESSIBLE) {
            f++;
            continue;
        }
        start = free_block_holding(p, f, &order);
        if (!start)
            return 1;
        f = start + block_size(order);
    }
    return 0;
}

int buddy_pool_mark_inaccessible(struct buddy_pool *pool, unsigned long base_frame_no,
                                 unsigned long n_frames)
{
    unsigned long end = base_frame_no + n_frames;
    if (n_frames == 0)
        return E_INVAL;
    if (!in_pool(pool, base_frame_no) ||
        n_frames > pool->n_frames - (base_frame_no - pool->base_frame_no))
        return E_RANGE;
    if (range_has_allocated(pool, base_frame_no, end))
        return E_BUSY;
    for (unsigned long f = base_frame_no; f < end;) {
        unsigned order;
        unsigned long start = free_block_holding(pool, f, &order), stop;
        if (!start) { /* already inaccessible */
            f++;
            continue;
        }
        stop = start + block_size(order);
        pop_block(pool, start, order); /* and give back the parts outside the range */
        add_range(pool, start, MAX(start, base_frame_no));
        add_range(pool, end, stop);
        f = MIN(stop, end);
    }
    fill_map(pool, base_frame_no, end, MAP_INACCESSIBLE);
    return E_OK;
}

/* ---- queries ---------------------------------------------------------- */

/* Frames in free blocks of the orders below `limit`. */
static unsigned long free_frames_below(const struct buddy_pool *p, unsigned limit)
{
    unsigned long total = 0;
    for (unsigned k = 0; k < limit; k++)
        total += p->free_blocks[k] << k;
    return total;
}

unsigned long buddy_pool_free_count(const struct buddy_pool *pool)
{
    return free_frames_below(pool, BUDDY_ORDERS);
}

enum buddy_frame_state buddy_pool_state(const struct buddy_pool *pool, unsigned long frame_no)
{
    unsigned order;
    if (!in_pool(pool, frame_no))
        panic("buddy_pool_state: frame 0x%lx is not in pool %s", frame_no, pool->name);
    if (map_get(pool, frame_no) == MAP_INACCESSIBLE)
        return BUDDY_FRAME_INACCESSIBLE;
    return free_block_holding(pool, frame_no, &order) ? BUDDY_FRAME_FREE : BUDDY_FRAME_ALLOCATED;
}

unsigned long buddy_pool_free_blocks(const struct buddy_pool *pool, unsigned order)
{
    return order < BUDDY_ORDERS ? pool->free_blocks[order] : 0;
}

unsigned long buddy_pool_largest_free_block(const struct buddy_pool *pool)
{
    for (unsigned k = BUDDY_ORDERS; k-- > 0;)
        if (pool->free_blocks[k])
            return block_size(k);
    return 0;
}

unsigned long buddy_pool_unusable_free_frames(const struct buddy_pool *pool, unsigned long n_frames)
{
    return free_frames_below(pool,
                             n_frames > BUDDY_MAX_FRAMES ? BUDDY_ORDERS : order_for(n_frames));
}

/* ---- taking over a contiguous pool ------------------------------------ */

/* Where the run of frames from f on that are free (want_free) or not
 * free in `from` ends. */
static unsigned long cont_run_end(const struct cont_frame_pool *from, unsigned long f,
                                  int want_free)
{
    unsigned long end = from->base_frame_no + from->n_frames;
    while (f < end && (cont_frame_pool_state(from, f) == FRAME_FREE) == want_free)
        f++;
    return f;
}

void buddy_pool_init_from_cont_pool(struct buddy_pool *pool, struct cont_frame_pool *from,
                                    unsigned long info_frame_no)
{
    unsigned long end = from->base_frame_no + from->n_frames;
    if (info_frame_no == 0)
        panic("buddy_pool_init_from_cont_pool: the maps need frames of their own");
    buddy_pool_init(pool, from->base_frame_no, from->n_frames, info_frame_no);
    for (unsigned long f = from->base_frame_no; f < end;) {
        unsigned long busy_end = cont_run_end(from, f, 0);
        if (busy_end > f && buddy_pool_mark_inaccessible(pool, f, busy_end - f) < 0)
            panic("buddy_pool_init_from_cont_pool: cannot mark 0x%lx-0x%lx", f, busy_end);
        f = cont_run_end(from, busy_end, 1);
        /* Every frame below busy_end is taken, so first fit finds this run. */
        if (f > busy_end && cont_frame_pool_get_frames(from, f - busy_end) != busy_end)
            panic("buddy_pool_init_from_cont_pool: %s did not lend 0x%lx-0x%lx", from->name,
                  busy_end, f);
    }
}

/* ---- as a frame source (frame_source.h) --------------------------------- */
/* Three one-line callbacks that ask the pool for exactly one frame: all
 * paging sees of it. */

static unsigned long source_get(void *impl) { return buddy_pool_alloc_pages(impl, 1); }

static int source_put(void *impl, unsigned long frame_no)
{
    return buddy_pool_free_pages(impl, frame_no, 1);
}

static unsigned long source_free_count(const void *impl) { return buddy_pool_free_count(impl); }

void frame_source_from_buddy_pool(struct frame_source *src, struct buddy_pool *pool)
{
    src->name = pool->name;
    src->get = source_get;
    src->put = source_put;
    src->free_count = source_free_count;
    src->impl = pool;
}
